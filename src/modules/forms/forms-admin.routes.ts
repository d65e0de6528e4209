import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize, mustAuthorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { parseDefinition, type FormDefinition } from './form-definition.ts';
import * as pages from './forms-admin.pages.tsx';
import { formPolicy } from './forms.policy.ts';
import * as repo from './forms.repository.ts';
import { saveForm } from './save-form.ts';

/** What a new form starts from: one section asking for the applicant, to be edited. */
const starter: FormDefinition = {
  title: 'Tờ khai',
  sections: [
    {
      id: 'requester',
      title: 'Người yêu cầu',
      questions: [
        { id: 'requesterName', label: 'Họ, chữ đệm, tên', type: 'text', required: true, prefill: 'fullName' },
        { id: 'requesterId', label: 'Số định danh cá nhân', type: 'idNumber', required: true, prefill: 'idNumber' },
      ],
    },
  ],
};

/** /quan-tri/bieu-mau: the e-form editor with its preview, each action checked against forms.policy.ts. */
export function formAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    const admin = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const index = await agencyIndexOf(deps);
      mustAuthorize(actor, formPolicy, 'view_admin', { agencyId: null }, index);
      return { actor, index, user: pageUserOf(request, reply, actor) };
    };
    type Admin = NonNullable<Awaited<ReturnType<typeof admin>>>;

    const procedureOf = async (code: string) => {
      const view = await findProcedureView(pool, code);
      if (!view) throw new AppError('not_found', `procedure ${code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
      return view.procedure;
    };

    const editor = async (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Admin,
      code: string,
      edit: { text: string; baseVersion: number; problems: FieldProblem[]; saved?: number; conflict?: boolean } | null,
    ) => {
      const procedure = await procedureOf(code);
      const current = await repo.findCurrentForm(pool, procedure.code);
      const text = edit?.text ?? current?.source ?? JSON.stringify(current?.definition ?? starter, null, 2);
      const parsed = parseDefinition(text);
      const problems = edit?.problems.length ? edit.problems : parsed.problems;
      const page = pages.formEditorPage({
        user: a.user,
        procedure,
        baseVersion: edit?.baseVersion ?? current?.version ?? 0,
        text,
        preview: 'definition' in parsed ? parsed.definition : null,
        problems,
        versions: await repo.listFormVersions(pool, procedure.code),
        canEdit: authorize(a.actor, formPolicy, 'edit', { agencyId: null }, a.index) !== null,
        ...(edit?.saved ? { saved: edit.saved } : {}),
      });
      const status = edit?.conflict ? 409 : problems.length ? 400 : 200;
      return sendHtml(request, reply, page, status);
    };

    app.get('/quan-tri/bieu-mau', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      return sendHtml(request, reply, pages.formListPage({ user: a.user, forms: await repo.listForms(pool) }));
    });

    app.get(
      '/quan-tri/bieu-mau/mo',
      { schema: { hide: true, querystring: z.object({ ma: z.string().max(60).default('') }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const procedure = await procedureOf(request.query.ma.trim());
        return reply.redirect(`/quan-tri/bieu-mau/${encodeURIComponent(procedure.code)}`, 303);
      },
    );

    const codeParams = z.object({ code: z.string().max(60) });
    app.get(
      '/quan-tri/bieu-mau/:code',
      { schema: { hide: true, params: codeParams, querystring: z.object({ da_luu: z.coerce.number().int().optional() }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const saved = request.query.da_luu;
        const current = saved ? await repo.findCurrentForm(pool, request.params.code) : undefined;
        // The notice only for the version now in force: an old or made-up number in the address says nothing.
        if (!saved || current?.version !== saved) return editor(request, reply, a, request.params.code, null);
        const text = current?.source ?? JSON.stringify(current?.definition ?? starter, null, 2);
        return editor(request, reply, a, request.params.code, { text, baseVersion: current?.version ?? 0, problems: [], saved });
      },
    );

    const editBody = z.object({
      definition: z.string().max(500_000).default(''),
      baseVersion: z.coerce.number().int().min(0).default(0),
      intent: z.enum(['preview', 'save']).default('preview'),
    });
    app.post('/quan-tri/bieu-mau/:code', { schema: { hide: true, params: codeParams, body: editBody } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      const { definition: text, baseVersion, intent } = request.body;
      if (intent === 'preview') return editor(request, reply, a, request.params.code, { text, baseVersion, problems: [] });
      try {
        const version = await saveForm(
          pool,
          a.actor,
          a.index,
          { procedureCode: request.params.code, expectedVersion: baseVersion, text },
          request.ip,
        );
        return reply.redirect(`/quan-tri/bieu-mau/${encodeURIComponent(request.params.code)}?da_luu=${version}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'conflict')) throw err;
        const conflict = err.code === 'conflict';
        const problems = conflict ? [{ field: 'definition', message: err.userMessage }] : err.problems;
        return editor(request, reply, a, request.params.code, { text, baseVersion, problems, conflict });
      }
    });

    // The live preview's fragment: the same rendering as the page, for the editor's script.
    app.post(
      '/quan-tri/bieu-mau/:code/xem-truoc',
      { schema: { hide: true, params: codeParams, body: z.object({ definition: z.string().max(500_000).default('') }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const parsed = parseDefinition(request.body.definition);
        const html = pages.previewFragment('definition' in parsed ? parsed.definition : null, parsed.problems);
        return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
      },
    );
  };
}
