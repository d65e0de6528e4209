import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../../test/helpers/client.ts';

// Lending a role (ủy quyền) over real HTTP: Ngô Thị Mai (giamdoc.stp), leader of Sở Tư pháp,
// lends her role to Vũ Thị Lan (chuyenvien.stp), a specialist in one of its units.
const { url, pool, deps } = await startTestApp({ demo: true });

const today = (await pool.query<{ d: string }>(`SELECT to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS d`)).rows[0]!.d;
const plusDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const staffId = async (username: string): Promise<number> =>
  (await pool.query('SELECT id FROM staff WHERE username = $1', [username])).rows[0].id;
const leaderId = await staffId('giamdoc.stp');
const delegateId = await staffId('chuyenvien.stp');
const lentNote = 'được Ngô Thị Mai ủy quyền';

/** The delegate's account page as a fresh process sees it (nothing cached). */
async function delegatePageElsewhere(delegate: Client): Promise<string> {
  const other = await startTestApp({ pool });
  const c = new Client(other.url);
  c.cookies.set('mc_session', delegate.cookies.get('mc_session')!);
  const page = await c.page('/tai-khoan');
  assert.equal(page.status, 200);
  return page.html;
}

async function lend(
  leader: Client,
  fields: Partial<Record<'grantIndex' | 'delegateUsername' | 'validFrom' | 'validTo' | 'reason', string>>,
) {
  await leader.page('/quan-tri/uy-quyen');
  return leader.post('/quan-tri/uy-quyen', {
    grantIndex: '0',
    delegateUsername: 'chuyenvien.stp',
    validFrom: today,
    validTo: plusDays(7),
    reason: 'Đi công tác Hà Nội',
    ...fields,
  });
}
const liveDelegations = async () =>
  (await pool.query('SELECT id, delegator_id, delegate_id, role FROM delegations WHERE revoked_at IS NULL ORDER BY id')).rows;

test('a leader lends her role for a week; the delegate sees whose it is; the audit log records it', async () => {
  const leader = await staffClient(url, deps, 'giamdoc.stp');
  const delegate = await staffClient(url, deps, 'chuyenvien.stp');
  assert.ok(!(await delegate.page('/tai-khoan')).html.includes(lentNote));
  const form = await leader.page('/quan-tri/uy-quyen');
  assert.match(form.html, /<option value="0"[^>]*>Lãnh đạo cơ quan – Sở Tư pháp tỉnh An Hòa<\/option>/);
  const res = await lend(leader, {});
  assert.equal(res.status, 303);
  assert.equal(res.location, '/quan-tri/uy-quyen?xong=tao');

  const account = await delegate.page('/tai-khoan');
  assert.match(account.html, new RegExp(`Lãnh đạo cơ quan – Sở Tư pháp tỉnh An Hòa<strong> \\(${lentNote}\\)</strong>`));
  assert.ok((await delegatePageElsewhere(delegate)).includes(lentNote), 'every process sees it');

  const [d] = await liveDelegations();
  assert.deepEqual(d, { id: d.id, delegator_id: leaderId, delegate_id: delegateId, role: 'agency_leader' });
  const audit = await pool.query("SELECT actor_id, detail FROM audit_log WHERE action = 'delegation_created' AND subject_id = $1", [
    String(d.id),
  ]);
  assert.equal(audit.rowCount, 1);
  assert.equal(audit.rows[0].actor_id, leaderId);
  assert.deepEqual(audit.rows[0].detail, {
    role: 'agency_leader',
    delegate: 'chuyenvien.stp',
    validFrom: today,
    validTo: plusDays(7),
    reason: 'Đi công tác Hà Nội',
  });
});

test('a delegate cannot lend the lent role on', async () => {
  const delegate = await staffClient(url, deps, 'chuyenvien.stp');
  assert.ok((await delegate.page('/tai-khoan')).html.includes(lentNote), 'holds the lent role');
  const page = await delegate.page('/quan-tri/uy-quyen');
  assert.equal(page.status, 200);
  assert.ok(!page.html.includes('name="grantIndex"'), 'no role offered for lending');
  const before = await liveDelegations();
  // The lent role comes after her own one: asking for it by its place among all her roles is refused.
  const res = await delegate.post('/quan-tri/uy-quyen', {
    grantIndex: '1',
    delegateUsername: 'vanthu.stp',
    validFrom: today,
    validTo: plusDays(3),
    reason: 'Cho mượn tiếp',
  });
  assert.equal(res.status, 400, 'refused');
  // Nor can the lent authority serve to lend her own role (which would outlast the week she was lent).
  await delegate.page('/tai-khoan');
  const own = await delegate.post('/quan-tri/uy-quyen', {
    grantIndex: '0',
    delegateUsername: 'vanthu.stp',
    validFrom: today,
    validTo: plusDays(300),
    reason: 'Cho mượn tiếp',
  });
  assert.equal(own.status, 403, `got ${own.status} ${own.location ?? ''}`);
  assert.deepEqual(await liveDelegations(), before);
});

