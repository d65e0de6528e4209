import { expectOk } from '../check.ts';
import { headers, searchQueries } from '../queries.ts';
import type { Scenario } from '../types.ts';

/** The public results page /thu-tuc?q=..., rotating through realistic queries, on both catalogues. */
export const scenario: Scenario = {
  name: 'catalogue search page',
  async run(ctx) {
    const paths = searchQueries.map((q) => `/thu-tuc?${new URLSearchParams({ q })}`);
    for (const target of [ctx.imported, await ctx.generated()]) {
      await expectOk(target.baseUrl, paths, headers);
      const result = await ctx.load({ baseUrl: target.baseUrl, paths, headers });
      ctx.recordHttp(
        `search page, ${target.label}`,
        result,
        `${paths.length} different queries; after the first request each is served from the app's page cache`,
      );
    }
  },
};
