import type pg from 'pg';
import type { StaffActor } from '../accounts/actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { roleLabels, type Role } from '../accounts/roles.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { currentStepOf, type CurrentStep } from './current-step.ts';
import { jointTaskTimeliness, type JointTaskTimeliness } from './joint-task-timeliness.ts';
import { stepKinds, type ProcessDefinition, type Step } from './process-definition.ts';
import { readTimedLog } from './processing-log.repository.ts';
import { availableActions, type WorkAction, type WorkState } from './workflow.ts';
import { agenciesFor, workActorOf } from './work-actor.ts';
import { canResolveOnTheSpot } from './resolve-on-the-spot.ts';
import { findProcessFor, findProcessVersion } from './processes.repository.ts';
import * as repo from './workflow.repository.ts';

/** What the dossier page shows of processing: where it is, who has it, until when, and what this person can do now. */
export interface ProcessingView {
  processTitle: string;
  state: WorkState;
  step: { name: string; kind: string; responsible: string; dueAt: Date | null } | null;
  assigneeName: string | null;
  available: WorkAction[];
  /** Earlier steps, by id and name, for "send back". */
  steps: Array<{ id: string; name: string }>;
  /** Every step's name by id, for the dossier's history. */
  stepNames: Record<string, string>;
  /** People who may be assigned the current step. */
  candidates: Array<{ id: number; name: string }>;
  /** Opinions asked at this step, in order (the index is the one `answer_consultation` names). */
  consultations: Array<{ agencyName: string; question: string; answerBy: Date | null; answer: string | null }>;
  /** The joint step's tasks, in the step's order, each with its deadline and how it stands (null when the step's start is unknown). */
  tasks: Array<{ agencyName: string; task: string; result: string | null; timeliness: JointTaskTimeliness | null }>;
  /** Agencies one may ask for an opinion (by electronic code), in Vietnamese order. */
  agencies: Array<{ code: string; name: string }>;
  /** This officer may take the dossier through every step now, in one sitting ("five on the spot"). */
  onTheSpot: boolean;
  /** Asked for an extension already (Mẫu 04 is possible once). */
  extended: boolean;
  dueAt: Date | null;
  revision: number;
}

/**
 * The processing of a dossier as `actor` sees it, or null when the dossier has
 * no process yet (none configured, or not received): then nothing can be done
 * here but configuring one. The working calendar counts the joint tasks'
 * deadlines: given, or asked for (the app's cached one) only when the step has tasks.
 */
export async function processingView(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  code: string,
  options: { calendar: WorkingCalendar | (() => Promise<WorkingCalendar>); now?: Date },
): Promise<ProcessingView | { missing: true } | null> {
  const d = await repo.readDossier(pool, code);
  if (!d) return null;
  const process =
    d.processVersion === null
      ? await findProcessFor(pool, d.procedureCode, d.receivingAgencyId)
      : await findProcessVersion(pool, d.procedureCode, d.processAgencyId, d.processVersion);
  if (!process) return ['received', 'processing'].includes(d.status) ? { missing: true } : null;
  const def: ProcessDefinition = process.definition;
  const current = currentStepOf(def, await readTimedLog(pool, d.id));
  const state = current.state;
  const workActor = workActorOf(actor, index, d.receivingAgencyId);
  const agencyOf = workActor.agencyOf;
  const available = availableActions(def, state, workActor);
  const step: Step | undefined = def.steps.find((s) => s.id === state.step);
  const stepAgency = step ? agencyOf(step.responsible.agency) : undefined;
  const canAssign = available.some((a) => a.kind === 'assign');
  return {
    processTitle: def.title,
    state,
    step: step
      ? {
          name: step.name,
          kind: stepKinds[step.kind],
          responsible: `${roleLabels[step.responsible.role as Role]}, ${stepAgency !== undefined ? index.nameOf(stepAgency) : step.responsible.agency}`,
          dueAt: d.stepDueAt,
        }
      : null,
    assigneeName: state.assignee === null ? null : await repo.staffName(pool, state.assignee),
    available,
    steps: def.steps.filter((s) => state.visited.slice(0, -1).includes(s.id)).map((s) => ({ id: s.id, name: s.name })),
    stepNames: Object.fromEntries(def.steps.map((s) => [s.id, s.name])),
    candidates:
      canAssign && step && stepAgency !== undefined
        ? await repo.peopleHolding(pool, step.responsible.role, agenciesFor(index, stepAgency))
        : [],
    ...(await atThisStep(current, step, options.now ?? new Date(), options.calendar, (code) => {
      const id = agencyOf(code);
      return id === undefined ? code : index.nameOf(id);
    })),
    agencies: index.withCodes().filter((a) => a.id !== d.receivingAgencyId),
    extended: state.extended,
    onTheSpot: state.status === 'received' && state.step === null && canResolveOnTheSpot(def, actor, index, d.receivingAgencyId),
    dueAt: d.dueAt,
    revision: d.revision,
  };
}

/** The opinions asked and the joint tasks of the current step, with their answers, the tasks' deadlines and timeliness. */
async function atThisStep(
  current: CurrentStep,
  step: Step | undefined,
  now: Date,
  calendar: WorkingCalendar | (() => Promise<WorkingCalendar>),
  nameOf: (code: string) => string,
): Promise<Pick<ProcessingView, 'consultations' | 'tasks'>> {
  const consultations = current.consultations.map((c) => ({
    agencyName: nameOf(c.agency),
    question: c.question,
    answerBy: c.answerBy,
    answer: c.answer,
  }));
  const stepTasks = step?.tasks ?? [];
  const since = current.since;
  const cal = stepTasks.length && since ? (typeof calendar === 'function' ? await calendar() : calendar) : null;
  const tasks = stepTasks.map((t, i) => {
    const done = current.tasks[i] ?? null;
    return {
      agencyName: nameOf(t.agency),
      task: t.task,
      result: done?.result ?? null,
      timeliness: cal && since ? jointTaskTimeliness(t, since, done?.finishedAt ?? null, cal, now) : null,
    };
  });
  return { consultations, tasks };
}
