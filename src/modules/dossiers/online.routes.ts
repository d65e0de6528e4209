import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import type { CitizenActor } from '../accounts/actor.ts';
import { csrfFor } from '../accounts/session-plugin.ts';
import { agenciesOfProcedure, findProcedureView } from '../catalog/catalog.repository.ts';
import { maskIdNumber } from '../citizens/citizen-display.ts';
import { filesDirOf, readMultipartForm, type AttachedFile } from '../files/receive-uploads.ts';
import * as repo from './dossiers.repository.ts';
import { acceptanceRuleOf } from './due-date.ts';
import * as pages from './online.pages.tsx';
import { submitOnline } from './submit-online.ts';

/** The online channel for signed-in citizens: submit a dossier, see one's dossiers. */
export function onlineRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    const citizen = (request: FastifyRequest, reply: FastifyReply): CitizenActor | null => {
      reply.header('cache-control', 'no-store');
      if (request.actor.kind === 'citizen') return request.actor;
      void reply.redirect(`/cong-dan/dang-nhap?tiep=${encodeURIComponent(request.url)}`, 303);
      return null;
    };
    const userOf = (request: FastifyRequest, reply: FastifyReply, c: CitizenActor) => ({
      name: c.fullName,
      home: '/cong-dan',
      csrf: csrfFor(request, reply),
      links: [['/cong-dan/ho-so', 'Hồ sơ của tôi']] as Array<[string, string]>,
    });

    const codeParams = z.object({ code: z.string().max(60) });
    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      c: CitizenActor,
      code: string,
      values: Record<string, string[]>,
      problems: FieldProblem[],
      files: Record<string, AttachedFile[]>,
    ) => {
      const view = await findProcedureView(pool, code);
      if (!view) throw new AppError('not_found', `procedure ${code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
      const agencies = (await agenciesOfProcedure(pool, code)).map((a) => ({ value: String(a.id), label: a.name }));
      if (agencies.length === 0)
        throw new AppError('not_found', `procedure ${code} has no agency`, {
          userMessage: 'Thủ tục này chưa được tiếp nhận trực tuyến tại tỉnh.',
        });
      // The one-time key of this page: a double click or a retry of the same page makes one dossier.
      const key = values.key?.[0] ?? randomBytes(16).toString('base64url');
      const page = pages.onlineFormPage({
        user: userOf(request, reply, c),
        procedure: view.procedure,
        applicant: { fullName: c.fullName, maskedId: maskIdNumber(c.idNumber) },
        agencies,
        key,
        values,
        problems,
        files,
      });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get('/cong-dan/nop/:code', { schema: { hide: true, params: codeParams } }, async (request, reply) => {
      const c = citizen(request, reply);
      return c ? showForm(request, reply, c, request.params.code, {}, [], {}) : reply;
    });

    app.post(
      '/cong-dan/nop/:code',
      { config: { acceptsFiles: true }, schema: { hide: true, params: codeParams } },
      async (request, reply) => {
        const c = citizen(request, reply);
        if (!c) return reply;
        const view = await findProcedureView(pool, request.params.code);
        if (!view)
          throw new AppError('not_found', `procedure ${request.params.code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
        const form = await readMultipartForm(request, pool, filesDirOf(deps.config.dataDir), { kind: 'citizen', id: c.citizenId });
        const one = (k: string) => form.fields[k]?.[0] ?? '';
        if (form.problems.length) return showForm(request, reply, c, view.procedure.code, form.fields, form.problems, form.files);
        try {
          const r = await submitOnline(
            pool,
            c,
            {
              procedureCode: view.procedure.code,
              agencyId: Number(one('agencyId')),
              key: one('key').slice(0, 64) || randomBytes(16).toString('base64url'),
              phone: one('phone'),
              email: one('email'),
              address: one('address'),
              resultDelivery: (['online', 'post', 'counter'] as const).find((x) => x === one('resultDelivery')) ?? 'online',
              files: view.procedure.components.map((_, i) => form.files[`file-${i}`] ?? []),
            },
            await acceptanceRuleOf(deps),
            request.ip,
          );
          return reply.redirect(`/cong-dan/ho-so?da_nop=${encodeURIComponent(r.code)}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return showForm(request, reply, c, view.procedure.code, form.fields, err.problems, form.files);
        }
      },
    );

    app.get(
      '/cong-dan/ho-so',
      { schema: { hide: true, querystring: z.object({ da_nop: z.string().max(60).optional() }) } },
      async (request, reply) => {
        const c = citizen(request, reply);
        if (!c) return reply;
        const dossiers = await repo.listDossiersOfCitizen(pool, c.citizenId);
        const justSubmitted = dossiers.find((d) => d.code === request.query.da_nop)?.code;
        return sendHtml(
          request,
          reply,
          pages.myDossiersPage({ user: userOf(request, reply, c), dossiers, ...(justSubmitted ? { justSubmitted } : {}) }),
        );
      },
    );
  };
}
