import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp, createDeps, type AppDeps } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { PageCache } from '../../src/web/page-cache.ts';
import { testDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  pool: pg.Pool;
  pages: PageCache;
  deps: AppDeps;
  /** http://127.0.0.1:<port>, a real server socket. */
  url: string;
}

/**
 * The whole app on its own fresh database, listening on a free port of 127.0.0.1
 * (or on `env.PORT`: `env` adds settings to the environment the config is read from).
 */
export async function startTestApp(options: { pool?: pg.Pool; demo?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = options.pool ?? (await testDatabase({ demo: options.demo ?? false }));
  // Each app keeps its files in a temporary folder of its own, never in the repository's ./data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-app-'));
  // The demo's data goes with the demo's settings (its development CA may sign); main.ts's start-up work is not run.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: options.demo ? 'true' : 'false', DATA_DIR: dataDir, ...options.env });
  const deps = createDeps(db, config);
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  after(() => app.close());
  const url = `http://127.0.0.1:${port}`;
  // The port is known only now: links the app prints (QR codes, mails) must lead back to it.
  if (!options.env?.PUBLIC_URL) config.publicUrl = url;
  return { app, pool: db, deps, pages: deps.pages, url };
}
