import type pg from 'pg';
import { AppError, type FieldProblem } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { authorize } from '../accounts/policy.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { AtRestKey } from './at-rest.ts';
import { revocationReasons, type RevocationReason } from './crl.ts';
import { revokeSigningKey } from './revoke-key.ts';
import { signingKeyPolicy, type SigningKeyAction } from './signing.policy.ts';
import { findKey, type KeyRow } from './signing.repository.ts';

/** What the confirmation page sent. */
export interface RevokeValues {
  reason: string;
  /** "1" when the admin ticked the confirmation. */
  confirm: string;
}

const refusals: Record<SigningKeyAction, string> = {
  view: 'Bạn chỉ được xem chứng thư số của cơ quan mình.',
  import: 'Bạn chỉ được nhập chứng thư số cho cán bộ và con dấu của cơ quan mình.',
  revoke: 'Bạn chỉ được thu hồi chứng thư số của cán bộ và con dấu thuộc cơ quan mình.',
};

/** The key and the grant that allows `action` on it; not_found, or forbidden in Vietnamese. */
export async function keyFor(pool: pg.Pool, actor: StaffActor, index: AgencyIndex, keyId: number, action: SigningKeyAction) {
  const row = await findKey(pool, keyId);
  if (!row) throw new AppError('not_found', `signing key ${keyId}`, { userMessage: 'Không tìm thấy chứng thư số này.' });
  const grant = authorize(actor, signingKeyPolicy, action, { agencyId: row.agencyId }, index);
  if (!grant) throw new AppError('forbidden', `signing key ${keyId} ${action} by ${actor.username}`, { userMessage: refusals[action] });
  return { row, grant };
}

/** Every problem of the confirmation form at once (pure). */
export function revokeProblems(v: RevokeValues): { reason?: RevocationReason; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const reason = (Object.keys(revocationReasons) as RevocationReason[]).find((r) => r === v.reason);
  if (!reason) problems.push({ field: 'reason', message: 'Chọn lý do thu hồi chứng thư số.' });
  if (v.confirm !== '1')
    problems.push({
      field: 'confirm',
      message: 'Đánh dấu ô xác nhận: chứng thư số bị thu hồi sẽ không ký được nữa và không khôi phục được.',
    });
  return reason ? { reason, problems } : { problems };
}

/**
 * An admin revokes a key after confirming, with a reason: revokeSigningKey records it, publishes
 * the development CA's new CRL when that CA issued it, and audits it with the admin and their grant.
 * From the commit on, no signature is made with the key. Revoking a revoked key changes nothing.
 */
export async function revokeKeyAs(
  pool: pg.Pool,
  key: AtRestKey,
  actor: StaffActor,
  index: AgencyIndex,
  keyId: number,
  values: RevokeValues,
): Promise<KeyRow> {
  const { row, grant } = await keyFor(pool, actor, index, keyId, 'revoke');
  const { reason, problems } = revokeProblems(values);
  if (problems.length || !reason) throw new AppError('validation_failed', `revocation of key ${keyId} rejected`, { problems });
  await revokeSigningKey(pool, key, keyId, reason, auditActorOf(actor, grant));
  return row;
}
