import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import type { CitizenActor } from '../accounts/actor.ts';
import { csrfFor } from '../accounts/session-plugin.ts';
import { attachedUploads, filesDirOf, readMultipartForm } from '../files/receive-uploads.ts';
import { acceptanceRuleOf } from './due-date.ts';
import { lookupUrlOf } from './lookup.ts';
import { submitOnline } from './submit-online.ts';

const problemsSchema = z.array(z.object({ field: z.string(), message: z.string() }));
const fileSchema = z.object({ uploadId: z.number(), displayName: z.string(), size: z.number(), mediaType: z.string(), sha256: z.string() });

const submissionSchema = z.object({
  procedureCode: z.string().max(60),
  agencyId: z.number().int().positive(),
  phone: z.string().max(40),
  email: z.string().max(200).default(''),
  address: z.string().max(500).default(''),
  resultDelivery: z.enum(['online', 'post', 'counter']).default('online'),
  /** The form version the answers follow (GET /api/procedures/{code}/form); null when the procedure has no form. */
  formVersion: z.number().int().positive().nullable(),
  answers: z.record(z.string(), z.unknown()).default({}),
  /** Upload ids (POST /api/files) per component, in the catalogue's order of components. */
  components: z.array(z.array(z.number().int().positive()).max(20)).max(100).default([]),
});

/**
 * The online channel for programs (the province's app, the national portal's
 * relay): the signed-in citizen's session and its CSRF token in `X-CSRF-Token`.
 * A submission needs an `Idempotency-Key`: a retry with the same key and body
 * answers with the first dossier (`Idempotent-Replayed: true`), never a second.
 */
export function onlineApiRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const citizenOf = (request: FastifyRequest): CitizenActor => {
      if (request.actor.kind !== 'citizen') throw new AppError('unauthenticated', 'API needs a citizen session');
      return request.actor;
    };

    app.get(
      '/api/session',
      {
        schema: {
          summary: 'Người đang đăng nhập và mã chống giả mạo (CSRF) để gửi kèm mọi yêu cầu ghi',
          tags: ['online'],
          response: { 200: z.object({ kind: z.enum(['citizen', 'staff']), fullName: z.string(), csrfToken: z.string() }) },
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'no session');
        reply.header('cache-control', 'no-store');
        return { kind: actor.kind, fullName: actor.fullName, csrfToken: csrfFor(request, reply) };
      },
    );

    app.post(
      '/api/files',
      {
        config: { acceptsFiles: true },
        schema: {
          summary: 'Tải lên tệp của hồ sơ (multipart/form-data); trả về số của từng tệp để gửi kèm hồ sơ',
          tags: ['online'],
          response: { 201: z.object({ files: z.array(fileSchema) }) },
        },
      },
      async (request, reply) => {
        const c = citizenOf(request);
        const form = await readMultipartForm(
          request,
          pool,
          filesDirOf(deps.config.dataDir),
          { kind: 'citizen', id: c.citizenId },
          { failFast: true },
        );
        const files = Object.values(form.files).flat();
        if (files.length === 0) throw new AppError('bad_request', 'no file in upload', { userMessage: 'Chưa có tệp nào được gửi lên.' });
        return reply.code(201).send({ files });
      },
    );

    app.post(
      '/api/dossiers',
      {
        schema: {
          summary: 'Nộp hồ sơ trực tuyến (cần tiêu đề Idempotency-Key)',
          tags: ['online'],
          headers: z.object({
            'idempotency-key': z
              .string()
              .regex(/^[A-Za-z0-9._:-]{8,64}$/)
              .optional(),
          }),
          body: submissionSchema,
          response: {
            201: z.object({ code: z.string(), lookupUrl: z.string() }),
            200: z.object({ code: z.string(), lookupUrl: z.string() }),
            400: z.object({ error: z.object({ code: z.string(), message: z.string(), problems: problemsSchema, requestId: z.string() }) }),
          },
        },
      },
      async (request, reply) => {
        const c = citizenOf(request);
        const key = request.headers['idempotency-key'];
        if (!key)
          throw new AppError('bad_request', 'missing Idempotency-Key', {
            userMessage: 'Thiếu tiêu đề Idempotency-Key (8–64 ký tự): mỗi hồ sơ mới cần một khóa riêng để gửi lại an toàn.',
          });
        const body = request.body;
        const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
        const files = await Promise.all(body.components.map((ids) => attachedUploads(pool, ids, { kind: 'citizen', id: c.citizenId })));
        const r = await submitOnline(
          pool,
          c,
          // Keys are the client's own words: kept apart per citizen and from the pages' one-time keys.
          { ...body, key: `api:${c.citizenId}:${key}`, requestHash, files },
          await acceptanceRuleOf(deps),
          request.ip,
        );
        if (r.repeated) reply.header('idempotent-replayed', 'true');
        const lookupUrl = lookupUrlOf(deps.config.publicUrl, r.code);
        return reply.code(r.repeated ? 200 : 201).send({ code: r.code, lookupUrl });
      },
    );
  };
}
