import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import { type AuditActor, appendAudit } from '../audit/append-audit.ts';
import type { AtRestKey } from './at-rest.ts';
import type { RevocationReason } from './crl.ts';
import { issueCrl } from './current-crl.ts';
import { findKey, markRevoked } from './signing.repository.ts';

/**
 * Revokes a signing key: recorded, published in a new CRL of the development CA in the same
 * transaction (so every process refuses the key from the commit on), audited. Revoking a revoked
 * key changes nothing. A key imported from another CA is only marked here: its CA must revoke it.
 */
export async function revokeSigningKey(
  pool: pg.Pool,
  key: AtRestKey,
  keyId: number,
  reason: RevocationReason,
  by: AuditActor,
  now = new Date(),
): Promise<void> {
  await transaction(pool, async (db) => {
    const row = await findKey(db, keyId, { lock: true });
    if (!row) throw new AppError('not_found', `signing key ${keyId}`, { userMessage: 'Không tìm thấy chứng thư số này.' });
    if (row.revokedAt) return;
    await markRevoked(db, keyId, now, reason);
    if (row.authorityId !== null) await issueCrl(db, key, now);
    await appendAudit(db, {
      actor: by,
      action: 'signing.key_revoked',
      subjectType: 'signing_key',
      subjectId: keyId,
      agencyId: row.agencyId,
      detail: { subject: row.subject, serial: row.serial, reason },
    });
  });
}
