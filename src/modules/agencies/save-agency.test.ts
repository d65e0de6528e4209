import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import * as repo from './agencies.repository.ts';
import { saveAgency, type SaveAgencyInput } from './save-agency.ts';

// The demo province: H99, Sở Tư pháp 000.00.11.H99 (units 000.01/000.02.11.H99 and "Văn phòng Sở"),
// Sở Xây dựng 000.00.12.H99, Sở Nội vụ 000.00.13.H99 (no unit), xã Tân Lập 000.00.34.H99 (no longer in force).
const pool = await testDatabase({ demo: true });

async function byCode(code: string): Promise<repo.AgencyWithParent> {
  const agency = await repo.findAgencyByCode(pool, code);
  assert.ok(agency, `demo agency ${code}`);
  return agency;
}
const province = await byCode('H99');
const justice = await byCode('000.00.11.H99');
const construction = await byCode('000.00.12.H99');
const interior = await byCode('000.00.13.H99');

function agency(over: Partial<SaveAgencyInput> = {}): SaveAgencyInput {
  return {
    code: '000.00.20.H99',
    name: 'Sở Khoa học và Công nghệ tỉnh An Hòa',
    kind: 'department',
    parentId: province.id,
    address: '',
    phone: '',
    email: '',
    validFrom: '2025-07-01',
    validTo: null,
    successorCodes: [],
    ...over,
  };
}

const save = (id: number | null, revision: number | null, input: SaveAgencyInput) =>
  transaction(pool, (db) => saveAgency(db, id, revision, input));

/** Everything a save could write: the agencies, the successions and the public pages' revision. */
async function snapshot(): Promise<unknown> {
  const { rows } = await pool.query(
    `SELECT (SELECT json_agg(a ORDER BY id) FROM agencies a) AS agencies,
            (SELECT json_agg(s ORDER BY predecessor_id, successor_id) FROM agency_successions s) AS successions,
            (SELECT revision FROM public_revision) AS public_revision`,
  );
  return rows[0];
}

/** Saves, expects the refusal of validation_failed, checks nothing was written, and returns the problems. */
async function refused(id: number | null, revision: number | null, input: SaveAgencyInput): Promise<FieldProblem[]> {
  const before = await snapshot();
  let problems: FieldProblem[] | undefined;
  await assert.rejects(save(id, revision, input), (err) => {
    assert.ok(err instanceof AppError, `an AppError, not ${String(err)}`);
    assert.equal(err.code, 'validation_failed');
    problems = err.problems;
    return true;
  });
  assert.deepEqual(await snapshot(), before, 'a refused save writes nothing');
  return problems!;
}

const messagesOf = (problems: FieldProblem[], field: string) => problems.filter((p) => p.field === field).map((p) => p.message);

test('a well-formed agency is saved, its code in capitals, and the public pages are told', async () => {
  const before = (await pool.query('SELECT revision FROM public_revision')).rows[0].revision;
  const id = await save(null, null, agency({ code: '000.00.20.h99' }));
  const saved = await byCode('000.00.20.H99');
  assert.equal(saved.id, id);
  assert.equal(saved.name, 'Sở Khoa học và Công nghệ tỉnh An Hòa');
  assert.equal(saved.parentCode, 'H99');
  assert.equal(saved.inForce, true);
  assert.equal((await pool.query('SELECT revision FROM public_revision')).rows[0].revision, before + 1);
});

test('a code not in the Decision 20/2020 format is refused with the Vietnamese reason', async () => {
  for (const code of ['H99-20', '00.00.21.H99', '000.00.00.H99', 'SKHCN']) {
    const problems = await refused(null, null, agency({ code, name: 'Sở Công Thương tỉnh An Hòa' }));
    assert.deepEqual(
      messagesOf(problems, 'code'),
      ['Mã định danh không đúng định dạng của Quyết định 20/2020/QĐ-TTg (ví dụ: H56, 000.00.22.H56, 000.17.22.H56).'],
      code,
    );
  }
});

