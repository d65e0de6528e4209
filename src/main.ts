import pino from 'pino';
import { buildApp, createDeps } from './app.ts';
import { loadConfig } from './config.ts';
import { AppAlreadyRunning } from './db/embedded.ts';
import { openDatabase } from './db/open.ts';
import { roleLabels } from './modules/accounts/roles.ts';
import { demoPassword } from './modules/demo/demo-province.ts';
import { seedDemo } from './modules/demo/seed-demo.ts';
import { atRestKey, devAuthority } from './modules/signing/signing.ts';
import { filesDirOf } from './modules/files/receive-uploads.ts';
import { removeStaleTemp } from './modules/files/store-file.ts';
import { startLocalProviderIfDemo } from './modules/citizens/local-provider.ts';
import { startPrerendering } from './jobs/prerender-pages.ts';
import { startProcessingJobs } from './jobs/processing-jobs.ts';
import { watchPublicRevision } from './web/public-revision.ts';

/** Starts the whole system: database (embedded unless DATABASE_URL), demo data, web and API. */
const config = loadConfig();
const logger = pino({ level: config.logLevel });
const log = (msg: string) => logger.info(msg);
// Outside the demo, keys sealed with a secret anyone could derive from the data folder are refused.
if (config.signing.keySecretIsDevelopment && !config.demo) {
  console.error(
    'Chưa đặt SIGNING_KEY_SECRET: khóa ký số không thể được bảo vệ. Đặt biến này (ít nhất 32 ký tự, ví dụ `openssl rand -base64 48`) rồi khởi động lại.\n' +
      'SIGNING_KEY_SECRET is required when DEMO=false.',
  );
  process.exit(1);
}
// The address is printed on signed results (their QR code) and can never be corrected there.
if (config.publicUrlIsDefault && !config.demo) {
  console.error(
    'Chưa đặt PUBLIC_URL: địa chỉ công khai của hệ thống được in vào mã QR trên văn bản đã ký số và không sửa được sau này. Đặt biến này (ví dụ https://motcua.tinh.gov.vn) rồi khởi động lại.\n' +
      'PUBLIC_URL is required when DEMO=false.',
  );
  process.exit(1);
}

let db;
try {
  db = await openDatabase(config, log);
} catch (err) {
  if (err instanceof AppAlreadyRunning) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// Uploads cut off by a crash leave temporary files behind; nothing refers to them.
await removeStaleTemp(filesDirOf(config.dataDir)).catch(() => 0);
const accounts = config.demo ? await seedDemo(db.pool, log) : null;
// The demo signs with a development certificate authority, created on its first start.
if (config.demo) await devAuthority(db.pool, atRestKey(config.signing.keySecret));
const prerendering = startPrerendering(db.pool, log);
// Demo without OIDC_ISSUER: a local OpenID provider with demo citizens stands in for VNeID.
const localProvider = await startLocalProviderIfDemo(config, (m) => logger.warn(m));
const deps = createDeps(db.pool, localProvider?.config ?? config, () => prerendering.wake());
const stopWatching = watchPublicRevision(db.pool, () => deps.publicDataChanged());
const app = await buildApp(deps, logger);
await app.listen({ port: config.port, host: config.host });

if (accounts) {
  const lines = accounts.map((a) => `  ${a.username.padEnd(18)} ${roleLabels[a.role].padEnd(20)} ${a.fullName}`);
  console.log(
    `\nTỉnh demo "An Hòa" đã được tạo. Tài khoản cán bộ (mật khẩu ban đầu: ${demoPassword}, phải đổi khi đăng nhập lần đầu):\n` +
      `${lines.join('\n')}\n`,
  );
}
console.log(`Một Cửa đang chạy tại ${config.publicUrl}`);
// Background jobs start once the site serves; a stop asked meanwhile waits for them to have started.
const jobs = startProcessingJobs(db.pool, (message, err) => (err ? logger.error({ err }, message) : logger.info(message)));
jobs.catch((err) => logger.error({ err }, 'background jobs did not start'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  stopWatching();
  prerendering.stop();
  // Stop taking requests, let those in flight finish, then close the database cleanly.
  await app.close();
  await (await jobs.catch(() => null))?.stop();
  await localProvider?.stop();
  await db!.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
