import crypto, { X509Certificate } from 'node:crypto';
import { keyIdentifier } from './build-certificate.ts';
import { readCertificate } from './certificate-fields.ts';
import type { CmsSignature } from './cms-read.ts';
import { digestNames } from './oids.ts';
import { verifyWith } from './signature-check.ts';

/**
 * Checks one CMS signature against the content it claims to sign: the signer's certificate is in
 * the CMS, the message digest is the content's, the signature over the signed attributes (or the
 * content) is the signer key's, and the ESS attribute names that very certificate.
 */
export interface CmsCheck {
  /** The signer's certificate (DER), or null when the CMS does not carry it. */
  signer: Buffer | null;
  /** The digest of the content equals the signed message digest. */
  digestMatches: boolean;
  /** The signer's key made the signature; null when the algorithm is not supported. */
  signatureValid: boolean | null;
  /** The signing-certificate attribute names the signer's certificate; null when absent. */
  essMatches: boolean | null;
}

export function checkCms(cms: CmsSignature, digestOf: (algorithm: string) => Buffer | null, content: () => Buffer): CmsCheck {
  const signer = findSigner(cms);
  const algorithm = digestNames[cms.digestAlgorithm];
  const digest = algorithm ? digestOf(algorithm) : null;
  if (!signer) return { signer: null, digestMatches: false, signatureValid: null, essMatches: null };
  const key = new X509Certificate(signer).publicKey;
  const essMatches = cms.essCertificateHash ? crypto.createHash('sha256').update(signer).digest().equals(cms.essCertificateHash) : null;
  if (cms.signedAttributes) {
    return {
      signer,
      digestMatches: digest !== null && cms.messageDigest !== null && digest.equals(cms.messageDigest),
      signatureValid: verifyWith(cms.signatureAlgorithm, cms.digestAlgorithm, cms.signedAttributes, cms.signature, key),
      essMatches,
    };
  }
  // No signed attributes: the signature is over the content itself.
  const valid = verifyWith(cms.signatureAlgorithm, cms.digestAlgorithm, content(), cms.signature, key);
  return { signer, digestMatches: valid === true, signatureValid: valid, essMatches };
}

function findSigner(cms: CmsSignature): Buffer | null {
  for (const der of cms.certificates) {
    try {
      if ('serial' in cms.signerId) {
        const c = readCertificate(der);
        if (c.serial === cms.signerId.serial && c.issuerName.equals(cms.signerId.issuerName)) return der;
      } else if (keyIdentifier(new X509Certificate(der).publicKey).equals(cms.signerId.keyId)) return der;
    } catch {
      // A certificate that cannot be read cannot be the signer's.
    }
  }
  return null;
}
