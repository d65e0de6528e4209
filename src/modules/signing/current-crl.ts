import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import type { AtRestKey } from './at-rest.ts';
import { buildCrl, readCrl } from './crl.ts';
import { authorityPrivateKey, describeAuthority, devAuthority } from './dev-authority.ts';
import { findDevAuthority, revokedBy, saveCrl } from './signing.repository.ts';

/**
 * The development CA's CRL: valid 7 days, issued again when a day old and at once after every
 * revocation (revokeSigningKey calls issueCrl in its own transaction), so a revoked key is refused
 * by the very next signature, in every process.
 */
const lifetimeMs = 7 * 86400_000;
const reissueAfterMs = 86400_000;

export async function currentCrl(pool: pg.Pool, key: AtRestKey, now = new Date()): Promise<Buffer> {
  const authority = await devAuthority(pool, key);
  const stored = authority.row.crl;
  if (stored) {
    const age = now.getTime() - readCrl(stored).thisUpdate.getTime();
    if (age >= 0 && age < reissueAfterMs) return stored;
  }
  return transaction(pool, (db) => issueCrl(db, key, now));
}

/** Issues a new CRL listing every certificate the authority revoked (inside the caller's transaction). */
export async function issueCrl(db: pg.PoolClient, key: AtRestKey, now = new Date()): Promise<Buffer> {
  const row = await findDevAuthority(db, { lock: true });
  if (!row) throw new Error('no development authority');
  const authority = describeAuthority(row);
  const number = row.crlNumber + 1;
  const crl = buildCrl(
    {
      issuer: authority.fields.subjectName,
      issuerKeyId: authority.keyId,
      number,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + lifetimeMs),
      revoked: await revokedBy(db, row.id),
    },
    authorityPrivateKey(key, authority),
  );
  await saveCrl(db, row.id, crl, number);
  return crl;
}
