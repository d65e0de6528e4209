import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startEmbedded } from '../../src/db/embedded.ts';
import type { Scenario } from '../types.ts';

/**
 * Start time of `node --import tsx src/main.ts` on a data folder that already
 * holds a database (made by a first start, stopped with SIGTERM): from spawn
 * until GET /healthz answers 200. Always the embedded server (DATABASE_URL is
 * not passed on), as a province installs it.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startApp(root: string, dataDir: string, port: number): Running {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.PUBLIC_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitHealthy(app: Running, port: number, timeoutMs: number): Promise<void> {
  let gone = false;
  void app.exited.then(() => (gone = true));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (gone) throw new Error(`the app exited before answering /healthz:\n${app.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms:\n${app.output()}`);
}

async function stop(app: Running): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 30_000);
  await app.exited;
  clearTimeout(timer);
}

export const scenario: Scenario = {
  name: 'start time',
  async run(ctx) {
    const dataDir = path.join(ctx.scratch, 'start');
    let current: Running | undefined;
    ctx.defer(async () => {
      if (current) await stop(current);
      // Should the app have died without stopping its server, stop that server too.
      if (fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) await (await startEmbedded(dataDir, () => undefined)).stop();
    });

    ctx.log('first start on an empty data folder (creates the database and the demo province)');
    let port = await freePort();
    const t0 = performance.now();
    current = startApp(ctx.root, dataDir, port);
    await waitHealthy(current, port, 180_000);
    ctx.log(`first start ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; stopping it with SIGTERM`);
    await stop(current);
    if (current.child.exitCode !== 0)
      throw new Error(`the app exited with ${current.child.exitCode ?? current.child.signalCode} on SIGTERM`);

    port = await freePort();
    const started = performance.now();
    current = startApp(ctx.root, dataDir, port);
    await waitHealthy(current, port, 60_000);
    const seconds = (performance.now() - started) / 1000;
    await stop(current);
    ctx.record({
      name: 'start time, existing data folder (spawn → /healthz 200)',
      value: seconds,
      unit: 's',
      limit: null,
      ratio: null,
      goal: '≤ 3 s',
      meets: seconds <= 3,
    });
  },
};