test('lending to another agency, for over a year, from the past or without a reason is refused', async () => {
  const leader = await staffClient(url, deps, 'giamdoc.stp');
  const before = await liveDelegations();
  const cases: Array<[Record<string, string>, string]> = [
    [{ delegateUsername: 'motcua.ttphc' }, 'Chỉ ủy quyền cho cán bộ cùng cơ quan.'],
    [{ delegateUsername: 'quantri.tinh' }, 'Chỉ ủy quyền cho cán bộ cùng cơ quan.'],
    [{ validTo: plusDays(367) }, 'Thời hạn ủy quyền tối đa một năm.'],
    [{ validFrom: plusDays(-1) }, 'Ngày bắt đầu phải là hôm nay hoặc sau hôm nay.'],
    [{ validTo: plusDays(-1) }, 'Ngày kết thúc phải sau ngày bắt đầu.'],
    [{ reason: '   ' }, 'Nhập lý do ủy quyền'],
    [{ delegateUsername: 'giamdoc.stp' }, 'Không thể tự ủy quyền cho chính mình.'],
    [{ delegateUsername: 'khong.ai.ca' }, 'Không tìm thấy cán bộ có tên đăng nhập này.'],
  ];
  for (const [fields, message] of cases) {
    const res = await lend(leader, fields);
    assert.equal(res.status, 400, message);
    assert.ok(res.html.includes(message), message);
  }
  assert.equal((await lend(leader, { validTo: plusDays(366) })).status, 303, 'a year (of 366 days) is allowed');
  const after = await liveDelegations();
  assert.equal(after.length, before.length + 1, 'only the valid one was made');
  await pool.query('UPDATE delegations SET revoked_at = now() WHERE id = $1', [after.at(-1).id]);

  const clerk = await staffClient(url, deps, 'vanthu.stp');
  const page = await clerk.page('/quan-tri/uy-quyen');
  assert.equal(page.status, 403, 'a clerk holds no role that may be lent or sees delegations');
});

test('the leader ends the delegation early and the delegate loses the role at once', async () => {
  const leader = await staffClient(url, deps, 'giamdoc.stp');
  const delegate = await staffClient(url, deps, 'chuyenvien.stp');
  const [d] = await liveDelegations();
  assert.ok(d, 'the delegation of the first test');
  // The delegate cannot end it herself.
  await delegate.page('/tai-khoan');
  assert.equal((await delegate.post(`/quan-tri/uy-quyen/${d.id}/thu-hoi`, {})).status, 403);
  assert.equal((await liveDelegations()).length, 1);

  await leader.page('/quan-tri/uy-quyen');
  const res = await leader.post(`/quan-tri/uy-quyen/${d.id}/thu-hoi`, {});
  assert.equal(res.location, '/quan-tri/uy-quyen?xong=thu_hoi');
  assert.deepEqual(await liveDelegations(), []);
  assert.ok(!(await delegate.page('/tai-khoan')).html.includes(lentNote));
  assert.ok(!(await delegatePageElsewhere(delegate)).includes(lentNote));
  const audit = await pool.query("SELECT actor_id FROM audit_log WHERE action = 'delegation_revoked' AND subject_id = $1", [String(d.id)]);
  assert.deepEqual(audit.rows, [{ actor_id: leaderId }]);
  assert.match((await leader.page('/quan-tri/uy-quyen')).html, /Đã thu hồi/);
});

test('when the leader loses her own role, the role lent by her lapses too', async () => {
  const leader = await staffClient(url, deps, 'giamdoc.stp');
  const delegate = await staffClient(url, deps, 'chuyenvien.stp');
  assert.equal((await lend(leader, { reason: 'Nghỉ phép' })).status, 303);
  assert.ok((await delegatePageElsewhere(delegate)).includes(lentNote));

  const admin = await staffClient(url, deps, 'quantri.tinh');
  const grant = (await pool.query("SELECT id FROM staff_roles WHERE staff_id = $1 AND role = 'agency_leader'", [leaderId])).rows[0];
  const person = await admin.page(`/quan-tri/can-bo/${leaderId}`);
  assert.equal(person.status, 200);
  const res = await admin.post(`/quan-tri/can-bo/${leaderId}/thu-hoi`, { grantId: String(grant.id) });
  assert.equal(res.location, `/quan-tri/can-bo/${leaderId}?xong=thu_hoi`);

  const elsewhere = await delegatePageElsewhere(delegate);
  assert.ok(!elsewhere.includes(lentNote), 'a fresh process no longer gives the lent role');
  assert.ok(!elsewhere.includes('Lãnh đạo cơ quan'));
  assert.ok(!(await delegate.page('/tai-khoan')).html.includes(lentNote), 'nor this one');
  assert.equal((await liveDelegations()).length, 1, 'the delegation itself is kept for the record');
  // And she can no longer lend anything.
  const page = await leader.page('/tai-khoan');
  assert.ok(!page.html.includes('Lãnh đạo cơ quan'));
  assert.equal((await leader.page('/quan-tri/uy-quyen')).status, 403);
});
