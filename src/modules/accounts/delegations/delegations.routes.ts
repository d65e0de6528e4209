import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app.ts';
import { AppError, type FieldProblem } from '../../../errors.ts';
import { sendHtml } from '../../../web/reply.ts';
import { agencyIndexOf } from '../../agencies/agency-index.ts';
import { listAgencies } from '../../agencies/agencies.repository.ts';
import { delegationPolicy } from '../accounts.policy.ts';
import { pageUserOf } from '../page-user.ts';
import { authorize, mayAnywhere } from '../policy.ts';
import { roleLabels } from '../roles.ts';
import { requireStaff } from '../session-plugin.ts';
import * as repo from './delegations.repository.ts';
import * as pages from './delegations.pages.tsx';
import { createDelegation, endDelegation, lendableRoles } from './manage-delegations.ts';

const form = z.object({
  grantIndex: z.string().max(4).default(''),
  delegateUsername: z.string().max(100).default(''),
  validFrom: z.string().max(20).default(''),
  validTo: z.string().max(20).default(''),
  reason: z.string().max(500).default(''),
});

/** /quan-tri/uy-quyen: lend a role, see and end delegations. */
export function delegationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool, sessions } = deps;

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: pages.DelegationFormValues,
      problems: FieldProblem[],
      notice?: string,
    ) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      if (!mayAnywhere(actor, delegationPolicy, 'view')) throw new AppError('forbidden', 'delegations');
      const index = await agencyIndexOf(deps);
      const province = authorize(actor, delegationPolicy, 'view', { agencyId: null }, index) !== null;
      const visible = province
        ? null
        : (await listAgencies(pool)).filter((x) => authorize(actor, delegationPolicy, 'view', { agencyId: x.id }, index)).map((x) => x.id);
      const own = actor.roles.filter((g) => g.delegatedBy === null);
      const lendable = own
        .map((g, i) => ({ g, i }))
        .filter(
          ({ g }) =>
            lendableRoles.includes(g.role) &&
            authorize({ ...actor, roles: [g] }, delegationPolicy, 'delegate', { agencyId: g.agencyId }, index),
        )
        .map(({ g, i }) => ({ value: String(i), label: `${roleLabels[g.role]} – ${index.nameOf(g.agencyId)}` }));
      const page = pages.delegationsPage({
        user: pageUserOf(request, reply, actor),
        delegations: await repo.listDelegations(pool, visible, actor.staffId),
        today: await repo.todayInVietnam(pool),
        agencyName: index.nameOf,
        canRevoke: (d) =>
          d.delegatorId === actor.staffId || authorize(actor, delegationPolicy, 'revoke_any', { agencyId: d.agencyId }, index) !== null,
        lendable,
        values,
        problems,
        ...(notice ? { notice } : {}),
      });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get(
      '/quan-tri/uy-quyen',
      { schema: { hide: true, querystring: z.object({ xong: z.string().max(20).optional() }) } },
      (request, reply) => {
        const notice =
          request.query.xong === 'tao' ? 'Đã ủy quyền.' : request.query.xong === 'thu_hoi' ? 'Đã thu hồi ủy quyền.' : undefined;
        return show(request, reply, form.parse({}), [], notice);
      },
    );

    app.post('/quan-tri/uy-quyen', { schema: { hide: true, body: form } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      const v = request.body;
      try {
        await createDelegation(
          { pool, actor, index: await agencyIndexOf(deps), ip: request.ip },
          { ...v, grantIndex: /^\d+$/.test(v.grantIndex) ? Number(v.grantIndex) : -1 },
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation_failed') return show(request, reply, v, err.problems);
        throw err;
      }
      sessions.forget();
      return reply.redirect('/quan-tri/uy-quyen?xong=tao', 303);
    });

    app.post(
      '/quan-tri/uy-quyen/:id/thu-hoi',
      {
        schema: {
          hide: true,
          params: z.object({
            id: z.coerce
              .number()
              .int()
              .positive()
              .max(2 ** 31),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        await endDelegation({ pool, actor, index: await agencyIndexOf(deps), ip: request.ip }, request.params.id);
        sessions.forget();
        return reply.redirect('/quan-tri/uy-quyen?xong=thu_hoi', 303);
      },
    );
  };
}
