import type { Db } from '../../db/pool.ts';
import type { RevocationReason, RevokedEntry } from './crl.ts';

/** SQL of the signing module: the development authority and the signing keys. */

export interface AuthorityRow {
  id: number;
  certificate: Buffer;
  /** Sealed PKCS#8. */
  privateKey: Buffer;
  crl: Buffer | null;
  crlNumber: number;
}

const authorityColumns = `id, certificate, private_key AS "privateKey", crl, crl_number AS "crlNumber"`;

export async function findDevAuthority(db: Db, options: { lock?: boolean } = {}): Promise<AuthorityRow | undefined> {
  const { rows } = await db.query<AuthorityRow>(
    `SELECT ${authorityColumns} FROM signing_authorities WHERE purpose = 'development'${options.lock ? ' FOR UPDATE' : ''}`,
  );
  return rows[0];
}

/** Inserts the development authority unless another process did first; false then. */
export async function insertDevAuthority(db: Db, certificate: Buffer, sealedKey: Buffer): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO signing_authorities (purpose, certificate, private_key) VALUES ('development', $1, $2) ON CONFLICT (purpose) DO NOTHING`,
    [certificate, sealedKey],
  );
  return rowCount === 1;
}

export async function saveCrl(db: Db, authorityId: number, crl: Buffer, number: number): Promise<void> {
  await db.query('UPDATE signing_authorities SET crl = $2, crl_number = $3 WHERE id = $1', [authorityId, crl, number]);
}

export type HolderKind = 'officer' | 'organisation';

export interface NewKeyRow {
  holderKind: HolderKind;
  staffId: number | null;
  agencyId: number;
  /** Set when the development CA issued it. */
  authorityId: number | null;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  certificate: Buffer;
  pkcs12: Buffer;
  pkcs12Password: Buffer;
}

export interface KeyRow extends NewKeyRow {
  id: number;
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  createdAt: Date;
}

const keyColumns = `id, holder_kind AS "holderKind", staff_id AS "staffId", agency_id AS "agencyId", authority_id AS "authorityId",
  subject, issuer, serial, not_before AS "notBefore", not_after AS "notAfter", certificate, pkcs12,
  pkcs12_password AS "pkcs12Password", revoked_at AS "revokedAt", revocation_reason AS "revocationReason", created_at AS "createdAt"`;

export async function insertKey(db: Db, k: NewKeyRow): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO signing_keys (holder_kind, staff_id, agency_id, authority_id, subject, issuer, serial, not_before, not_after,
                               certificate, pkcs12, pkcs12_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      k.holderKind,
      k.staffId,
      k.agencyId,
      k.authorityId,
      k.subject,
      k.issuer,
      k.serial,
      k.notBefore,
      k.notAfter,
      k.certificate,
      k.pkcs12,
      k.pkcs12Password,
    ],
  );
  return rows[0]!.id;
}

export async function findKey(db: Db, id: number, options: { lock?: boolean } = {}): Promise<KeyRow | undefined> {
  const { rows } = await db.query<KeyRow>(`SELECT ${keyColumns} FROM signing_keys WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

/** The keys of an officer (staffId) or the seals of an agency, newest first. */
export async function listKeys(db: Db, holder: { staffId: number } | { agencyId: number }): Promise<KeyRow[]> {
  const { rows } =
    'staffId' in holder
      ? await db.query<KeyRow>(`SELECT ${keyColumns} FROM signing_keys WHERE staff_id = $1 ORDER BY id DESC`, [holder.staffId])
      : await db.query<KeyRow>(
          `SELECT ${keyColumns} FROM signing_keys WHERE agency_id = $1 AND holder_kind = 'organisation' ORDER BY id DESC`,
          [holder.agencyId],
        );
  return rows;
}

export async function markRevoked(db: Db, id: number, at: Date, reason: RevocationReason): Promise<void> {
  await db.query('UPDATE signing_keys SET revoked_at = $2, revocation_reason = $3 WHERE id = $1 AND revoked_at IS NULL', [id, at, reason]);
}

export async function revokedBy(db: Db, authorityId: number): Promise<RevokedEntry[]> {
  const { rows } = await db.query<RevokedEntry>(
    `SELECT serial, revoked_at AS "revokedAt", revocation_reason AS reason FROM signing_keys
      WHERE authority_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at, id`,
    [authorityId],
  );
  return rows;
}

/** A key as the admin page lists it: no key material, with its holder's and agency's names. */
export interface KeyOverviewRow extends Omit<NewKeyRow, 'certificate' | 'pkcs12' | 'pkcs12Password'> {
  id: number;
  staffName: string | null;
  staffUsername: string | null;
  agencyName: string;
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  createdAt: Date;
}

/** The keys of the agencies `agencyIds` (every key when null), newest first. */
export async function listKeyOverview(db: Db, agencyIds: number[] | null): Promise<KeyOverviewRow[]> {
  const { rows } = await db.query<KeyOverviewRow>(
    `SELECT k.id, k.holder_kind AS "holderKind", k.staff_id AS "staffId", s.full_name AS "staffName", s.username AS "staffUsername",
            k.agency_id AS "agencyId", a.name AS "agencyName", k.authority_id AS "authorityId", k.subject, k.issuer, k.serial,
            k.not_before AS "notBefore", k.not_after AS "notAfter", k.revoked_at AS "revokedAt",
            k.revocation_reason AS "revocationReason", k.created_at AS "createdAt"
       FROM signing_keys k JOIN agencies a ON a.id = k.agency_id LEFT JOIN staff s ON s.id = k.staff_id
      WHERE $1::bigint[] IS NULL OR k.agency_id = ANY($1)
      ORDER BY k.id DESC`,
    [agencyIds],
  );
  return rows;
}
