import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import type { Role } from '../accounts/roles.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import * as files from '../files/files.repository.ts';
import { limits } from '../files/limits.ts';
import { storeStream } from '../files/store-file.ts';
import { agenciesFor } from '../processes/work-actor.ts';
import {
  hasDevAuthority,
  issueSigningKey,
  listKeys,
  openStoredSigner,
  revocationSource,
  signPdf,
  type AtRestKey,
  type KeyHolder,
} from '../signing/signing.ts';
import { renderResultPdf } from './render-result-pdf.ts';
import { chooseKey, keyRefusalMessage, signingOrderRefusal, signingRefusal } from './result-rules.ts';
import { loadResultStage } from './result-stage.ts';
import * as repo from './results.repository.ts';

export interface SigningDeps {
  pool: pg.Pool;
  filesDir: string;
  key: AtRestKey;
  /** The system's public address, for the verification link printed on results. */
  publicUrl: string;
  /** DEMO: only then may the development CA's keys sign (a database once started as the demo keeps its CA). */
  demo: boolean;
}

/** The page of a result's public verification, which its QR code leads to. */
export function verifyUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/xac-thuc/${token}`;
}

/**
 * The grant with `role` in the agency whose step the dossier is at (the competent agency signs and
 * seals, never merely the one that received it); at no step (processing finished), in the receiving agency.
 */
export function grantFor(actor: StaffActor, index: AgencyIndex, d: DossierRow, role: Role) {
  const where = agenciesFor(index, d.stepAgencyId ?? d.receivingAgencyId);
  return actor.roles.find((g) => g.role === role && where.includes(g.agencyId)) ?? null;
}

/**
 * The holder's signing key (result-rules.ts `chooseKey`): their imported key
 * once they have one, else the development CA's, a new one issued when needed
 * where that CA exists. Refused (validation_failed, in Vietnamese) otherwise.
 */
export async function keyOf(deps: SigningDeps, holder: KeyHolder, by: StaffActor): Promise<number> {
  const keys = await listKeys(deps.pool, holder.kind === 'officer' ? { staffId: holder.staffId } : { agencyId: holder.agencyId });
  const mine = keys.filter((k) => k.holderKind === holder.kind);
  const choice = chooseKey(mine, deps.demo && (await hasDevAuthority(deps.pool)), new Date());
  if ('use' in choice) return choice.use;
  if ('refuse' in choice) {
    const name = holder.kind === 'officer' ? holder.fullName : holder.agencyName;
    throw new AppError('validation_failed', `no usable signing key of ${holder.kind} ${name}: ${choice.refuse}`, {
      userMessage: keyRefusalMessage(name, choice.refuse),
    });
  }
  return (await issueSigningKey(deps.pool, deps.key, holder, { by: auditActorOf(by) })).id;
}

/**
 * The leader signs a draft: its final form (dated, no DỰ THẢO, the number
 * left to the issuing) gets a PAdES signature with the leader's visible
 * signature in the signer block. Only a leader of the agency whose approval
 * step the dossier is at signs, while the dossier is at the approval
 * step (the leader's); a draft is signed once, and never after a newer one.
 */
export async function signResult(
  deps: SigningDeps,
  actor: StaffActor,
  index: AgencyIndex,
  d: DossierRow,
  version: number,
  ip: string,
): Promise<void> {
  const grant = grantFor(actor, index, d, 'agency_leader');
  if (!grant)
    throw new AppError('forbidden', `${actor.staffId} cannot sign for ${d.code}`, {
      userMessage: 'Chỉ lãnh đạo cơ quan giải quyết hồ sơ mới ký được.',
    });
  const notNow = signingRefusal(await loadResultStage(deps.pool, d));
  if (notNow) throw new AppError('validation_failed', `${d.code} is not at the leader's step`, { userMessage: notNow });
  const draft = await repo.findDraft(deps.pool, d.id, version);
  if (!draft) throw new AppError('not_found', `draft ${version} of ${d.code}`, { userMessage: 'Không có bản dự thảo này.' });
  if (!draft.content)
    throw new AppError('validation_failed', 'uploaded drafts are signed outside', {
      userMessage: 'Bản dự thảo tải lên không ký trên hệ thống được; hãy soạn theo mẫu.',
    });
  if (draft.signedAt) throw new AppError('conflict', `draft ${version} already signed`, { userMessage: 'Bản này đã được ký.' });
  const newest = await repo.findNewestSigned(deps.pool, d.id);
  const older = signingOrderRefusal(newest ? [newest] : [], version);
  if (older) throw new AppError('conflict', `draft ${version} older than signed ${newest?.version}`, { userMessage: older });
  const agencyName = index.nameOf(index.homeOf(grant.agencyId));
  const keyId = await keyOf(
    deps,
    { kind: 'officer', staffId: actor.staffId, fullName: actor.fullName, agencyId: grant.agencyId, agencyName },
    actor,
  );
  const signedAt = new Date();
  // Chosen now: the QR code of the verification page is part of what the leader signs.
  const verifyToken = randomBytes(12).toString('base64url');
  const { bytes, signatureBox } = await renderResultPdf(draft.content, {
    number: null,
    date: signedAt,
    verifyUrl: verifyUrlOf(deps.publicUrl, verifyToken),
  });
  const signed = await signPdf(
    bytes,
    { placement: signatureBox, appearance: 'person', reason: 'Phê duyệt', location: draft.content.place, signedAt },
    { signer: await openStoredSigner(deps.pool, deps.key, keyId), revocation: revocationSource(deps.pool, deps.key) },
  );
  const stored = await storeStream(deps.filesDir, Readable.from(signed), {
    maxBytes: limits.defaultMaxBytes,
    displayName: `ky-${d.code}.pdf`,
  });
  await transaction(deps.pool, async (db) => {
    await files.insertFile(db, stored);
    if (!(await repo.markSigned(db, draft.id, { sha256: stored.sha256, staffId: actor.staffId, at: signedAt, verifyToken })))
      throw new AppError('conflict', `draft ${version} signed meanwhile`, { userMessage: 'Bản này vừa được ký.' });
    await appendAudit(db, {
      actor: auditActorOf(actor, grant),
      action: 'result_signed',
      subjectType: 'dossier',
      subjectId: d.code,
      agencyId: d.receivingAgencyId,
      detail: { version },
      ip,
    });
  });
}
