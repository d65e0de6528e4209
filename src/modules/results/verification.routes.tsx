import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { formatMoment, formatSize } from '../../lib/vietnamese.ts';
import { ErrorSummary, SummaryList } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage } from '../../web/layout.tsx';
import { sendHtml } from '../../web/reply.ts';
import { csrfFor } from '../accounts/session-plugin.ts';
import { dossierFileParams } from '../dossiers/dossier-file.ts';
import { readableDossier } from '../dossiers/dossier-view.routes.ts';
import { findDossierByCode } from '../dossiers/dossiers.repository.ts';
import { openStored } from '../files/read-file.ts';
import { limits } from '../files/limits.ts';
import { readMultipart, readToMemory } from '../files/multipart.ts';
import { filesDirOf } from '../files/receive-uploads.ts';
import { atRestKey, loadTrustList, revocationSource, verifyPdf } from '../signing/signing.ts';
import * as repo from './results.repository.ts';
import { VerdictBlock } from './verdict.tsx';
import { maskIdNumber } from '../citizens/citizen-display.ts';

/**
 * Public verification of results (no sign-in): upload a PDF and be told who
 * signed it, when, with which certificate, and whether it changed since; or
 * follow the QR code of an issued result to its record. Downloading an issued
 * result is for its applicant and the staff who may read the dossier.
 */
