import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { demoPassword } from '../demo/demo-province.ts';
import { hashToken } from './sessions.ts';
import { currentCode } from './totp.ts';

// Staff sign-in over real HTTP. POST /dang-nhap allows 20 attempts a minute per address and
// process, so each test that signs in often runs its own instance of the app on the one database.
const first = await startTestApp({ demo: true });
const { pool } = first;
const fresh = async () => (await startTestApp({ pool })).url;

const invalid = 'Tên đăng nhập hoặc mật khẩu không đúng.';
const expired = 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại.';

async function signIn(c: Client, username: string, password: string, tiep?: string) {
  await c.page('/dang-nhap');
  return c.post('/dang-nhap', { username, password, ...(tiep === undefined ? {} : { tiep }) });
}

const staffRow = async (username: string) =>
  (
    await pool.query<{ id: number; failed_attempts: number; locked_until: Date | null; totp_secret: string | null }>(
      'SELECT id, failed_attempts, locked_until, totp_secret FROM staff WHERE username = $1',
      [username],
    )
  ).rows[0]!;
const auditCount = async (action: string, subjectId: number) =>
  Number(
    (await pool.query('SELECT count(*) AS n FROM audit_log WHERE action = $1 AND subject_id = $2', [action, String(subjectId)])).rows[0].n,
  );

test('a wrong password and an unknown user get the same generic Vietnamese 401 page', async () => {
  const c = new Client(await fresh());
  const wrong = await signIn(c, 'motcua.ttphc', 'SaiMatKhau123');
  assert.equal(wrong.status, 401);
  assert.ok(wrong.html.includes(invalid));
  assert.ok(wrong.html.includes('value="motcua.ttphc"'), 'the username is kept in the form');
  const unknown = await signIn(c, 'khong.ai.ca', 'SaiMatKhau123');
  assert.equal(unknown.status, 401);
  assert.ok(unknown.html.includes(invalid));
  assert.doesNotMatch(unknown.html, /không tồn tại|không có người dùng/i, 'nothing tells which usernames exist');
  assert.equal(c.cookies.get('mc_session'), undefined, 'no session after a failure');
});

test('five wrong passwords lock the account in the database, even against the right password', async () => {
  const c = new Client(await fresh());
  for (let i = 1; i <= 4; i++) assert.equal((await signIn(c, 'motcua.dongthanh', `Sai${i}matkhau99`)).status, 401, `attempt ${i}`);
  const fifth = await signIn(c, 'motcua.dongthanh', 'Sai5matkhau99');
  assert.equal(fifth.status, 423);
  assert.match(fifth.html, /tạm khóa/);
  const right = await signIn(c, 'motcua.dongthanh', demoPassword);
  assert.equal(right.status, 423, 'the right password does not open a locked account');
  assert.match(right.html, /tạm khóa/);
  assert.equal(c.cookies.get('mc_session'), undefined);

  const other = new Client(await fresh()); // another process on the same database
  const there = await signIn(other, 'motcua.dongthanh', demoPassword);
  assert.equal(there.status, 423);
  assert.equal(other.cookies.get('mc_session'), undefined);

  const row = await staffRow('motcua.dongthanh');
  assert.ok(row.locked_until && row.locked_until > new Date(Date.now() + 14 * 60_000), 'locked for about 15 minutes');
  assert.equal(await auditCount('sign_in_failed', row.id), 5);
  assert.equal(await auditCount('account_locked', row.id), 1);
  assert.ok((await auditCount('sign_in_refused', row.id)) >= 2, 'refused attempts on the locked account are audited');
});

test('forms without the right CSRF token are refused with a Vietnamese 403', async () => {
  const c = new Client(await fresh());
  await c.page('/dang-nhap');
  for (const token of [null, 'khong-dung']) {
    const res = await c.post('/dang-nhap', { username: 'chuyenvien.stp', password: demoPassword }, token);
    assert.equal(res.status, 403, `token ${token}`);
    assert.ok(res.html.includes(expired));
    assert.equal(c.cookies.get('mc_session'), undefined, 'not signed in');
  }

  // A staff form posted with another session's token (what a forged cross-site form would carry).
  const admin = await staffClient(first.url, first.deps, 'quantri.stp');
  const other = await staffClient(first.url, first.deps, 'quantri.stp');
  await other.page('/quan-tri/co-quan/moi');
  await admin.page('/quan-tri/co-quan/moi');
  const stp = (await pool.query("SELECT id FROM agencies WHERE code = '000.00.11.H99'")).rows[0].id;
  const form = { name: 'Phòng Giả mạo', kind: 'unit', parentId: String(stp), code: '', validFrom: '2025-07-01' };
  const forged = await admin.post('/quan-tri/co-quan/moi', form, other.csrf());
  assert.equal(forged.status, 403);
  assert.ok(forged.html.includes(expired));
  assert.equal((await pool.query("SELECT count(*)::int AS n FROM agencies WHERE name = 'Phòng Giả mạo'")).rows[0].n, 0);

  // The JSON API: with the session cookie a token is required; without any cookie the caller is simply not signed in.
  const api = (headers: Record<string, string>) =>
    fetch(`${first.url}/api/agencies/import`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '[]' });
  const noToken = await api({ cookie: `mc_session=${admin.cookies.get('mc_session')}` });
  assert.equal(noToken.status, 403);
  assert.equal(((await noToken.json()) as { error: { message: string } }).error.message, expired);
  const anonymous = await api({});
  assert.equal(anonymous.status, 401);
  assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthenticated');
});

