import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendCachedJson, sendCachedPage, sendEntry, sendHtml } from '../../web/reply.ts';
import * as repo from './catalog.repository.ts';
import * as pages from './catalog.pages.tsx';
import { levelSchema, onlineLevelSchema, procedureSchema } from './procedure.schema.ts';
import { maxQueryLength, pageSize, parseQuery, type SearchFilters } from './search-query.ts';
import { procedurePage } from './procedure.page.tsx';
import { procedurePageOf } from './procedure-pages.ts';
import { searchProcedures } from './search-procedures.ts';

const text = (max: number) => z.string().max(max).optional().default('');
const resultsQuery = z.object({
  // Longer text is refused with a message on the page, not by the schema, so the person sees why.
  q: z.string().max(20_000).optional().default(''),
  linh_vuc: text(300),
  cap: text(20),
  co_quan: text(20),
  truc_tuyen: text(20),
  trang: text(6),
});

/** Reads the filters leniently: an unknown value is ignored rather than failing the page. */
function filtersOf(v: { field: string; level: string; agency: string; online: string }): SearchFilters {
  const level = levelSchema.safeParse(v.level);
  const online = onlineLevelSchema.safeParse(v.online);
  const agencyId = /^\d{1,9}$/.test(v.agency) ? Number(v.agency) : undefined;
  return {
    field: v.field || undefined,
    level: level.success ? level.data : undefined,
    onlineLevel: online.success ? online.data : undefined,
    agencyId,
  };
}

function pageNumber(value: string): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

const codeParams = z.object({ code: z.string().max(60) });

/** The search filters' choices, the same for every page until public data changes. */
export function facetsOf(deps: AppDeps) {
  return deps.pages.remember('catalog:facets', () => repo.filterFacets(deps.pool));
}

export function catalogRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    app.get('/thu-tuc', { schema: { hide: true, querystring: resultsQuery } }, async (request, reply) => {
      const r = request.query;
      const view: pages.ResultsView = {
        q: r.q.trim(),
        field: r.linh_vuc,
        level: r.cap,
        agency: r.co_quan,
        online: r.truc_tuyen,
        page: pageNumber(r.trang),
      };
      if (view.q.length > maxQueryLength) {
        const error = new AppError('query_too_long', `query of ${view.q.length} chars`);
        const shown = { ...view, q: view.q.slice(0, maxQueryLength), error: error.userMessage };
        return sendHtml(request, reply, pages.resultsPage(shown, { hits: [], total: 0, correctedTo: null }, await facetsOf(deps)), 400);
      }
      const key = `/thu-tuc?${JSON.stringify(view)}`;
      return sendCachedPage(request, reply, deps.pages, key, async () => {
        const [result, facets] = await Promise.all([
          searchProcedures(pool, deps.pages, parseQuery(view.q), filtersOf(view), view.page),
          facetsOf(deps),
        ]);
        return pages.resultsPage(view, result, facets);
      });
    });

    app.get('/thu-tuc/:code', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const key = `/thu-tuc/${request.params.code}`;
      const cached = deps.pages.get(key);
      if (cached) return sendEntry(request, reply, cached);
      const page = await procedurePageOf(pool, request.params.code);
      if (!page) throw new AppError('not_found', `procedure ${request.params.code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
      return sendEntry(request, reply, deps.pages.put(key, '', undefined, page));
    });

    app.get(
      '/thu-tuc/:code/phien-ban/:version',
      {
        schema: { hide: true, params: codeParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }) },
      },
      async (request, reply) => {
        const { code, version } = request.params;
        const [procedure, current] = await Promise.all([repo.findVersion(pool, code, version), repo.findProcedureView(pool, code)]);
        if (!procedure || !current) throw new AppError('not_found', `procedure ${code} v${version}`);
        return sendHtml(request, reply, procedurePage(procedure, version, current.versions, [], version !== current.version));
      },
    );

    // JSON API.
    const hitSchema = z.object({
      code: z.string(),
      name: z.string(),
      field: z.string(),
      levels: z.array(levelSchema),
      onlineLevel: onlineLevelSchema,
    });
    app.get(
      '/api/procedures',
      {
        schema: {
          summary: 'Tìm thủ tục (không phân biệt dấu, chịu lỗi gõ)',
          tags: ['catalog'],
          querystring: z.object({
            q: z.string().max(maxQueryLength).optional().default(''),
            field: z.string().max(300).optional(),
            level: levelSchema.optional(),
            agency: z.coerce
              .number()
              .int()
              .positive()
              .max(2 ** 31)
              .optional(),
            online: onlineLevelSchema.optional(),
            page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
          }),
          response: {
            200: z.object({
              total: z.number(),
              page: z.number(),
              pageSize: z.number(),
              correctedTo: z.string().nullable(),
              items: z.array(hitSchema),
            }),
          },
        },
      },
      async (request, reply) => {
        const { q, field, level, agency, online, page } = request.query;
        const filters = { field, level, agencyId: agency, onlineLevel: online };
        // Sent here (cached, compressed) rather than returned: the schema above still documents the shape.
        await sendCachedJson(request, reply, deps.pages, `api:procedures:${JSON.stringify([q.trim(), filters, page])}`, async () => {
          const result = await searchProcedures(pool, deps.pages, parseQuery(q), filters, page);
          return { total: result.total, page, pageSize, correctedTo: result.correctedTo, items: result.hits };
        });
      },
    );

    app.get(
      '/api/procedures/:code',
      {
        schema: {
          summary: 'Một thủ tục, phiên bản hiện hành, kèm cơ quan thực hiện tại tỉnh',
          tags: ['catalog'],
          params: codeParams,
          response: {
            200: z.object({
              version: z.number(),
              procedure: procedureSchema,
              agencies: z.array(z.object({ id: z.number(), code: z.string().nullable(), name: z.string() })),
            }),
          },
        },
      },
      async (request) => {
        const found = await repo.findProcedureView(pool, request.params.code);
        if (!found) throw new AppError('not_found', `procedure ${request.params.code}`);
        return { version: found.version, procedure: found.procedure, agencies: found.agencies };
      },
    );

    app.get(
      '/api/procedures/:code/versions',
      {
        schema: {
          summary: 'Các phiên bản của một thủ tục',
          tags: ['catalog'],
          params: codeParams,
          response: { 200: z.object({ versions: z.array(z.object({ version: z.number(), importedOn: z.string(), source: z.string() })) }) },
        },
      },
      async (request) => {
        const versions = await repo.listVersions(pool, request.params.code);
        if (!versions.length) throw new AppError('not_found', `procedure ${request.params.code}`);
        return { versions };
      },
    );
  };
}
