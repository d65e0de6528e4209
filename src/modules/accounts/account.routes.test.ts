import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { demoPassword } from '../demo/demo-province.ts';
import { verifyPassword } from './password.ts';
import { hashToken } from './sessions.ts';

// One's own account: the temporary password, session limits, signing out everywhere.
const first = await startTestApp({ demo: true });
const { pool, deps } = first;
/** Another process on the same database: nothing cached, it sees only what the database says. */
const fresh = async () => (await startTestApp({ pool })).url;

async function signIn(c: Client, username: string, password: string) {
  await c.page('/dang-nhap');
  return c.post('/dang-nhap', { username, password });
}

const tokenOf = (c: Client) => hashToken(c.cookies.get('mc_session')!);
/** The same browser cookie, sent to another process. */
function sameCookieOn(base: string, c: Client): Client {
  const copy = new Client(base);
  copy.cookies.set('mc_session', c.cookies.get('mc_session')!);
  return copy;
}
const isSignInRedirect = (location: string | null) => location !== null && location.startsWith('/dang-nhap?tiep=');

test('a temporary password must be changed before anything else; the change ends the other sessions', async () => {
  const user = 'motcua.ttphc';
  const phone = new Client(first.url); // signed in earlier, elsewhere
  assert.equal((await signIn(phone, user, demoPassword)).status, 303);
  const c = new Client(first.url);
  const signedIn = await signIn(c, user, demoPassword);
  assert.equal(signedIn.status, 303);
  for (const path of [signedIn.location!, '/tai-khoan', '/quan-tri', '/quan-tri/co-quan', '/quan-tri/uy-quyen']) {
    assert.equal((await c.page(path)).location, `/tai-khoan/doi-mat-khau?tiep=${encodeURIComponent(path)}`, path);
  }
  const form = await c.page('/tai-khoan/doi-mat-khau');
  assert.equal(form.status, 200);
  assert.match(form.html, /Bạn đang dùng mật khẩu tạm thời/);

  const refused: Array<[Record<string, string>, string]> = [
    [{ current: demoPassword, next: 'ngan1', repeat: 'ngan1' }, 'Mật khẩu phải có ít nhất 10 ký tự.'],
    [{ current: demoPassword, next: 'chikhongcoso', repeat: 'chikhongcoso' }, 'Mật khẩu phải có cả chữ và số.'],
    [{ current: demoPassword, next: 'motcua.ttphc2026', repeat: 'motcua.ttphc2026' }, 'Mật khẩu không được chứa tên đăng nhập.'],
    [{ current: demoPassword, next: demoPassword, repeat: demoPassword }, 'Mật khẩu mới phải khác mật khẩu hiện tại.'],
    [{ current: demoPassword, next: 'Hoa sen 2026 nở', repeat: 'Hoa sen 2026 no' }, 'Hai lần nhập mật khẩu mới không khớp.'],
    [{ current: 'KhongPhai2026', next: 'Hoa sen 2026 nở', repeat: 'Hoa sen 2026 nở' }, 'Mật khẩu hiện tại không đúng.'],
  ];
  for (const [fields, message] of refused) {
    const res = await c.post('/tai-khoan/doi-mat-khau', fields);
    assert.equal(res.status, 400, message);
    assert.ok(res.html.includes(message), message);
    // Each message is read with its field (aria-describedby), prefixed "Lỗi:" for screen readers.
    const [field] = /id="(current|next|repeat)-error"/.exec(res.html)?.slice(1) ?? [];
    assert.ok(field, message);
    assert.match(res.html, new RegExp(`<input type="password" id="${field}"[^>]*aria-describedby="${field}-error"`), message);
  }
  const before = (await pool.query('SELECT password_hash, must_change_password FROM staff WHERE username = $1', [user])).rows[0];
  assert.equal(before.must_change_password, true, 'nothing changed by refused attempts');
  assert.ok(await verifyPassword(before.password_hash, demoPassword));

  assert.equal(
    (await phone.page('/tai-khoan')).location,
    '/tai-khoan/doi-mat-khau?tiep=%2Ftai-khoan',
    'the other session is alive before the change',
  );
  const done = await c.post('/tai-khoan/doi-mat-khau', { current: demoPassword, next: 'Hoa sen 2026 nở', repeat: 'Hoa sen 2026 nở' });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/tai-khoan?da_doi=1');
  const account = await c.page('/tai-khoan?da_doi=1');
  assert.equal(account.status, 200, 'the account is open now');
  assert.match(account.html, /Đã đổi mật khẩu\. Các phiên đăng nhập khác của bạn đã kết thúc\./);
  assert.ok(isSignInRedirect((await phone.page('/tai-khoan')).location), 'the other session has ended');
  assert.ok(isSignInRedirect((await sameCookieOn(await fresh(), phone).page('/tai-khoan')).location), 'in every process');

  const after = (await pool.query('SELECT id, must_change_password FROM staff WHERE username = $1', [user])).rows[0];
  assert.equal(after.must_change_password, false);
  const audit = await pool.query("SELECT detail FROM audit_log WHERE action = 'password_changed' AND subject_id = $1", [String(after.id)]);
  assert.deepEqual(
    audit.rows.map((r) => r.detail),
    [{ sessionsEnded: 1 }],
  );
  assert.equal((await signIn(new Client(first.url), user, demoPassword)).status, 401, 'the old password no longer works');
  const again = new Client(first.url);
  assert.equal((await signIn(again, user, 'Hoa sen 2026 nở')).status, 303);
  assert.equal((await again.page('/tai-khoan')).status, 200);
});

