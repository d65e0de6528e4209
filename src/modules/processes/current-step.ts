import { roles, type Role } from '../accounts/roles.ts';
import type { Status } from '../dossiers/dossier-states.ts';
import type { ProcessDefinition } from './process-definition.ts';
import { effect, permits, receptionState, type WorkAction, type WorkState } from './workflow.ts';

/**
 * What happened at the step a dossier is at, read from its log by replaying it
 * with the workflow's own `effect`: so "the step was entered" (opinions and
 * joint tasks start afresh) means exactly what processing means by it. Pure.
 */

/** A log entry as these rules read it (`id` names an entry for good: a consultation is its asking entry). */
export interface TimedLogEntry {
  id: number;
  at: Date;
  actorId: number | null;
  toStatus: Status;
  detail: Record<string, unknown>;
}

export interface StepConsultation {
  /** The log entry that asked: the consultation's identity (its alerts are sent once per consultation). */
  actionId: number;
  /** The consulted agency or unit, by electronic code. */
  agency: string;
  question: string;
  /** The officer who asked. */
  askedBy: number | null;
  /** The answer's deadline as processing stored it with the question; null in an entry without one. */
  answerBy: Date | null;
  answer: string | null;
}

export interface CurrentStep {
  state: WorkState;
  /** When the current step's clock started: entered, or resumed after a supplement (as processing counts its deadline); null at no step. */
  since: Date | null;
  /** Opinions asked at the current step, in order (the index `answer_consultation` names). */
  consultations: StepConsultation[];
  /** The joint step's tasks by index: when each was finished and with what result; null while pending. */
  tasks: Array<{ finishedAt: Date; result: string } | null>;
}

const stringOf = (v: unknown) => (typeof v === 'string' ? v : '');

/** The state a log leads to, with the opinions and joint tasks of the step it is at. Throws WorkflowRefusal for a log the process cannot replay. */
export function currentStepOf(def: ProcessDefinition, log: TimedLogEntry[]): CurrentStep {
  let state = receptionState('new');
  let since: Date | null = null;
  let consultations: StepConsultation[] = [];
  let tasks: CurrentStep['tasks'] = [];
  for (const entry of log) {
    const work = entry.detail.work as WorkAction | undefined;
    const before = state;
    // As replayLog: an entry without a processing action (reception, the desk's decision) sets the state reception gave.
    state = work ? effect(def, state, work, entry.actorId ?? 0) : receptionState(entry.toStatus);
    // As act-on-dossier counts a step entered (its allotment starts again).
    if (state.step !== before.step || state.visited.length !== before.visited.length) {
      since = state.step === null ? null : entry.at;
      consultations = [];
      tasks = state.tasks.map(() => null);
    }
    if (!work) continue;
    if (work.kind === 'supplement_received') since = entry.at;
    if (work.kind === 'consult') {
      const answerBy = new Date(stringOf(entry.detail.answerBy));
      consultations.push({
        actionId: entry.id,
        agency: work.agency,
        question: work.question,
        askedBy: entry.actorId,
        answerBy: Number.isNaN(answerBy.getTime()) ? null : answerBy,
        answer: null,
      });
    }
    if (work.kind === 'answer_consultation' && consultations[work.index]) consultations[work.index]!.answer = work.answer;
    if (work.kind === 'finish_task') tasks[work.index] = { finishedAt: entry.at, result: work.result };
  }
  return { state, since, consultations, tasks };
}

/**
 * The opinions still awaited: asked at the current step and not answered, while
 * the dossier is in processing (waiting for the applicant's supplement, nobody
 * can answer: the workflow refuses it).
 */
export function openConsultations(current: CurrentStep): StepConsultation[] {
  if (current.state.status !== 'processing') return [];
  return current.consultations.filter((_, i) => current.state.consultations[i]?.answered === false);
}

/**
 * The roles whose holders at the consulted agency may answer, as the workflow's
 * permission for `answer_consultation` says: asked of `permits` itself, role by
 * role, so the two cannot drift apart.
 */
export const answeringRoles: readonly Role[] = roles.filter((role) => {
  const state: WorkState = { ...receptionState('processing'), consultations: [{ agency: 'asked', answered: false }] };
  const holder = { staffId: 0, holds: (r: { agency: string; role: Role }) => r.agency === 'asked' && r.role === role };
  return permits({ title: '', steps: [] }, state, { kind: 'answer_consultation', index: 0, answer: '…' }, holder) === null;
});
