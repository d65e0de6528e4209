import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { ErrorSummary, SummaryList, Tag } from '../../web/components.tsx';
import { renderPage } from '../../web/layout.tsx';
import { sendEntry, sendHtml } from '../../web/reply.ts';
import { listen } from '../../db/notifications.ts';
import { LookupCache } from './lookup-cache.ts';
import { lookupDossier, type PublicStatus } from './lookup.ts';

const notFound = 'Không tìm thấy hồ sơ có mã này. Hãy kiểm tra lại mã trên giấy tiếp nhận (ví dụ 000.00.31.H99-261207-0001).';

/** `empty`: the form was sent without a code (said at the field, as any form's error). */
function lookupPage(code: string, result: PublicStatus | null | undefined, empty = false): string {
  return renderPage({
    title: 'Tra cứu hồ sơ',
    children: (
      <>
        <h1>Tra cứu hồ sơ</h1>
        <ErrorSummary problems={empty ? [{ field: 'ma', message: 'Nhập mã hồ sơ ghi trên giấy tiếp nhận.' }] : []} />
        <form class="search-form" method="get" action="/tra-cuu" role="search">
          <label class="visually-hidden" for="ma">
            Mã hồ sơ
          </label>
          <input type="search" id="ma" name="ma" value={code} maxLength={60} placeholder="Mã hồ sơ trên giấy tiếp nhận" />
          <button class="button" type="submit">
            Tra cứu
          </button>
        </form>
        {result === null && (
          <div class="error-summary" role="alert" style="margin-top:1.5rem">
            <p>{notFound}</p>
          </div>
        )}
        {result && (
          <>
            <h2>Hồ sơ {result.code}</h2>
            <p>
              <Tag>{result.statusLabel}</Tag>
            </p>
            <SummaryList
              rows={[
                ['Thủ tục', result.procedureName],
                ['Cơ quan tiếp nhận', result.agencyName],
                ['Nộp trực tuyến lúc', result.submittedAt ? formatMoment(result.submittedAt) : ''],
                ['Hạn tiếp nhận hồ sơ', result.acceptBy ? formatMoment(result.acceptBy) : ''],
                ['Ngày tiếp nhận', result.receivedAt ? formatMoment(result.receivedAt) : ''],
                ['Hẹn trả kết quả', result.dueAt ? formatMoment(result.dueAt) : ''],
              ]}
            />
            {result.reasons.length > 0 && (
              <>
                <h3>{result.status === 'not_received' ? 'Lý do không tiếp nhận' : 'Cần bổ sung, hoàn thiện'}</h3>
                <ul>
                  {result.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </>
    ),
  });
}

/** The public lookup by dossier code (or its QR code), as a page and as JSON; rate-limited against guessing. */
export function lookupRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    // A dossier's public status is kept rendered and compressed until the dossier changes: every
    // process hears of each change (migrations/013) and forgets that code, so a code looked up
    // again and again (a QR code at a busy counter) costs one database lookup per change.
    const recent = new LookupCache();
    // Guessing is what the limit is for: a code already answered from memory (a real dossier's, looked
    // up before) is not counted, and an unknown code always is, so knowing one code helps guess none.
    const known = (request: FastifyRequest) => {
      const page = (request.query as { ma?: unknown } | undefined)?.ma;
      if (typeof page === 'string') return recent.get('page', page) !== undefined;
      const api = (request.params as { code?: unknown } | undefined)?.code;
      return typeof api === 'string' && recent.get('api', api) !== undefined;
    };
    const limit = { rateLimit: { max: deps.config.lookupsPerMinute, timeWindow: '1 minute', allowList: known } };
    const listener = listen(
      deps.pool.options,
      'dossier_changed',
      (code) => recent.changed(code),
      () => recent.clear(),
    );
    base.addHook('onClose', () => listener.stop());
    app.get(
      '/tra-cuu',
      { config: limit, schema: { hide: true, querystring: z.object({ ma: z.string().max(200).optional() }) } },
      async (request, reply) => {
        const code = (request.query.ma ?? '').trim();
        if (!code)
          return sendHtml(
            request,
            reply,
            lookupPage('', undefined, request.query.ma !== undefined),
            request.query.ma !== undefined ? 400 : 200,
          );
        const hit = recent.get('page', code);
        if (hit) return sendEntry(request, reply, hit, 'no-store');
        const asked = recent.mark();
        const result = await lookupDossier(deps.pool, code);
        if (!result) return sendHtml(request, reply, lookupPage(code.slice(0, 60), result), 404);
        return sendEntry(request, reply, recent.put('page', result.code, asked, lookupPage(code.slice(0, 60), result)), 'no-store');
      },
    );

    app.get(
      '/api/dossiers/:code/status',
      {
        config: limit,
        schema: {
          summary: 'Tình trạng một hồ sơ theo mã (không có thông tin cá nhân)',
          tags: ['dossiers'],
          params: z.object({ code: z.string().max(60) }),
          response: {
            200: z.object({
              code: z.string(),
              status: z.string(),
              statusLabel: z.string(),
              portalStatus: z.number(),
              procedureCode: z.string(),
              procedureName: z.string(),
              agencyName: z.string(),
              receivedAt: z.date().nullable(),
              dueAt: z.date().nullable(),
              submittedAt: z.date().nullable(),
              acceptBy: z.date().nullable(),
              reasons: z.array(z.string()),
            }),
          },
        },
      },
      async (request, reply) => {
        const hit = recent.get('api', request.params.code);
        if (hit) return void sendEntry(request, reply, hit, 'no-store');
        const asked = recent.mark();
        const result = await lookupDossier(deps.pool, request.params.code);
        if (!result) throw new AppError('not_found', `dossier ${request.params.code}`, { userMessage: notFound });
        const entry = recent.put('api', result.code, asked, JSON.stringify(result), 'application/json; charset=utf-8');
        void sendEntry(request, reply, entry, 'no-store');
      },
    );
  };
}
