import crypto, { type KeyObject, X509Certificate } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { type AtRestKey, seal, unseal } from './at-rest.ts';
import { buildCertificate, keyIdentifier, randomSerial } from './build-certificate.ts';
import { type CertificateFields, readCertificate } from './certificate-fields.ts';
import { buildName, type NameFields } from './x509-names.ts';
import { type AuthorityRow, findDevAuthority, insertDevAuthority } from './signing.repository.ts';

/**
 * The development certificate authority: a root CA made on first use and kept in the database
 * (its key sealed), which issues officers' and organisations' keys and publishes a CRL. Nothing
 * outside trusts it: a province signs with certificates of its real CA (imported PKCS#12, or a
 * remote signing service), and tests import this root into an NSS database to see "trusted".
 */
export const devAuthoritySubject: NameFields = {
  commonName: 'Một Cửa Dev Root CA – Tỉnh An Hòa',
  organisation: 'Một Cửa (môi trường phát triển)',
  state: 'Tỉnh An Hòa',
  country: 'VN',
};
const validityYears = 10;

export interface DevAuthority {
  id: number;
  certificate: Buffer;
  x509: X509Certificate;
  fields: CertificateFields;
  keyId: Buffer;
  row: AuthorityRow;
}

export const authorityKeyLabel = (serial: string) => `signing_authorities.private_key:${serial}`;

/** The development CA, created (and audited) by the first caller; concurrent first callers get the same one. */
export async function devAuthority(pool: pg.Pool, key: AtRestKey): Promise<DevAuthority> {
  const found = await findDevAuthority(pool);
  if (found) return describeAuthority(found);
  const now = new Date();
  const { publicKey, privateKey } = await generateRsa();
  const serial = randomSerial();
  const issuer = buildName(devAuthoritySubject);
  const certificate = buildCertificate(
    {
      serial,
      issuer,
      subject: devAuthoritySubject,
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(Date.UTC(now.getUTCFullYear() + validityYears, now.getUTCMonth(), now.getUTCDate())),
      publicKey,
      authority: true,
      issuerKeyId: keyIdentifier(publicKey),
    },
    privateKey,
  );
  const fields = readCertificate(certificate);
  const sealed = seal(key, privateKey.export({ type: 'pkcs8', format: 'der' }), authorityKeyLabel(fields.serial));
  await transaction(pool, async (db) => {
    if (!(await insertDevAuthority(db, certificate, sealed))) return;
    await appendAudit(db, {
      actor: { kind: 'system', id: null, name: 'Hệ thống' },
      action: 'signing.authority_created',
      subjectType: 'signing_authority',
      detail: { subject: fields.subjectText, serial: fields.serial, notAfter: fields.notAfter.toISOString() },
    });
  });
  return describeAuthority((await findDevAuthority(pool))!);
}

/**
 * Whether the development CA exists: made at the demo's first start (and by
 * tests). A real province has none and signs only with the keys it imports:
 * nothing may then make one behind its back (as `devAuthority` would).
 */
export async function hasDevAuthority(db: Db): Promise<boolean> {
  return (await findDevAuthority(db)) !== undefined;
}

export function describeAuthority(row: AuthorityRow): DevAuthority {
  const x509 = new X509Certificate(row.certificate);
  return {
    id: row.id,
    certificate: row.certificate,
    x509,
    fields: readCertificate(row.certificate),
    keyId: keyIdentifier(x509.publicKey),
    row,
  };
}

/** The authority's private key, unsealed for one issuing or one CRL. */
export function authorityPrivateKey(key: AtRestKey, authority: DevAuthority): KeyObject {
  const der = unseal(key, authority.row.privateKey, authorityKeyLabel(authority.fields.serial));
  return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function generateRsa(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
}
