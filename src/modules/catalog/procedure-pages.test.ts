import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { testDatabase } from '../../../test/helpers/database.ts';
import { transaction } from '../../db/pool.ts';
import { findAgencyByCode } from '../agencies/agencies.repository.ts';
import { saveAgency } from '../agencies/save-agency.ts';
import { shippedCatalogue } from '../demo/seed-demo.ts';
import { importProcedures } from './import-procedures.ts';
import { prerenderProcedurePages, procedurePageOf } from './procedure-pages.ts';

const pool = await testDatabase({ demo: true });
const html = async (code: string) => zlib.brotliDecompressSync((await procedurePageOf(pool, code))!.br).toString();
const stored = async () => (await pool.query('SELECT count(*)::int AS n FROM procedure_pages')).rows[0].n as number;

test('a page is rendered once, stored, and served from the store afterwards', async () => {
  const first = await procedurePageOf(pool, '1.001193');
  const again = await procedurePageOf(pool, '1.001193');
  assert.equal(again?.etag, first?.etag);
  assert.match(await html('1.001193'), /<h1>Thủ tục đăng ký khai sinh<\/h1>/);
  assert.equal(await procedurePageOf(pool, '9.999999'), undefined);
});

test('the background renderer renders every page that is missing, then has nothing to do', async () => {
  let rounds = 0;
  while ((await prerenderProcedurePages(pool, 200)) > 0) rounds++;
  assert.ok(rounds >= 4);
  assert.equal(await stored(), 796);
  assert.equal(await prerenderProcedurePages(pool), 0);
});

test('a re-imported procedure is shown as changed, never as the stored old page', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-'));
  const record = JSON.parse(fs.readFileSync(path.join(shippedCatalogue, 'bo-tu-phap', '1.001193.json'), 'utf8'));
  record.ten_thu_tuc = 'Thủ tục đăng ký khai sinh (đã sửa)';
  fs.writeFileSync(path.join(dir, '1.001193.json'), JSON.stringify(record));
  await importProcedures(pool, dir);
  const page = await html('1.001193');
  assert.match(page, /<h1>Thủ tục đăng ký khai sinh \(đã sửa\)<\/h1>/);
  assert.match(page, /Phiên bản 2/);
});

test('renaming an agency shows on the pages of the procedures it performs', async () => {
  const commune = (await findAgencyByCode(pool, '000.00.31.H99'))!;
  await transaction(pool, (db) =>
    saveAgency(db, commune.id, commune.revision, { ...commune, name: 'Ủy ban nhân dân phường Đông Thành Mới', parentId: commune.parentId }),
  );
  assert.match(await html('1.001193'), /Ủy ban nhân dân phường Đông Thành Mới/);
});
