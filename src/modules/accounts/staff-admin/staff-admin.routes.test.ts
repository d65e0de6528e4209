import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../../test/helpers/app.ts';
import { staffClient, type Client } from '../../../../test/helpers/client.ts';
import { verifyPassword } from '../password.ts';

// Staff administration over real HTTP, with the demo province's accounts.
const { url, pool, deps } = await startTestApp({ demo: true });

const staffId = async (username: string): Promise<number> =>
  (await pool.query<{ id: number }>('SELECT id FROM staff WHERE username = $1', [username])).rows[0]!.id;
const agencyId = async (code: string): Promise<number> =>
  (await pool.query<{ id: number }>('SELECT id FROM agencies WHERE code = $1', [code])).rows[0]!.id;
/** Everything about a person an admin action could change. */
const snapshot = async (id: number) =>
  (
    await pool.query(
      `SELECT s.password_hash, s.locked, s.must_change_password, s.totp_secret,
            (SELECT json_agg(json_build_object('role', r.role, 'agency', r.agency_id, 'revoked', r.revoked_at) ORDER BY r.id) FROM staff_roles r WHERE r.staff_id = s.id) AS roles,
            (SELECT count(*) FROM sessions x WHERE x.staff_id = s.id AND x.revoked_at IS NULL)::int AS live_sessions
       FROM staff s WHERE s.id = $1`,
      [id],
    )
  ).rows[0];
const forbidden = 'Bạn không có quyền thực hiện thao tác này.';

/** Posts with the token of a page this client may open, and expects a 403 page. */
async function refused(c: Client, path: string, fields: Record<string, string>, what: string): Promise<void> {
  await c.page('/tai-khoan');
  const res = await c.post(path, fields);
  assert.equal(res.status, 403, `${what}: got ${res.status} ${res.location ?? ''}`);
  assert.ok(res.html.includes(forbidden) || res.html.includes('Bạn không thể tự thực hiện'), what);
}

test('names with HTML are shown as text on the staff list, the staff page and the audit page', async () => {
  const admin = await staffClient(url, deps, 'quantri.tinh');
  await admin.page('/quan-tri/can-bo/moi');
  const name = '<script>alert(1)</script> Nguyễn';
  const created = await admin.post('/quan-tri/can-bo/moi', {
    fullName: name,
    username: 'ten.co.the',
    email: '',
    agencyId: String(await agencyId('000.00.13.H99')),
    role: 'specialist',
  });
  assert.equal(created.status, 200);
  // `<` escaped is enough to make it text (preact leaves `>` as it is).
  const escaped = /&lt;script(&gt;|>)alert\(1\)&lt;\/script(&gt;|>) Nguyễn/;
  const id = await staffId('ten.co.the');
  const person = await staffClient(url, deps, 'ten.co.the');
  await person.page('/tai-khoan'); // the person's own name in the header, and an audited action under it
  assert.equal((await person.post('/tai-khoan/dang-xuat-moi-noi', {})).status, 303);
  const pages: Array<[string, string]> = [
    ['created', created.html],
    ['list', (await admin.page('/quan-tri/can-bo')).html],
    ['staff page', (await admin.page(`/quan-tri/can-bo/${id}`)).html],
    ['audit', (await admin.page('/quan-tri/nhat-ky?thao_tac=signed_out_everywhere')).html],
  ];
  for (const [what, html] of pages) {
    assert.match(html, escaped, `${what} shows the name`);
    assert.ok(!/<script>alert/i.test(html), `${what} has no live script`);
  }
  assert.equal((await pool.query('SELECT full_name FROM staff WHERE id = $1', [id])).rows[0].full_name, name, 'stored as typed');
});

test('opening a staff record is recorded as a read of personal data', async () => {
  const inspector = await staffClient(url, deps, 'thanhtra');
  const target = await staffId('vanthu.stp');
  const count = async () =>
    Number(
      (await pool.query("SELECT count(*) FROM audit_log WHERE action = 'personal_data_read' AND subject_id = $1", [String(target)])).rows[0]
        .count,
    );
  const before = await count();
  assert.equal((await inspector.page(`/quan-tri/can-bo/${target}`)).status, 200);
  assert.equal(await count(), before + 1);
  const { rows } = await pool.query(
    "SELECT actor_id, actor_name, agency_id FROM audit_log WHERE action = 'personal_data_read' AND subject_id = $1 ORDER BY id DESC LIMIT 1",
    [String(target)],
  );
  assert.deepEqual(rows[0], {
    actor_id: await staffId('thanhtra'),
    actor_name: 'Trần Thị Thanh (thanhtra)',
    agency_id: await agencyId('000.00.11.H99'),
  });
});

