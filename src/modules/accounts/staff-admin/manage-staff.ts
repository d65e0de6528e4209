import type pg from 'pg';
import { transaction } from '../../../db/pool.ts';
import { isUniqueViolation } from '../../../db/errors.ts';
import { AppError, type FieldProblem } from '../../../errors.ts';
import type { AgencyIndex } from '../../agencies/agency-index.ts';
import { appendAudit } from '../../audit/append-audit.ts';
import type { StaffActor } from '../actor.ts';
import { staffPolicy } from '../accounts.policy.ts';
import { auditActorOf } from '../audit-actor.ts';
import { hashPassword } from '../password.ts';
import { mustAuthorize } from '../policy.ts';
import { roles, type Role } from '../roles.ts';
import { revokeStaffSessions } from '../sessions.repository.ts';
import * as repo from '../staff.repository.ts';
import { mustAuthorizeGrant, mustAuthorizeOverPerson } from './authority.ts';
import { temporaryPassword } from './temporary-password.ts';

/**
 * Staff administration use cases. Each checks authority through the policy,
 * writes and audits in one transaction, and returns what the admin must see
 * once (a temporary password) or the session tokens to forget.
 */
interface Ctx {
  pool: pg.Pool;
  actor: StaffActor;
  index: AgencyIndex;
  ip: string;
}

export interface NewStaff {
  username: string;
  fullName: string;
  email: string;
  agencyId: number | null;
  role: Role | null;
}

export async function createStaff(ctx: Ctx, input: NewStaff): Promise<{ id: number; password: string }> {
  const username = input.username.trim().toLowerCase();
  const problems: FieldProblem[] = [];
  if (!/^[a-z0-9._-]{3,64}$/.test(username))
    problems.push({ field: 'username', message: 'Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.' });
  if (!input.fullName.trim() || input.fullName.length > 200)
    problems.push({ field: 'fullName', message: 'Nhập họ và tên (tối đa 200 ký tự).' });
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
    problems.push({ field: 'email', message: 'Thư điện tử không đúng định dạng.' });
  if (input.agencyId === null || !ctx.index.has(input.agencyId))
    problems.push({ field: 'agencyId', message: 'Chọn cơ quan, đơn vị công tác.' });
  if (input.role !== null && !roles.includes(input.role)) problems.push({ field: 'role', message: 'Vai trò không hợp lệ.' });
  if (problems.length) throw new AppError('validation_failed', 'staff rejected', { problems });
  const agencyId = input.agencyId!;
  const grant = mustAuthorize(ctx.actor, staffPolicy, 'create', { agencyId }, ctx.index);
  if (input.role) mustAuthorizeGrant(ctx.actor, input.role, agencyId, ctx.index);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    const id = await transaction(ctx.pool, async (db) => {
      const id = await repo.insertStaff(db, {
        username,
        fullName: input.fullName.trim(),
        email: input.email.trim(),
        passwordHash,
        agencyId,
      });
      if (input.role) await repo.grantRole(db, id, input.role, agencyId);
      await appendAudit(db, {
        actor: auditActorOf(ctx.actor, grant),
        action: 'staff_created',
        subjectType: 'staff',
        subjectId: id,
        agencyId,
        detail: { username, role: input.role },
        ip: ctx.ip,
      });
      return id;
    });
    return { id, password };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError('validation_failed', 'username taken', {
      problems: [{ field: 'username', message: `Tên đăng nhập "${username}" đã có người dùng.` }],
    });
  }
}

async function person(ctx: Ctx, staffId: number) {
  const p = await repo.findStaff(ctx.pool, staffId);
  if (!p) throw new AppError('not_found', `staff ${staffId}`, { userMessage: 'Không tìm thấy cán bộ này.' });
  return p;
}

export async function grantStaffRole(ctx: Ctx, staffId: number, role: Role, agencyId: number): Promise<void> {
  const p = await person(ctx, staffId);
  mustAuthorizeOverPerson(ctx.actor, 'grant_role', p, ctx.index);
  if (!roles.includes(role) || !ctx.index.has(agencyId))
    throw new AppError('validation_failed', 'bad role or agency', {
      problems: [{ field: 'role', message: 'Chọn vai trò và cơ quan, đơn vị.' }],
    });
  const grant = mustAuthorizeGrant(ctx.actor, role, agencyId, ctx.index);
  await transaction(ctx.pool, async (db) => {
    if (!(await repo.grantRole(db, staffId, role, agencyId))) return;
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, grant),
      action: 'role_granted',
      subjectType: 'staff',
      subjectId: staffId,
      agencyId,
      detail: { role },
      ip: ctx.ip,
    });
  });
}

export async function revokeStaffRole(ctx: Ctx, staffId: number, grantId: number): Promise<void> {
  const p = await person(ctx, staffId);
  const grant = mustAuthorizeOverPerson(ctx.actor, 'revoke_role', p, ctx.index);
  await transaction(ctx.pool, async (db) => {
    const revoked = await repo.revokeRole(db, grantId, staffId);
    if (!revoked) return;
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, grant),
      action: 'role_revoked',
      subjectType: 'staff',
      subjectId: staffId,
      agencyId: revoked.agencyId,
      detail: { role: revoked.role },
      ip: ctx.ip,
    });
  });
}

/** A new temporary password (and, if asked, a new second factor); every session of the person ends. */
export async function resetStaffPassword(
  ctx: Ctx,
  staffId: number,
  alsoSecondFactor: boolean,
): Promise<{ password: string; endedSessions: string[] }> {
  const p = await person(ctx, staffId);
  const grant = mustAuthorizeOverPerson(ctx.actor, 'reset_password', p, ctx.index);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const endedSessions = await transaction(ctx.pool, async (db) => {
    await repo.setMustChangePassword(db, staffId, passwordHash);
    if (alsoSecondFactor) await repo.setTotpSecret(db, staffId, null, null);
    const ended = await revokeStaffSessions(db, staffId);
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, grant),
      action: 'password_reset',
      subjectType: 'staff',
      subjectId: staffId,
      agencyId: p.agencyId,
      detail: { secondFactorReset: alsoSecondFactor },
      ip: ctx.ip,
    });
    return ended;
  });
  return { password, endedSessions };
}

export async function setStaffLocked(ctx: Ctx, staffId: number, locked: boolean): Promise<string[]> {
  const p = await person(ctx, staffId);
  const grant = mustAuthorizeOverPerson(ctx.actor, 'lock', p, ctx.index);
  return transaction(ctx.pool, async (db) => {
    await repo.setLocked(db, staffId, locked);
    const ended = locked ? await revokeStaffSessions(db, staffId) : [];
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, grant),
      action: locked ? 'staff_locked' : 'staff_unlocked',
      subjectType: 'staff',
      subjectId: staffId,
      agencyId: p.agencyId,
      ip: ctx.ip,
    });
    return ended;
  });
}
