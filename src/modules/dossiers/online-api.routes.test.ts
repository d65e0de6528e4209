import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { birthAnswers, citizenProgram } from '../../../test/helpers/reception.ts';
import { isGuidance } from '../catalog/procedure.schema.ts';
import { minimalPdf } from '../files/files-fixture.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const { rows: agencyRows } = await pool.query<{ id: number }>(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
const agencyId = agencyRows[0]!.id;

async function programOf(person: { fullName: string; idNumber: string }) {
  const program = await citizenProgram(url, deps, person);
  assert.equal(program.session.fullName, person.fullName);
  return program;
}

const program = await programOf({ fullName: 'Trịnh Văn Tài', idNumber: '099188000111' });
const answers = birthAnswers({ fullName: 'Trịnh Văn Tài', idNumber: '099188000111' });

test('a program reads the form and its JSON Schema; a procedure without a form says so', async () => {
  const form = await (await fetch(`${url}/api/procedures/1.001193/form`)).json();
  assert.equal(form.version, 1);
  assert.equal(form.schema.properties.children.type, 'array');
  assert.ok(form.schema.required.includes('motherName'));
  assert.deepEqual(form.schema.allOf[0].then.required, ['relationshipOther']);
  const none = await fetch(`${url}/api/procedures/2.000513/form`);
  assert.equal(none.status, 404);
  assert.equal((await none.json()).error.message, 'Thủ tục này chưa có biểu mẫu điện tử.');
});

test('a dossier submitted through the API is one dossier however often it is retried', async () => {
  const uploaded = await program.upload('giay-chung-sinh.pdf', minimalPdf());
  assert.equal(uploaded.status, 201);
  const { files } = await uploaded.json();
  const body = { procedureCode: '1.001193', agencyId, phone: '0912 345 678', formVersion: 1, answers, components: [[files[0].uploadId]] };

  const missingKey = await program.submit(body);
  assert.equal(missingKey.status, 400);
  assert.match((await missingKey.json()).error.message, /Idempotency-Key/);

  const [first, retry] = await Promise.all([program.submit(body, 'retry-0001'), program.submit(body, 'retry-0001')]);
  const codes = [(await first.json()).code, (await retry.json()).code];
  assert.deepEqual([first.status, retry.status].sort(), [200, 201]);
  assert.equal(codes[0], codes[1]);
  assert.equal([first, retry].filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 1);
  const stored = await pool.query(`SELECT channel, status, form_version, answers, components FROM dossiers WHERE code = $1`, [codes[0]]);
  assert.equal(stored.rowCount, 1);
  assert.equal(stored.rows[0].status, 'new');
  assert.deepEqual(stored.rows[0].answers, answers);
  assert.equal(stored.rows[0].components[0].files[0].displayName, 'giay-chung-sinh.pdf');

  const reused = await program.submit({ ...body, phone: '0999 999 999' }, 'retry-0001');
  assert.equal(reused.status, 409);
  assert.match((await reused.json()).error.message, /đã được dùng cho một yêu cầu khác/);
  // Another citizen's key of the same spelling is theirs alone.
  const other = await programOf({ fullName: 'Lý Thị Hoa', idNumber: '099190000999' });
  const theirFile = (await (await other.upload('a.pdf', minimalPdf())).json()).files[0].uploadId;
  const theirs = await other.submit({ ...body, components: [[theirFile]] }, 'retry-0001');
  assert.equal(theirs.status, 201);
  assert.notEqual((await theirs.json()).code, codes[0]);
});

test('bad requests get the right status and a Vietnamese reason, and record nothing', async () => {
  const before = (await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows[0].n;
  const file = (await (await program.upload('a.pdf', minimalPdf())).json()).files[0].uploadId;
  const body = { procedureCode: '1.001193', agencyId, phone: '0912 345 678', formVersion: 1, answers, components: [[file]] };

  const invalid = await program.submit({ ...body, answers: { ...answers, motherId: '12', children: [] } }, 'bad-00001');
  assert.equal(invalid.status, 400);
  const problems = (await invalid.json()).error.problems.map((p: { message: string }) => p.message);
  assert.ok(problems.includes('Số định danh cá nhân của người mẹ gồm đúng 12 chữ số.'), problems.join('\n'));
  assert.ok(problems.includes('Người được khai sinh – trẻ thứ 1: Nhập họ, chữ đệm, tên.'), problems.join('\n'));

  const stale = await program.submit({ ...body, formVersion: 7 }, 'bad-00002');
  assert.equal(stale.status, 409);
  assert.match((await stale.json()).error.message, /Biểu mẫu của thủ tục vừa được cập nhật/);

  const unknown = await program.submit({ ...body, procedureCode: '9.999999' }, 'bad-00003');
  assert.equal(unknown.status, 404);
  const notJson = await program.submit(null, 'bad-00004', '{"procedureCode":');
  assert.equal(notJson.status, 400);

  const { rows } = await pool.query(
    `SELECT doc->'components' AS c FROM procedure_versions WHERE code = '1.001193' ORDER BY version DESC LIMIT 1`,
  );
  const note = (rows[0].c as Array<{ group: string }>).findIndex(isGuidance);
  assert.ok(note > 0, 'the record has a guidance row after its first paper');
  const onNote = await program.submit(
    { ...body, components: Array.from({ length: note + 1 }, (_, i) => (i === note ? [file] : [])) },
    'bad-00006',
  );
  assert.equal(onNote.status, 400, 'a file on a guidance row ("Lưu ý") is not a paper');
  assert.match(JSON.stringify((await onNote.json()).error.problems), /là lưu ý của thủ tục, không phải giấy tờ/);

  const strangers = await programOf({ fullName: 'Người Khác', idNumber: '099100000123' });
  const stolen = await strangers.submit(body, 'bad-00005');
  assert.equal(stolen.status, 403, "another citizen's upload cannot be attached");

  const html = await program.upload('trang.html', Buffer.from('<html><script>alert(1)</script></html>'));
  assert.equal(html.status, 415);
  assert.match((await html.json()).error.message, /PDF|định dạng|loại tệp/i);

  const anonymous = await fetch(`${url}/api/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'anon-0001' },
    body: JSON.stringify(body),
  });
  assert.equal(anonymous.status, 401);
  assert.equal((await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows[0].n, before);
});
