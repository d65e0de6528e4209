import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { testDatabaseWithUrl } from '../../../test/helpers/database.ts';
import { transaction } from '../../db/pool.ts';
import { appendAuditNow } from './append-audit.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const { pool, url } = await testDatabaseWithUrl();

/** `npm run audit:verify` as the operator runs it, on the test database. */
function runCli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/modules/audit/audit-cli.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('npm run audit:verify says the chain is valid (exit 0), then names the first broken entry (exit 1)', async () => {
  for (let i = 1; i <= 3; i++) {
    await appendAuditNow(pool, { actor: { kind: 'staff', id: i, name: `Cán bộ ${i}` }, action: 'sign_in' });
  }
  const valid = await runCli();
  assert.equal(valid.stdout.trim(), 'Nhật ký kiểm tra toàn vẹn: 3 mục, chuỗi hợp lệ.', valid.stderr);
  assert.equal(valid.code, 0);

  await transaction(pool, async (db) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await db.query(`UPDATE audit_log SET action = 'sign_out' WHERE id = 2`);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
  const tampered = await runCli();
  assert.match(tampered.stdout.trim(), /^Chuỗi bị phá vỡ tại mục #2: nội dung mục #2 không khớp với mã băm/, tampered.stderr);
  assert.equal(tampered.code, 1);
});