test('an agency admin cannot touch staff of another agency, nor give admin roles', async () => {
  const stp = await staffClient(url, deps, 'quantri.stp');
  const self = await staffId('quantri.stp');
  const outsider = await staffId('motcua.ttphc');
  const colleague = await staffId('chuyenvien.stp');
  const province = await agencyId('H99');
  const ownAgency = await agencyId('000.00.11.H99');
  const page = await stp.page(`/quan-tri/can-bo/${outsider}`);
  assert.equal(page.status, 403);
  assert.ok(!page.html.includes('Phạm Thị Hoa'), 'nothing of the person is shown');

  const outsiderBefore = await snapshot(outsider);
  await refused(stp, `/quan-tri/can-bo/${outsider}/dat-lai-mat-khau`, { secondFactor: '1' }, 'reset password');
  await refused(stp, `/quan-tri/can-bo/${outsider}/giao`, { role: 'specialist', agencyId: String(ownAgency) }, 'grant role');
  await refused(stp, `/quan-tri/can-bo/${outsider}/khoa`, {}, 'lock');
  assert.deepEqual(await snapshot(outsider), outsiderBefore, 'nothing changed for the outsider');

  const colleagueBefore = await snapshot(colleague);
  const selfBefore = await snapshot(self);
  for (const agency of [province, ownAgency]) {
    await refused(stp, `/quan-tri/can-bo/${self}/giao`, { role: 'province_admin', agencyId: String(agency) }, 'province admin for oneself');
    await refused(
      stp,
      `/quan-tri/can-bo/${colleague}/giao`,
      { role: 'province_admin', agencyId: String(agency) },
      'province admin for a colleague',
    );
  }
  await refused(stp, `/quan-tri/can-bo/${colleague}/giao`, { role: 'inspector', agencyId: String(ownAgency) }, 'inspector for a colleague');
  await refused(
    stp,
    '/quan-tri/can-bo/moi',
    { fullName: 'Người Mới', username: 'quantri.moi', email: '', agencyId: String(ownAgency), role: 'province_admin' },
    'new province admin',
  );
  assert.deepEqual(await snapshot(colleague), colleagueBefore);
  assert.deepEqual(await snapshot(self), selfBefore);
  assert.equal(await pool.query("SELECT 1 FROM staff WHERE username = 'quantri.moi'").then((r) => r.rowCount), 0);
  assert.equal(
    await pool.query("SELECT 1 FROM staff_roles WHERE role = 'province_admin'").then((r) => r.rowCount),
    1,
    'still one province admin',
  );

  // Agencies: another department cannot be edited, and only the province imports the list.
  const construction = (await pool.query("SELECT * FROM agencies WHERE code = '000.00.12.H99'")).rows[0];
  await refused(
    stp,
    `/quan-tri/co-quan/${construction.id}`,
    {
      code: construction.code,
      name: 'Sở Xây dựng (đã sửa)',
      kind: construction.kind,
      parentId: String(province),
      address: '',
      phone: '',
      email: '',
      validFrom: '2025-07-01',
      validTo: '',
      successorCodes: '',
      revision: String(construction.revision),
    },
    'edit another department',
  );
  assert.equal((await pool.query("SELECT name FROM agencies WHERE code = '000.00.12.H99'")).rows[0].name, 'Sở Xây dựng tỉnh An Hòa');
  const list = await stp.page('/quan-tri/co-quan');
  assert.equal(list.status, 200);
  assert.ok(!list.html.includes('action="/quan-tri/co-quan/nhap"'), 'no import form');
  await refused(stp, '/quan-tri/co-quan/nhap', { importJson: '[]' }, 'import page');
  await stp.page('/tai-khoan');
  const api = await fetch(`${url}/api/agencies/import`, {
    method: 'POST',
    body: '[]',
    headers: { 'content-type': 'application/json', cookie: `mc_session=${stp.cookies.get('mc_session')}`, 'x-csrf-token': stp.csrf() },
  });
  assert.equal(api.status, 403);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'forbidden');
});

