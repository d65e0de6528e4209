import type pg from 'pg';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { actOnDossier, replayLog, type WorkRules } from './act-on-dossier.ts';
import type { ProcessDefinition } from './process-definition.ts';
import { workActorOf } from './work-actor.ts';
import type { WorkAction, WorkState } from './workflow.ts';
import { findProcessFor, findProcessVersion } from './processes.repository.ts';
import * as repo from './workflow.repository.ts';

/**
 * "Five on the spot" (5 tại chỗ): whether `actor` alone may take a dossier of
 * this process through every step — receive, appraise, approve, stamp, return —
 * because they hold every step's responsibility (the centre's officers, given
 * that authority by the agencies).
 */
export function canResolveOnTheSpot(def: ProcessDefinition, actor: StaffActor, index: AgencyIndex, receivingAgencyId: number): boolean {
  const me = workActorOf(actor, index, receivingAgencyId);
  return me.holds({ agency: 'receiving', role: 'desk_officer' }) && def.steps.every((s) => me.holds(s.responsible) && !s.tasks?.length);
}

/** The next action on the way to the applicant, or null once the result is returned. */
function nextStep(def: ProcessDefinition, state: WorkState): WorkAction | null {
  if (state.status === 'received' && state.step === null) return { kind: 'start' };
  if (state.status === 'processed') return { kind: 'return_result' };
  if (state.status !== 'processing') return null;
  const step = def.steps.find((s) => s.id === state.step);
  return { kind: 'complete', outcome: step?.kind === 'approve' ? 'approved' : 'done' };
}

/**
 * Takes a received dossier through its whole process and returns the result in
 * one sitting, each step logged as its own action (so the control sheet shows
 * every hand-over, all by the same officer, at once). Refused unless the
 * officer holds every step's responsibility.
 */
export async function resolveOnTheSpot(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  code: string,
  rules: WorkRules,
  ip: string,
): Promise<WorkState> {
  const d = await repo.readDossier(pool, code);
  if (!d) throw new AppError('not_found', `dossier ${code}`, { userMessage: 'Không tìm thấy hồ sơ có mã này.' });
  const process =
    d.processVersion === null
      ? await findProcessFor(pool, d.procedureCode, d.receivingAgencyId)
      : await findProcessVersion(pool, d.procedureCode, d.processAgencyId, d.processVersion);
  if (!process || !canResolveOnTheSpot(process.definition, actor, index, d.receivingAgencyId))
    throw new AppError('forbidden', `no on-the-spot resolution of ${code}`, {
      userMessage: 'Thủ tục này không giải quyết tại chỗ được: bạn không được giao thẩm quyền của mọi bước trong quy trình.',
    });
  let revision = d.revision;
  let state = replayLog(process.definition, await repo.readLog(pool, d.id));
  if (!nextStep(process.definition, state))
    throw new AppError('validation_failed', `${code} is not waiting to be processed`, {
      userMessage: 'Hồ sơ không ở trạng thái chờ xử lý.',
    });
  // Each action moves the revision by one; a step's loop back (refused approval) cannot happen here, so this ends.
  for (let action = nextStep(process.definition, state); action; action = nextStep(process.definition, state)) {
    state = await actOnDossier(pool, actor, index, { code, revision, action, comment: 'Giải quyết tại chỗ' }, rules, ip);
    revision++;
  }
  return state;
}