test('after sign-in the browser only ever goes to a local path', async () => {
  const base = await fresh();
  for (const tiep of [
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    '/%5C%5Cevil',
    '/\t/evil.example',
  ]) {
    const form = await new Client(base).page(`/dang-nhap?tiep=${encodeURIComponent(tiep)}`);
    const hidden = /name="tiep" value="([^"]*)"/.exec(form.html)?.[1] ?? '';
    for (const next of [tiep, hidden]) {
      const c = new Client(base);
      const res = await signIn(c, 'vanthu.stp', demoPassword, next);
      assert.equal(res.status, 303, tiep);
      const location = res.location ?? '';
      assert.match(location, /^\/(?![/\\])/, `${JSON.stringify(tiep)} led to ${location}`);
      assert.equal(new URL(location, base).origin, base);
    }
  }
  const c = new Client(base);
  const ok = await signIn(c, 'vanthu.stp', demoPassword, '/tai-khoan?x=1');
  assert.equal(ok.location, '/tai-khoan?x=1', 'a local path is kept');
});

test('a session cookie planted before sign-in is replaced; the new one is HttpOnly and SameSite=Lax', async () => {
  const base = await fresh();
  const attackerId = (await staffRow('truongphong.stp')).id;
  // A made-up value, and the attacker's own real session stopped before its second factor.
  const pending = await first.deps.sessions.start({ kind: 'staff', staffId: attackerId, secondFactorDone: false, ip: '127.0.0.1' });
  for (const planted of ['attacker-chosen-value-0123456789', pending]) {
    const victim = new Client(base);
    victim.cookies.set('mc_session', planted);
    await victim.page('/dang-nhap?tiep=/tai-khoan');
    const res = await fetch(`${base}/dang-nhap`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...victim.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ username: 'chuyenvien.stp', password: demoPassword, tiep: '/tai-khoan', _csrf: victim.csrf() }),
    });
    assert.equal(res.status, 303);
    const line = res.headers.getSetCookie().find((l) => l.startsWith('mc_session='));
    assert.ok(line, 'a session cookie is set');
    const token = /^mc_session=([^;]+)/.exec(line)![1]!;
    assert.notEqual(token, planted);
    assert.match(line, /;\s*HttpOnly/i);
    assert.match(line, /;\s*SameSite=Lax/i);
    const signedIn = new Client(base);
    signedIn.cookies.set('mc_session', token);
    assert.equal(
      (await signedIn.page('/tai-khoan')).location,
      '/tai-khoan/doi-mat-khau?tiep=%2Ftai-khoan',
      'the victim is signed in (and must change the password)',
    );
    const attacker = new Client(base);
    attacker.cookies.set('mc_session', planted);
    assert.ok((await attacker.page('/tai-khoan')).location?.startsWith('/dang-nhap?'), 'the planted cookie leads to no session');
  }
  const { rows } = await pool.query('SELECT revoked_at FROM sessions WHERE token_hash = $1', [hashToken(pending)]);
  assert.ok(rows[0].revoked_at, 'the planted pending session was ended by the sign-in');
});

