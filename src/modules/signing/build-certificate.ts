import crypto, { type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  child,
  explicit,
  implicitConstructed,
  implicitPrimitive,
  integer,
  namedBits,
  nullValue,
  octetString,
  oid,
  readBitStringBytes,
  readDer,
  sequence,
  time,
} from './der.ts';
import { Oid } from './oids.ts';
import { buildName, type NameFields } from './x509-names.ts';

/**
 * X.509 v3 certificates of the development CA: the root (which signs itself) and the signing
 * certificates of officers and organisations (digital signature and non-repudiation, e-mail
 * protection and document signing, the usages PDF readers check).
 */
export interface CertificateSpec {
  serial: Buffer;
  /** The issuer's name exactly as in the issuer's certificate (DER). */
  issuer: Buffer;
  subject: NameFields;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  authority: boolean;
  /** The issuer's key identifier; a root names its own. */
  issuerKeyId: Buffer;
  /** Where the issuer publishes its CRL. */
  crlUrl?: string;
}

export function buildCertificate(spec: CertificateSpec, issuerKey: KeyObject): Buffer {
  const algorithm = signatureAlgorithm(issuerKey);
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const extensions = [
    extension(Oid.basicConstraints, true, spec.authority ? sequence(boolean(true), integer(0)) : sequence()),
    extension(Oid.keyUsage, true, spec.authority ? namedBits([5, 6]) : namedBits([0, 1])),
    extension(Oid.subjectKeyIdentifier, false, octetString(keyIdentifier(spec.publicKey))),
    extension(Oid.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, spec.issuerKeyId))),
  ];
  if (!spec.authority) extensions.push(extension(Oid.extKeyUsage, false, sequence(oid(Oid.emailProtection), oid(Oid.documentSigning))));
  if (spec.crlUrl) {
    const uri = implicitPrimitive(6, Buffer.from(spec.crlUrl, 'latin1'));
    extensions.push(extension(Oid.crlDistributionPoints, false, sequence(sequence(implicitConstructed(0, implicitConstructed(0, uri))))));
  }
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(spec.serial),
    algorithm.identifier,
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    buildName(spec.subject),
    spki,
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, algorithm.identifier, bitString(algorithm.sign(tbs)));
}

function extension(type: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(type), boolean(true), octetString(value)) : sequence(oid(type), octetString(value));
}

/** SHA-1 of the public key's bits (RFC 5280, method 1). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = readDer(publicKey.export({ type: 'spki', format: 'der' }));
  return crypto
    .createHash('sha1')
    .update(readBitStringBytes(child(spki, 1, 'SubjectPublicKeyInfo')))
    .digest();
}

/** A positive 128-bit serial number, unpredictable as the CA/Browser rules ask. */
export function randomSerial(): Buffer {
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

/** SHA-256 with RSA or ECDSA, by the key's type: its AlgorithmIdentifier and the signing function. */
export function signatureAlgorithm(key: KeyObject): { identifier: Buffer; sign: (data: Buffer) => Buffer } {
  if (key.asymmetricKeyType === 'rsa')
    return { identifier: sequence(oid(Oid.sha256WithRsa), nullValue()), sign: (data) => crypto.sign('sha256', data, key) };
  if (key.asymmetricKeyType === 'ec')
    return { identifier: sequence(oid(Oid.ecdsaWithSha256)), sign: (data) => crypto.sign('sha256', data, { key, dsaEncoding: 'der' }) };
  throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
}
