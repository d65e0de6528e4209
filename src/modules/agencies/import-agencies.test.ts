import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { testDatabase } from '../../../test/helpers/database.ts';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { demoAgencies } from '../demo/demo-province.ts';
import * as repo from './agencies.repository.ts';
import type { AgencyInput } from './agency.schema.ts';
import { exportAgencies, importAgencies } from './import-agencies.ts';
import { saveAgency } from './save-agency.ts';

const pool = await testDatabase();
const run = (db: pg.Pool, rows: unknown) => transaction(db, (client) => importAgencies(client, rows));

/** Every row of the agency tables, to show that a refused import wrote nothing. */
async function snapshot(db: pg.Pool): Promise<unknown> {
  const { rows } = await db.query(
    `SELECT (SELECT json_agg(a ORDER BY id) FROM agencies a) AS agencies,
            (SELECT json_agg(s ORDER BY predecessor_id, successor_id) FROM agency_successions s) AS successions`,
  );
  return rows[0];
}

async function refusal(db: pg.Pool, rows: unknown): Promise<AppError> {
  const before = await snapshot(db);
  let error: AppError | undefined;
  await assert.rejects(run(db, rows), (err) => {
    assert.ok(err instanceof AppError, `an AppError, not ${String(err)}`);
    assert.equal(err.code, 'validation_failed');
    error = err;
    return true;
  });
  assert.deepEqual(await snapshot(db), before, 'all or nothing: a refused file writes nothing');
  return error!;
}

const row = (over: Partial<AgencyInput>): AgencyInput => ({
  code: null,
  name: '',
  kind: 'department',
  parentCode: 'H99',
  address: '',
  phone: '',
  email: '',
  validFrom: '2025-07-01',
  validTo: null,
  successorCodes: [],
  ...over,
});
const fields = (problems: FieldProblem[]) => problems.map((p) => p.field);

/** The exported tree, in an order that does not depend on database ids. */
async function treeOf(db: pg.Pool): Promise<string[]> {
  return (await exportAgencies(db)).map(({ parentId: _id, ...a }: AgencyInput & { parentId?: unknown }) => JSON.stringify(a)).sort();
}

test('the demo province imports into an empty database, and a second import changes nothing', async () => {
  assert.deepEqual(await run(pool, demoAgencies), { added: demoAgencies.length, changed: 0, unchanged: 0 });
  const all = await repo.listAgencies(pool);
  assert.equal(all.length, demoAgencies.length);
  const unit = all.find((a) => a.name === 'Phòng Hành chính tư pháp');
  assert.equal(unit?.parentCode, '000.00.11.H99');
  const merged = await repo.findAgencyByCode(pool, '000.00.34.H99');
  assert.deepEqual(merged?.successorCodes, ['000.00.32.H99']);
  assert.equal(merged?.inForce, false);

  assert.deepEqual(await run(pool, demoAgencies), { added: 0, changed: 0, unchanged: demoAgencies.length });
  assert.equal((await repo.listAgencies(pool)).length, demoAgencies.length);
});

test('an export imports back unchanged, and rebuilds the same tree on an empty database', async () => {
  const exported = await exportAgencies(pool);
  assert.equal(exported.length, demoAgencies.length);
  assert.deepEqual(await run(pool, JSON.parse(JSON.stringify(exported))), { added: 0, changed: 0, unchanged: exported.length });

  const other = await testDatabase();
  assert.deepEqual(await run(other, exported), { added: exported.length, changed: 0, unchanged: 0 });
  assert.deepEqual(await treeOf(other), await treeOf(pool));
});

test('a merge into a newer agency survives the round trip to another database', async () => {
  // The 2025 way: two communes end and a new one, created after them, takes over.
  const db = await testDatabase();
  await run(db, demoAgencies);
  await run(db, [row({ code: '000.00.40.H99', name: 'Ủy ban nhân dân xã Hòa Sơn', kind: 'commune', validFrom: '2026-01-01' })]);
  const merged = [
    row({
      code: '000.00.32.H99',
      name: 'Ủy ban nhân dân xã Hòa Bình',
      kind: 'commune',
      validTo: '2025-12-31',
      successorCodes: ['000.00.40.H99'],
    }),
  ];
  assert.deepEqual(await run(db, merged), { added: 0, changed: 1, unchanged: 0 });
  const exported = await exportAgencies(db);

  const fresh = await testDatabase();
  assert.deepEqual(await run(fresh, exported), { added: exported.length, changed: 0, unchanged: 0 });
  assert.deepEqual(await treeOf(fresh), await treeOf(db));
  assert.deepEqual((await repo.findAgencyByCode(fresh, '000.00.32.H99'))?.successorCodes, ['000.00.40.H99']);
});

test('rows listed children before parents still import', async () => {
  const db = await testDatabase();
  const reversed = [...demoAgencies].reverse();
  assert.deepEqual(await run(db, reversed), { added: demoAgencies.length, changed: 0, unchanged: 0 });
  for (const a of demoAgencies.filter((x) => x.code)) {
    assert.equal((await repo.findAgencyByCode(db, a.code!))?.parentCode, a.parentCode, a.code!);
  }
  const units = (await repo.listAgencies(db))
    .filter((a) => a.name === 'Văn phòng Sở')
    .map((a) => a.parentCode)
    .sort();
  assert.deepEqual(units, ['000.00.11.H99', '000.00.12.H99']);
});

