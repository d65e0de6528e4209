import crypto, { type KeyObject } from 'node:crypto';
import { digestNames, Oid } from './oids.ts';

/**
 * Checks a signature made with the algorithm a certificate, CRL or CMS names. `digestOid` is the
 * digest of a CMS signer (whose signature algorithm may be plain rsaEncryption). Unknown
 * algorithms give null: "cannot tell", which a verdict reports, never "valid".
 */
export function verifyWith(
  algorithmOid: string,
  digestOid: string | null,
  data: Buffer,
  signature: Buffer,
  key: KeyObject,
): boolean | null {
  const digest = digestOf(algorithmOid, digestOid);
  if (!digest) return null;
  try {
    if (algorithmOid.startsWith('1.2.840.10045.')) return crypto.verify(digest, data, { key, dsaEncoding: 'der' }, signature);
    return crypto.verify(digest, data, key, signature);
  } catch {
    return false;
  }
}

const byAlgorithm: Record<string, string> = {
  [Oid.sha1WithRsa]: 'sha1',
  [Oid.sha256WithRsa]: 'sha256',
  [Oid.sha384WithRsa]: 'sha384',
  [Oid.sha512WithRsa]: 'sha512',
  [Oid.ecdsaWithSha256]: 'sha256',
  [Oid.ecdsaWithSha384]: 'sha384',
  [Oid.ecdsaWithSha512]: 'sha512',
};

function digestOf(algorithmOid: string, digestOid: string | null): string | null {
  if (byAlgorithm[algorithmOid]) return byAlgorithm[algorithmOid]!;
  // CMS allows the bare key algorithm; the digest then comes from the signer's digest algorithm.
  if ((algorithmOid === Oid.rsaEncryption || algorithmOid === Oid.ecPublicKey) && digestOid) return digestNames[digestOid] ?? null;
  return null;
}
