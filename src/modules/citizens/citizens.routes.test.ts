import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, hiddenField, startAppWithProvider } from './sign-in-fixture.ts';

const { app, provider } = await startAppWithProvider();
const { url, pool } = app;
const callbackPrefix = `${url}/cong-dan/dang-nhap/xong?`;

/**
 * A person starts signing in at `start` and, when the provider asks, picks demo citizen `sub`;
 * stops where the provider sends the browser back to the app, and returns that callback URL.
 * `chose` is false when the provider still knew the person (its own session) and asked nothing.
 */
async function upToCallback(
  browser: Browser,
  sub: string,
  start = `${url}/cong-dan/dang-nhap`,
): Promise<{ callback: string; chose: boolean }> {
  let at = start;
  let res = await browser.get(at);
  const authorization = new URL(res.headers.get('location') ?? '', url);
  assert.equal(`${authorization.origin}${authorization.pathname}`, `${provider.issuer}/auth`, 'the sign-in goes to the provider');
  assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorization.searchParams.get('state') && authorization.searchParams.get('nonce'));
  let chose = false;
  for (let step = 0; step < 15; step++) {
    if (res.status === 200 && at.startsWith(`${provider.issuer}/interaction/`)) {
      assert.match(await res.text(), /Tài khoản định danh điện tử \(mô phỏng VNeID\)/);
      at = `${at}/login`;
      res = await browser.post(at, { sub });
      chose = true;
      continue;
    }
    assert.ok(res.status === 303 || res.status === 302, `unexpected ${res.status} at ${at}`);
    const next = new URL(res.headers.get('location')!, at).href;
    if (next.startsWith(callbackPrefix)) return { callback: next, chose };
    at = next;
    res = await browser.get(at);
  }
  throw new Error('the provider never sent the browser back');
}

test('a citizen signs in through the provider and sees their name and a masked ID number', async () => {
  const browser = new Browser();
  const { callback, chose } = await upToCallback(browser, 'vneid-demo-1');
  assert.ok(chose, 'a new browser picks the citizen at the provider');
  const { res, visited } = await browser.follow(callback);
  assert.equal(visited[1], `${url}/cong-dan`);
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /<h1>Trang của tôi<\/h1>/);
  assert.match(page, /Nguyễn Thị Hồng Nhung/);
  assert.match(page, /•••••••••101/);
  assert.doesNotMatch(page, /099190000101/, 'the full ID number never appears');
  assert.match(page, /Mức 2/);
  assert.match(page, /action="\/dang-xuat"/);

  const { rows } = await pool.query('SELECT subject, id_number, full_name, assurance_level FROM citizens');
  assert.deepEqual(rows, [
    {
      subject: `${provider.issuer}|vneid-demo-1`,
      id_number: '099190000101',
      full_name: 'Nguyễn Thị Hồng Nhung',
      assurance_level: 'vneid-2',
    },
  ]);
  const audit = await pool.query(
    `SELECT actor_kind, actor_name, to_jsonb(a)::text AS everything FROM audit_log a WHERE action = 'citizen_sign_in'`,
  );
  assert.equal(audit.rows.length, 1);
  assert.equal(audit.rows[0].actor_kind, 'citizen');
  assert.equal(audit.rows[0].actor_name, 'Nguyễn Thị Hồng Nhung');
  assert.doesNotMatch(audit.rows[0].everything, /099190000101/, 'the audit log never holds the ID number');

  // The same callback a second time (the same browser, its state cookie kept) is refused: a state works once.
  const stateCookie = [...browser.cookies.entries()].find(([, c]) => c.name === 'mc_oidc_state');
  assert.equal(stateCookie, undefined, 'the state cookie is cleared after use');
  const state = new URL(callback).searchParams.get('state')!;
  browser.cookies.set('mc_oidc_state /cong-dan/dang-nhap', { name: 'mc_oidc_state', value: state, path: '/cong-dan/dang-nhap' });
  const replay = await browser.get(callback);
  assert.equal(replay.status, 400);
  assert.match(await replay.text(), /Chưa đăng nhập được/);

  // A sign-in started in another browser cannot be finished in this one (nobody can sign you in as them).
  const planted = await browser.get((await upToCallback(new Browser(), 'vneid-demo-2')).callback);
  assert.equal(planted.status, 400);
  assert.equal((await pool.query('SELECT count(*)::int AS n FROM citizens')).rows[0].n, 1);

  // Sign-out with the page's CSRF token ends the session.
  const signedOut = await browser.post(`${url}/dang-xuat`, { _csrf: hiddenField(page, '_csrf') });
  assert.equal(signedOut.status, 303);
  const later = await browser.get(`${url}/cong-dan`);
  assert.equal(later.status, 303);
  assert.equal(later.headers.get('location'), '/cong-dan/dang-nhap?tiep=%2Fcong-dan');
});

