import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { sendHtml } from '../../web/reply.ts';
import * as sessionsRepo from './sessions.repository.ts';
import { findForSignInById } from './staff.repository.ts';
import { enrolSecondFactor, verifySecondFactor } from './second-factor.ts';
import { clearSessionCookie, csrfFor, safeNext, setSessionCookie } from './session-plugin.ts';
import { signIn } from './sign-in.ts';
import * as pages from './sign-in.pages.tsx';
import { enrolmentQr, newTotpSecret } from './totp.ts';

const messages = {
  invalid: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  locked: 'Tài khoản đang tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị cơ quan.',
  disabled: 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị cơ quan.',
  badCode: 'Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã mới đang hiển thị.',
};

/** Staff sign-in: password, then the second factor (or its enrolment), and sign-out. */
export function signInRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool, sessions } = deps;
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

    app.get('/dang-nhap', { schema: { hide: true, querystring: z.object({ tiep: z.string().max(500).optional() }) } }, (request, reply) => {
      noStore(reply);
      if (request.actor.kind === 'staff') return reply.redirect(safeNext(request.query.tiep), 303);
      return sendHtml(
        request,
        reply,
        pages.signInPage({ csrf: csrfFor(request, reply), next: safeNext(request.query.tiep), username: '' }),
      );
    });

    app.post(
      '/dang-nhap',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          hide: true,
          body: z.object({
            username: z.string().max(200).default(''),
            password: z.string().max(500).default(''),
            tiep: z.string().max(500).optional(),
          }),
        },
      },
      async (request, reply) => {
        noStore(reply);
        const { username, password, tiep } = request.body;
        const result = await signIn(pool, username, password, request.ip);
        if (!result.ok) {
          const page = pages.signInPage({ csrf: csrfFor(request, reply), next: safeNext(tiep), username, error: messages[result.reason] });
          return sendHtml(request, reply, page, result.reason === 'invalid' ? 401 : 423);
        }
        await endCurrentSession(request);
        const token = await sessions.start({
          kind: 'staff',
          staffId: result.staffId,
          secondFactorDone: result.next === null,
          ip: request.ip,
        });
        setSessionCookie(reply, token);
        const next = safeNext(tiep);
        if (result.next === 'verify') return reply.redirect(`/dang-nhap/xac-thuc?tiep=${encodeURIComponent(next)}`, 303);
        if (result.next === 'enrol') return reply.redirect('/dang-nhap/thiet-lap', 303);
        return reply.redirect(next, 303);
      },
    );

    /** The staff session still waiting for its second factor, or a redirect to sign-in. */
    const pending = (request: FastifyRequest, reply: FastifyReply) => {
      noStore(reply);
      const s = request.session;
      if (s?.kind === 'staff' && !s.secondFactorDone && s.staffId !== null) return { ...s, staffId: s.staffId };
      void reply.redirect(s?.kind === 'staff' ? '/quan-tri' : '/dang-nhap', 303);
      return null;
    };
    const nextQuery = z.object({ tiep: z.string().max(500).optional() });

    app.get('/dang-nhap/xac-thuc', { schema: { hide: true, querystring: nextQuery } }, (request, reply) => {
      const s = pending(request, reply);
      return s && sendHtml(request, reply, pages.codePage({ csrf: s.csrfToken }));
    });
    app.post(
      '/dang-nhap/xac-thuc',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { hide: true, querystring: nextQuery, body: z.object({ code: z.string().max(20).default('') }) },
      },
      async (request, reply) => {
        const s = pending(request, reply);
        if (!s) return reply;
        const result = await verifySecondFactor(pool, s.staffId, s.tokenHash, request.body.code, request.ip);
        sessions.forget([s.tokenHash]);
        if (!result.ok)
          return sendHtml(
            request,
            reply,
            pages.codePage({ csrf: s.csrfToken, error: result.reason === 'locked' ? messages.locked : messages.badCode }),
            401,
          );
        return reply.redirect(safeNext(request.query.tiep), 303);
      },
    );

    app.get('/dang-nhap/thiet-lap', { schema: { hide: true } }, async (request, reply) => {
      const s = pending(request, reply);
      if (!s) return reply;
      return sendHtml(request, reply, await enrolment(deps, s, '/dang-nhap/thiet-lap', true));
    });
    app.post(
      '/dang-nhap/thiet-lap',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { hide: true, body: z.object({ code: z.string().max(20).default('') }) },
      },
      async (request, reply) => {
        const s = pending(request, reply);
        if (!s) return reply;
        const secret = await sessionsRepo.pendingTotpSecret(pool, s.tokenHash);
        if (secret && (await enrolSecondFactor(pool, s.staffId, s.tokenHash, secret, request.body.code, request.ip))) {
          sessions.forget([s.tokenHash]);
          return reply.redirect('/quan-tri', 303);
        }
        return sendHtml(request, reply, await enrolment(deps, s, '/dang-nhap/thiet-lap', true, messages.badCode), 400);
      },
    );

    app.post('/dang-xuat', { schema: { hide: true } }, async (request, reply) => {
      await endCurrentSession(request);
      clearSessionCookie(reply);
      return reply.redirect('/', 303);
    });

    async function endCurrentSession(request: FastifyRequest) {
      const token = request.session?.tokenHash;
      if (!token) return;
      await sessionsRepo.revokeSession(pool, token);
      sessions.forget([token]);
    }
  };
}

/**
 * The enrolment page for a session: the secret being enrolled is kept with the
 * session, so a wrong code or a reload shows the same QR code the person scanned.
 */
export async function enrolment(
  deps: AppDeps,
  s: { tokenHash: string; csrfToken: string; staffId: number },
  action: string,
  required: boolean,
  error?: string,
): Promise<string> {
  let secret = await sessionsRepo.pendingTotpSecret(deps.pool, s.tokenHash);
  if (!secret) {
    secret = newTotpSecret();
    await sessionsRepo.setPendingTotpSecret(deps.pool, s.tokenHash, secret);
  }
  const person = await findForSignInById(deps.pool, s.staffId);
  const qr = await enrolmentQr(secret, person?.username ?? '');
  return pages.enrolPage({ csrf: s.csrfToken, qr, secret, action, required, ...(error ? { error } : {}) });
}