test('a session idle for more than 30 minutes ends; 29 minutes is still fine', async () => {
  const c = await staffClient(first.url, deps, 'chuyenvien.stp');
  assert.equal((await c.page('/tai-khoan')).status, 200);
  await pool.query("UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE token_hash = $1", [tokenOf(c)]);
  assert.equal((await sameCookieOn(await fresh(), c).page('/tai-khoan')).status, 200, 'not idle long enough');
  await pool.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1", [tokenOf(c)]);
  const idle = await sameCookieOn(await fresh(), c).page('/tai-khoan');
  assert.equal(idle.status, 303);
  assert.equal(idle.location, '/dang-nhap?tiep=%2Ftai-khoan');
  // Using the session does not bring it back.
  assert.ok(isSignInRedirect((await sameCookieOn(await fresh(), c).page('/tai-khoan')).location));
});

test('a session ends at its absolute limit however active it is', async () => {
  const c = await staffClient(first.url, deps, 'truongphong.stp');
  assert.equal((await c.page('/tai-khoan')).status, 200);
  const { rows } = await pool.query('SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM sessions WHERE token_hash = $1', [
    tokenOf(c),
  ]);
  assert.equal(rows[0].s, 12 * 3600, 'twelve hours at most');
  await pool.query("UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE token_hash = $1", [
    tokenOf(c),
  ]);
  const res = await sameCookieOn(await fresh(), c).page('/tai-khoan');
  assert.ok(isSignInRedirect(res.location), `got ${res.status} ${res.location}`);
});

test('"sign out everywhere" ends every session of the person, in every process', async () => {
  const second = await startTestApp({ pool });
  const here = await staffClient(first.url, deps, 'giamdoc.stp');
  const there = await staffClient(second.url, deps, 'giamdoc.stp');
  const bystander = await staffClient(second.url, deps, 'vanthu.stp');
  assert.equal((await there.page('/tai-khoan')).status, 200, 'the other process knows the session');
  assert.equal((await bystander.page('/tai-khoan')).status, 200);

  await here.page('/tai-khoan');
  const res = await here.post('/tai-khoan/dang-xuat-moi-noi', {});
  assert.equal(res.status, 303);
  assert.equal(res.location, '/dang-nhap');
  assert.equal(here.cookies.get('mc_session'), undefined, 'the cookie is cleared');
  const { rows } = await pool.query(
    "SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM sessions s JOIN staff p ON p.id = s.staff_id WHERE p.username = 'giamdoc.stp'",
  );
  assert.equal(rows[0].live, 0, 'no session of the person is left in the database');
  assert.ok(isSignInRedirect((await sameCookieOn(await fresh(), there).page('/tai-khoan')).location), 'a new process refuses it');
  await sleep(5_100); // the other process may answer from its cache for up to 5 seconds
  assert.ok(isSignInRedirect((await there.page('/tai-khoan')).location), 'the other process refuses it after its cache');
  assert.equal((await bystander.page('/tai-khoan')).status, 200, 'other people stay signed in');
  const audit = await pool.query("SELECT detail FROM audit_log WHERE action = 'signed_out_everywhere'");
  assert.deepEqual(
    audit.rows.map((r) => r.detail),
    [{ sessions: 2 }],
  );
});

test('signing out ends the session in the database, not only the cookie', async () => {
  const c = await staffClient(first.url, deps, 'motcua.dongthanh');
  const cookie = c.cookies.get('mc_session')!;
  await c.page('/tai-khoan');
  assert.equal((await c.post('/dang-xuat', {})).location, '/');
  const replayed = new Client(first.url);
  replayed.cookies.set('mc_session', cookie);
  assert.ok(isSignInRedirect((await replayed.page('/tai-khoan')).location));
  assert.ok(isSignInRedirect((await sameCookieOn(await fresh(), replayed).page('/tai-khoan')).location));
});
