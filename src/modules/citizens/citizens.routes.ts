import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { sendHtml } from '../../web/reply.ts';
import { revokeSession } from '../accounts/sessions.repository.ts';
import { signedInPageUser } from '../accounts/page-user.ts';
import { safeNext, setSessionCookie } from '../accounts/session-plugin.ts';
import { insertLogin, takeLogin } from './citizens.repository.ts';
import * as pages from './citizens.pages.tsx';
import { CitizenSignInFailed, createCitizenOidc } from './oidc-client.ts';
import { signInCitizen } from './sign-in-citizen.ts';

const startPath = '/cong-dan/dang-nhap';
/** Binds a sign-in in progress to the browser that started it, so nobody can finish it in someone else's browser. */
const stateCookie = 'mc_oidc_state';

const messages = {
  unavailable: 'Chưa kết nối được với hệ thống định danh điện tử (VNeID). Vui lòng thử lại sau ít phút.',
  cancelled: 'Bạn đã hủy đăng nhập tại hệ thống định danh điện tử (VNeID).',
  failed: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn (quá 10 phút, hoặc liên kết đã được dùng). Vui lòng đăng nhập lại từ đầu.',
};

/** Citizens: sign-in through OpenID Connect (VNeID) and "Trang của tôi". */
export function citizenRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool, sessions, config } = deps;
    const oidc = createCitizenOidc(config.oidc);
    const secure = config.publicUrl.startsWith('https:');
    const retryHref = (next: string) => (next === '/cong-dan' ? startPath : `${startPath}?tiep=${encodeURIComponent(next)}`);

    app.get(
      startPath,
      { schema: { hide: true, querystring: z.object({ tiep: z.string().max(500).optional() }) } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const next = safeNext(request.query.tiep, '/cong-dan');
        // The provider sends the citizen back to the public address, where this browser's state
        // cookie must be: a demo opened at another name of this machine (127.0.0.1 for localhost)
        // starts there. Only between loopback names: behind a proxy that rewrites Host, a redirect
        // to the public address would come back with the same Host and never end.
        const at = new URL(config.publicUrl);
        if (config.demo && request.host !== at.host && isLoopback(request.hostname) && isLoopback(at.hostname))
          return reply.redirect(`${at.origin}${request.url}`, 303);
        if (!config.oidc.issuer) {
          request.log.warn('citizen sign-in requested but OIDC_ISSUER is not configured');
          return sendHtml(request, reply, pages.signInFailedPage({ message: messages.unavailable, retryHref: retryHref(next) }), 503);
        }
        let login;
        try {
          login = await oidc.begin();
        } catch (err) {
          request.log.error({ err }, 'citizen sign-in could not start');
          return sendHtml(request, reply, pages.signInFailedPage({ message: messages.unavailable, retryHref: retryHref(next) }), 503);
        }
        await insertLogin(pool, { state: login.state, nonce: login.nonce, codeVerifier: login.codeVerifier, nextPath: next });
        reply.setCookie(stateCookie, login.state, { path: startPath, httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
        return reply.redirect(login.url.href, 303);
      },
    );

    app.get(
      `${startPath}/xong`,
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { hide: true, querystring: z.object({ state: z.string().max(200).optional(), error: z.string().max(200).optional() }) },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const { state, error } = request.query;
        const fail = (message: string, detail: string, err?: unknown) => {
          request.log.info({ err }, `citizen sign-in refused: ${detail}`);
          reply.clearCookie(stateCookie, { path: startPath });
          return sendHtml(request, reply, pages.signInFailedPage({ message, retryHref: startPath }), 400);
        };
        if (!state || request.cookies[stateCookie] !== state) return fail(messages.failed, 'state missing or not this browser’s');
        const login = await takeLogin(pool, state);
        if (!login) return fail(messages.failed, 'state unknown, used or expired');
        if (error) return fail(error === 'access_denied' ? messages.cancelled : messages.failed, `provider answered ${error}`);
        let identity;
        try {
          identity = await oidc.complete(callbackUrl(config.oidc.redirectUri, request.url), login);
        } catch (err) {
          if (err instanceof CitizenSignInFailed) return fail(messages.failed, err.message, err.cause);
          throw err;
        }
        await endCurrentSession(request);
        const { token } = await signInCitizen(pool, sessions, identity, request.ip);
        setSessionCookie(reply, token);
        reply.clearCookie(stateCookie, { path: startPath });
        return reply.redirect(login.nextPath, 303);
      },
    );

    app.get('/cong-dan', { schema: { hide: true } }, (request, reply) => {
      reply.header('cache-control', 'no-store');
      const actor = request.actor;
      if (actor.kind !== 'citizen') return reply.redirect(`${startPath}?tiep=${encodeURIComponent('/cong-dan')}`, 303);
      return sendHtml(request, reply, pages.myPage({ citizen: actor, user: signedInPageUser(request, reply)! }));
    });

    /** Revokes the session this browser had (staff or citizen): a sign-in always starts a new one. */
    async function endCurrentSession(request: FastifyRequest) {
      const tokenHash = request.session?.tokenHash;
      if (!tokenHash) return;
      await revokeSession(pool, tokenHash);
      sessions.forget([tokenHash]);
    }
  };
}

const isLoopback = (hostname: string) => ['localhost', '127.0.0.1', '::1', '[::1]'].includes(hostname.toLowerCase());

/** The URL the provider sent the browser to: the registered redirect URI (as the token request must repeat it) with the answer's query. */
function callbackUrl(redirectUri: string, requestUrl: string): URL {
  const url = new URL(redirectUri);
  url.search = new URL(requestUrl, 'http://callback.invalid').search;
  return url;
}
