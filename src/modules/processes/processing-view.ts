import type pg from 'pg';
import type { StaffActor } from '../accounts/actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { roleLabels, type Role } from '../accounts/roles.ts';
import { replayLog } from './act-on-dossier.ts';
import { stepKinds, type ProcessDefinition, type Step } from './process-definition.ts';
import { availableActions, type WorkAction, type WorkState } from './workflow.ts';
import { agenciesFor, workActorOf } from './work-actor.ts';
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
  /** People who may be assigned the current step. */
  candidates: Array<{ id: number; name: string }>;
  revision: number;
}

/**
 * The processing of a dossier as `actor` sees it, or null when the dossier has
 * no process yet (none configured, or not received): then nothing can be done
 * here but configuring one.
 */
export async function processingView(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  code: string,
): Promise<ProcessingView | { missing: true } | null> {
  const d = await repo.readDossier(pool, code);
  if (!d) return null;
  const process =
    d.processVersion === null
      ? await repo.processInForce(pool, d.procedureCode, d.receivingAgencyId)
      : await repo.processVersion(pool, d.procedureCode, d.processAgencyId, d.processVersion);
  if (!process) return ['received', 'processing'].includes(d.status) ? { missing: true } : null;
  const def: ProcessDefinition = process.definition;
  const state = replayLog(def, await repo.readLog(pool, d.id));
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
    candidates:
      canAssign && step && stepAgency !== undefined
        ? await repo.peopleHolding(pool, step.responsible.role, agenciesFor(index, stepAgency))
        : [],
    revision: d.revision,
  };
}
