import { X509Certificate } from 'node:crypto';
import { AppError, type FieldProblem } from '../../errors.ts';
import { readCertificate } from './certificate-fields.ts';
import { checkCms } from './cms-check.ts';
import { readCms } from './cms-read.ts';
import { DerError } from './der.ts';
import { renderAppearance, renderStamp } from './pdf/appearance.ts';
import { embed, prepare } from './pdf/byte-range.ts';
import { pageAsForm } from './pdf/graft.ts';
import { appendRevision } from './pdf/incremental-update.ts';
import { openPdf, type PdfFile } from './pdf/pdf-file.ts';
import { PdfSyntaxError } from './pdf/pdf-syntax.ts';
import { pdfDate } from './pdf/pdf-time.ts';
import { signatureFieldObjects } from './pdf/signature-field.ts';
import type { RevocationSource } from './revocation-source.ts';
import { revocationStatus } from './revocation-status.ts';
import { assertUsableForSigning } from './signing-refusal.ts';
import type { SigningService } from './signing-service.ts';

/**
 * Signs a PDF (PAdES baseline B-B, SubFilter ETSI.CAdES.detached) with a visible signature, as an
 * incremental update: signatures already in the file stay valid, so the leader signs and then the
 * clerk adds the organisation's signature with the document number. Before anything is signed the
 * certificate must be within its validity and known not to be revoked (AppError validation_failed).
 */
export interface SignaturePlacement {
  /** 0-based page index. */
  page: number;
  /** Rectangle in PDF points (1/72 inch), origin at the bottom-left of the page (as renderResultPdf's signatureBox). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SignPdfRequest {
  placement: SignaturePlacement;
  /** A person's signature (leader, officer) or an organisation's (the seal). */
  appearance: 'person' | 'organisation';
  /** Shown in the organisation's appearance ("Số: 125/QĐ-UBND"). */
  documentNumber?: string | null;
  /** Words this signature also writes on the page, in the document's type (the issued number in the header's blank). */
  stamp?: { placement: SignaturePlacement; text: string } | null;
  /** PNG: the leader's signature image (blue, transparent) or the seal (red); drawn when absent. */
  image?: Buffer | null;
  reason?: string | null;
  location?: string | null;
  /** The signing time written in the PDF and the appearance; now by default. */
  signedAt?: Date;
}

export interface SignPdfDeps {
  signer: SigningService;
  revocation: RevocationSource;
}

export async function signPdf(pdf: Buffer, request: SignPdfRequest, deps: SignPdfDeps): Promise<Buffer> {
  const signedAt = request.signedAt ?? new Date();
  const file = readable(pdf);
  checkPlacement(file, request.placement);
  if (request.stamp) checkPlacement(file, request.stamp.placement, 4, 'Vùng ghi số văn bản');

  const { certificate, chain } = await deps.signer.certificate();
  const fields = readCertificate(certificate);
  const evidence = await deps.revocation.evidenceFor(
    new X509Certificate(certificate),
    chain.map((c) => new X509Certificate(c)),
  );
  assertUsableForSigning(fields, revocationStatus(fields.serial, evidence, signedAt), signedAt);

  const signerName = fields.subject.commonName ?? fields.subjectText;
  const { width, height } = request.placement;
  let appearancePdf: Buffer;
  try {
    appearancePdf = await renderAppearance(
      {
        kind: request.appearance,
        signer: signerName,
        organisation: fields.subject.organisation ?? null,
        signedAt,
        documentNumber: request.documentNumber ?? null,
        image: request.image ?? null,
      },
      width,
      height,
    );
  } catch (err) {
    if (!request.image) throw err;
    throw new AppError('validation_failed', `signature image unreadable: ${(err as Error).message}`, {
      problems: [{ field: 'image', message: 'Không đọc được ảnh chữ ký hoặc con dấu (cần tệp PNG hoặc JPEG).' }],
    });
  }

  const stampPdf = request.stamp && (await renderStamp(request.stamp.text, request.stamp.placement.width, request.stamp.placement.height));

  let next = file.size;
  const allocate = () => next++;
  const certificatesSize = [certificate, ...chain].reduce((n, c) => n + c.length, 0);
  const objects = unreadableAsBadRequest(() => {
    const { form, objects: appearance } = pageAsForm(openPdf(appearancePdf), allocate);
    const stamp = stampPdf ? pageAsForm(openPdf(stampPdf), allocate) : null;
    const field = {
      placement: request.placement,
      appearance: form,
      stamps: stamp ? [{ placement: request.stamp!.placement, appearance: stamp.form, text: request.stamp!.text }] : [],
      reserve: Math.max(8192, 2 * certificatesSize + 4096),
      subFilter: 'ETSI.CAdES.detached' as const,
      signedAt: pdfDate(signedAt),
      signerName,
      reason: request.reason ?? null,
      location: request.location ?? null,
    };
    return [...signatureFieldObjects(file, field, allocate), ...appearance, ...(stamp?.objects ?? [])];
  });
  const prepared = prepare(appendRevision(file, objects), pdf.length);
  const cms = await deps.signer.signHash(prepared.digest);
  checkReturned(cms, certificate, prepared.digest);
  return embed(prepared, cms);
}

function readable(pdf: Buffer): PdfFile {
  const file = unreadableAsBadRequest(() => {
    const f = openPdf(pdf);
    f.pageRefs();
    return f;
  });
  if (file.trailer.get('Encrypt') !== undefined)
    throw new AppError('bad_request', 'encrypted PDF', { userMessage: 'Tệp PDF đã được mã hóa (đặt mật khẩu); không thể ký.' });
  return file;
}

/** A structure the reader cannot follow, found while opening or while adding the signature's objects. */
function unreadableAsBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof PdfSyntaxError)) throw err;
    throw new AppError('bad_request', `unreadable PDF: ${err.message}`, {
      userMessage: 'Tệp PDF bị hỏng hoặc không đọc được; không thể ký.',
    });
  }
}

/** A rectangle on a page of the file, at least `least` points wide and high (20 for a signature). */
function checkPlacement(file: PdfFile, p: SignaturePlacement, least = 20, what = 'Vùng đặt chữ ký'): void {
  const problems: FieldProblem[] = [];
  const pages = file.pageRefs().length;
  if (!Number.isInteger(p.page) || p.page < 0 || p.page >= pages)
    problems.push({ field: 'page', message: `Trang ${p.page + 1} không có trong tài liệu (${pages} trang).` });
  if (![p.x, p.y, p.width, p.height].every(Number.isFinite) || p.width < least || p.height < least)
    problems.push({ field: 'placement', message: `${what} không hợp lệ (cần rộng và cao ít nhất ${least} điểm).` });
  if (problems.length) throw new AppError('validation_failed', 'bad signature placement', { problems });
}

/** A signing service must sign what it was given, with the certificate that was checked. */
function checkReturned(cms: Buffer, certificate: Buffer, digest: Buffer): void {
  let ok = false;
  try {
    const check = checkCms(
      readCms(cms),
      (alg) => (alg === 'sha256' ? digest : null),
      () => Buffer.alloc(0),
    );
    ok = check.signer !== null && check.signer.equals(certificate) && check.digestMatches && check.signatureValid === true;
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
  }
  if (!ok)
    throw new AppError('internal', 'the signing service returned a CMS that does not sign this digest with the checked certificate', {
      userMessage: 'Dịch vụ ký số trả về chữ ký không khớp với tài liệu hoặc chứng thư số; tài liệu chưa được ký.',
    });
}