test('the same citizen signing in twice is one citizen; ?tiep= leads back, but only within the site', async () => {
  const browser = new Browser();
  const first = await upToCallback(browser, 'vneid-demo-2', `${url}/cong-dan/dang-nhap?tiep=${encodeURIComponent('/thu-tuc?q=khai+sinh')}`);
  let done = await browser.follow(first.callback);
  assert.equal(done.visited[1], `${url}/thu-tuc?q=khai+sinh`);
  // The provider asks again every time (prompt=login): at a shared computer the previous citizen's
  // sign-in at the provider never carries over.
  const second = await upToCallback(browser, 'vneid-demo-2', `${url}/cong-dan/dang-nhap?tiep=${encodeURIComponent('//evil.example/')}`);
  assert.equal(second.chose, true);
  done = await browser.follow(second.callback);
  assert.equal(done.visited[1], `${url}/cong-dan`);
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM citizens WHERE id_number = '099085000202'`);
  assert.equal(rows[0].n, 1);
  const sessions = await pool.query(
    `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM sessions WHERE kind = 'citizen' AND citizen_id = (SELECT id FROM citizens WHERE id_number = '099085000202')`,
  );
  assert.equal(sessions.rows[0].live, 1, 'signing in again ends the session the browser had');
});

test('a tampered state gets a Vietnamese error page with a way to try again', async () => {
  const browser = new Browser();
  const callback = new URL((await upToCallback(browser, 'vneid-demo-3')).callback);
  const state = callback.searchParams.get('state')!;
  callback.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
  const res = await browser.get(callback.href);
  assert.equal(res.status, 400);
  const page = await res.text();
  assert.match(page, /Chưa đăng nhập được/);
  assert.match(page, /href="\/cong-dan\/dang-nhap"/);
  assert.equal((await pool.query(`SELECT count(*)::int AS n FROM citizens WHERE id_number = '099301000303'`)).rows[0].n, 0);
});

test('an ID token for another sign-in (wrong nonce) and a wrong PKCE verifier are refused', async () => {
  for (const column of ['nonce', 'code_verifier']) {
    const browser = new Browser();
    const { callback } = await upToCallback(browser, 'vneid-demo-4');
    await pool.query(`UPDATE oidc_logins SET ${column} = 'tampered-value-that-is-long-enough-for-pkce-0123456789' WHERE state = $1`, [
      new URL(callback).searchParams.get('state'),
    ]);
    const res = await browser.get(callback);
    assert.equal(res.status, 400, column);
    assert.equal(
      res.headers.getSetCookie().some((c) => c.startsWith('mc_session=')),
      false,
    );
  }
  assert.equal((await pool.query(`SELECT count(*)::int AS n FROM citizens WHERE id_number = '099078000404'`)).rows[0].n, 0);
});

test('cancelling at the provider comes back as a Vietnamese page', async () => {
  const browser = new Browser();
  const { visited } = await browser.follow(`${url}/cong-dan/dang-nhap`);
  const cancelled = await browser.post(`${visited.at(-1)}/abort`, {});
  const { res } = await browser.continue(cancelled, `${visited.at(-1)}/abort`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Bạn đã hủy đăng nhập/);
});

test('a citizen session grants no staff power', async () => {
  const browser = new Browser();
  await browser.follow((await upToCallback(browser, 'vneid-demo-1')).callback);
  for (const path of ['/quan-tri/co-quan', '/quan-tri']) {
    const res = await browser.get(`${url}${path}`);
    assert.equal(res.status, 403, path);
    assert.match(await res.text(), /Trang này dành cho cán bộ/, path);
  }
});
