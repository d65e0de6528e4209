import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { sendCachedPage, sendHtml } from '../../web/reply.ts';
import { listProceduresOfAgency } from '../catalog/catalog.repository.ts';
import * as pages from './agencies.pages.tsx';
import * as repo from './agencies.repository.ts';
import { agencyInputSchema, agencySchema } from './agency.schema.ts';
import { buildTree } from './agency-tree.ts';
import { exportAgencies, importAgencies } from './import-agencies.ts';
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
    successorCodes: v.successorCodes.split(',').map((s) => s.trim()).filter(Boolean),
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

export function agencyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    // Public directory.
    app.get('/co-quan', { schema: { hide: true } }, (request, reply) =>
      sendCachedPage(request, reply, deps.pages, '/co-quan', async () => pages.directoryPage(buildTree(await repo.listAgencies(pool)))),
    );
    app.get('/co-quan/:code', { schema: { hide: true, params: z.object({ code: z.string().max(40) }) } }, async (request, reply) => {
      const agency = await repo.findAgencyByCode(pool, request.params.code);
      if (!agency) throw new AppError('not_found', `agency ${request.params.code}`, { userMessage: 'Không tìm thấy cơ quan có mã này.' });
      return sendCachedPage(request, reply, deps.pages, `/co-quan/${agency.code}`, async () => {
        const all = await repo.listAgencies(pool);
        const parent = all.find((a) => a.id === agency.parentId);
        const units = all.filter((a) => a.parentId === agency.id && a.kind === 'unit');
        return pages.agencyPage(agency, parent, units, await listProceduresOfAgency(pool, agency.id));
      });
    });

    // Administration.
    const adminList = async (reply: FastifyReply, request: Parameters<typeof sendHtml>[0], notice: string | null, problems: FieldProblem[] = [], text = '') =>
      sendHtml(request, reply, pages.adminListPage(buildTree(await repo.listAgencies(pool)), notice, problems, text), problems.length ? 400 : 200);

    app.get('/quan-tri/co-quan', { schema: { hide: true, querystring: z.object({ da_luu: z.string().optional(), da_nhap: z.string().optional() }) } }, (request, reply) => {
      const { da_luu, da_nhap } = request.query;
      return adminList(reply, request, da_luu ? 'Đã lưu cơ quan, đơn vị.' : da_nhap ? `Đã nhập danh sách: ${da_nhap}.` : null);
    });

    const showForm = async (reply: FastifyReply, request: Parameters<typeof sendHtml>[0], id: number | null, values: pages.AgencyFormValues, problems: FieldProblem[], message?: string) =>
      sendHtml(request, reply, pages.agencyFormPage({ id, values, problems, parents: await repo.listAgencies(pool), ...(message ? { message } : {}) }), problems.length || message ? 400 : 200);

    const save = async (id: number | null, values: pages.AgencyFormValues, request: Parameters<typeof sendHtml>[0], reply: FastifyReply) => {
      const { input, problems } = readForm(values);
      if (!input) return showForm(reply, request, id, values, problems);
      try {
        await transaction(pool, (db) => saveAgency(db, id, values.revision ? Number(values.revision) : null, input));
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation_failed') return showForm(reply, request, id, values, err.problems);
        if (err instanceof AppError && err.code === 'conflict') return showForm(reply, request, id, values, [], err.userMessage);
        throw err;
      }
      deps.publicDataChanged();
      return reply.redirect('/quan-tri/co-quan?da_luu=1', 303);
    };

    const empty: pages.AgencyFormValues = { ...formSchema.parse({}), kind: 'department' };
    app.get('/quan-tri/co-quan/moi', { schema: { hide: true } }, (request, reply) => showForm(reply, request, null, empty, []));
    app.post('/quan-tri/co-quan/moi', { schema: { hide: true, body: formSchema } }, (request, reply) => save(null, { ...request.body, revision: '' }, request, reply));

    const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31) });
    app.get('/quan-tri/co-quan/:id', { schema: { hide: true, params: idParams } }, async (request, reply) => {
      const agency = await repo.findAgencyById(pool, request.params.id);
      if (!agency) throw new AppError('not_found', `agency ${request.params.id}`);
      return showForm(reply, request, agency.id, valuesOf(agency), []);
    });
    app.post('/quan-tri/co-quan/:id', { schema: { hide: true, params: idParams, body: formSchema } }, async (request, reply) => {
      if (!(await repo.findAgencyById(pool, request.params.id))) throw new AppError('not_found', `agency ${request.params.id}`);
      return save(request.params.id, request.body, request, reply);
    });

    app.post('/quan-tri/co-quan/nhap', { bodyLimit: 6_000_000, schema: { hide: true, body: z.object({ importJson: z.string().max(5_000_000).default('') }) } }, async (request, reply) => {
      const text = request.body.importJson;
      let rows: unknown;
      try {
        rows = JSON.parse(text);
      } catch {
        return adminList(reply, request, null, [{ field: 'importJson', message: 'Nội dung không phải JSON hợp lệ.' }], text);
      }
      try {
        const s = await transaction(pool, (db) => importAgencies(db, rows));
        deps.publicDataChanged();
        return reply.redirect(`/quan-tri/co-quan?da_nhap=${encodeURIComponent(`thêm ${s.added}, sửa ${s.changed}, giữ nguyên ${s.unchanged}`)}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
        return adminList(reply, request, null, err.problems.length ? err.problems : [{ field: 'importJson', message: err.userMessage }], text);
      }
    });

    // JSON API.
    app.get('/api/agencies', {
      schema: { summary: 'Danh sách cơ quan, đơn vị', tags: ['agencies'], response: { 200: z.object({ agencies: z.array(agencySchema) }) } },
    }, async () => ({ agencies: (await repo.listAgencies(pool)).map(({ parentId: _p, ...a }) => a) }));

    app.get('/api/agencies/export', {
      schema: { summary: 'Xuất toàn bộ cây cơ quan theo định dạng nhập', tags: ['agencies'], response: { 200: z.array(agencyInputSchema) } },
    }, async (_request, reply) => {
      reply.header('content-disposition', 'attachment; filename="co-quan.json"');
      return exportAgencies(pool);
    });

    app.get('/api/agencies/:code', {
      schema: { summary: 'Một cơ quan theo mã định danh', tags: ['agencies'], params: z.object({ code: z.string().max(40) }), response: { 200: agencySchema } },
    }, async (request) => {
      const agency = await repo.findAgencyByCode(pool, request.params.code);
      if (!agency) throw new AppError('not_found', `agency ${request.params.code}`);
      const { parentId: _p, ...rest } = agency;
      return rest;
    });

    app.post('/api/agencies/import', {
      bodyLimit: 6_000_000,
      schema: {
        summary: 'Nhập danh sách cơ quan (tất cả hoặc không gì cả)',
        tags: ['agencies'],
        body: z.array(z.unknown()),
        response: { 200: z.object({ added: z.number(), changed: z.number(), unchanged: z.number() }) },
      },
    }, async (request) => {
      const summary = await transaction(pool, (db) => importAgencies(db, request.body));
      deps.publicDataChanged();
      return summary;
    });
  };
}
