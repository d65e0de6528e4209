import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendCachedPage } from '../../web/reply.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { listProceduresOfAgency } from '../catalog/catalog.repository.ts';
import * as pages from './agencies.pages.tsx';
import * as repo from './agencies.repository.ts';
import { agencyInputSchema, agencySchema } from './agency.schema.ts';
import { agencyIndexOf } from './agency-index.ts';
import { buildTree } from './agency-tree.ts';
import { exportAgencies, importAgenciesAs } from './import-agencies.ts';

/** The public directory of agencies (/co-quan) and the agencies JSON API. */
export function agencyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    // Public directory.
    app.get('/co-quan', { schema: { hide: true } }, (request, reply) =>
      sendCachedPage(request, reply, deps.pages, '/co-quan', async () => pages.directoryPage(buildTree(await repo.listAgencies(pool)))),
    );
    app.get('/co-quan/:code', { schema: { hide: true, params: z.object({ code: z.string().max(40) }) } }, async (request, reply) => {
      const agency = await repo.findAgencyByCode(pool, request.params.code);
      if (!agency) throw new AppError('not_found', `agency ${request.params.code}`, { userMessage: 'Không tìm thấy cơ quan có mã này.' });
      return sendCachedPage(request, reply, deps.pages, `/co-quan/${agency.code}`, async () => {
        const all = await repo.listAgencies(pool);
        const parent = all.find((a) => a.id === agency.parentId);
        const units = all.filter((a) => a.parentId === agency.id && a.kind === 'unit');
        return pages.agencyPage(agency, parent, units, await listProceduresOfAgency(pool, agency.id));
      });
    });

    // JSON API.
    app.get(
      '/api/agencies',
      {
        schema: {
          summary: 'Danh sách cơ quan, đơn vị',
          tags: ['agencies'],
          response: { 200: z.object({ agencies: z.array(agencySchema) }) },
        },
      },
      async () => ({ agencies: (await repo.listAgencies(pool)).map(({ parentId: _p, ...a }) => a) }),
    );

    app.get(
      '/api/agencies/export',
      {
        schema: {
          summary: 'Xuất toàn bộ cây cơ quan theo định dạng nhập',
          tags: ['agencies'],
          response: { 200: z.array(agencyInputSchema) },
        },
      },
      async (_request, reply) => {
        reply.header('content-disposition', 'attachment; filename="co-quan.json"');
        return exportAgencies(pool);
      },
    );

    app.get(
      '/api/agencies/:code',
      {
        schema: {
          summary: 'Một cơ quan theo mã định danh',
          tags: ['agencies'],
          params: z.object({ code: z.string().max(40) }),
          response: { 200: agencySchema },
        },
      },
      async (request) => {
        const agency = await repo.findAgencyByCode(pool, request.params.code);
        if (!agency) throw new AppError('not_found', `agency ${request.params.code}`);
        const { parentId: _p, ...rest } = agency;
        return rest;
      },
    );

    app.post(
      '/api/agencies/import',
      {
        bodyLimit: 6_000_000,
        schema: {
          summary: 'Nhập danh sách cơ quan (tất cả hoặc không gì cả)',
          tags: ['agencies'],
          body: z.array(z.unknown()),
          response: { 200: z.object({ added: z.number(), changed: z.number(), unchanged: z.number() }) },
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply)!;
        const summary = await importAgenciesAs(pool, actor, await agencyIndexOf(deps), request.body, request.ip);
        deps.publicDataChanged();
        return summary;
      },
    );
  };
}
