import { X509Certificate } from 'node:crypto';
import type pg from 'pg';
import type { AtRestKey } from './at-rest.ts';
import { readCertificate } from './certificate-fields.ts';
import { currentCrl } from './current-crl.ts';
import { fetchCrl } from './crl-fetch.ts';
import type { RevocationEvidence } from './revocation-status.ts';
import { findDevAuthority } from './signing.repository.ts';

/**
 * Where the CRL for a certificate comes from: the development CA's own (from the database, always
 * current) for the certificates it issued; for any other, the URL in the certificate.
 */
export interface RevocationSource {
  /** The CRL covering `certificate` and the certificate of its issuer, or null when none can be had. */
  evidenceFor(certificate: X509Certificate, chain: X509Certificate[]): Promise<RevocationEvidence | null>;
}

export function revocationSource(
  pool: pg.Pool,
  key: AtRestKey,
  fetch: (url: string) => Promise<Buffer | null> = fetchCrl,
): RevocationSource {
  return {
    async evidenceFor(certificate, chain) {
      const dev = await findDevAuthority(pool);
      if (dev) {
        const devCa = new X509Certificate(dev.certificate);
        if (issuedBy(certificate, devCa)) return { crl: await currentCrl(pool, key), issuer: devCa };
      }
      const issuer = chain.find((c) => issuedBy(certificate, c));
      if (!issuer) return null;
      for (const url of readCertificate(certificate.raw).crlUrls) {
        const crl = await fetch(url);
        if (crl) return { crl, issuer };
      }
      return null;
    },
  };
}

export function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