export function verificationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;
    const filesDir = filesDirOf(deps.config.dataDir);
    const verify = async (pdf: Buffer) => {
      const key = atRestKey(deps.config.signing.keySecret);
      return verifyPdf(pdf, {
        trust: await loadTrustList(pool, deps.config.signing.trustListFile),
        revocation: revocationSource(pool, key),
      });
    };
    const bytesOf = async (sha256: string) => {
      const { stream } = await openStored(filesDir, sha256);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    const page = (title: string, body: preact.ComponentChildren) => renderPage({ title, noindex: true, children: body });

    const uploadForm = (csrf: string) => (
      <form method="post" action="/xac-thuc" enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class="form-group">
          <label for="file">Tệp PDF cần kiểm tra</label>
          <div class="hint">Tệp chỉ được dùng để kiểm tra và không được lưu lại.</div>
          <input type="file" id="file" name="file" accept=".pdf" />
        </div>
        <button class="button" type="submit">
          Kiểm tra chữ ký số
        </button>
      </form>
    );

    /** The upload page; with a problem when the form came back without a file. */
    const formPage = (request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = []) =>
      sendHtml(
        request,
        reply,
        page(
          'Xác thực văn bản điện tử',
          <>
            <h1>Xác thực văn bản điện tử</h1>
            <ErrorSummary problems={problems} />
            <p>
              Kiểm tra văn bản kết quả giải quyết thủ tục hành chính: ai đã ký số, lúc nào, bằng chứng thư nào và văn bản có bị sửa sau khi
              ký không.
            </p>
            {uploadForm(csrfFor(request, reply))}
          </>,
        ),
        problems.length ? 400 : 200,
      );

    app.get('/xac-thuc', { schema: { hide: true } }, (request, reply) => formPage(request, reply));

    app.post('/xac-thuc', { config: { acceptsFiles: true }, schema: { hide: true } }, async (request, reply) => {
      // The file is read into memory, checked and forgotten: nobody's document is kept by a verification.
      let pdf: Buffer | undefined;
      await readMultipart(
        request,
        { fileSize: limits.defaultMaxBytes + 1, files: 1, fields: 10, fieldSize: 10_000, bytes: 2 * limits.defaultMaxBytes },
        async (part) => {
          const { bytes, size } = await readToMemory(part.stream, limits.defaultMaxBytes);
          if (size > limits.defaultMaxBytes)
            throw new AppError('payload_too_large', `verification upload of ${size} bytes`, {
              userMessage: `Tệp lớn hơn ${formatSize(limits.defaultMaxBytes)}: không phải văn bản do hệ thống phát hành.`,
            });
          pdf = bytes;
        },
      );
      if (!pdf?.length) return formPage(request, reply, [{ field: 'file', message: 'Chọn tệp PDF cần kiểm tra.' }]);
      const verdict = await verify(pdf);
      const issued = await repo.findResultBySha256(pool, createHash('sha256').update(pdf).digest('hex'));
      return sendHtml(
        request,
        reply,
        page(
          'Kết quả xác thực',
          <>
            <h1>Kết quả xác thực</h1>
            {issued && (
              <p>
                Đây đúng là văn bản số {issued.number}/{issued.notation} do {issued.agencyName} phát hành lúc{' '}
                {formatMoment(issued.issuedAt)}.
              </p>
            )}
            <VerdictBlock verdict={verdict} />
            <h2>Kiểm tra tệp khác</h2>
            {uploadForm(csrfFor(request, reply))}
          </>,
        ),
      );
    });

    app.get('/xac-thuc/:token', { schema: { hide: true, params: z.object({ token: z.string().max(40) }) } }, async (request, reply) => {
      const result = await repo.findResultByToken(pool, request.params.token);
      if (!result)
        throw new AppError('not_found', `result token ${request.params.token}`, {
          userMessage: 'Không có văn bản nào với mã xác thực này.',
        });
      const [verdict, issued] = await Promise.all([verify(await bytesOf(result.sha256)), repo.listIssuedResults(pool, result.dossierId)]);
      // A result corrected later (Decree 118 Art. 23) is no longer in force: say so, and by which document.
      const successor = issued.at(-1)?.id === result.id ? undefined : issued.at(-1);
      return sendHtml(
        request,
        reply,
        page(
          'Xác thực văn bản điện tử',
          <>
            <h1>
              Văn bản số {result.number}/{result.notation}
            </h1>
            {successor && (
              <div class="notice notice-warning" role="status">
                Văn bản này đã được đính chính và không còn hiệu lực: thay bằng văn bản số {successor.number}/{successor.notation} phát hành
                lúc {formatMoment(successor.issuedAt)}.
              </div>
            )}
            <SummaryList
              rows={[
                ['Cơ quan phát hành', result.agencyName],
                ['Thủ tục', result.procedureName],
                ['Phát hành lúc', formatMoment(result.issuedAt)],
                // A public page: the owner's ID number inside the code is masked.
                ['Mã kết quả điện tử', maskedResultCode(result)],
              ]}
            />
            <VerdictBlock verdict={verdict} />
            <p>Có bản giấy hoặc tệp khác? Tải lên để so sánh với văn bản gốc:</p>
            {uploadForm(csrfFor(request, reply))}
          </>,
        ),
      );
    });

    // A signed file that came with a dossier (a citizen's upload, another agency's document): its verdict, for the staff who read it.
    app.get('/ho-so/:code/tep/:upload/chu-ky', { schema: { hide: true, params: dossierFileParams } }, async (request, reply) => {
      const r = await readableDossier(deps, request, reply, request.params.code);
      if (!r) return reply;
      const file = r.dossier.components.flatMap((c) => c.files ?? []).find((f) => f.uploadId === request.params.upload);
      if (!file || file.mediaType !== 'application/pdf')
        throw new AppError('not_found', `pdf upload ${request.params.upload} of ${r.dossier.code}`, {
          userMessage: 'Hồ sơ không có tệp PDF này.',
        });
      const verdict = await verify(await bytesOf(file.sha256));
      return sendHtml(
        request,
        reply,
        renderPage({
          title: `Chữ ký số – ${file.displayName}`,
          noindex: true,
          user: r.user,
          children: (
            <>
              <span class="caption">Hồ sơ {r.dossier.code}</span>
              <h1>Chữ ký số của tệp {file.displayName}</h1>
              <VerdictBlock verdict={verdict} />
              <p>
                <a href={`/ho-so/${r.dossier.code}`}>Về hồ sơ</a>
              </p>
            </>
          ),
        }),
      );
    });

    app.get('/ket-qua/:token.pdf', { schema: { hide: true, params: z.object({ token: z.string().max(40) }) } }, async (request, reply) => {
      const result = await repo.findResultByToken(pool, request.params.token);
      if (!result) throw new AppError('not_found', `result token ${request.params.token}`, { userMessage: 'Không có văn bản này.' });
      const actor = request.actor;
      if (actor.kind === 'citizen') {
        // The owner (their ID number), or the citizen who submitted the dossier online.
        const owner = result.ownerIdNumber !== '' && result.ownerIdNumber === actor.idNumber;
        const d = owner ? null : await findDossierByCode(pool, result.dossierCode);
        if (!owner && d?.citizenId !== actor.citizenId)
          throw new AppError('forbidden', 'not the applicant', { userMessage: 'Chỉ người được cấp kết quả mới tải được văn bản này.' });
      } else if (!(await readableDossier(deps, request, reply, result.dossierCode))) return reply;
      const { stream, size } = await openStored(filesDir, result.sha256);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', size)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="ket-qua-${result.number}-${result.year}.pdf"`)
        .send(stream);
    });
  };
}

/** The electronic result code with the owner's personal ID number masked but for its last digits. */
function maskedResultCode(r: { resultCode: string | null; ownerIdNumber: string }): string {
  if (!r.resultCode) return '';
  return r.ownerIdNumber ? r.resultCode.replace(r.ownerIdNumber, maskIdNumber(r.ownerIdNumber)) : r.resultCode;
}
