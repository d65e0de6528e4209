import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app.ts';
import { AppError } from '../../../errors.ts';
import { compareVietnamese } from '../../../lib/vietnamese.ts';
import { sendHtml } from '../../../web/reply.ts';
import { agencyIndexOf } from '../../agencies/agency-index.ts';
import { listAgencies } from '../../agencies/agencies.repository.ts';
import { appendAuditNow } from '../../audit/append-audit.ts';
import { staffPolicy } from '../accounts.policy.ts';
import { auditActorOf } from '../audit-actor.ts';
import { pageUserOf } from '../page-user.ts';
import { authorize, mayAnywhere } from '../policy.ts';
import { roles } from '../roles.ts';
import { requireStaff } from '../session-plugin.ts';
import * as repo from '../staff.repository.ts';
import { mayOverPerson, mustAuthorizeOverPerson } from './authority.ts';
import { createStaff, grantStaffRole, resetStaffPassword, revokeStaffRole, setStaffLocked } from './manage-staff.ts';
import * as pages from './staff-admin.pages.tsx';

const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** /quan-tri/can-bo: staff accounts and their roles, each action checked against accounts.policy.ts. */
export function staffAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool, sessions } = deps;

    const admin = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const index = await agencyIndexOf(deps);
      return { actor, index, ip: request.ip, pool, user: pageUserOf(request, reply, actor) };
    };
    type Admin = NonNullable<Awaited<ReturnType<typeof admin>>>;

    /** Agencies where this person may use `action` (for the choices of a form). */
    const agencyChoices = async (a: Admin, action: 'create' | 'grant_role') =>
      (await listAgencies(pool))
        .filter((x) => x.inForce && authorize(a.actor, staffPolicy, action, { agencyId: x.id }, a.index))
        .sort((x, y) => compareVietnamese(x.name, y.name))
        .map((x) => ({ value: String(x.id), label: x.name }));

    app.get('/quan-tri/can-bo', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      if (!mayAnywhere(a.actor, staffPolicy, 'list')) throw new AppError('forbidden', 'staff list');
      const province = authorize(a.actor, staffPolicy, 'list', { agencyId: null }, a.index) !== null;
      const inScope = (await listAgencies(pool)).filter((x) => authorize(a.actor, staffPolicy, 'list', { agencyId: x.id }, a.index));
      const staff = await repo.listStaff(pool, province ? null : inScope.map((x) => x.id));
      return sendHtml(
        request,
        reply,
        pages.staffListPage({ user: a.user, staff, agencyName: a.index.nameOf, canCreate: mayAnywhere(a.actor, staffPolicy, 'create') }),
      );
    });

    const newForm = z.object({
      username: z.string().max(100).default(''),
      fullName: z.string().max(300).default(''),
      email: z.string().max(300).default(''),
      agencyId: z.string().max(12).default(''),
      role: z.string().max(40).default(''),
    });
    app.get('/quan-tri/can-bo/moi', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      if (!mayAnywhere(a.actor, staffPolicy, 'create')) throw new AppError('forbidden', 'create staff');
      return sendHtml(
        request,
        reply,
        pages.newStaffPage({ user: a.user, values: newForm.parse({}), problems: [], agencies: await agencyChoices(a, 'create') }),
      );
    });
    app.post('/quan-tri/can-bo/moi', { schema: { hide: true, body: newForm } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      const v = request.body;
      const role = (roles as readonly string[]).includes(v.role) ? (v.role as (typeof roles)[number]) : null;
      try {
        const created = await createStaff(a, {
          username: v.username,
          fullName: v.fullName,
          email: v.email,
          agencyId: /^\d+$/.test(v.agencyId) ? Number(v.agencyId) : null,
          role,
        });
        const person = (await repo.findStaff(pool, created.id))!;
        return sendHtml(request, reply, pages.temporaryPasswordPage({ user: a.user, person, password: created.password, created: true }));
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
        return sendHtml(
          request,
          reply,
          pages.newStaffPage({ user: a.user, values: v, problems: err.problems, agencies: await agencyChoices(a, 'create') }),
          400,
        );
      }
    });

    const detail = async (request: FastifyRequest, reply: FastifyReply, a: Admin, id: number, notice?: string, status = 200) => {
      const person = await repo.findStaff(pool, id);
      if (!person) throw new AppError('not_found', `staff ${id}`, { userMessage: 'Không tìm thấy cán bộ này.' });
      mustAuthorizeOverPerson(a.actor, 'view', person, a.index, { allowSelf: true });
      const canManage = person.id !== a.actor.staffId && mayOverPerson(a.actor, 'grant_role', person, a.index);
      // Opening a person's record is a read of personal data.
      await appendAuditNow(pool, {
        actor: auditActorOf(a.actor),
        action: 'personal_data_read',
        subjectType: 'staff',
        subjectId: id,
        agencyId: person.agencyId,
        ip: request.ip,
      });
      const page = pages.staffDetailPage({
        user: a.user,
        person,
        agencyName: a.index.nameOf,
        canManage,
        agencies: canManage ? await agencyChoices(a, 'grant_role') : [],
        ...(notice ? { notice } : {}),
      });
      return sendHtml(request, reply, page, status);
    };

    app.get(
      '/quan-tri/can-bo/:id',
      { schema: { hide: true, params: idParams, querystring: z.object({ xong: z.string().max(40).optional() }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const notices: Record<string, string> = {
          giao: 'Đã giao vai trò.',
          thu_hoi: 'Đã thu hồi vai trò.',
          khoa: 'Đã khóa tài khoản; mọi phiên đăng nhập đã kết thúc.',
          mo_khoa: 'Đã mở khóa tài khoản.',
        };
        return detail(request, reply, a, request.params.id, notices[request.query.xong ?? '']);
      },
    );

    /** Runs an admin change, forgets cached sessions (roles changed), and returns to the person's page. */
    const change = (path: string, body: z.ZodType, run: (a: Admin, id: number, body: never) => Promise<string>) =>
      app.post(`/quan-tri/can-bo/:id/${path}`, { schema: { hide: true, params: idParams, body } }, async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const done = await run(a, request.params.id, request.body as never);
        sessions.forget();
        return reply.redirect(`/quan-tri/can-bo/${request.params.id}?xong=${done}`, 303);
      });

    change(
      'giao',
      z.object({ role: z.string().max(40), agencyId: z.string().max(12) }),
      async (a, id, b: { role: string; agencyId: string }) => {
        if (!(roles as readonly string[]).includes(b.role) || !/^\d+$/.test(b.agencyId)) {
          throw new AppError('validation_failed', 'role form', { userMessage: 'Chọn vai trò và cơ quan, đơn vị rồi gửi lại.' });
        }
        await grantStaffRole(a, id, b.role as (typeof roles)[number], Number(b.agencyId));
        return 'giao';
      },
    );
    change('thu-hoi', z.object({ grantId: z.coerce.number().int().positive() }), async (a, id, b: { grantId: number }) => {
      await revokeStaffRole(a, id, b.grantId);
      return 'thu_hoi';
    });
    change('khoa', z.object({}), async (a, id) => {
      sessions.forget(await setStaffLocked(a, id, true));
      return 'khoa';
    });
    change('mo-khoa', z.object({}), async (a, id) => {
      await setStaffLocked(a, id, false);
      return 'mo_khoa';
    });

    app.post(
      '/quan-tri/can-bo/:id/dat-lai-mat-khau',
      { schema: { hide: true, params: idParams, body: z.object({ secondFactor: z.string().max(2).optional() }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const { password, endedSessions } = await resetStaffPassword(a, request.params.id, request.body.secondFactor === '1');
        sessions.forget(endedSessions);
        const person = (await repo.findStaff(pool, request.params.id))!;
        return sendHtml(request, reply, pages.temporaryPasswordPage({ user: a.user, person, password, created: false }));
      },
    );
  };
}
