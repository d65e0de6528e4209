import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { appendAuditNow } from '../audit/append-audit.ts';
import * as pages from './account.pages.tsx';
import { auditActorOf } from './audit-actor.ts';
import { changePassword } from './change-password.ts';
import { pageUserOf } from './page-user.ts';
import { rolesNeedingSecondFactor } from './roles.ts';
import { enrolSecondFactor } from './second-factor.ts';
import { clearSessionCookie, requireStaff, safeNext } from './session-plugin.ts';
import { pendingTotpSecret, revokeStaffSessions } from './sessions.repository.ts';
import { enrolment } from './sign-in.routes.ts';

/** /tai-khoan: one's own account: roles, password, second factor, sign out everywhere. */
export function accountRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool, sessions } = deps;

    app.get('/tai-khoan', { schema: { hide: true, querystring: z.object({ da_doi: z.string().optional() }) } }, async (request, reply) => {
      if (request.actor.kind === 'citizen') return reply.redirect('/cong-dan', 303);
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      const index = await agencyIndexOf(deps);
      const page = pages.accountPage({
        user: pageUserOf(request, reply, actor),
        actor,
        agencyName: (id) => index.nameOf(id),
        ...(request.query.da_doi ? { notice: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.' } : {}),
      });
      return sendHtml(request, reply, page);
    });

    const back = z.object({ tiep: z.string().max(500).optional() });
    /** The page asked for before a detour (password change, enrolment), if it is one of ours. */
    const nextOf = (tiep: string | undefined) => (tiep && safeNext(tiep, '')) || undefined;
    /** A detour's form posts back to itself, carrying that page. */
    const actionOf = (path: string, tiep: string | undefined) => {
      const next = nextOf(tiep);
      return next ? `${path}?tiep=${encodeURIComponent(next)}` : path;
    };

    app.get('/tai-khoan/doi-mat-khau', { schema: { hide: true, querystring: back } }, (request, reply) => {
      const actor = requireStaff(request, reply);
      return (
        actor &&
        sendHtml(
          request,
          reply,
          pages.changePasswordPage({
            user: pageUserOf(request, reply, actor),
            required: actor.mustChangePassword,
            problems: [],
            action: actionOf('/tai-khoan/doi-mat-khau', request.query.tiep),
          }),
        )
      );
    });
    app.post(
      '/tai-khoan/doi-mat-khau',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          hide: true,
          querystring: back,
          body: z.object({
            current: z.string().max(500).default(''),
            next: z.string().max(500).default(''),
            repeat: z.string().max(500).default(''),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        const { current, next, repeat } = request.body;
        try {
          const ended = await changePassword(pool, actor.staffId, request.session!.tokenHash, current, next, repeat, request.ip);
          sessions.forget([...ended, request.session!.tokenHash]);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return sendHtml(
            request,
            reply,
            pages.changePasswordPage({
              user: pageUserOf(request, reply, actor),
              required: actor.mustChangePassword,
              problems: err.problems,
              action: actionOf('/tai-khoan/doi-mat-khau', request.query.tiep),
            }),
            400,
          );
        }
        return reply.redirect(nextOf(request.query.tiep) ?? '/tai-khoan?da_doi=1', 303);
      },
    );

    const enrolPath = '/tai-khoan/xac-thuc-hai-lop';
    app.get(enrolPath, { schema: { hide: true, querystring: back } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      if (actor.hasSecondFactor) return reply.redirect('/tai-khoan', 303);
      const required = actor.roles.some((g) => rolesNeedingSecondFactor.includes(g.role));
      return sendHtml(
        request,
        reply,
        await enrolment(deps, { ...request.session!, staffId: actor.staffId }, actionOf(enrolPath, request.query.tiep), required),
      );
    });
    app.post(
      enrolPath,
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { hide: true, querystring: back, body: z.object({ code: z.string().max(20).default('') }) },
      },
      async (request, reply) => {
        const actor = requireStaff(request, reply);
        if (!actor) return reply;
        const s = request.session!;
        const secret = await pendingTotpSecret(pool, s.tokenHash);
        if (secret && (await enrolSecondFactor(pool, actor.staffId, s.tokenHash, secret, request.body.code, request.ip))) {
          sessions.forget();
          return reply.redirect(nextOf(request.query.tiep) ?? '/tai-khoan', 303);
        }
        const required = actor.roles.some((g) => rolesNeedingSecondFactor.includes(g.role));
        return sendHtml(
          request,
          reply,
          await enrolment(
            deps,
            { ...s, staffId: actor.staffId },
            actionOf(enrolPath, request.query.tiep),
            required,
            'Mã xác thực không đúng. Hãy nhập mã mới đang hiển thị.',
          ),
          400,
        );
      },
    );

    app.post('/tai-khoan/dang-xuat-moi-noi', { schema: { hide: true } }, async (request, reply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return reply;
      const ended = await revokeStaffSessions(pool, actor.staffId);
      sessions.forget(ended);
      await appendAuditNow(pool, {
        actor: auditActorOf(actor),
        action: 'signed_out_everywhere',
        subjectType: 'staff',
        subjectId: actor.staffId,
        detail: { sessions: ended.length },
        ip: request.ip,
      });
      clearSessionCookie(reply);
      return reply.redirect('/dang-nhap', 303);
    });
  };
}
