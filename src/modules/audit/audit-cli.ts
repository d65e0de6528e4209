/**
 * npm run audit:verify
 *
 * Verifies the whole audit log of the running configuration (DATABASE_URL, or the embedded server
 * of DATA_DIR, also beside a running app). Prints one Vietnamese line: the number of entries and a
 * valid chain (exit 0), or the first broken entry and why (exit 1). Progress goes to stderr.
 */
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/open.ts';
import { verifyAuditLog } from './verify-chain.ts';

const config = loadConfig();
const db = await openDatabase(config, (m) => console.error(m), { joinRunningApp: true });
try {
  const result = await verifyAuditLog(db.pool);
  if (result.ok) {
    console.log(`Nhật ký kiểm tra toàn vẹn: ${result.count} mục, chuỗi hợp lệ.`);
    process.exitCode = 0;
  } else {
    console.log(`Chuỗi bị phá vỡ tại mục #${result.brokenAt}: ${result.reason}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
