import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize, mayAnywhere, mustAuthorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { findAgencyByCode } from '../agencies/agencies.repository.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { legalLimitOf, type LegalLimit } from './check-process.ts';
import { processDefinitionSchema, type ProcessDefinition } from './process-definition.ts';
import * as pages from './processes-admin.pages.tsx';
import { processPolicy } from './processes.policy.ts';
import * as repo from './processes.repository.ts';
import { reviewProcess } from './review-process.ts';
import { saveProcess } from './save-process.ts';

/**
 * What a new process starts from: receive, appraise, approve, issue at the
 * receiving agency, with allotments that already add up to the legal limit.
 */
function starter(limit: LegalLimit | null): ProcessDefinition {
  const total = limit?.workingHours ?? 40;
  const [edge, approve] = total >= 24 ? [4, 8] : [total / 8, total / 8];
  const time = (h: number) =>
    h % 8 === 0 ? { amount: h / 8, unit: 'working_days' as const } : { amount: h, unit: 'working_hours' as const };
  return {
    title: 'Quy trình nội bộ',
    steps: [
      {
        id: 'receive',
        name: 'Tiếp nhận hồ sơ',
        kind: 'handle',
        responsible: { agency: 'receiving', role: 'desk_officer' },
        allotment: time(edge),
        next: [{ on: 'done', to: 'appraise' }],
      },
      {
        id: 'appraise',
        name: 'Thẩm định hồ sơ',
        kind: 'appraise',
        responsible: { agency: 'receiving', role: 'specialist' },
        allotment: time(total - 2 * edge - approve),
        next: [{ on: 'done', to: 'approve' }],
      },
      {
        id: 'approve',
        name: 'Phê duyệt',
        kind: 'approve',
        responsible: { agency: 'receiving', role: 'agency_leader' },
        allotment: time(approve),
        next: [
          { on: 'approved', to: 'issue' },
          { on: 'refused', to: 'appraise' },
        ],
      },
      {
        id: 'issue',
        name: 'Phát hành kết quả',
        kind: 'issue',
        responsible: { agency: 'receiving', role: 'clerk' },
        allotment: time(edge),
        next: [{ on: 'done', to: 'end' }],
      },
    ],
  };
}

/** A stored process without the admin's text, written out in the order of the schema (jsonb keeps no key order). */
const written = (definition: ProcessDefinition) =>
  JSON.stringify(processDefinitionSchema.safeParse(definition).data ?? definition, null, 2);

