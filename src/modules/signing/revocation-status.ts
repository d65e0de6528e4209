import type { X509Certificate } from 'node:crypto';
import { DerError } from './der.ts';
import { crlSignedBy, readCrl, type RevocationReason } from './crl.ts';

/**
 * Whether a certificate is revoked, by its issuer's CRL: "good" only when the CRL is signed by the
 * issuer and current; a CRL that is missing, unreadable, forged or stale gives "unknown".
 */
export interface RevocationEvidence {
  crl: Buffer;
  /** The certificate that issued both the checked certificate and the CRL. */
  issuer: X509Certificate;
}

export type RevocationStatus =
  | { status: 'good'; crlThisUpdate: Date }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason | null }
  | { status: 'unknown'; why: 'no_crl' | 'bad_crl' | 'stale_crl' };

export function revocationStatus(serial: string, evidence: RevocationEvidence | null, at: Date): RevocationStatus {
  if (!evidence) return { status: 'unknown', why: 'no_crl' };
  let crl;
  try {
    crl = readCrl(evidence.crl);
  } catch (err) {
    if (err instanceof DerError) return { status: 'unknown', why: 'bad_crl' };
    throw err;
  }
  if (!crlSignedBy(crl, evidence.issuer)) return { status: 'unknown', why: 'bad_crl' };
  const entry = crl.revoked.get(serial);
  // A revocation stays true even in a stale list; only "not listed" needs a current one.
  if (entry) return { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason };
  if (crl.nextUpdate && crl.nextUpdate.getTime() < at.getTime()) return { status: 'unknown', why: 'stale_crl' };
  return { status: 'good', crlThisUpdate: crl.thisUpdate };
}
