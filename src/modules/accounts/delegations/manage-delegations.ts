import type pg from 'pg';
import { transaction } from '../../../db/pool.ts';
import { AppError, type FieldProblem } from '../../../errors.ts';
import { isRealDate } from '../../../lib/vietnamese.ts';
import type { AgencyIndex } from '../../agencies/agency-index.ts';
import { appendAudit } from '../../audit/append-audit.ts';
import type { StaffActor } from '../actor.ts';
import { delegationPolicy } from '../accounts.policy.ts';
import { auditActorOf } from '../audit-actor.ts';
import { authorize, mustAuthorize } from '../policy.ts';
import type { Role } from '../roles.ts';
import { findActiveStaffIdByUsername, findStaff } from '../staff.repository.ts';
import * as repo from './delegations.repository.ts';

/** Roles that may be lent: processing roles, never the ones that administer or inspect. */
export const lendableRoles: readonly Role[] = ['agency_leader', 'unit_head', 'specialist', 'desk_officer', 'clerk'];

interface Ctx {
  pool: pg.Pool;
  actor: StaffActor;
  index: AgencyIndex;
  ip: string;
}

export interface NewDelegation {
  /** Index into the actor's own grants (the role and where it is held). */
  grantIndex: number;
  delegateUsername: string;
  validFrom: string;
  validTo: string;
  reason: string;
}

/**
 * A leader lends one of their own roles (not a lent one) to a colleague of the
 * same agency for at most a year, with a reason. Every action the colleague
 * takes with it names the leader; it lapses at its end, when revoked, or when
 * the leader no longer holds the role.
 */
export async function createDelegation(ctx: Ctx, input: NewDelegation): Promise<number> {
  const own = ctx.actor.roles.filter((g) => g.delegatedBy === null);
  const grant = own[input.grantIndex];
  const problems: FieldProblem[] = [];
  if (!grant || !lendableRoles.includes(grant.role))
    problems.push({ field: 'grantIndex', message: 'Chọn một vai trò của bạn để ủy quyền.' });
  const delegateId = await findActiveStaffIdByUsername(ctx.pool, input.delegateUsername.trim().toLowerCase());
  const person = delegateId === undefined ? undefined : await findStaff(ctx.pool, delegateId);
  if (!person) problems.push({ field: 'delegateUsername', message: 'Không tìm thấy cán bộ có tên đăng nhập này.' });
  else if (person.id === ctx.actor.staffId) problems.push({ field: 'delegateUsername', message: 'Không thể tự ủy quyền cho chính mình.' });
  else if (grant && (person.agencyId === null || ctx.index.homeOf(person.agencyId) !== ctx.index.homeOf(grant.agencyId))) {
    problems.push({ field: 'delegateUsername', message: 'Chỉ ủy quyền cho cán bộ cùng cơ quan.' });
  }
  const today = await repo.todayInVietnam(ctx.pool);
  if (!isRealDate(input.validFrom) || input.validFrom < today)
    problems.push({ field: 'validFrom', message: 'Ngày bắt đầu phải là hôm nay hoặc sau hôm nay.' });
  if (!isRealDate(input.validTo) || input.validTo < input.validFrom)
    problems.push({ field: 'validTo', message: 'Ngày kết thúc phải sau ngày bắt đầu.' });
  else if (isRealDate(input.validFrom) && Date.parse(input.validTo) - Date.parse(input.validFrom) > 366 * 86_400_000) {
    problems.push({ field: 'validTo', message: 'Thời hạn ủy quyền tối đa một năm.' });
  }
  if (!input.reason.trim()) problems.push({ field: 'reason', message: 'Nhập lý do ủy quyền (ví dụ: đi công tác, nghỉ phép).' });
  if (problems.length) throw new AppError('validation_failed', 'delegation rejected', { problems });
  // The authority to lend comes from the lent grant itself (as the page offers it), never from a
  // role lent to this person: a delegate must not pass on, beyond the loan, what the loan allowed.
  const used = mustAuthorize({ ...ctx.actor, roles: [grant!] }, delegationPolicy, 'delegate', { agencyId: grant!.agencyId }, ctx.index);
  return transaction(ctx.pool, async (db) => {
    const id = await repo.insertDelegation(db, {
      delegatorId: ctx.actor.staffId,
      delegateId: person!.id,
      role: grant!.role,
      agencyId: grant!.agencyId,
      validFrom: input.validFrom,
      validTo: input.validTo,
      reason: input.reason.trim(),
    });
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, used),
      action: 'delegation_created',
      subjectType: 'delegation',
      subjectId: id,
      agencyId: grant!.agencyId,
      detail: {
        role: grant!.role,
        delegate: person!.username,
        validFrom: input.validFrom,
        validTo: input.validTo,
        reason: input.reason.trim(),
      },
      ip: ctx.ip,
    });
    return id;
  });
}

/** The leader who lent it, or an admin over its agency, ends a delegation early. */
export async function endDelegation(ctx: Ctx, id: number): Promise<void> {
  const d = await repo.findDelegation(ctx.pool, id);
  if (!d) throw new AppError('not_found', `delegation ${id}`);
  const byAdmin = authorize(ctx.actor, delegationPolicy, 'revoke_any', { agencyId: d.agencyId }, ctx.index);
  if (d.delegatorId !== ctx.actor.staffId && !byAdmin) throw new AppError('forbidden', `revoke delegation ${id}`);
  await transaction(ctx.pool, async (db) => {
    if (!(await repo.revokeDelegation(db, id))) return;
    await appendAudit(db, {
      actor: auditActorOf(ctx.actor, byAdmin),
      action: 'delegation_revoked',
      subjectType: 'delegation',
      subjectId: id,
      agencyId: d.agencyId,
      detail: { role: d.role, delegate: d.delegateName },
      ip: ctx.ip,
    });
  });
}
