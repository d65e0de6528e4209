import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { staffPolicy } from '../accounts/accounts.policy.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize, mayAnywhere } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { listAgencies } from '../agencies/agencies.repository.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import * as pages from './audit.pages.tsx';
import { listAuditEntries } from './audit-query.ts';

const text = (max: number) => z.string().max(max).optional().default('');

/** /quan-tri/nhat-ky: the audit log with filters, within the agencies the reader may see. */
export function auditRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/quan-tri/nhat-ky',
      {
        schema: {
          hide: true,
          querystring: z.object({
            tu: text(20),
            den: text(20),
            nguoi: text(100),
            thao_tac: text(60),
            doi_tuong: text(100),
            trang: text(6),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        if (!mayAnywhere(actor, staffPolicy, 'view_audit')) throw new AppError('forbidden', 'audit log');
        const index = await agencyIndexOf(deps);
        const province = authorize(actor, staffPolicy, 'view_audit', { agencyId: null }, index) !== null;
        const agencyIds = province
          ? null
          : (await listAgencies(deps.pool))
              .filter((a) => authorize(actor, staffPolicy, 'view_audit', { agencyId: a.id }, index))
              .map((a) => a.id);
        const { trang, ...values } = request.query;
        const page = /^\d+$/.test(trang) ? Number(trang) : 1;
        const user = pageUserOf(request, reply, actor);
        try {
          const result = await listAuditEntries(
            deps.pool,
            {
              from: values.tu || null,
              to: values.den || null,
              actor: values.nguoi || null,
              action: values.thao_tac || null,
              subjectId: values.doi_tuong || null,
              agencyIds,
            },
            page,
          );
          return sendHtml(request, reply, pages.auditPage({ user, values, result, problems: [], agencyName: index.nameOf }));
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          const problems = err.problems.map((p) => ({ ...p, field: p.field === 'from' ? 'tu' : p.field === 'to' ? 'den' : p.field }));
          return sendHtml(request, reply, pages.auditPage({ user, values, result: null, problems, agencyName: index.nameOf }), 400);
        }
      },
    );
  };
}
