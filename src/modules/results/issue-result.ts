import { randomBytes, X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import { vietnamDate } from '../../lib/vietnamese.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { Procedure } from '../catalog/procedure.schema.ts';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import * as files from '../files/files.repository.ts';
import { limits } from '../files/limits.ts';
import { openStored } from '../files/read-file.ts';
import { storeStream } from '../files/store-file.ts';
import { openStoredSigner, revocationSource, signPdf, type RevocationSource } from '../signing/signing.ts';
import { renderResultPdf } from './render-result-pdf.ts';
import { issuableDraft, issuingRefusal } from './result-rules.ts';
import { loadResultStage } from './result-stage.ts';
import * as repo from './results.repository.ts';
import { grantFor, keyOf, verifyUrlOf, type SigningDeps } from './sign-result.ts';

/**
 * The electronic result code: the result type's code from the catalogue, the
 * owner's personal ID number, and the document's year and number (one owner
 * may get the same kind of result more than once).
 */
export function resultCodeOf(resultTypeCode: string | null, idNumber: string, year: number, number: number): string | null {
  if (!resultTypeCode || !/^\d{9,12}$/.test(idNumber)) return null;
  return `${resultTypeCode}.${idNumber}.${year}.${number}`;
}

async function bytesOf(filesDir: string, sha256: string): Promise<Buffer> {
  const { stream } = await openStored(filesDir, sha256);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The clerk issues the leader-signed result, at the issuing step (or once the
 * dossier is approved, in a process without one), and only the newest version
 * the leader signed, once (result-rules.ts): the agency's next number of the
 * year (gapless, from 1 each 1 January), shown with the organisation's
 * signature that seals the document, the electronic result code, and a token
 * for public verification. From this commit on, and only from it, the
 * applicant can see and download the result.
 */
export async function issueResult(
  deps: SigningDeps,
  actor: StaffActor,
  index: AgencyIndex,
  d: DossierRow,
  procedure: Procedure,
  ip: string,
): Promise<repo.IssuedResult> {
  const grant = grantFor(actor, index, d, 'clerk');
  if (!grant)
    throw new AppError('forbidden', `${actor.staffId} cannot issue for ${d.code}`, {
      userMessage: 'Chỉ văn thư của cơ quan giải quyết mới phát hành được.',
    });
  const notNow = issuingRefusal(await loadResultStage(deps.pool, d));
  if (notNow) throw new AppError('validation_failed', `${d.code} is not at issuing`, { userMessage: notNow });
  const newest = await repo.findNewestSigned(deps.pool, d.id);
  const choice = issuableDraft(newest ? [newest] : []);
  if ('refusal' in choice) throw new AppError('validation_failed', `nothing to issue for ${d.code}`, { userMessage: choice.refusal });
  const draft = choice.draft;
  if (!draft.content)
    throw new AppError('validation_failed', `signed draft of ${d.code} has no template fields`, {
      userMessage: 'Bản đã ký không có nội dung theo mẫu để phát hành.',
    });
  const content = draft.content;
  const agencyId = index.homeOf(grant.agencyId);
  const agencyName = index.nameOf(agencyId);
  const keyId = await keyOf(deps, { kind: 'organisation', agencyId, agencyName }, actor);
  const signer = await openStoredSigner(deps.pool, deps.key, keyId);
  // The seal's revocation evidence (a CRL, perhaps from a slow server) is had before the agency's
  // number counter is locked, so that nobody else's issuing waits for it.
  const sealCertificate = await signer.certificate();
  const evidence = await revocationSource(deps.pool, deps.key).evidenceFor(
    new X509Certificate(sealCertificate.certificate),
    sealCertificate.chain.map((c) => new X509Certificate(c)),
  );
  const revocation: RevocationSource = { evidenceFor: async () => evidence };
  // The leader's document again, only to know where its signature box and its number's blank lie.
  const { signatureBox, numberBox } = await renderResultPdf(content, {
    number: null,
    date: draft.signedAt,
    ...(draft.verifyToken ? { verifyUrl: verifyUrlOf(deps.publicUrl, draft.verifyToken) } : {}),
  });
  const issuedAt = new Date();
  const year = Number(vietnamDate(issuedAt).slice(0, 4));
  return transaction(deps.pool, async (db) => {
    const locked = await repo.lockNewestSigned(db, d.id);
    if (locked?.id !== draft.id || locked.issued)
      throw new AppError('conflict', `draft ${draft.version} of ${d.code} issued or replaced meanwhile`, {
        userMessage: 'Bản này vừa được phát hành hoặc vừa có bản mới hơn được ký; hãy xem lại trang.',
      });
    // The number is taken inside the transaction that records the result: a failure gives it back.
    const number = await repo.nextDocumentNumber(db, agencyId, year);
    const sealed = await signPdf(
      await bytesOf(deps.filesDir, draft.signedSha256),
      {
        // The seal over the left of the leader's signature (about a third, Decree 30 Annex I), as paper documents are stamped.
        placement: { ...signatureBox, width: signatureBox.width / 2 },
        appearance: 'organisation',
        // The number goes in the header's blank, where a reader looks for it; the seal itself shows
        // the agency and the time (Decree 30, Annex I).
        stamp: { placement: numberBox, text: String(number) },
        reason: 'Phát hành',
        location: content.place,
        signedAt: issuedAt,
      },
      { signer, revocation },
    );
    const stored = await storeStream(deps.filesDir, Readable.from(sealed), {
      maxBytes: limits.defaultMaxBytes,
      displayName: `ket-qua-${d.code}.pdf`,
    });
    await files.insertFile(db, stored);
    const result: repo.IssuedResult = {
      dossierId: d.id,
      draftId: draft.id,
      agencyId,
      year,
      number,
      notation: content.notation,
      sha256: stored.sha256,
      resultCode: resultCodeOf(procedure.results[0]?.code ?? null, d.applicant.idNumber, year, number),
      verifyToken: draft.verifyToken ?? randomBytes(12).toString('base64url'),
      issuedAt,
      issuedBy: actor.staffId,
      ownerIdNumber: d.applicant.idNumber,
    };
    await repo.insertResult(db, result);
    await appendAudit(db, {
      actor: auditActorOf(actor, grant),
      action: 'result_issued',
      subjectType: 'dossier',
      subjectId: d.code,
      agencyId: d.receivingAgencyId,
      detail: { number: `${number}/${result.notation}`, resultCode: result.resultCode },
      ip,
    });
    return result;
  });
}
