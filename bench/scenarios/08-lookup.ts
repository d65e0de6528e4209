import type { BenchContext, LoadResult, Scenario } from '../types.ts';
import { deskSession, postReceptions } from './07-reception.ts';

/**
 * The public lookup of a dossier by its code (what the QR code on the receipt opens), as the page
 * `/tra-cuu?ma=<code>` and as the API `/api/dossiers/<code>/status`, at 50 connections over 1,000
 * real codes made first through the counter-reception form. Goal: ≥ 0.5 × bare handler, p99 ≤ 10 ms.
 *
 * Both routes are limited to 60 requests a minute per address (against guessing codes), and every
 * bench request comes from 127.0.0.1: as long as the app offers no setting the bench can raise,
 * most answers of a run are 429 and the figure is recorded as failed, with the reason.
 */
const dossiers = 1000;

function record(ctx: BenchContext, name: string, result: LoadResult, limited: boolean): void {
  const broken = result.non2xx + result.errors + result.timeouts;
  const problems = broken
    ? [
        `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests} requests` +
          (limited ? ' (the route answered 429: its limit of 60 lookups a minute per address stops the bench)' : ''),
      ]
    : [];
  const ratio = result.rps / ctx.limits.bareHandler.rps;
  ctx.record({
    name: `${name}: throughput`,
    value: result.rps,
    unit: 'req/s',
    limit: { name: 'bare handler', value: ctx.limits.bareHandler.rps },
    ratio,
    goal: '≥ 0.5 × bare handler',
    meets: ratio >= 0.5 && !broken,
    ...(problems.length ? { note: problems.join('; ') } : {}),
  });
  ctx.record({
    name: `${name}: p99 latency`,
    value: result.latency.p99,
    unit: 'ms',
    limit: { name: 'bare handler p99', value: ctx.limits.bareHandler.p99 },
    ratio: ctx.limits.bareHandler.p99 > 0 ? result.latency.p99 / ctx.limits.bareHandler.p99 : null,
    goal: '≤ 10 ms',
    meets: result.latency.p99 <= 10 && !broken,
  });
}

/** Whether the path answers 429 now (asked after a run: the limit's window is still full). */
async function rateLimited(baseUrl: string, path: string): Promise<boolean> {
  const res = await fetch(baseUrl + path, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status === 429;
}

export const scenario: Scenario = {
  name: 'dossier lookup',
  async run(ctx) {
    const { baseUrl, pool } = ctx.imported;
    const t0 = performance.now();
    const codes = await postReceptions(baseUrl, await deskSession(pool, baseUrl), dossiers, 4);
    ctx.log(`${codes.length} dossiers received through the counter form in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    codes.sort(() => Math.random() - 0.5);
    const headers = { accept: 'text/html', 'accept-encoding': 'br, gzip' };

    const pages = codes.map((c) => `/tra-cuu?ma=${encodeURIComponent(c)}`);
    const first = await fetch(baseUrl + pages[0]!, { headers });
    if (first.status !== 200 || !(await first.text()).includes(codes[0]!)) throw new Error(`the lookup page answered ${first.status}`);
    const page = await ctx.load({ baseUrl, paths: pages, headers });
    record(ctx, 'dossier lookup page /tra-cuu?ma=…, 1,000 codes', page, await rateLimited(baseUrl, pages[1]!));

    const api = codes.map((c) => `/api/dossiers/${encodeURIComponent(c)}/status`);
    const one = await fetch(baseUrl + api[0]!);
    if (one.status !== 200 || ((await one.json()) as { code?: string }).code !== codes[0])
      throw new Error(`the status API answered ${one.status}`);
    const json = await ctx.load({ baseUrl, paths: api, headers: { accept: 'application/json', 'accept-encoding': 'br, gzip' } });
    record(ctx, 'dossier status API /api/dossiers/<code>/status, 1,000 codes', json, await rateLimited(baseUrl, api[1]!));
  },
};
