import crypto, { X509Certificate } from 'node:crypto';
import { type CertificateFields, readCertificate } from './certificate-fields.ts';
import { checkCms } from './cms-check.ts';
import { readCms } from './cms-read.ts';
import { entryText, type FoundSignature } from './pdf/find-signatures.ts';
import { laterChanges, type LaterChanges } from './pdf/later-changes.ts';
import { parsePdfDate } from './pdf/pdf-time.ts';

/**
 * What the bytes of a file say about one of its signatures, before trust and revocation (which
 * need the trust list and the CRLs): who, when, with which certificate, and whether the signed
 * bytes are still those that were signed. Pure; bad input gives 'unreadable', never an exception.
 */
export interface InspectedSignature {
  fieldName: string | null;
  subFilter: string | null;
  reason: string | null;
  location: string | null;
  byteRange: [number, number, number, number];
  /** 'intact': the digest of the signed bytes is the signed one and the signer's key signed it. */
  integrity: 'intact' | 'changed' | 'unreadable';
  coversWholeFile: boolean;
  laterChanges: LaterChanges;
  /** With 'signatures_and_stamps': the signed lengths of the later signatures that wrote on the page. */
  stampedBy: number[];
  /** The time the signer claims: the CMS signing-time attribute, else the dictionary's /M. */
  signingTime: Date | null;
  signer: { certificate: X509Certificate; fields: CertificateFields } | null;
  /** The other certificates the signature carries (the chain, as the signer sent it). */
  carried: X509Certificate[];
  /** Why it is unreadable, or which check failed (English, for logs). */
  detail: string | null;
}

/** `signedLengths`: what each signature of the file covers (c + d of its /ByteRange), to judge what was added after this one. */
export function inspectSignature(bytes: Buffer, found: FoundSignature, signedLengths: number[] = []): InspectedSignature {
  const [a, b, c, d] = found.byteRange;
  const later = laterChanges(bytes, c + d, signedLengths);
  const base = {
    fieldName: found.fieldName,
    subFilter: entryText(found.dict, 'SubFilter'),
    reason: entryText(found.dict, 'Reason'),
    location: entryText(found.dict, 'Location'),
    byteRange: found.byteRange,
    coversWholeFile: c + d === bytes.length,
    laterChanges: later.kind,
    stampedBy: later.stampedBy,
    signingTime: parsePdfDate(entryText(found.dict, 'M') ?? ''),
    signer: null,
    carried: [],
  };
  if (!found.contents) return { ...base, integrity: 'unreadable', detail: '/ByteRange does not frame /Contents' };
  try {
    const cms = readCms(found.contents);
    if (cms.hasContent) return { ...base, integrity: 'unreadable', detail: 'encapsulated content (adbe.pkcs7.sha1) not supported' };
    const signed = () => Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
    const digestOf = (algorithm: string) =>
      crypto
        .createHash(algorithm)
        .update(bytes.subarray(a, a + b))
        .update(bytes.subarray(c, c + d))
        .digest();
    const check = checkCms(cms, digestOf, signed);
    const carried = cms.certificates.flatMap((der) => {
      try {
        return [new X509Certificate(der)];
      } catch {
        return [];
      }
    });
    if (!check.signer) return { ...base, carried, integrity: 'unreadable', detail: "the signer's certificate is not in the signature" };
    const signer = { certificate: new X509Certificate(check.signer), fields: readCertificate(check.signer) };
    const withSigner = {
      ...base,
      carried: carried.filter((x) => !x.raw.equals(check.signer!)),
      signer,
      signingTime: cms.signingTime ?? base.signingTime,
    };
    if (check.signatureValid === null)
      return { ...withSigner, integrity: 'unreadable', detail: `unsupported algorithm ${cms.signatureAlgorithm}` };
    if (check.essMatches === false)
      return { ...withSigner, integrity: 'changed', detail: 'the signing-certificate attribute names another certificate' };
    if (!check.digestMatches || !check.signatureValid)
      return {
        ...withSigner,
        integrity: 'changed',
        detail: check.digestMatches ? 'signature does not verify' : 'digest of the signed bytes differs',
      };
    return { ...withSigner, integrity: 'intact', detail: null };
  } catch (err) {
    return { ...base, integrity: 'unreadable', detail: `unreadable signature: ${(err as Error).message}` };
  }
}
