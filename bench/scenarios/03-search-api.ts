import { expectOk } from '../check.ts';
import { searchQueries } from '../queries.ts';
import type { Scenario } from '../types.ts';

/** The JSON search API /api/procedures?q=... (not page-cached), the same queries, on both catalogues. */
export const scenario: Scenario = {
  name: 'JSON search API',
  async run(ctx) {
    const paths = searchQueries.map((q) => `/api/procedures?${new URLSearchParams({ q })}`);
    for (const target of [ctx.imported, await ctx.generated()]) {
      await expectOk(target.baseUrl, paths);
      // One request at a time: which queries cost the most (shown to point at the slow path).
      let empty = 0;
      const timed: Array<{ q: string; ms: number; corrected: boolean }> = [];
      for (const [i, p] of paths.entries()) {
        const t0 = performance.now();
        const body = (await (await fetch(target.baseUrl + p)).json()) as { total: number; correctedTo: string | null };
        timed.push({ q: searchQueries[i]!, ms: performance.now() - t0, corrected: body.correctedTo !== null });
        if (body.total === 0) empty++;
      }
      if (empty) ctx.log(`${empty} of ${paths.length} queries find nothing on the ${target.label}`);
      const slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, 4);
      ctx.log(`slowest alone: ${slowest.map((t) => `"${t.q}" ${t.ms.toFixed(1)} ms${t.corrected ? ' (typo-corrected)' : ''}`).join(', ')}`);
      const total = timed.reduce((sum, t) => sum + t.ms, 0);
      const typo = timed.filter((t) => t.corrected).reduce((sum, t) => sum + t.ms, 0);
      ctx.log(
        `one pass over the ${paths.length} queries: ${total.toFixed(0)} ms, of which ${typo.toFixed(0)} ms in the ${timed.filter((t) => t.corrected).length} typo-corrected ones`,
      );
      const result = await ctx.load({
        baseUrl: target.baseUrl,
        paths,
        headers: { accept: 'application/json', 'accept-encoding': 'br, gzip' },
      });
      ctx.recordHttp(`search API, ${target.label}`, result);
    }
  },
};
