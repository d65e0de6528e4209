import { child, type DerNode, expect, readDer, readIntegerHex, readOctets, readOid, readTime, Tag } from './der.ts';
import { Oid } from './oids.ts';
import { formatName, nameFields, type NameFields, readName } from './x509-names.ts';

/**
 * The fields of a certificate the signing module needs, read from its DER (Node's X509Certificate
 * checks signatures and issuers; names are read here so that Vietnamese letters come out whole).
 */
export interface CertificateFields {
  der: Buffer;
  /** Lower-case hex, no leading zeros. */
  serial: string;
  /** The serial number's INTEGER element, as encoded. */
  serialElement: Buffer;
  /** The issuer's and the subject's Name, as encoded (what CMS and CRLs compare byte for byte). */
  issuerName: Buffer;
  subjectName: Buffer;
  issuer: NameFields;
  subject: NameFields;
  issuerText: string;
  subjectText: string;
  notBefore: Date;
  notAfter: Date;
  /** Where the issuer publishes the CRL that covers this certificate (http and https URLs). */
  crlUrls: string[];
}

export function readCertificate(der: Buffer): CertificateFields {
  const cert = expect(readDer(der), Tag.sequence, 'Certificate');
  const tbs = expect(child(cert, 0, 'Certificate'), Tag.sequence, 'TBSCertificate');
  const at = (i: number): DerNode => child(tbs, (tbs.children[0]?.tag === 0xa0 ? 1 : 0) + i, 'TBSCertificate');
  const serialNode = expect(at(0), Tag.integer, 'serialNumber');
  const issuer = expect(at(2), Tag.sequence, 'issuer');
  const validity = expect(at(3), Tag.sequence, 'validity');
  const subject = expect(at(4), Tag.sequence, 'subject');
  const issuerAttrs = readName(issuer);
  const subjectAttrs = readName(subject);
  return {
    der: cert.raw,
    serial: readIntegerHex(serialNode),
    serialElement: serialNode.raw,
    issuerName: issuer.raw,
    subjectName: subject.raw,
    issuer: nameFields(issuerAttrs),
    subject: nameFields(subjectAttrs),
    issuerText: formatName(issuerAttrs),
    subjectText: formatName(subjectAttrs),
    notBefore: readTime(child(validity, 0, 'validity')),
    notAfter: readTime(child(validity, 1, 'validity')),
    crlUrls: crlUrlsOf(tbs.children.find((c) => c.tag === 0xa3)),
  };
}

function crlUrlsOf(extensions: DerNode | undefined): string[] {
  const ext = extensions?.children[0]?.children.find((e) => e.children[0] && readOid(e.children[0]) === Oid.crlDistributionPoints);
  if (!ext) return [];
  const points = readDer(readOctets(ext.children[ext.children.length - 1]!));
  const urls: string[] = [];
  // DistributionPoint → [0] distributionPoint → [0] fullName → [6] uniformResourceIdentifier
  for (const point of points.children)
    for (const name of point.children.find((c) => c.tag === 0xa0)?.children.find((c) => c.tag === 0xa0)?.children ?? [])
      if (name.tag === 0x86) urls.push(name.content.toString('latin1'));
  return urls.filter((u) => /^https?:\/\//i.test(u));
}