test("a child's code must extend its parent's code", async () => {
  // 000.03.12.H99 is a unit code of Sở Xây dựng, not of Sở Tư pháp.
  const problems = await refused(
    null,
    null,
    agency({ code: '000.03.12.H99', name: 'Phòng Công chứng', kind: 'unit', parentId: justice.id }),
  );
  assert.deepEqual(messagesOf(problems, 'code'), [
    'Mã 000.03.12.H99 không thuộc cơ quan cấp trên có mã 000.00.11.H99: mã của đơn vị con phải mở rộng mã của cơ quan cấp trên.',
  ]);
  // A department code placed directly under nothing names the parent it belongs to.
  const orphan = await refused(null, null, agency({ code: '000.00.21.H99', name: 'Sở Y tế tỉnh An Hòa', parentId: null }));
  assert.match(messagesOf(orphan, 'code')[0]!, /phải thuộc cơ quan có mã H99/);
  await save(null, null, agency({ code: '000.03.11.H99', name: 'Phòng Công chứng', kind: 'unit', parentId: justice.id }));
  assert.equal((await byCode('000.03.11.H99')).parentCode, '000.00.11.H99');
});

test('only a unit may be saved without a code', async () => {
  for (const kind of ['department', 'commune', 'service_centre', 'people_committee', 'other'] as const) {
    const problems = await refused(null, null, agency({ code: null, name: 'Ban Quản lý khu kinh tế', kind }));
    assert.match(messagesOf(problems, 'code').join(), /Nhập mã định danh điện tử/, kind);
  }
  const id = await save(null, null, agency({ code: null, name: 'Phòng Tổ chức cán bộ', kind: 'unit', parentId: interior.id }));
  assert.equal((await repo.findUnit(pool, interior.id, 'Phòng Tổ chức cán bộ'))?.id, id);
});

test('a code already given to another agency is refused, naming that agency', async () => {
  const problems = await refused(null, null, agency({ code: '000.00.12.h99', name: 'Sở Giáo dục tỉnh An Hòa' }));
  assert.deepEqual(messagesOf(problems, 'code'), ['Mã 000.00.12.H99 đã được dùng cho "Sở Xây dựng tỉnh An Hòa".']);
});

test('names are unique among agencies in force, whatever the case and diacritics', async () => {
  const problems = await refused(null, null, agency({ code: '000.00.22.H99', name: 'Sở Tư Pháp tỉnh an hòa' }));
  assert.deepEqual(messagesOf(problems, 'name'), ['Tên "Sở Tư Pháp tỉnh an hòa" trùng với một cơ quan đang hoạt động.']);
  const noMarks = await refused(null, null, agency({ code: '000.00.22.H99', name: 'So  Tu phap tinh An Hoa' }));
  assert.equal(messagesOf(noMarks, 'name').length, 1);
  // Within one department, two units cannot share a name either.
  const unit = await refused(null, null, agency({ code: null, name: 'văn phòng sở', kind: 'unit', parentId: justice.id }));
  assert.equal(messagesOf(unit, 'name').length, 1);
});

