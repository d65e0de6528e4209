import type pg from 'pg';
import { loadAgencyIndex } from '../agencies/agency-index.ts';
import { answeringRoles, currentStepOf, openConsultations } from '../processes/current-step.ts';
import type { ProcessDefinition } from '../processes/process-definition.ts';
import { findProcessVersion } from '../processes/processes.repository.ts';
import { listAwaitingAnswers, readTimedLogs } from '../processes/processing-log.repository.ts';
import { agenciesFor } from '../processes/work-actor.ts';
import { WorkflowRefusal } from '../processes/workflow.ts';
import { insertConsultationAlerts, type ConsultationAlert } from './notifications.repository.ts';

/**
 * Alerts for opinions asked of another agency and still unanswered, by the
 * rule of the step alerts: `consultation_near_due` once the answer's deadline
 * is before `horizon`, `consultation_overdue` once it passed `now`. They go to
 * the consulted agency's staff who may answer (the roles the workflow lets
 * answer, in the agency and its units, as `holds` counts them), an overdue one
 * also to the officer who asked. An answered opinion, one whose step was left,
 * and one of a dossier waiting for a supplement alert nobody. Each alert is
 * written once per person, consultation and kind (the database enforces it),
 * so the job may run again, or in several processes at once. Returns how many
 * notices were written and the dossiers whose log the process could not replay.
 */
export async function sendConsultationAlerts(pool: pg.Pool, now: Date, horizon: Date): Promise<{ written: number; unreadable: string[] }> {
  const candidates = await listAwaitingAnswers(pool, horizon);
  if (candidates.length === 0) return { written: 0, unreadable: [] };
  const [index, logs] = await Promise.all([
    loadAgencyIndex(pool),
    readTimedLogs(
      pool,
      candidates.map((d) => d.id),
    ),
  ]);
  const processes = new Map<string, Promise<ProcessDefinition | undefined>>();
  const processOf = (code: string, agencyId: number | null, version: number) => {
    const key = `${code}|${agencyId}|${version}`;
    if (!processes.has(key))
      processes.set(
        key,
        findProcessVersion(pool, code, agencyId, version).then((p) => p?.definition),
      );
    return processes.get(key)!;
  };
  const alerts: ConsultationAlert[] = [];
  const unreadable: string[] = [];
  for (const d of candidates) {
    const def = await processOf(d.procedureCode, d.processAgencyId, d.processVersion);
    let open;
    try {
      open = def ? openConsultations(currentStepOf(def, logs.get(d.id) ?? [])) : [];
    } catch (err) {
      if (!(err instanceof WorkflowRefusal)) throw err;
      unreadable.push(d.code);
      continue;
    }
    for (const c of open) {
      if (!c.answerBy || c.answerBy >= horizon) continue;
      const target = c.agency === 'receiving' ? d.receivingAgencyId : index.idOfCode(c.agency);
      if (target === undefined) continue;
      const overdue = c.answerBy < now;
      alerts.push({
        dossierCode: d.code,
        consultationId: c.actionId,
        kind: overdue ? 'consultation_overdue' : 'consultation_near_due',
        deadline: c.answerBy,
        message: `Hồ sơ ${d.code} ${overdue ? 'đã quá hạn' : 'sắp đến hạn'} trả lời xin ý kiến gửi ${index.nameOf(target)}.`,
        agencies: agenciesFor(index, target),
        roles: answeringRoles,
        askedBy: overdue ? c.askedBy : null,
      });
    }
  }
  return { written: await insertConsultationAlerts(pool, alerts), unreadable };
}
