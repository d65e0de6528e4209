import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { appendAudit, appendAuditNow } from '../audit/append-audit.ts';
import { verifyPassword } from './password.ts';
import { rolesNeedingSecondFactor } from './roles.ts';
import * as staff from './staff.repository.ts';

/**
 * Staff sign-in with username and password. Unknown user and wrong password
 * answer alike (and take as long). The fifth failure in a row locks the account
 * for 15 minutes; the lock is in the database, so it holds across processes,
 * and a correct password does not open a locked account. Every attempt is audited.
 */
export const maxFailures = 5;
export const lockMinutes = 15;

export type SignInResult =
  { ok: true; staffId: number; next: 'verify' | 'enrol' | null } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

export async function signIn(pool: pg.Pool, usernameInput: string, password: string, ip: string): Promise<SignInResult> {
  const username = usernameInput.trim().toLowerCase().slice(0, 64);
  const record = await staff.findForSignIn(pool, username);
  const passwordOk = await verifyPassword(record?.passwordHash, password);
  const anonymousActor = { kind: 'anonymous' as const, id: null, name: 'Khách' };

  if (!record) {
    await appendAuditNow(pool, { actor: anonymousActor, action: 'sign_in_failed', detail: { username, reason: 'unknown_user' }, ip });
    return { ok: false, reason: 'invalid' };
  }
  const actor = { kind: 'staff' as const, id: record.id, name: record.username };
  // Disabled by an admin, or locked for a while after failures: refused even with the right password.
  const refusal = record.locked ? 'disabled' : record.lockedUntil && record.lockedUntil > new Date() ? 'locked' : null;
  if (refusal) {
    await appendAuditNow(pool, {
      actor,
      action: 'sign_in_refused',
      subjectType: 'staff',
      subjectId: record.id,
      detail: { reason: refusal },
      ip,
    });
    return { ok: false, reason: refusal };
  }
  if (!passwordOk) {
    const lockedNow = await transaction(pool, async (db) => {
      const locked = await staff.recordFailure(db, record.id, maxFailures, lockMinutes);
      await appendAudit(db, {
        actor,
        action: 'sign_in_failed',
        subjectType: 'staff',
        subjectId: record.id,
        detail: { reason: 'wrong_password' },
        ip,
      });
      if (locked)
        await appendAudit(db, {
          actor,
          action: 'account_locked',
          subjectType: 'staff',
          subjectId: record.id,
          detail: { minutes: lockMinutes },
          ip,
        });
      return locked;
    });
    return { ok: false, reason: lockedNow ? 'locked' : 'invalid' };
  }

  const person = await staff.loadStaffActor(pool, record.id);
  const needsFactor = person?.roles.some((g) => rolesNeedingSecondFactor.includes(g.role)) ?? false;
  const next = record.totpSecret ? 'verify' : needsFactor ? 'enrol' : null;
  await transaction(pool, async (db) => {
    // With a code still to come, the count stays: it is cleared by the right code, so signing in
    // again with the password does not give unlimited guesses at the code.
    if (next !== 'verify') await staff.clearFailures(db, record.id);
    await appendAudit(db, { actor, action: next ? 'sign_in_password_ok' : 'sign_in', subjectType: 'staff', subjectId: record.id, ip });
  });
  return { ok: true, staffId: record.id, next };
}