test('an agency admin creates a specialist in its own unit and sees the temporary password once', async () => {
  const stp = await staffClient(url, deps, 'quantri.stp');
  const unit = await agencyId('000.01.11.H99');
  const form = await stp.page('/quan-tri/can-bo/moi');
  assert.ok(form.html.includes(`<option value="${unit}"`), 'the unit is offered');
  assert.ok(!form.html.includes(`<option value="${await agencyId('000.00.10.H99')}"`), 'the service centre is not');
  const res = await stp.post('/quan-tri/can-bo/moi', {
    fullName: 'Đặng Thu Hà',
    username: 'Ha.DT',
    email: 'ha.dt@example.vn',
    agencyId: String(unit),
    role: 'specialist',
  });
  assert.equal(res.status, 200);
  const password = /Mật khẩu tạm thời: <code class="secret">([^<]+)<\/code>/.exec(res.html)?.[1];
  assert.match(password ?? '', /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const id = await staffId('ha.dt');
  const row = (await pool.query('SELECT password_hash, must_change_password, agency_id FROM staff WHERE id = $1', [id])).rows[0];
  assert.ok(!row.password_hash.includes(password!), 'stored only as a hash');
  assert.ok(await verifyPassword(row.password_hash, password!));
  assert.equal(row.must_change_password, true);
  assert.equal(row.agency_id, unit);
  assert.deepEqual((await pool.query('SELECT role, agency_id FROM staff_roles WHERE staff_id = $1', [id])).rows, [
    { role: 'specialist', agency_id: unit },
  ]);
  const again = await stp.page(`/quan-tri/can-bo/${id}`);
  assert.equal(again.status, 200);
  assert.ok(again.html.includes('Đặng Thu Hà') && !again.html.includes(password!), 'not shown a second time');
  const audit = await pool.query("SELECT detail FROM audit_log WHERE action = 'staff_created' AND subject_id = $1", [String(id)]);
  assert.equal(audit.rowCount, 1);
  assert.ok(!JSON.stringify(audit.rows[0].detail).includes(password!), 'the password is not in the audit log');

  const list = await stp.page('/quan-tri/can-bo');
  assert.equal(list.status, 200);
  for (const name of ['Đặng Thu Hà', 'Vũ Thị Lan', 'Ngô Thị Mai', 'Bùi Văn Tư']) assert.ok(list.html.includes(name), name);
  for (const name of ['Phạm Thị Hoa', 'Đỗ Văn Bình', 'Nguyễn Văn Quản'])
    assert.ok(!list.html.includes(name), `${name} is not of this agency`);
});

test('a desk officer cannot see staff or the audit log', async () => {
  const desk = await staffClient(url, deps, 'motcua.ttphc');
  for (const path of ['/quan-tri/can-bo', '/quan-tri/nhat-ky', `/quan-tri/can-bo/${await staffId('motcua.dongthanh')}`]) {
    const res = await desk.page(path);
    assert.equal(res.status, 403, path);
    assert.ok(res.html.includes(forbidden));
  }
});

test('an inspector reads staff and the audit log but changes nothing', async () => {
  const inspector = await staffClient(url, deps, 'thanhtra');
  const list = await inspector.page('/quan-tri/can-bo');
  assert.equal(list.status, 200);
  assert.ok(list.html.includes('Phạm Thị Hoa') && list.html.includes('Lê Minh Quang'), 'the whole province');
  assert.ok(!list.html.includes('href="/quan-tri/can-bo/moi"'), 'no button to add staff');
  const log = await inspector.page('/quan-tri/nhat-ky');
  assert.equal(log.status, 200);
  assert.match(log.html, /mục\./);
  assert.match(log.html, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/, 'each entry at dd/mm/yyyy hh:mm:ss');
  const target = await staffId('motcua.dongthanh');
  const page = await inspector.page(`/quan-tri/can-bo/${target}`);
  assert.equal(page.status, 200);
  assert.ok(!page.html.includes(`action="/quan-tri/can-bo/${target}/khoa"`), 'no lock button');

  const before = await snapshot(target);
  const commune = String(await agencyId('000.00.31.H99'));
  await refused(inspector, `/quan-tri/can-bo/${target}/khoa`, {}, 'lock');
  await refused(inspector, `/quan-tri/can-bo/${target}/dat-lai-mat-khau`, {}, 'reset password');
  await refused(inspector, `/quan-tri/can-bo/${target}/giao`, { role: 'clerk', agencyId: commune }, 'grant role');
  const grantId = (await pool.query('SELECT id FROM staff_roles WHERE staff_id = $1', [target])).rows[0].id;
  await refused(inspector, `/quan-tri/can-bo/${target}/thu-hoi`, { grantId: String(grantId) }, 'revoke role');
  await refused(
    inspector,
    '/quan-tri/can-bo/moi',
    { fullName: 'Người Mới', username: 'nguoi.moi', email: '', agencyId: commune, role: 'desk_officer' },
    'create staff',
  );
  assert.deepEqual(await snapshot(target), before);
  assert.equal(await pool.query("SELECT 1 FROM staff WHERE username = 'nguoi.moi'").then((r) => r.rowCount), 0);
  await refused(inspector, '/quan-tri/co-quan/nhap', { importJson: '[]' }, 'import agencies');
  await refused(
    inspector,
    '/quan-tri/co-quan/moi',
    { name: 'Phòng Mới', kind: 'unit', parentId: commune, code: '', validFrom: '2025-07-01' },
    'add agency',
  );
  assert.equal(await pool.query("SELECT 1 FROM agencies WHERE name = 'Phòng Mới'").then((r) => r.rowCount), 0);
});
