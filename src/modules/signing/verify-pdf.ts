import { AppError } from '../../errors.ts';
import { inspectSignature } from './inspect-signature.ts';
import { findSignatures } from './pdf/find-signatures.ts';
import type { RevocationSource } from './revocation-source.ts';
import { revocationStatus } from './revocation-status.ts';
import { buildChain } from './trust-chain.ts';
import type { TrustList } from './trust-list.ts';
import { type SignatureVerdict, verdictOf, withStampsVouched } from './verdict.ts';

/**
 * Verifies every signature of an incoming PDF (an upload by a citizen, a file from another
 * agency, a result brought to the public verification page): who signed, when, with which
 * certificate, whether the signed bytes changed since, whether the chain leads to a trusted root,
 * whether the certificate is revoked. A file that is not a PDF is refused (AppError bad_request);
 * any other damage shows in the verdicts, never as a crash.
 */
export interface PdfVerdict {
  /** In signing order. */
  signatures: SignatureVerdict[];
  /** Every signature valid, and at least one. */
  allValid: boolean;
  /** One sentence for the top of the page. */
  summary: string;
}

export interface VerifyDeps {
  trust: TrustList;
  revocation: RevocationSource;
}

export async function verifyPdf(pdf: Buffer, deps: VerifyDeps): Promise<PdfVerdict> {
  if (!Buffer.isBuffer(pdf) || pdf.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1') < 0)
    throw new AppError('bad_request', 'not a PDF', { userMessage: 'Tệp này không phải là tệp PDF.' });
  let found;
  try {
    const all = findSignatures(pdf);
    const lengths = all.map((f) => f.byteRange[2] + f.byteRange[3]);
    found = all.map((f) => inspectSignature(pdf, f, lengths));
  } catch (err) {
    throw new AppError('bad_request', `unreadable PDF: ${(err as Error).message}`, { userMessage: 'Không đọc được tệp PDF này.' });
  }
  let signatures: SignatureVerdict[] = [];
  for (const s of found) {
    if (!s.signer) {
      signatures.push(verdictOf(s, null, null));
      continue;
    }
    const chain = buildChain(s.signer.certificate, s.carried, deps.trust.anchors);
    // Only a trusted chain's CRL is fetched: the URL in an unknown certificate is the sender's choice.
    const evidence = chain.trusted ? await deps.revocation.evidenceFor(s.signer.certificate, chain.path.slice(1)) : null;
    signatures.push(verdictOf(s, chain, revocationStatus(s.signer.fields.serial, evidence, new Date())));
  }
  signatures = withStampsVouched(signatures);
  const allValid = signatures.length > 0 && signatures.every((s) => s.status === 'valid');
  const summary =
    signatures.length === 0
      ? 'Tệp không có chữ ký số.'
      : allValid
        ? signatures.length === 1
          ? 'Tệp có 1 chữ ký số, hợp lệ.'
          : `Tệp có ${signatures.length} chữ ký số, tất cả đều hợp lệ.`
        : signatures.some((s) => s.status === 'invalid')
          ? 'Tệp có chữ ký số không hợp lệ.'
          : 'Chưa xác định được tất cả chữ ký số của tệp có hợp lệ hay không.';
  return { signatures, allValid, summary };
}
