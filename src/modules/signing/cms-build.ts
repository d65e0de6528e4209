import crypto from 'node:crypto';
import { explicit, implicitConstructed, integer, nullValue, octetString, oid, sequence, setOf } from './der.ts';
import { readCertificate } from './certificate-fields.ts';
import { Oid } from './oids.ts';

/**
 * A detached CMS SignedData over a SHA-256 digest, with the signed attributes PAdES baseline B-B
 * asks for: content type, message digest and the ESS signing-certificate-v2 that binds the
 * signer's certificate (no signing-time attribute: in PAdES the time is the /M of the PDF).
 * The private key never comes here: `sign` receives the DER of the signed attributes.
 */
export type KeyKind = 'rsa' | 'ec';

/** The DER (as a SET) of the signed attributes: the exact bytes the signer's key signs. */
export function signedAttributes(digest: Buffer, signerCertificate: Buffer): Buffer {
  const cert = readCertificate(signerCertificate);
  const certHash = crypto.createHash('sha256').update(signerCertificate).digest();
  const essCertId = sequence(octetString(certHash), sequence(sequence(explicit(4, cert.issuerName)), cert.serialElement));
  return setOf(
    attribute(Oid.contentType, oid(Oid.data)),
    attribute(Oid.messageDigest, octetString(digest)),
    attribute(Oid.signingCertificateV2, sequence(sequence(essCertId))),
  );
}

function attribute(type: string, value: Buffer): Buffer {
  return sequence(oid(type), setOf(value));
}

export interface SignedDataParts {
  signedAttributes: Buffer;
  signature: Buffer;
  keyKind: KeyKind;
  /** The signer's certificate first, then the chain. */
  certificates: Buffer[];
}

export function signedData(parts: SignedDataParts): Buffer {
  const signer = readCertificate(parts.certificates[0]!);
  const sha256 = sequence(oid(Oid.sha256));
  const signatureAlgorithm = parts.keyKind === 'rsa' ? sequence(oid(Oid.rsaEncryption), nullValue()) : sequence(oid(Oid.ecdsaWithSha256));
  // Inside SignerInfo the attributes carry [0] IMPLICIT in place of the SET tag they are signed with.
  const attrs = implicitConstructed(0, parts.signedAttributes.subarray(headerLength(parts.signedAttributes)));
  const signerInfo = sequence(
    integer(1),
    sequence(signer.issuerName, signer.serialElement),
    sha256,
    attrs,
    signatureAlgorithm,
    octetString(parts.signature),
  );
  const content = sequence(
    integer(1),
    setOf(sha256),
    sequence(oid(Oid.data)),
    implicitConstructed(0, Buffer.concat(parts.certificates)),
    setOf(signerInfo),
  );
  return sequence(oid(Oid.signedData), explicit(0, content));
}

function headerLength(der: Buffer): number {
  return der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
}

/** Builds the whole CMS, asking `sign` for the raw signature of the signed attributes. */
export async function cmsForDigest(
  digest: Buffer,
  certificates: Buffer[],
  keyKind: KeyKind,
  sign: (signedAttributes: Buffer) => Promise<Buffer> | Buffer,
): Promise<Buffer> {
  if (digest.length !== 32) throw new Error('a SHA-256 digest has 32 bytes');
  const attrs = signedAttributes(digest, certificates[0]!);
  return signedData({ signedAttributes: attrs, signature: await sign(attrs), keyKind, certificates });
}
