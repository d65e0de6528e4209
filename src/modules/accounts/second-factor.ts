import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { lockMinutes, maxFailures } from './sign-in.ts';
import * as sessions from './sessions.repository.ts';
import * as staff from './staff.repository.ts';
import { acceptCode } from './totp.ts';

/**
 * The second step of sign-in, and enrolment of an authenticator. A wrong code
 * counts towards the same lock-out as a wrong password; a code works once.
 */
export type FactorResult = { ok: true } | { ok: false; reason: 'invalid' | 'locked' };

export async function verifySecondFactor(
  pool: pg.Pool,
  staffId: number,
  tokenHash: string,
  code: string,
  ip: string,
): Promise<FactorResult> {
  const record = await staff.findForSignInById(pool, staffId);
  if (!record?.totpSecret || record.locked) return { ok: false, reason: 'invalid' };
  if (record.lockedUntil && record.lockedUntil > new Date()) return { ok: false, reason: 'locked' };
  const actor = { kind: 'staff' as const, id: staffId, name: record.username };
  const step = acceptCode(record.totpSecret, record.username, code, record.totpLastStep);
  return transaction(pool, async (db) => {
    if (step === null || !(await staff.useTotpStep(db, staffId, step))) {
      const locked = await staff.recordFailure(db, staffId, maxFailures, lockMinutes);
      await appendAudit(db, { actor, action: 'second_factor_failed', subjectType: 'staff', subjectId: staffId, ip });
      if (locked)
        await appendAudit(db, {
          actor,
          action: 'account_locked',
          subjectType: 'staff',
          subjectId: staffId,
          detail: { minutes: lockMinutes },
          ip,
        });
      return { ok: false, reason: locked ? 'locked' : 'invalid' } as const;
    }
    await staff.clearFailures(db, staffId);
    await sessions.markSecondFactorDone(db, tokenHash);
    await appendAudit(db, { actor, action: 'sign_in', subjectType: 'staff', subjectId: staffId, detail: { secondFactor: true }, ip });
    return { ok: true } as const;
  });
}

/** Confirms a new authenticator with a first code from it; the session counts as second-factor signed in. */
export async function enrolSecondFactor(
  pool: pg.Pool,
  staffId: number,
  tokenHash: string,
  secret: string,
  code: string,
  ip: string,
): Promise<boolean> {
  const record = await staff.findForSignInById(pool, staffId);
  if (!record || record.locked) return false;
  const step = acceptCode(secret, record.username, code, null);
  if (step === null) return false;
  await transaction(pool, async (db) => {
    await staff.setTotpSecret(db, staffId, secret, step);
    await sessions.markSecondFactorDone(db, tokenHash);
    await appendAudit(db, {
      actor: { kind: 'staff', id: staffId, name: record.username },
      action: 'second_factor_enrolled',
      subjectType: 'staff',
      subjectId: staffId,
      ip,
    });
  });
  return true;
}