test('province admin: enrol an authenticator, then a code at every sign-in, each code once', async () => {
  const base = await fresh();
  const c = new Client(base);
  const user = 'quantri.tinh';
  const pw = await signIn(c, user, demoPassword);
  assert.equal(pw.status, 303);
  assert.equal(pw.location, '/dang-nhap/thiet-lap');
  assert.ok((await c.page('/quan-tri/co-quan')).location?.startsWith('/dang-nhap/xac-thuc'), 'not signed in before the second factor');

  const enrol = await c.page('/dang-nhap/thiet-lap');
  assert.equal(enrol.status, 200);
  assert.match(enrol.html, /<img class="qr" src="data:image\/svg\+xml;base64,/);
  const secret = /<code class="secret">([^<]+)<\/code>/.exec(enrol.html)![1]!.replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const wrong = await c.post('/dang-nhap/thiet-lap', { code: wrongCode(secret, user) });
  assert.equal(wrong.status, 400);
  assert.ok(
    wrong.html.includes(`<code class="secret">${secret.replace(/(.{4})/g, '$1 ').trim()}</code>`),
    'the same secret after a wrong code',
  );
  assert.equal((await staffRow(user)).totp_secret, null, 'not enrolled by a wrong code');
  const enrolCode = currentCode(secret, user);
  const done = await c.post('/dang-nhap/thiet-lap', { code: enrolCode });
  assert.equal(done.location, '/quan-tri');
  assert.equal((await staffRow(user)).totp_secret, secret);
  const detour = (await c.page('/quan-tri')).location!;
  assert.equal(detour, '/tai-khoan/doi-mat-khau?tiep=%2Fquan-tri', 'then the temporary password must go');
  assert.match((await c.page(detour)).html, /<form method="post" action="\/tai-khoan\/doi-mat-khau\?tiep=%2Fquan-tri"/);
  const newPassword = 'An Hòa 2026 quản trị';
  const changed = await c.post(detour, { current: demoPassword, next: newPassword, repeat: newPassword });
  assert.equal(changed.location, '/quan-tri', 'and then the page that was asked for');
  // A page out of the site is never where a detour ends.
  assert.match((await c.page('/tai-khoan/doi-mat-khau?tiep=https%3A%2F%2Fevil.example')).html, /action="\/tai-khoan\/doi-mat-khau"/);
  assert.match((await c.page('/tai-khoan/doi-mat-khau?tiep=%2F%2Fevil.example')).html, /action="\/tai-khoan\/doi-mat-khau"/);
  await c.page('/tai-khoan');
  assert.equal((await c.post('/dang-xuat', {})).location, '/');
  assert.ok((await c.page('/tai-khoan')).location?.startsWith('/dang-nhap'), 'signed out');

  const again = await signIn(c, user, newPassword);
  assert.equal(again.location, '/dang-nhap/xac-thuc?tiep=%2Fquan-tri');
  assert.match((await c.page('/dang-nhap/xac-thuc')).html, /Nhập mã xác thực/);
  const replay = await c.post('/dang-nhap/xac-thuc', { code: enrolCode });
  assert.equal(replay.status, 401, 'a code already used is refused');
  assert.match(replay.html, /Mã xác thực không đúng hoặc đã được dùng/);
  const ok = await c.post('/dang-nhap/xac-thuc', { code: currentCode(secret, user, Date.now() + 30_000) });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/quan-tri');
  assert.equal((await c.page('/quan-tri/co-quan')).status, 200, 'signed in');
  const { id } = await staffRow(user);
  assert.equal(await auditCount('second_factor_enrolled', id), 1);
  assert.equal(await auditCount('second_factor_failed', id), 1);

  // Wrong codes count towards the same lock-out as wrong passwords.
  await c.page('/tai-khoan');
  await c.post('/dang-xuat', {});
  await signIn(c, user, newPassword);
  await c.page('/dang-nhap/xac-thuc');
  for (let i = 1; i <= 4; i++) assert.equal((await c.post('/dang-nhap/xac-thuc', { code: wrongCode(secret, user) })).status, 401);
  const fifth = await c.post('/dang-nhap/xac-thuc', { code: wrongCode(secret, user) });
  assert.equal(fifth.status, 401);
  assert.match(fifth.html, /tạm khóa/);
  assert.ok((await staffRow(user)).locked_until! > new Date());
  assert.equal((await signIn(new Client(await fresh()), user, newPassword)).status, 423, 'the password no longer opens the account');
});

test('signing in with the password again does not reset the count of wrong codes', async () => {
  const user = 'thanhtra';
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await pool.query('UPDATE staff SET totp_secret = $2, must_change_password = false WHERE username = $1', [user, secret]);
  const c = new Client(await fresh());
  for (let round = 0; round < 3; round++) {
    assert.equal((await signIn(c, user, demoPassword)).status, 303, `round ${round}`);
    await c.page('/dang-nhap/xac-thuc');
    for (let i = 0; i < 2; i++) await c.post('/dang-nhap/xac-thuc', { code: wrongCode(secret, user) });
  }
  const row = await staffRow(user);
  assert.ok(row.locked_until && row.locked_until > new Date(), `locked after 6 wrong codes (failed_attempts ${row.failed_attempts})`);
  assert.equal((await signIn(c, user, demoPassword)).status, 423);
});

/** A well-formed code that is not valid now (nor one step either side). */
function wrongCode(secret: string, user: string): string {
  const valid = [-30_000, 0, 30_000].map((d) => currentCode(secret, user, Date.now() + d));
  return ['000000', '111111', '222222', '333333'].find((x) => !valid.includes(x))!;
}
