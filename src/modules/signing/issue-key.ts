import crypto from 'node:crypto';
import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { type AuditActor, appendAudit } from '../audit/append-audit.ts';
import { type AtRestKey, seal } from './at-rest.ts';
import { buildCertificate, randomSerial } from './build-certificate.ts';
import { readCertificate } from './certificate-fields.ts';
import { authorityPrivateKey, devAuthority, devAuthoritySubject, generateRsa } from './dev-authority.ts';
import { writePkcs12 } from './pkcs12.ts';
import { type HolderKind, insertKey, type KeyRow } from './signing.repository.ts';
import type { NameFields } from './x509-names.ts';

/**
 * Issues a signing key from the development CA: an officer's (CN = full name, O = the agency)
 * or an organisation's, its seal (CN = O = the agency's name). The key and its certificate chain
 * are stored as a PKCS#12 file with a random password, both sealed; the issuing is audited.
 */
export type KeyHolder =
  | { kind: 'officer'; staffId: number; fullName: string; agencyId: number; agencyName: string }
  | { kind: 'organisation'; agencyId: number; agencyName: string };

export interface SigningKeyInfo {
  id: number;
  holderKind: HolderKind;
  staffId: number | null;
  agencyId: number;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  revokedAt: Date | null;
  certificate: Buffer;
}

export interface IssueOptions {
  by: AuditActor;
  /** Defaults: from now (less five minutes of clock drift) for two years. Tests issue expired ones. */
  notBefore?: Date;
  notAfter?: Date;
}

const twoYearsMs = 2 * 365 * 86400_000;

export async function issueSigningKey(pool: pg.Pool, key: AtRestKey, holder: KeyHolder, options: IssueOptions): Promise<SigningKeyInfo> {
  const subject = subjectOf(holder);
  const now = Date.now();
  const notBefore = options.notBefore ?? new Date(now - 300_000);
  const notAfter = options.notAfter ?? new Date(now + twoYearsMs);
  if (!(notAfter > notBefore))
    throw new AppError('validation_failed', 'validity ends before it starts', { userMessage: 'Thời hạn hiệu lực không hợp lệ.' });
  const authority = await devAuthority(pool, key);
  const pair = await generateRsa();
  const certificate = buildCertificate(
    {
      serial: randomSerial(),
      issuer: authority.fields.subjectName,
      subject,
      notBefore,
      notAfter,
      publicKey: pair.publicKey,
      authority: false,
      issuerKeyId: authority.keyId,
    },
    authorityPrivateKey(key, authority),
  );
  const fields = readCertificate(certificate);
  const password = crypto.randomBytes(18).toString('base64url');
  const p12 = writePkcs12(
    { privateKey: pair.privateKey, certificates: [certificate, authority.certificate] },
    password,
    subject.commonName!,
  );
  const row: Omit<KeyRow, 'id' | 'revokedAt' | 'revocationReason' | 'createdAt'> = {
    holderKind: holder.kind,
    staffId: holder.kind === 'officer' ? holder.staffId : null,
    agencyId: holder.agencyId,
    authorityId: authority.id,
    subject: fields.subjectText,
    issuer: fields.issuerText,
    serial: fields.serial,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    certificate,
    pkcs12: seal(key, p12, pkcs12Label(fields.serial)),
    pkcs12Password: seal(key, Buffer.from(password, 'utf8'), passwordLabel(fields.serial)),
  };
  const id = await transaction(pool, async (db) => {
    const id = await insertKey(db, row);
    await appendAudit(db, {
      actor: options.by,
      action: 'signing.key_issued',
      subjectType: 'signing_key',
      subjectId: id,
      agencyId: holder.agencyId,
      detail: { holder: holder.kind, subject: fields.subjectText, serial: fields.serial, notAfter: fields.notAfter.toISOString() },
    });
    return id;
  });
  return { id, ...row, revokedAt: null };
}

export const pkcs12Label = (serial: string) => `signing_keys.pkcs12:${serial}`;
export const passwordLabel = (serial: string) => `signing_keys.pkcs12_password:${serial}`;

function subjectOf(holder: KeyHolder): NameFields {
  const problems: FieldProblem[] = [];
  const agency = holder.agencyName.trim();
  if (!agency) problems.push({ field: 'agencyName', message: 'Chưa có tên cơ quan.' });
  const base = { state: devAuthoritySubject.state, country: 'VN' };
  if (holder.kind === 'officer') {
    const fullName = holder.fullName.trim();
    if (!fullName) problems.push({ field: 'fullName', message: 'Chưa có họ và tên người ký.' });
    if (problems.length) throw new AppError('validation_failed', 'signing key holder incomplete', { problems });
    return { ...base, commonName: fullName, organisation: agency };
  }
  if (problems.length) throw new AppError('validation_failed', 'signing key holder incomplete', { problems });
  return { ...base, commonName: agency, organisation: agency };
}
