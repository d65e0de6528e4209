import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { sendCachedPage } from '../../web/reply.ts';
import * as repo from './catalog.repository.ts';
import { homePage } from './catalog.pages.tsx';
import { facetsOf } from './catalog.routes.ts';

export function homeRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/', { schema: { hide: true } }, (request, reply) =>
      sendCachedPage(request, reply, deps.pages, '/', async () => {
        const [{ fields }, total] = await Promise.all([facetsOf(deps), repo.countProcedures(deps.pool)]);
        return homePage(fields, total);
      }),
    );
  };
}
