import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The real program (`npm start`'s command) as a child process, for tests of start, stop and crash. */
export interface Program {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `src/main.ts` on the embedded database unless `env` names a DATABASE_URL (the suite's own is not passed on). */
export function startProgram(env: Record<string, string>): Program {
  const { DATABASE_URL: _suiteDatabase, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Resolves once GET /healthz answers 200; rejects if the program exits first or after `ms`. */
export async function waitHealthy(program: Program, port: number, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  let gone = false;
  void program.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`program exited before serving:\n${program.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`program not healthy after ${ms} ms:\n${program.output()}`);
}
