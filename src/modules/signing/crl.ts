import type { KeyObject, X509Certificate } from 'node:crypto';
import {
  child,
  DerError,
  type DerNode,
  explicit,
  expect,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  readBitStringBytes,
  readDer,
  readIntegerHex,
  readOctets,
  readOid,
  readSmallInteger,
  readTime,
  sequence,
  Tag,
  time,
  tlv,
} from './der.ts';
import { signatureAlgorithm } from './build-certificate.ts';
import { readCertificate } from './certificate-fields.ts';
import { Oid } from './oids.ts';
import { verifyWith } from './signature-check.ts';

/** Certificate revocation lists (RFC 5280 §5): the development CA writes them, every check reads them. */

export const revocationReasons = {
  unspecified: 0,
  key_compromise: 1,
  ca_compromise: 2,
  affiliation_changed: 3,
  superseded: 4,
  cessation_of_operation: 5,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

export interface RevokedEntry {
  /** Lower-case hex, no leading zeros. */
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlSpec {
  issuer: Buffer;
  issuerKeyId: Buffer;
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: RevokedEntry[];
}

export function buildCrl(spec: CrlSpec, issuerKey: KeyObject): Buffer {
  const algorithm = signatureAlgorithm(issuerKey);
  const entries = spec.revoked.map((r) => {
    const serial = integer(Buffer.from(r.serial.length % 2 ? `0${r.serial}` : r.serial, 'hex'));
    if (r.reason === 'unspecified') return sequence(serial, time(r.revokedAt));
    const reason = tlv(Tag.enumerated, Buffer.from([revocationReasons[r.reason]]));
    return sequence(serial, time(r.revokedAt), sequence(sequence(oid(Oid.crlReason), octetString(reason))));
  });
  const extensions = explicit(
    0,
    sequence(
      sequence(oid(Oid.authorityKeyIdentifier), octetString(sequence(implicitPrimitive(0, spec.issuerKeyId)))),
      sequence(oid(Oid.crlNumber), octetString(integer(spec.number))),
    ),
  );
  const tbs = sequence(
    integer(1),
    algorithm.identifier,
    spec.issuer,
    time(spec.thisUpdate),
    time(spec.nextUpdate),
    ...(entries.length ? [sequence(...entries)] : []),
    extensions,
  );
  return sequence(tbs, algorithm.identifier, tlv(Tag.bitString, Buffer.concat([Buffer.from([0]), algorithm.sign(tbs)])));
}

export interface Crl {
  /** The issuer's name as encoded in the CRL. */
  issuer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  number: number | null;
  revoked: Map<string, { revokedAt: Date; reason: RevocationReason | null }>;
  tbs: Buffer;
  algorithm: string;
  signature: Buffer;
}

const reasonNames = new Map(Object.entries(revocationReasons).map(([k, v]) => [v, k as RevocationReason]));

/** Reads a DER CRL; throws DerError when it is not one. */
export function readCrl(der: Buffer): Crl {
  const root = expect(readDer(der), Tag.sequence, 'CertificateList');
  const tbs = expect(child(root, 0, 'CertificateList'), Tag.sequence, 'TBSCertList');
  const algorithm = readOid(child(child(root, 1, 'CertificateList'), 0, 'AlgorithmIdentifier'));
  const signature = readBitStringBytes(child(root, 2, 'CertificateList'));
  let i = tbs.children[0]?.tag === Tag.integer ? 1 : 0;
  i++; // signature algorithm, repeated
  const issuer = expect(child(tbs, i++, 'TBSCertList'), Tag.sequence, 'issuer').raw;
  const thisUpdate = readTime(child(tbs, i++, 'TBSCertList'));
  let nextUpdate: Date | null = null;
  const maybeNext = tbs.children[i];
  if (maybeNext && (maybeNext.tag === Tag.utcTime || maybeNext.tag === Tag.generalizedTime)) {
    nextUpdate = readTime(maybeNext);
    i++;
  }
  const revoked = new Map<string, { revokedAt: Date; reason: RevocationReason | null }>();
  let number: number | null = null;
  for (const node of tbs.children.slice(i)) {
    if (node.tag === Tag.sequence) {
      for (const entry of node.children) {
        revoked.set(readIntegerHex(child(entry, 0, 'revoked')), {
          revokedAt: readTime(child(entry, 1, 'revoked')),
          reason: entryReason(entry),
        });
      }
    } else if (node.tag === 0xa0) {
      for (const ext of child(node, 0, 'crlExtensions').children) {
        if (readOid(child(ext, 0, 'extension')) !== Oid.crlNumber) continue;
        const value = readOctets(ext.children[ext.children.length - 1]!);
        number = readSmallInteger(readDer(value));
      }
    }
  }
  return { issuer, thisUpdate, nextUpdate, number, revoked, tbs: tbs.raw, algorithm, signature };
}

function entryReason(entry: DerNode): RevocationReason | null {
  const extensions = entry.children[2];
  if (!extensions) return null;
  for (const ext of extensions.children) {
    if (readOid(child(ext, 0, 'extension')) !== Oid.crlReason) continue;
    const value = readDer(readOctets(ext.children[ext.children.length - 1]!));
    if (value.tag !== Tag.enumerated || value.content.length !== 1) throw new DerError('bad reason code');
    return reasonNames.get(value.content[0] as 0) ?? 'unspecified';
  }
  return null;
}

/** True when `issuer` signed this CRL and the CRL names it as its issuer. */
export function crlSignedBy(crl: Crl, issuer: X509Certificate): boolean {
  if (!readCertificate(issuer.raw).subjectName.equals(crl.issuer)) return false;
  return verifyWith(crl.algorithm, null, crl.tbs, crl.signature, issuer.publicKey) === true;
}
