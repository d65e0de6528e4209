import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { revokeStaffSessions } from './sessions.repository.ts';
import * as staff from './staff.repository.ts';

/**
 * A person changes their own password, proving the current one. Every other
 * session of theirs ends (a stolen session does not survive the change).
 * Returns the token hashes of the sessions ended, for the session cache.
 */
export async function changePassword(
  pool: pg.Pool,
  staffId: number,
  keepSession: string,
  current: string,
  next: string,
  repeat: string,
  ip: string,
): Promise<string[]> {
  const record = await staff.findForSignInById(pool, staffId);
  if (!record) throw new AppError('not_found', `staff ${staffId}`);
  const problems = [];
  if (!(await verifyPassword(record.passwordHash, current))) problems.push({ field: 'current', message: 'Mật khẩu hiện tại không đúng.' });
  const weak = passwordProblem(next, record.username);
  if (weak) problems.push({ field: 'next', message: weak });
  else if (next === current) problems.push({ field: 'next', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
  if (next !== repeat) problems.push({ field: 'repeat', message: 'Hai lần nhập mật khẩu mới không khớp.' });
  if (problems.length) throw new AppError('validation_failed', 'password change refused', { problems });
  const passwordHash = await hashPassword(next);
  return transaction(pool, async (db) => {
    await staff.setPassword(db, staffId, passwordHash, false);
    const ended = await revokeStaffSessions(db, staffId, keepSession);
    await appendAudit(db, {
      actor: { kind: 'staff', id: staffId, name: record.username },
      action: 'password_changed',
      subjectType: 'staff',
      subjectId: staffId,
      detail: { sessionsEnded: ended.length },
      ip,
    });
    return ended;
  });
}