/** /quan-tri/quy-trinh: the process editor with its diagram, each action checked against processes.policy.ts. */
export function processAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    /** The agency of `?co_quan=`, or null for the province's default. */
    const variantOf = async (code: string | undefined) => {
      if (!code?.trim()) return null;
      const agency = await findAgencyByCode(pool, code.trim());
      if (!agency?.code) throw new AppError('not_found', `agency ${code}`, { userMessage: 'Không tìm thấy cơ quan có mã này.' });
      return { id: agency.id, code: agency.code, name: agency.name };
    };

    /**
     * The signed-in staff member who may look at processes; with `co_quan`, at
     * that agency's variant, else at the province's default. Null when sent to sign in.
     */
    const admin = async (request: FastifyRequest, reply: FastifyReply, co_quan: string | undefined | 'list') => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      if (!mayAnywhere(actor, processPolicy, 'view_admin')) throw new AppError('forbidden', 'processes');
      const index = await agencyIndexOf(deps);
      const variant = co_quan === 'list' ? null : await variantOf(co_quan);
      if (co_quan !== 'list') mustAuthorize(actor, processPolicy, 'view_admin', { agencyId: variant?.id ?? null }, index);
      return { actor, index, variant, user: pageUserOf(request, reply, actor) };
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
      const { variant } = a;
      const procedure = await procedureOf(code);
      const current = await repo.findCurrentProcess(pool, procedure.code, variant?.id ?? null);
      // A new variant starts from the province's default, a new default from the starter.
      const from = current ?? (variant ? await repo.findCurrentProcess(pool, procedure.code, null) : undefined);
      const text = edit?.text ?? from?.source ?? written(from?.definition ?? starter(legalLimitOf(procedure)));
      const review = await reviewProcess(pool, a.index, procedure, variant?.id ?? null, text);
      const problems = edit?.problems.length ? edit.problems : edit ? review.problems : [];
      const page = pages.processEditorPage({
        user: a.user,
        procedure,
        agency: variant,
        baseVersion: edit?.baseVersion ?? current?.version ?? 0,
        text,
        preview: review,
        problems,
        versions: await repo.listProcessVersions(pool, procedure.code, variant?.id ?? null),
        canEdit: authorize(a.actor, processPolicy, 'edit', { agencyId: variant?.id ?? null }, a.index) !== null,
        ...(edit?.saved ? { saved: edit.saved } : {}),
      });
      const status = edit?.conflict ? 409 : problems.length ? 400 : 200;
      return sendHtml(request, reply, page, status);
    };

    app.get('/quan-tri/quy-trinh', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply, 'list');
      if (!a) return reply;
      const visible = (await repo.listProcesses(pool)).filter(
        (p) => authorize(a.actor, processPolicy, 'view_admin', { agencyId: p.agencyId }, a.index) !== null,
      );
      return sendHtml(request, reply, pages.processListPage({ user: a.user, processes: visible }));
    });

    app.get(
      '/quan-tri/quy-trinh/mo',
      {
        schema: {
          hide: true,
          querystring: z.object({ ma: z.string().max(60).default(''), co_quan: z.string().max(60).optional() }),
        },
      },
      async (request, reply) => {
        const a = await admin(request, reply, 'list');
        if (!a) return reply;
        const procedure = await procedureOf(request.query.ma.trim());
        const variant = await variantOf(request.query.co_quan);
        return reply.redirect(pages.editorPath(procedure.code, variant?.code ?? null), 303);
      },
    );

    const codeParams = z.object({ code: z.string().max(60) });
    const variantQuery = z.object({ co_quan: z.string().max(60).optional() });
    app.get(
      '/quan-tri/quy-trinh/:code',
      { schema: { hide: true, params: codeParams, querystring: variantQuery.extend({ da_luu: z.coerce.number().int().optional() }) } },
      async (request, reply) => {
        const a = await admin(request, reply, request.query.co_quan);
        if (!a) return reply;
        const { variant } = a;
        const saved = request.query.da_luu;
        const current = saved ? await repo.findCurrentProcess(pool, request.params.code, variant?.id ?? null) : undefined;
        // The notice only for the version now in force: an old or made-up number in the address says nothing.
        if (!saved || !current || current.version !== saved) return editor(request, reply, a, request.params.code, null);
        const text = current.source ?? written(current.definition);
        return editor(request, reply, a, request.params.code, { text, baseVersion: current.version, problems: [], saved });
      },
    );

    const editBody = z.object({
      definition: z.string().max(500_000).default(''),
      baseVersion: z.coerce.number().int().min(0).default(0),
      intent: z.enum(['preview', 'save']).default('preview'),
    });
    app.post(
      '/quan-tri/quy-trinh/:code',
      { schema: { hide: true, params: codeParams, querystring: variantQuery, body: editBody } },
      async (request, reply) => {
        const a = await admin(request, reply, request.query.co_quan);
        if (!a) return reply;
        const { variant } = a;
        const { definition: text, baseVersion, intent } = request.body;
        const { code } = request.params;
        if (intent === 'preview') return editor(request, reply, a, code, { text, baseVersion, problems: [] });
        try {
          const version = await saveProcess(
            pool,
            a.actor,
            a.index,
            { procedureCode: code, agency: variant, expectedVersion: baseVersion, text },
            request.ip,
          );
          const path = pages.editorPath(code, variant?.code ?? null);
          return reply.redirect(`${path}${path.includes('?') ? '&' : '?'}da_luu=${version}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'conflict')) throw err;
          const conflict = err.code === 'conflict';
          const problems = conflict ? [{ field: 'definition', message: err.userMessage }] : err.problems;
          return editor(request, reply, a, code, { text, baseVersion, problems, conflict });
        }
      },
    );

    // The live preview's fragment: the same rendering as the page, for the editor's script.
    app.post(
      '/quan-tri/quy-trinh/:code/xem-truoc',
      {
        schema: {
          hide: true,
          params: codeParams,
          querystring: variantQuery,
          body: z.object({ definition: z.string().max(500_000).default('') }),
        },
      },
      async (request, reply) => {
        const a = await admin(request, reply, request.query.co_quan);
        if (!a) return reply;
        const { variant } = a;
        const procedure = await procedureOf(request.params.code);
        const review = await reviewProcess(pool, a.index, procedure, variant?.id ?? null, request.body.definition);
        return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(pages.previewFragment(review));
      },
    );
  };
}
