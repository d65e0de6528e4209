import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { accountRoutes } from './modules/accounts/account.routes.ts';
import { staffAdminRoutes } from './modules/accounts/staff-admin/staff-admin.routes.ts';
import { delegationRoutes } from './modules/accounts/delegations/delegations.routes.ts';
import { signedInPageUser } from './modules/accounts/page-user.ts';
import { installSessions } from './modules/accounts/session-plugin.ts';
import { SessionStore } from './modules/accounts/sessions.ts';
import { signInRoutes } from './modules/accounts/sign-in.routes.ts';
import { agencyAdminRoutes } from './modules/agencies/agencies-admin.routes.ts';
import { agencyRoutes } from './modules/agencies/agencies.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { calendarAdminRoutes } from './modules/calendar/calendar-admin.routes.ts';
import { signingAdminRoutes } from './modules/signing/signing-admin.routes.ts';
import { deskRoutes } from './modules/dossiers/desk.routes.ts';
import { lookupRoutes } from './modules/dossiers/lookup.routes.tsx';
import { onlineApiRoutes } from './modules/dossiers/online-api.routes.ts';
import { formAdminRoutes } from './modules/forms/forms-admin.routes.ts';
import { formRoutes } from './modules/forms/forms.routes.ts';
import { processAdminRoutes } from './modules/processes/processes-admin.routes.ts';
import { processingRoutes } from './modules/processes/processing.routes.ts';
import { controlSheetRoutes } from './modules/slips/control-sheet.routes.ts';
import { letterRoutes } from './modules/slips/letters.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.tsx';
import { resultRoutes } from './modules/results/results.routes.ts';
import { verificationRoutes } from './modules/results/verification.routes.tsx';
import { onlineRoutes } from './modules/dossiers/online.routes.ts';
import { citizenDossierRoutes } from './modules/dossiers/citizen-dossier.routes.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { citizenRoutes } from './modules/citizens/citizens.routes.ts';
import { loadCitizenActor } from './modules/citizens/load-citizen-actor.ts';
import { homeRoutes } from './modules/catalog/home.routes.ts';
import { apiDocs } from './web/api-docs.tsx';
import { assets } from './web/assets.ts';
import { renderErrorPage } from './web/error-page.tsx';
import { PageCache } from './web/page-cache.ts';
import { pickEncoding } from './web/compress.ts';
import { sendHtml } from './web/reply.ts';

/** What every route and use case may reach. Built once in main.ts (or by a test). */
export interface AppDeps {
  pool: pg.Pool;
  config: Config;
  pages: PageCache;
  sessions: SessionStore;
  /** Called after this process changed public data: empties caches, wakes the page renderer. */
  publicDataChanged(): void;
}

/** The dependencies of a process: one page cache and one session store over one pool. */
export function createDeps(pool: pg.Pool, config: Config, onPublicDataChange: () => void = () => undefined): AppDeps {
  const pages = new PageCache();
  return {
    pool,
    config,
    pages,
    sessions: new SessionStore(pool, loadCitizenActor),
    publicDataChanged() {
      pages.invalidate();
      onPublicDataChange();
    },
  };
}

export async function buildApp(deps: AppDeps, logger?: FastifyBaseLogger): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // Query strings and forms far longer than any real search are refused early.
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Requests Node cannot even parse (raw bytes in the URL, broken headers) still get a Vietnamese answer.
    clientErrorHandler: (_err, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = JSON.stringify({ error: { code: 'bad_request', message: 'Yêu cầu không hợp lệ: địa chỉ hoặc tiêu đề sai định dạng.' } });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Hooks that run on every request are written with `done`, not async: no promise on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers({
      'x-request-id': request.id,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
    done();
  });
  // Before any route is registered: plugins take the handlers in force when they are registered.
  app.setNotFoundHandler((request, reply) =>
    respondWithError(request, reply, new AppError('not_found', `No route ${request.method} ${request.url}`)),
  );
  app.setErrorHandler((error, request, reply) => respondWithError(request, reply, toAppError(error)));
  await app.register(formbody);
  // Uploads are read part by part by the routes that accept them (files/multipart.ts), streamed to the
  // file store: the body is left unread here.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError('too_many_requests', `rate limit ${context.max}/${context.after}`),
  });
  await installSessions(app, deps.sessions, deps.config.publicUrl.startsWith('https:'));
  // Every page, kept for everyone or not, an error page too, is sent with a signed-in person's own
  // header (web/reply.ts): set as soon as the session is known, before anything can fail.
  app.decorateRequest('signedInUser', null);
  app.addHook('onRequest', (request, reply, done) => {
    if (request.actor.kind !== 'anonymous') request.signedInUser = () => signedInPageUser(request, reply)!;
    done();
  });
  await apiDocs(app);

  for (const asset of assets)
    app.get(asset.path, { schema: { hide: true } }, (request, reply) => {
      const encoding = pickEncoding(request.headers['accept-encoding']);
      reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('vary', 'accept-encoding');
      if (encoding === 'identity') return reply.send(asset.body);
      reply.header('content-encoding', encoding);
      return reply.send(encoding === 'br' ? asset.brotli : asset.gzip);
    });
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await deps.pool.query('SELECT 1');
    return { status: 'ok' };
  });

  await app.register(signInRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(citizenRoutes(deps));
  await app.register(staffAdminRoutes(deps));
  await app.register(delegationRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(deskRoutes(deps));
  await app.register(lookupRoutes(deps));
  await app.register(onlineRoutes(deps));
  await app.register(citizenDossierRoutes(deps));
  await app.register(onlineApiRoutes(deps));
  await app.register(formAdminRoutes(deps));
  await app.register(formRoutes(deps));
  await app.register(processAdminRoutes(deps));
  await app.register(processingRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(resultRoutes(deps));
  await app.register(verificationRoutes(deps));
  await app.register(controlSheetRoutes(deps));
  await app.register(letterRoutes(deps));
  await app.register(homeRoutes(deps));
  await app.register(catalogRoutes(deps));
  await app.register(agencyRoutes(deps));
  await app.register(agencyAdminRoutes(deps));
  await app.register(calendarAdminRoutes(deps));
  await app.register(signingAdminRoutes(deps));

  return app;
}

/** Maps anything thrown to the closed set of codes; unknown errors become `internal`. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; validation?: unknown; message?: string };
  if (e.validation) return new AppError('validation_failed', e.message ?? 'validation failed');
  if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', e.message ?? '');
  if (e.statusCode === 415) return new AppError('unsupported_media_type', e.message ?? '');
  if (e.statusCode === 404) return new AppError('not_found', e.message ?? '');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('bad_request', e.message ?? '');
  const wrapped = new AppError('internal', e.message ?? String(error));
  wrapped.cause = error;
  return wrapped;
}

function respondWithError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
  else request.log.info({ code: error.code }, error.message);
  if (request.url.startsWith('/api/')) {
    return reply.code(error.status).send({
      error: { code: error.code, message: error.userMessage, problems: error.problems, requestId: request.id },
    });
  }
  return sendHtml(request, reply, renderErrorPage(error.status, error.userMessage, String(request.id)), error.status);
}