test('one bad row refuses the whole file, and every bad row is listed by its number', async () => {
  const rows = [
    row({ code: '000.00.14.H99', name: 'Sở Y tế tỉnh An Hòa' }), // fine on its own
    row({ code: '000.00.13.H99', name: 'Sở Nội vụ tỉnh An Hòa', phone: '0299 3800 013' }), // a change, fine
    row({ code: '14.H99', name: 'Sở Tài chính tỉnh An Hòa' }), // bad code
    row({ code: '000.00.15.H99', name: 'Sở Tư Pháp tỉnh an hòa' }), // name of Sở Tư pháp
    row({ code: null, name: 'Phòng Kế toán', kind: 'unit', parentCode: '000.00.77.H99' }), // unknown parent
  ];
  const err = await refusal(pool, rows);
  assert.deepEqual(fields(err.problems), ['row-3', 'row-4', 'row-5']);
  assert.match(err.problems[0]!.message, /^Mục 3 \(Sở Tài chính tỉnh An Hòa\): .*không đúng định dạng của Quyết định 20\/2020/);
  assert.match(err.problems[1]!.message, /^Mục 4 \(Sở Tư Pháp tỉnh an hòa\): .*trùng với một cơ quan đang hoạt động/);
  assert.equal(err.problems[2]!.message, 'Mục 5 (Phòng Kế toán): không có cơ quan cấp trên mã 000.00.77.H99.');
  assert.equal(await repo.findAgencyByCode(pool, '000.00.14.H99'), undefined);
  assert.equal((await repo.findAgencyByCode(pool, '000.00.13.H99'))?.phone, '');

  // The same file without its bad rows goes through.
  assert.deepEqual(await run(pool, rows.slice(0, 2)), { added: 1, changed: 1, unchanged: 0 });
});

test('rows that are not agencies at all are listed each with its number', async () => {
  const err = await refusal(pool, [
    row({ code: '000.00.16.H99', name: 'Sở Nông nghiệp tỉnh An Hòa' }),
    { code: '000.00.17.H99', kind: 'department', parentCode: 'H99' },
    'Sở Công Thương',
    { ...row({ code: '000.00.18.H99', name: 'Sở Văn hóa tỉnh An Hòa' }), kind: 'bộ', validFrom: '2025-02-30' },
  ]);
  assert.deepEqual(fields(err.problems), ['row-2', 'row-3', 'row-4']);
  assert.match(err.problems[0]!.message, /^Mục 2: thiếu hoặc sai name\.$/);
  assert.match(err.problems[2]!.message, /^Mục 4: thiếu hoặc sai .*kind/);
  assert.match(err.problems[2]!.message, /validFrom/);
  assert.equal(await repo.findAgencyByCode(pool, '000.00.16.H99'), undefined);
});

test('a file that is not a list is refused in Vietnamese', async () => {
  for (const rows of [{ agencies: demoAgencies }, null, 'H99', 42]) {
    const err = await refusal(pool, rows);
    assert.equal(err.userMessage, 'Tệp nhập phải là một danh sách (mảng JSON) các cơ quan, đơn vị.');
  }
});

test('a unit without a code is found again by its parent and name, and updated rather than duplicated', async () => {
  const justice = await repo.findAgencyByCode(pool, '000.00.11.H99');
  const countUnits = async () =>
    (await repo.listAgencies(pool))
      .filter((a) => a.name === 'Văn phòng Sở')
      .map((a) => `${a.parentCode} ${a.phone}`)
      .sort();
  assert.deepEqual(await countUnits(), ['000.00.11.H99 ', '000.00.12.H99 ']);

  const office = row({ name: 'Văn phòng Sở', kind: 'unit', parentCode: '000.00.11.h99', phone: '0299 3800 111' });
  assert.deepEqual(await run(pool, [office]), { added: 0, changed: 1, unchanged: 0 });
  assert.deepEqual(await countUnits(), ['000.00.11.H99 0299 3800 111', '000.00.12.H99 ']);
  assert.deepEqual(await run(pool, [office]), { added: 0, changed: 0, unchanged: 1 });
  assert.equal((await repo.findUnit(pool, justice!.id, 'van phong so'))?.phone, '0299 3800 111');
});

test('a unit saved by hand is matched the same way by the next import', async () => {
  const interior = (await repo.findAgencyByCode(pool, '000.00.13.H99'))!;
  await transaction(pool, (db) =>
    saveAgency(db, null, null, { ...row({ name: 'Phòng Công chức, viên chức', kind: 'unit' }), parentId: interior.id }),
  );
  const again = row({ name: 'Phòng Công chức, viên chức', kind: 'unit', parentCode: '000.00.13.H99', email: 'ccvc@anhoa.gov.vn' });
  assert.deepEqual(await run(pool, [again]), { added: 0, changed: 1, unchanged: 0 });
  const units = (await repo.listAgencies(pool)).filter((a) => a.parentCode === '000.00.13.H99');
  assert.deepEqual(
    units.map((u) => [u.name, u.email]),
    [['Phòng Công chức, viên chức', 'ccvc@anhoa.gov.vn']],
  );
});
