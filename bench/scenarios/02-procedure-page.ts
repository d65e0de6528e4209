import { expectOk } from '../check.ts';
import { headers, shuffled } from '../queries.ts';
import type { Scenario } from '../types.ts';

/** The procedure page /thu-tuc/<code>, walking every code of the catalogue in a shuffled order. */
export const scenario: Scenario = {
  name: 'procedure page',
  async run(ctx) {
    for (const target of [ctx.imported, await ctx.generated()]) {
      const paths = shuffled(target.codes).map((code) => `/thu-tuc/${code}`);
      await expectOk(target.baseUrl, paths.slice(0, 20), headers);
      const result = await ctx.load({ baseUrl: target.baseUrl, paths, headers });
      // The page cache keeps every page once rendered: a small catalogue is all cached by the warm-up,
      // a large one is mostly rendered during the run (about `result.requests` pages at most).
      ctx.recordHttp(
        `procedure page, ${target.label}`,
        result,
        `${paths.length} different codes in rotation, ${result.requests} requests measured after ${ctx.defaults.warmup} s of warm-up`,
      );
    }
  },
};
