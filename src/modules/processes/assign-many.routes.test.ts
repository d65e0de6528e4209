import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processingScene } from './processing-fixture.ts';

const { pool, text, people, received, act } = await processingScene();

/** The "code@revision" values of the inbox's checkboxes, by dossier code. */
const ticks = (html: string) => new Map([...html.matchAll(/name="ho_so" value="([^"@]+)@(\d+)"/g)].map((m) => [m[1]!, `${m[1]}@${m[2]}`]));

test('the unit head hands several unclaimed dossiers to a specialist at once; one changed meanwhile is reported and left alone', async () => {
  const codes = [await received('Lâm Văn Một'), await received('Lâm Văn Hai'), await received('Lâm Văn Ba')];
  for (const code of codes) assert.equal((await act(people.desk, code, { kind: 'start' })).status, 303);

  const inbox = await people.head.page('/hop-thu');
  const boxes = ticks(inbox.html);
  // Each row names its step as the process does, not by its internal id.
  assert.match(text(inbox.html), new RegExp(`${codes[0]!.replaceAll('.', '\\.')} .*Thẩm định hồ sơ`));
  assert.doesNotMatch(text(inbox.html), / appraise /);
  assert.ok(
    codes.every((c) => boxes.has(c)),
    'each unclaimed dossier can be ticked',
  );
  const lan = /<option value="(\d+)">Vũ Thị Lan<\/option>/.exec(inbox.html)?.[1];
  assert.ok(lan, 'the unit’s specialist is offered');
  // Meanwhile the specialist claims the third herself: the inbox's revision of it is now stale.
  assert.equal((await act(people.specialist, codes[2]!, { kind: 'claim' })).status, 303);

  const res = await people.head.post('/hop-thu/phan-cong', { ho_so: codes.map((c) => boxes.get(c)!), assignee: lan! });
  assert.equal(res.status, 200);
  const page = text(res.html);
  assert.match(page, /Đã giao 2 hồ sơ cho Vũ Thị Lan/);
  assert.match(page, new RegExp(`1 hồ sơ chưa được giao: ${codes[2]!.replaceAll('.', '\\.')} ?: hồ sơ đã thay đổi từ khi hộp thư được mở`));
  const { rows } = await pool.query(
    `SELECT d.code, s.full_name AS assignee, (SELECT count(*) FROM dossier_actions a WHERE a.dossier_id = d.id AND a.action = 'assign')::int AS assigns
       FROM dossiers d LEFT JOIN staff s ON s.id = d.assignee_id WHERE d.code = ANY($1) ORDER BY d.code`,
    [codes],
  );
  assert.deepEqual(
    rows.map((r) => [r.assignee, r.assigns]),
    [
      ['Vũ Thị Lan', 1],
      ['Vũ Thị Lan', 1],
      ['Vũ Thị Lan', 0],
    ],
    'each assignment is its own log entry; the claimed one keeps its claim',
  );
  // The specialist finds them in her own group at once.
  assert.match(
    text((await people.specialist.page('/hop-thu')).html),
    new RegExp(`Đang xử lý \\(\\d+\\).*${codes[0]!.replaceAll('.', '\\.')}`),
  );
});

test('only a unit’s leader gets the form, and nobody hands dossiers to a person outside the units they lead', async () => {
  const code = await received('Lâm Thị Bốn');
  await act(people.desk, code, { kind: 'start' });
  const mine = await people.specialist.page('/hop-thu');
  assert.doesNotMatch(mine.html, /name="ho_so"/);
  assert.doesNotMatch(mine.html, /\/hop-thu\/phan-cong/);
  const { rows } = await pool.query(`SELECT id FROM staff WHERE username = 'chuyenvien.stp'`);
  const tick = ticks((await people.head.page('/hop-thu')).html).get(code)!;
  // A specialist posting the form anyway: she leads nobody.
  await people.specialist.page('/hop-thu');
  assert.equal((await people.specialist.post('/hop-thu/phan-cong', { ho_so: [tick], assignee: String(rows[0].id) })).status, 403);
  // The unit head cannot hand a dossier to the commune's desk officer.
  const { rows: other } = await pool.query(`SELECT id FROM staff WHERE username = 'motcua.dongthanh'`);
  await people.head.page('/hop-thu');
  assert.equal((await people.head.post('/hop-thu/phan-cong', { ho_so: [tick], assignee: String(other[0].id) })).status, 403);
  // Nobody chosen, or nothing ticked: the page says so, and nothing changes.
  await people.head.page('/hop-thu');
  const nobody = await people.head.post('/hop-thu/phan-cong', { ho_so: [tick], assignee: '' });
  assert.equal(nobody.status, 400);
  assert.match(text(nobody.html), /Chưa chọn cán bộ được giao/);
  await people.head.page('/hop-thu');
  await people.head.page('/hop-thu');
  const none = await people.head.post('/hop-thu/phan-cong', { assignee: String(rows[0].id) });
  assert.equal(none.status, 400);
  assert.match(text(none.html), /Chưa chọn hồ sơ nào để phân công/);
  assert.equal((await pool.query(`SELECT assignee_id FROM dossiers WHERE code = $1`, [code])).rows[0].assignee_id, null);
});

test('a unit head leads their unit’s steps, not the director’s: the approval step is not theirs to hand out', async () => {
  const code = await received('Lâm Văn Năm');
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  assert.equal((await act(people.specialist, code, { kind: 'complete', outcome: 'done' })).status, 303);
  const { rows } = await pool.query(`SELECT id FROM staff WHERE username = 'giamdoc.stp'`);
  // The dossier page offers them no assignment; posted anyway, it is refused.
  const page = await people.head.page(`/ho-so/${code}`);
  assert.doesNotMatch(page.html, /name="assignee"/);
  const { rows: at } = await pool.query(`SELECT revision FROM dossiers WHERE code = $1`, [code]);
  const refused = await people.head.post(`/ho-so/${code}/xu-ly`, {
    revision: String(at[0].revision),
    kind: 'assign',
    assignee: String(rows[0].id),
  });
  assert.equal(refused.status, 400);
  assert.match(text(refused.html), /Chỉ lãnh đạo đơn vị phụ trách bước này mới phân công được/);
  assert.doesNotMatch((await people.head.page('/hop-thu')).html, new RegExp(`value="${code.replaceAll('.', '\\.')}@`));
});
