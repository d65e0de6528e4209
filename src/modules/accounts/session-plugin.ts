import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { Actor, CitizenActor, StaffActor } from './actor.ts';
import { anonymous } from './actor.ts';
import { rolesNeedingSecondFactor } from './roles.ts';
import { absoluteHours, type LoadedSession, type Resolved, type SessionStore } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    session: LoadedSession | null;
  }
}

export const sessionCookie = 'mc_session';
const csrfCookie = 'mc_csrf';

/**
 * Puts `request.actor` and `request.session` on every request, and refuses any
 * state-changing request whose CSRF token does not match: the session's token
 * for a signed-in person, a double-submit cookie before sign-in (the sign-in
 * form itself). A program calling the API without cookies carries no ambient
 * authority and is not asked for a token.
 */
export async function installSessions(app: FastifyInstance, sessions: SessionStore, secureCookies: boolean): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  // Callback-style hooks: an anonymous GET (most traffic) pays no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    request.actor = anonymous;
    request.session = null;
    const token = request.cookies[sessionCookie];
    if (!token || token.length > 100) return done();
    const use = (resolved: Resolved | null) => {
      if (resolved) {
        request.session = resolved.session;
        request.actor = resolved.actor;
      }
    };
    const cached = sessions.peek(token);
    if (cached !== undefined) {
      use(cached);
      return done();
    }
    sessions.resolve(token).then((resolved) => {
      use(resolved);
      done();
    }, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
    if (isMultipart(request)) {
      // Uploads are read by their route, which checks the `_csrf` part (sent first) before storing
      // any file (verifyCsrf). A multipart body sent to any other route is refused outright.
      const accepts = (request.routeOptions.config as { acceptsFiles?: boolean } | undefined)?.acceptsFiles === true;
      return done(accepts ? undefined : new AppError('unsupported_media_type', `multipart body on ${request.url}`));
    }
    const expected = request.session?.csrfToken ?? request.cookies[csrfCookie];
    if (!request.session && !request.cookies[csrfCookie] && request.url.startsWith('/api/')) return done();
    const body = request.body as Record<string, unknown> | undefined;
    const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (!expected || typeof given !== 'string' || !sameText(expected, given)) {
      return done(
        new AppError('forbidden', `CSRF token missing or wrong on ${request.method} ${request.url}`, {
          userMessage: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại.',
        }),
      );
    }
    done();
  });
  cookieOptions.secure = secureCookies;
}

/** A multipart body (a page's form with file inputs, a program's upload): read by its route (files/multipart.ts), never parsed before. */
export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/** For routes that read uploads: the `_csrf` value of the form, checked before any file is read. */
export function verifyCsrf(request: FastifyRequest, given: unknown): void {
  const expected = request.session?.csrfToken ?? request.cookies[csrfCookie];
  if (!expected || typeof given !== 'string' || !sameText(expected, given)) {
    throw new AppError('forbidden', `CSRF token missing or wrong on ${request.method} ${request.url}`, {
      userMessage: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại.',
    });
  }
}

const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: false };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, { ...cookieOptions, maxAge: absoluteHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}

/** The token a form must carry: the session's, or a double-submit cookie set now for anonymous forms. */
export function csrfFor(request: FastifyRequest, reply: FastifyReply): string {
  if (request.session) return request.session.csrfToken;
  let token = request.cookies[csrfCookie];
  if (!token || token.length > 100) {
    token = randomBytes(24).toString('base64url');
    reply.setCookie(csrfCookie, token, { ...cookieOptions, maxAge: 2 * 3600 });
    request.cookies[csrfCookie] = token;
  }
  return token;
}

/** A local path to go to after sign-in; anything that could leave the site becomes `fallback`. */
export function safeNext(next: unknown, fallback = '/quan-tri'): string {
  if (typeof next !== 'string' || next.length > 500) return fallback;
  if (!/^\/(?![/\\])/.test(next) || /[\u0000-\u001f\\]/.test(next)) return fallback;
  return next;
}

/** For a citizen's own pages: the signed-in citizen, or (answered) a redirect to sign-in that comes back here. */
export function requireCitizen(request: FastifyRequest, reply: FastifyReply): CitizenActor | null {
  reply.header('cache-control', 'no-store');
  if (request.actor.kind === 'citizen') return request.actor;
  void reply.redirect(`/cong-dan/dang-nhap?tiep=${encodeURIComponent(request.url)}`, 303);
  return null;
}

/**
 * For staff pages and API: the signed-in staff member, or a redirect (pages) /
 * 401 (API) that leads to what is missing: sign-in, the second factor, its
 * enrolment when a role demands it, or the change of a temporary password.
 * Returns null when it has answered.
 */
export function requireStaff(request: FastifyRequest, reply: FastifyReply): StaffActor | null {
  reply.header('cache-control', 'no-store');
  const api = request.url.startsWith('/api/');
  const actor = request.actor;
  if (actor.kind !== 'staff') {
    if (api) throw new AppError('unauthenticated', 'staff session required');
    // The staff sign-in form would not say why a signed-in citizen is shown it.
    if (actor.kind === 'citizen')
      throw new AppError('forbidden', `citizen on the staff page ${request.url.slice(0, 200)}`, {
        userMessage:
          'Trang này dành cho cán bộ. Bạn đang đăng nhập bằng tài khoản công dân: hồ sơ của bạn ở mục “Hồ sơ của tôi”. Nếu bạn là cán bộ, hãy đăng xuất rồi đăng nhập bằng tài khoản cán bộ.',
      });
    const pending = request.session?.kind === 'staff' && !request.session.secondFactorDone;
    void reply.redirect(pending ? '/dang-nhap/xac-thuc' : `/dang-nhap?tiep=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  const needsEnrolment = !actor.hasSecondFactor && actor.roles.some((g) => rolesNeedingSecondFactor.includes(g.role));
  const detour = actor.mustChangePassword ? '/tai-khoan/doi-mat-khau' : needsEnrolment ? '/tai-khoan/xac-thuc-hai-lop' : null;
  if (detour && !request.url.startsWith(detour)) {
    if (api) throw new AppError('forbidden', 'password change or second factor enrolment pending');
    // The page asked for is where the person goes once the detour is done (a form's POST is not a page).
    const back = request.method === 'GET' && request.url.length <= 500 ? `?tiep=${encodeURIComponent(request.url)}` : '';
    void reply.redirect(detour + back, 303);
    return null;
  }
  return actor;
}