test('units of different departments may share a name, and a name no longer in force may be reused', async () => {
  // Sở Tư pháp and Sở Xây dựng already each have a "Văn phòng Sở"; Sở Nội vụ gets its own.
  await save(null, null, agency({ code: null, name: 'Văn phòng Sở', kind: 'unit', parentId: interior.id }));
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM agencies WHERE name = 'Văn phòng Sở' AND valid_to IS NULL`);
  assert.equal(rows[0].n, 3);
  // xã Tân Lập was merged on 30/06/2025; a new commune may take its name.
  const id = await save(null, null, agency({ code: '000.00.35.H99', name: 'Ủy ban nhân dân xã Tân Lập', kind: 'commune' }));
  assert.equal((await byCode('000.00.35.H99')).id, id);
  assert.equal((await byCode('000.00.34.H99')).name, 'Ủy ban nhân dân xã Tân Lập');
});

test('the end of validity cannot come before its start', async () => {
  const problems = await refused(
    null,
    null,
    agency({ code: '000.00.23.H99', name: 'Sở Du lịch tỉnh An Hòa', validFrom: '2025-07-01', validTo: '2025-06-30' }),
  );
  assert.deepEqual(messagesOf(problems, 'validTo'), ['Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.']);
  // Without a start date the agency starts today, so an end in the past is refused the same way, not by the database.
  const noStart = await refused(
    null,
    null,
    agency({ code: '000.00.23.H99', name: 'Sở Du lịch tỉnh An Hòa', validFrom: undefined, validTo: '2020-01-01' }),
  );
  assert.deepEqual(messagesOf(noStart, 'validTo'), ['Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.']);
  // Changing only the end of an existing agency checks it against the start already stored (01/07/2025).
  const stored = await refused(interior.id, null, {
    ...repo.inputOf(interior),
    parentId: province.id,
    validFrom: undefined,
    validTo: '2025-01-01',
  });
  assert.deepEqual(messagesOf(stored, 'validTo'), ['Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.']);
});

test('successors must exist, cannot be the agency itself, and require an end of validity', async () => {
  const unknown = await refused(
    null,
    null,
    agency({
      code: '000.00.36.H99',
      name: 'Ủy ban nhân dân xã Bình An',
      kind: 'commune',
      validTo: '2026-01-01',
      successorCodes: ['000.00.98.H99'],
    }),
  );
  assert.deepEqual(messagesOf(unknown, 'successorCodes'), ['Cơ quan kế thừa có mã 000.00.98.H99 không hợp lệ.']);
  const noEnd = await refused(
    null,
    null,
    agency({ code: '000.00.36.H99', name: 'Ủy ban nhân dân xã Bình An', kind: 'commune', successorCodes: ['000.00.32.H99'] }),
  );
  assert.deepEqual(messagesOf(noEnd, 'validTo'), ['Cơ quan đã sáp nhập hoặc chia tách phải có ngày hết hiệu lực.']);
  const commune = await byCode('000.00.33.H99');
  const itself = await refused(commune.id, null, {
    ...repo.inputOf(commune),
    parentId: province.id,
    validTo: '2026-01-01',
    successorCodes: ['000.00.33.H99'],
  });
  assert.deepEqual(messagesOf(itself, 'successorCodes'), ['Cơ quan kế thừa có mã 000.00.33.H99 không hợp lệ.']);

  await save(
    null,
    null,
    agency({
      code: '000.00.36.H99',
      name: 'Ủy ban nhân dân xã Bình An',
      kind: 'commune',
      validTo: '2026-01-01',
      successorCodes: ['000.00.33.h99', '000.00.32.H99'],
    }),
  );
  assert.deepEqual((await byCode('000.00.36.H99')).successorCodes, ['000.00.32.H99', '000.00.33.H99']);
});

test('an agency cannot be placed under itself or under one of its own units', async () => {
  const unit = await byCode('000.01.11.H99');
  for (const parentId of [justice.id, unit.id]) {
    const problems = await refused(justice.id, null, { ...repo.inputOf(justice), parentId });
    assert.deepEqual(messagesOf(problems, 'parentId'), ['Không thể đặt cơ quan làm cấp dưới của chính nó.']);
  }
  const missing = await refused(null, null, agency({ parentId: 987654 }));
  assert.deepEqual(messagesOf(missing, 'parentId'), ['Cơ quan cấp trên không tồn tại.']);
});

test('every problem of a form is reported at once', async () => {
  const problems = await refused(null, null, agency({ code: 'abc', name: 'Sở Xây Dựng Tỉnh An Hoà', successorCodes: ['000.00.97.H99'] }));
  assert.deepEqual(problems.map((p) => p.field).sort(), ['code', 'name', 'successorCodes', 'validTo']);
  for (const p of problems) assert.match(p.message, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, 'worded in Vietnamese');
});

test('saving over a newer revision is a conflict and changes nothing', async () => {
  const seen = await byCode('000.00.13.H99');
  await save(seen.id, seen.revision, { ...repo.inputOf(seen), parentId: province.id, phone: '0299 3800 013' });
  const current = await byCode('000.00.13.H99');
  assert.equal(current.revision, seen.revision + 1);
  assert.equal(current.phone, '0299 3800 013');

  const before = await snapshot();
  await assert.rejects(save(seen.id, seen.revision, { ...repo.inputOf(seen), parentId: province.id, phone: '0299 9999 999' }), (err) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'conflict');
    assert.match(err.userMessage, /vừa được người khác sửa/);
    return true;
  });
  assert.deepEqual(await snapshot(), before);
  assert.equal((await byCode('000.00.13.H99')).phone, '0299 3800 013');
  // With the current revision the same change goes through.
  await save(current.id, current.revision, { ...repo.inputOf(current), parentId: province.id, phone: '0299 9999 999' });
  assert.equal((await byCode('000.00.13.H99')).phone, '0299 9999 999');
});

test('an agency keeps its own code and name when it is edited', async () => {
  const id = await save(construction.id, construction.revision, {
    ...repo.inputOf(construction),
    parentId: province.id,
    email: 'sxd@anhoa.gov.vn',
  });
  assert.equal(id, construction.id);
  assert.equal((await byCode('000.00.12.H99')).email, 'sxd@anhoa.gov.vn');
});
