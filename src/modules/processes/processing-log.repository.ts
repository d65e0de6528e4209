import type { Db } from '../../db/pool.ts';
import type { TimedLogEntry } from './current-step.ts';

/** SQL of the processing log read with each entry's id and moment (what the current step's clocks and consultations need). */

const columns = `id, at, actor_id AS "actorId", to_status AS "toStatus", detail`;

/** One dossier's log, in order. */
export async function readTimedLog(db: Db, dossierId: number): Promise<TimedLogEntry[]> {
  const { rows } = await db.query<TimedLogEntry>(`SELECT ${columns} FROM dossier_actions WHERE dossier_id = $1 ORDER BY id`, [dossierId]);
  return rows;
}

/** Several dossiers' logs, each in order, by dossier id. */
export async function readTimedLogs(db: Db, dossierIds: number[]): Promise<Map<number, TimedLogEntry[]>> {
  const { rows } = await db.query<TimedLogEntry & { dossierId: number }>(
    `SELECT dossier_id AS "dossierId", ${columns} FROM dossier_actions WHERE dossier_id = ANY($1::bigint[]) ORDER BY dossier_id, id`,
    [dossierIds],
  );
  const logs = new Map<number, TimedLogEntry[]>(dossierIds.map((id) => [id, []]));
  for (const { dossierId, ...entry } of rows) logs.get(dossierId)?.push(entry);
  return logs;
}

export interface AwaitingAnswer {
  id: number;
  code: string;
  procedureCode: string;
  receivingAgencyId: number;
  processAgencyId: number | null;
  processVersion: number;
}

/**
 * Dossiers in processing that wait for another agency (`waiting_agency_ids`) and
 * whose log asked an opinion due before `horizon` with no overdue alert sent yet
 * for it: the candidates of the consultation alerts (each is replayed to see
 * whether the opinion is still awaited at its current step).
 */
export async function listAwaitingAnswers(db: Db, horizon: Date): Promise<AwaitingAnswer[]> {
  const { rows } = await db.query<AwaitingAnswer>(
    `SELECT d.id, d.code, d.procedure_code AS "procedureCode", d.receiving_agency_id AS "receivingAgencyId",
            d.process_agency_id AS "processAgencyId", d.process_version AS "processVersion"
       FROM dossiers d
      WHERE d.waiting_agency_ids <> '{}' AND d.status = 'processing' AND d.process_version IS NOT NULL
        AND EXISTS (
          SELECT 1 FROM dossier_actions a
           WHERE a.dossier_id = d.id AND a.detail->'work'->>'kind' = 'consult'
             AND CASE WHEN a.detail->>'answerBy' ~ '^\\d{4}-\\d{2}-\\d{2}T' THEN (a.detail->>'answerBy')::timestamptz END < $1
             AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.consultation_id = a.id AND n.kind = 'consultation_overdue'))
      ORDER BY d.id`,
    [horizon],
  );
  return rows;
}
