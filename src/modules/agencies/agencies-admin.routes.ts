import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendHtml } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize, mayAnywhere, mustAuthorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { agencyPolicy } from './agencies.policy.ts';
import { agencyIndexOf, type AgencyIndex } from './agency-index.ts';
import * as pages from './agencies.pages.tsx';
import * as repo from './agencies.repository.ts';
import { agencyInputSchema } from './agency.schema.ts';
import { buildTree } from './agency-tree.ts';
import { importAgenciesAs } from './import-agencies.ts';
import { saveAgency, type SaveAgencyInput } from './save-agency.ts';

const formSchema = z.object({
  code: z.string().default(''),
  name: z.string().default(''),
  kind: z.string().default(''),
  parentId: z.string().default(''),
  address: z.string().default(''),
  phone: z.string().default(''),
  email: z.string().default(''),
  validFrom: z.string().default(''),
  validTo: z.string().default(''),
  successorCodes: z.string().default(''),
  revision: z.string().default(''),
});

/** Turns the posted form into the use case's input, or lists what is wrong with the form itself. */
function readForm(v: pages.AgencyFormValues): { input?: SaveAgencyInput; problems: FieldProblem[] } {
  const parsed = agencyInputSchema.safeParse({
    code: v.code.trim() || null,
    name: v.name,
    kind: v.kind,
    address: v.address,
    phone: v.phone,
    email: v.email,
    validFrom: v.validFrom || undefined,
    validTo: v.validTo || null,
    successorCodes: v.successorCodes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  if (!parsed.success) {
    const messages: Record<string, string> = {
      name: 'Nhập tên cơ quan, đơn vị (tối đa 300 ký tự).',
      kind: 'Chọn loại cơ quan, đơn vị.',
      validFrom: 'Ngày bắt đầu hiệu lực không hợp lệ.',
      validTo: 'Ngày hết hiệu lực không hợp lệ.',
    };
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    return { problems: fields.map((f) => ({ field: f, message: messages[f] ?? 'Giá trị không hợp lệ.' })) };
  }
  return { input: { ...parsed.data, parentId: v.parentId ? Number(v.parentId) : null }, problems: [] };
}

function valuesOf(a: repo.AgencyWithParent): pages.AgencyFormValues {
  return {
    code: a.code ?? '',
    name: a.name,
    kind: a.kind,
    parentId: a.parentId === null ? '' : String(a.parentId),
    address: a.address,
    phone: a.phone,
    email: a.email,
    validFrom: a.validFrom,
    validTo: a.validTo ?? '',
    successorCodes: a.successorCodes.join(', '),
    revision: String(a.revision),
  };
}
/** /quan-tri/co-quan: agencies and units for signed-in staff, each action checked against agencies.policy.ts. */
export function agencyAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    // Administration: signed-in staff, each action checked against agencies.policy.ts.
    const admin = async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const index = await agencyIndexOf(deps);
      return { actor, index, user: pageUserOf(request, reply, actor) };
    };
    type Admin = NonNullable<Awaited<ReturnType<typeof admin>>>;

    /** The part of the tree this person may administer: everything for the province, their subtree for an agency admin. */
    const visibleTree = async (a: Admin) => {
      const all = await repo.listAgencies(pool);
      const visible = all.filter((x) => authorize(a.actor, agencyPolicy, 'view_admin', { agencyId: x.id }, a.index));
      const ids = new Set(visible.map((x) => x.id));
      return buildTree(visible.map((x) => (x.parentId !== null && !ids.has(x.parentId) ? { ...x, parentId: null } : x)));
    };
    const adminList = async (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Admin,
      notice: string | null,
      importProblems: FieldProblem[] = [],
      importText = '',
    ) => {
      if (!mayAnywhere(a.actor, agencyPolicy, 'view_admin')) throw new AppError('forbidden', 'agency admin list');
      const page = pages.adminListPage({
        user: a.user,
        tree: await visibleTree(a),
        notice,
        canAdd: mayAnywhere(a.actor, agencyPolicy, 'add_child'),
        canImport: authorize(a.actor, agencyPolicy, 'import', { agencyId: null }, a.index) !== null,
        importProblems,
        importText,
      });
      return sendHtml(request, reply, page, importProblems.length ? 400 : 200);
    };

    app.get('/quan-tri', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      return reply.redirect(mayAnywhere(a.actor, agencyPolicy, 'view_admin') ? '/quan-tri/co-quan' : '/tai-khoan', 303);
    });

    app.get(
      '/quan-tri/co-quan',
      { schema: { hide: true, querystring: z.object({ da_luu: z.string().optional(), da_nhap: z.string().max(200).optional() }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const { da_luu, da_nhap } = request.query;
        return adminList(request, reply, a, da_luu ? 'Đã lưu cơ quan, đơn vị.' : da_nhap ? `Đã nhập danh sách: ${da_nhap}.` : null);
      },
    );

    /** Parents this person may add under or move to (all of them for the province). */
    const parentChoices = async (a: Admin) =>
      (await repo.listAgencies(pool)).filter((x) => authorize(a.actor, agencyPolicy, 'add_child', { agencyId: x.id }, a.index));

    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Admin,
      id: number | null,
      values: pages.AgencyFormValues,
      problems: FieldProblem[],
      message?: string,
    ) =>
      sendHtml(
        request,
        reply,
        pages.agencyFormPage({ user: a.user, id, values, problems, parents: await parentChoices(a), ...(message ? { message } : {}) }),
        problems.length || message ? 400 : 200,
      );

    const save = async (request: FastifyRequest, reply: FastifyReply, a: Admin, id: number | null, values: pages.AgencyFormValues) => {
      const { input, problems } = readForm(values);
      if (!input) return showForm(request, reply, a, id, values, problems);
      const current = id === null ? undefined : await repo.findAgencyById(pool, id);
      if (current) mustAuthorize(a.actor, agencyPolicy, 'edit', { agencyId: current.id }, a.index);
      if (!current || current.parentId !== input.parentId) {
        // Adding, or moving: the new parent must be within this person's authority too.
        mustAuthorize(a.actor, agencyPolicy, 'add_child', { agencyId: input.parentId }, a.index);
      }
      try {
        await transaction(pool, async (db) => {
          const savedId = await saveAgency(db, id, values.revision ? Number(values.revision) : null, input);
          await appendAudit(db, {
            actor: auditActorOf(a.actor),
            action: id === null ? 'agency_added' : 'agency_changed',
            subjectType: 'agency',
            subjectId: savedId,
            agencyId: savedId,
            detail: { code: input.code, name: input.name, validTo: input.validTo },
            ip: request.ip,
          });
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation_failed') return showForm(request, reply, a, id, values, err.problems);
        if (err instanceof AppError && err.code === 'conflict') return showForm(request, reply, a, id, values, [], err.userMessage);
        throw err;
      }
      deps.publicDataChanged();
      return reply.redirect('/quan-tri/co-quan?da_luu=1', 303);
    };

    const empty: pages.AgencyFormValues = { ...formSchema.parse({}), kind: 'department' };
    app.get('/quan-tri/co-quan/moi', { schema: { hide: true } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      if (!mayAnywhere(a.actor, agencyPolicy, 'add_child')) throw new AppError('forbidden', 'add agency');
      return showForm(request, reply, a, null, empty, []);
    });
    app.post('/quan-tri/co-quan/moi', { schema: { hide: true, body: formSchema } }, async (request, reply) => {
      const a = await admin(request, reply);
      return a ? save(request, reply, a, null, { ...request.body, revision: '' }) : reply;
    });

    const idParams = z.object({
      id: z.coerce
        .number()
        .int()
        .positive()
        .max(2 ** 31),
    });
    app.get('/quan-tri/co-quan/:id', { schema: { hide: true, params: idParams } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      const agency = await repo.findAgencyById(pool, request.params.id);
      if (!agency) throw new AppError('not_found', `agency ${request.params.id}`);
      mustAuthorize(a.actor, agencyPolicy, 'view_admin', { agencyId: agency.id }, a.index);
      return showForm(request, reply, a, agency.id, valuesOf(agency), []);
    });
    app.post('/quan-tri/co-quan/:id', { schema: { hide: true, params: idParams, body: formSchema } }, async (request, reply) => {
      const a = await admin(request, reply);
      if (!a) return reply;
      if (!(await repo.findAgencyById(pool, request.params.id))) throw new AppError('not_found', `agency ${request.params.id}`);
      return save(request, reply, a, request.params.id, request.body);
    });

    const importInto = async (request: FastifyRequest, a: { actor: StaffActor; index: AgencyIndex }, rows: unknown) => {
      const summary = await importAgenciesAs(pool, a.actor, a.index, rows, request.ip);
      deps.publicDataChanged();
      return summary;
    };

    app.post(
      '/quan-tri/co-quan/nhap',
      { bodyLimit: 6_000_000, schema: { hide: true, body: z.object({ importJson: z.string().max(5_000_000).default('') }) } },
      async (request, reply) => {
        const a = await admin(request, reply);
        if (!a) return reply;
        const text = request.body.importJson;
        let rows: unknown;
        try {
          rows = JSON.parse(text);
        } catch {
          return adminList(request, reply, a, null, [{ field: 'importJson', message: 'Nội dung không phải JSON hợp lệ.' }], text);
        }
        try {
          const s = await importInto(request, a, rows);
          return reply.redirect(
            `/quan-tri/co-quan?da_nhap=${encodeURIComponent(`thêm ${s.added}, sửa ${s.changed}, giữ nguyên ${s.unchanged}`)}`,
            303,
          );
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          return adminList(
            request,
            reply,
            a,
            null,
            err.problems.length ? err.problems : [{ field: 'importJson', message: err.userMessage }],
            text,
          );
        }
      },
    );
  };
}
