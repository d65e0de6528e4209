import type pg from 'pg';
import { AppError } from '../../errors.ts';
import { compareVietnamese } from '../../lib/vietnamese.ts';
import type { StaffActor } from '../accounts/actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { actOnDossier, type WorkRules } from './act-on-dossier.ts';
import { peopleHolding } from './workflow.repository.ts';

export interface AssignmentReport {
  /** Why nothing was tried (nothing ticked, nobody chosen), in Vietnamese. */
  problem?: string;
  assigneeName: string;
  done: string[];
  /** Dossiers left as they were, each with the reason in Vietnamese. */
  refused: Array<{ code: string; reason: string }>;
}

/** Roles whose holders a unit's leader hands dossiers to. */
const assignableRoles = ['specialist', 'clerk'] as const;

/**
 * Whom a person may hand dossiers to from the inbox: the specialists and clerks
 * of the units and agencies they lead (unit head, agency leader) and below, by name.
 * Empty for anyone who leads nothing.
 */
export async function assignablePeople(pool: pg.Pool, actor: StaffActor, index: AgencyIndex): Promise<Array<{ id: number; name: string }>> {
  const led = actor.roles.filter((g) => g.role === 'unit_head' || g.role === 'agency_leader');
  if (led.length === 0) return [];
  const agencies = [...new Set(led.flatMap((g) => index.subtreeOf(g.agencyId)))];
  const found = (await Promise.all(assignableRoles.map((role) => peopleHolding(pool, role, agencies)))).flat();
  const byId = new Map(found.map((p) => [p.id, p]));
  return [...byId.values()].sort((a, b) => compareVietnamese(a.name, b.name));
}

/**
 * A unit's leader assigns several dossiers at once, each exactly as one
 * assignment from its page would be (the same rules, the revision the inbox
 * showed, its own log entry): those that changed meanwhile, or whose step the
 * person does not lead, are reported and left as they were; the others are
 * committed together by the action writer's group commit.
 */
export async function assignMany(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  picks: Array<{ code: string; revision: number }>,
  assignee: { id: number; name: string },
  rules: WorkRules,
  ip: string,
): Promise<AssignmentReport> {
  const outcomes = await Promise.allSettled(
    picks.map((p) =>
      actOnDossier(
        pool,
        actor,
        index,
        { code: p.code, revision: p.revision, action: { kind: 'assign', to: assignee.id, toName: '' }, comment: '' },
        rules,
        ip,
      ),
    ),
  );
  const report: AssignmentReport = { assigneeName: assignee.name, done: [], refused: [] };
  outcomes.forEach((o, i) => {
    const code = picks[i]!.code;
    if (o.status === 'fulfilled') return void report.done.push(code);
    if (!(o.reason instanceof AppError)) throw o.reason;
    const reason =
      o.reason.code === 'conflict'
        ? 'hồ sơ đã thay đổi từ khi hộp thư được mở (có thể đã có người nhận xử lý); hãy xem lại.'
        : (o.reason.problems[0]?.message ?? o.reason.userMessage);
    report.refused.push({ code, reason });
  });
  return report;
}
