import { child, DerError, type DerNode, expect, readDer, readIntegerHex, readOctets, readOid, readTime, Tag, tlv } from './der.ts';
import { Oid } from './oids.ts';

/**
 * Reads the CMS SignedData of a PDF signature (from any tool: DER or BER) into what verification
 * needs. Throws DerError when the bytes are not a SignedData with one signer it can read.
 */
export interface CmsSignature {
  /** Every certificate the CMS carries (DER), in its order. */
  certificates: Buffer[];
  /** Who the signer says it is: issuer name and serial number, or a subject key identifier. */
  signerId: { issuerName: Buffer; serial: string } | { keyId: Buffer };
  digestAlgorithm: string;
  /** The signed attributes as signed (SET tag), or null when the signature covers the content itself. */
  signedAttributes: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  /** The SHA-256 of the signer's certificate named by the ESS signing-certificate-v2 attribute, if any. */
  essCertificateHash: Buffer | null;
  signatureAlgorithm: string;
  signature: Buffer;
  /** True when the content is inside the CMS (adbe.pkcs7.sha1 style) rather than detached. */
  hasContent: boolean;
}

export function readCms(der: Buffer): CmsSignature {
  const contentInfo = expect(readDer(der), Tag.sequence, 'ContentInfo');
  if (readOid(child(contentInfo, 0, 'ContentInfo')) !== Oid.signedData) throw new DerError('not a SignedData');
  const sd = expect(child(child(contentInfo, 1, 'ContentInfo'), 0, 'content'), Tag.sequence, 'SignedData');
  const encap = expect(child(sd, 2, 'SignedData'), Tag.sequence, 'EncapsulatedContentInfo');
  const certificates: Buffer[] = [];
  let signerInfos: DerNode | undefined;
  for (const node of sd.children.slice(3)) {
    if (node.tag === 0xa0) certificates.push(...node.children.filter((c) => c.tag === Tag.sequence).map((c) => c.raw));
    else if (node.tag === Tag.set) signerInfos = node;
  }
  if (!signerInfos || signerInfos.children.length !== 1) throw new DerError('expected exactly one SignerInfo');
  const si = expect(signerInfos.children[0], Tag.sequence, 'SignerInfo');
  const sid = child(si, 1, 'SignerInfo');
  const signerId =
    sid.tag === Tag.sequence
      ? { issuerName: expect(child(sid, 0, 'sid'), Tag.sequence, 'issuer').raw, serial: readIntegerHex(child(sid, 1, 'sid')) }
      : { keyId: sid.content };
  const digestAlgorithm = readOid(child(child(si, 2, 'SignerInfo'), 0, 'digestAlgorithm'));
  let i = 3;
  let signedAttributes: Buffer | null = null;
  const attrs = new Map<string, DerNode>();
  if (si.children[i]?.tag === 0xa0) {
    const node = si.children[i++]!;
    // The signature covers the attributes with the SET tag, the content re-encoded in definite form.
    signedAttributes = tlv(Tag.set, node.content);
    for (const a of node.children) {
      const type = readOid(child(a, 0, 'Attribute'));
      if (attrs.has(type)) throw new DerError(`attribute ${type} twice`);
      attrs.set(type, child(child(a, 1, 'Attribute'), 0, 'Attribute value'));
    }
  }
  const signatureAlgorithm = readOid(child(child(si, i++, 'SignerInfo'), 0, 'signatureAlgorithm'));
  const signature = readOctets(child(si, i, 'SignerInfo'));
  const ess = attrs.get(Oid.signingCertificateV2);
  return {
    certificates,
    signerId,
    digestAlgorithm,
    signedAttributes,
    messageDigest: attrs.has(Oid.messageDigest) ? readOctets(attrs.get(Oid.messageDigest)!) : null,
    signingTime: attrs.has(Oid.signingTime) ? readTime(attrs.get(Oid.signingTime)!) : null,
    essCertificateHash: ess ? essHash(ess) : null,
    signatureAlgorithm,
    signature,
    hasContent: encap.children.length > 1,
  };
}

function essHash(node: DerNode): Buffer {
  const first = expect(
    child(expect(child(node, 0, 'SigningCertificateV2'), Tag.sequence, 'certs'), 0, 'certs'),
    Tag.sequence,
    'ESSCertIDv2',
  );
  const c0 = child(first, 0, 'ESSCertIDv2');
  if (c0.tag === Tag.sequence) {
    // An explicit hash algorithm: only SHA-256 is understood here.
    if (readOid(child(c0, 0, 'hashAlgorithm')) !== Oid.sha256) throw new DerError('unsupported ESS hash');
    return readOctets(child(first, 1, 'ESSCertIDv2'));
  }
  return readOctets(c0);
}
