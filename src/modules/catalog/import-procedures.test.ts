import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { shippedCatalogue } from '../demo/seed-demo.ts';
import * as repo from './catalog.repository.ts';
import { importProcedures, listRecordFiles } from './import-procedures.ts';

const pool = await testDatabase();
const realRecords = listRecordFiles(shippedCatalogue).length;

test('every real national-portal record is imported and the unparsed fields are listed per record', async () => {
  const progress: number[] = [];
  const report = await importProcedures(pool, shippedCatalogue, { onProgress: (done) => progress.push(done) });
  assert.equal(realRecords, 796);
  assert.equal(report.totals.imported, realRecords);
  assert.equal(report.totals.rejected, 0);
  assert.equal(report.records.length, realRecords);
  assert.equal(progress.at(-1), realRecords, 'progress reaches the total');
  for (const line of report.records.filter((l) => l.unparsed.length)) {
    assert.ok(line.code, 'a record with unparsed fields is named by its code');
    for (const u of line.unparsed) assert.ok(u.field && u.reason, `${line.code}: each unparsed field names its key and why`);
  }
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM procedures');
  assert.equal(rows[0].n, realRecords);
  const birth = await repo.findProcedure(pool, '1.001193');
  assert.equal(birth?.procedure.name, 'Thủ tục đăng ký khai sinh');
  assert.deepEqual(
    birth?.procedure.results.map((r) => r.code),
    ['KQ.G15.000031'],
  );
});

test('a second import changes nothing; a changed record becomes version 2 and version 1 is kept', async () => {
  const again = await importProcedures(pool, shippedCatalogue);
  assert.equal(again.totals.unchanged, realRecords);
  assert.equal(again.totals.imported + again.totals.updated, 0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  const record = JSON.parse(fs.readFileSync(path.join(shippedCatalogue, 'bo-tu-phap', '1.001193.json'), 'utf8'));
  record.ten_thu_tuc = 'Thủ tục đăng ký khai sinh (sửa đổi)';
  fs.writeFileSync(path.join(dir, '1.001193.json'), JSON.stringify(record));
  const changed = await importProcedures(pool, dir);
  assert.equal(changed.totals.updated, 1);
  assert.equal(changed.records[0]?.version, 2);
  assert.equal((await repo.findProcedure(pool, '1.001193'))?.procedure.name, 'Thủ tục đăng ký khai sinh (sửa đổi)');
  assert.equal((await repo.findVersion(pool, '1.001193', 1))?.name, 'Thủ tục đăng ký khai sinh');
  assert.deepEqual(
    (await repo.listVersions(pool, '1.001193')).map((v) => v.version),
    [2, 1],
  );
});

test('malformed and incomplete records are reported, never dropped, and do not stop the others', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bad-'));
  fs.writeFileSync(path.join(dir, 'a-broken.json'), '{"ma_thu_tuc": "9.000001", "ten_thu_');
  fs.writeFileSync(path.join(dir, 'b-noname.json'), JSON.stringify({ ma_thu_tuc: '9.000002' }));
  fs.writeFileSync(path.join(dir, 'c-array.json'), '[1, 2, 3]');
  fs.copyFileSync(path.join(shippedCatalogue, 'bo-tu-phap', '1.000080.json'), path.join(dir, 'd-good.json'));
  const report = await importProcedures(pool, dir);
  assert.equal(report.records.length, 4);
  assert.deepEqual(
    report.records.map((l) => l.outcome),
    ['rejected', 'rejected', 'rejected', 'unchanged'],
  );
  assert.match(report.records[0]!.reason!, /not valid JSON/);
  assert.equal(report.records[1]!.code, '9.000002');
  assert.match(report.records[1]!.reason!, /name/);
  assert.equal(await repo.findProcedure(pool, '9.000002'), undefined);
});
