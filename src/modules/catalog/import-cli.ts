/**
 * npm run catalog:import -- <folder> [--agency CODE] [--report FILE]
 *
 * Imports national-portal procedure records into the catalogue of the running
 * configuration (DATABASE_URL, or the embedded server of DATA_DIR when no app is
 * running on it). Province-level procedures are linked to --agency (repeatable),
 * commune-level ones to every commune in force. Progress goes to stderr, the
 * report (JSON, one line per record) to --report or import-report.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/open.ts';
import { communeIdsInForce, findAgencyByCode } from '../agencies/agencies.repository.ts';
import { appendAuditNow } from '../audit/append-audit.ts';
import { importProcedures } from './import-procedures.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { agency: { type: 'string', multiple: true }, report: { type: 'string' } },
});
const folder = positionals[0];
if (!folder || !fs.existsSync(folder)) {
  console.error('Cách dùng: npm run catalog:import -- <thư mục> [--agency MÃ_CƠ_QUAN] [--report tệp.json]');
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase(config, (m) => console.error(m), { joinRunningApp: true });
try {
  const provinceAgencyIds: number[] = [];
  for (const code of values.agency ?? []) {
    const agency = await findAgencyByCode(db.pool, code);
    if (!agency) throw new Error(`Không có cơ quan mã ${code}.`);
    provinceAgencyIds.push(agency.id);
  }
  const communeAgencyIds = await communeIdsInForce(db.pool);
  const report = await importProcedures(db.pool, folder, {
    provinceAgencyIds,
    communeAgencyIds,
    onProgress: (done, total) => process.stderr.write(`\rĐã xử lý ${done}/${total} bản ghi thủ tục`),
  });
  process.stderr.write('\n');
  await appendAuditNow(db.pool, {
    actor: { kind: 'system', id: null, name: `catalog:import (${os.userInfo().username})` },
    action: 'catalog_imported',
    subjectType: 'catalog',
    detail: { folder: report.source, ...report.totals },
  });
  const reportFile = values.report ?? 'import-report.json';
  fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  const t = report.totals;
  console.log(
    `Thêm mới ${t.imported}, cập nhật ${t.updated}, không đổi ${t.unchanged}, bị từ chối ${t.rejected}; ` +
      `${t.withUnparsedFields} thủ tục có trường chưa đọc được. Báo cáo: ${reportFile}`,
  );
  process.exitCode = t.rejected ? 1 : 0;
} finally {
  await db.close();
}
