import type { Db } from '../../db/pool.ts';
import type { Status } from '../dossiers/dossier-states.ts';
import { logEntryFields, logEntrySql, type NewAction } from '../dossiers/dossiers.repository.ts';

/** SQL of processing: dossiers read for actions and their actions written, the log, the processing columns. */

export interface DossierUnderWork {
  id: number;
  code: string;
  procedureCode: string;
  receivingAgencyId: number;
  status: Status;
  revision: number;
  processAgencyId: number | null;
  processVersion: number | null;
  currentStep: string | null;
  assigneeId: number | null;
  dueAt: Date | null;
  receivedAt: Date | null;
  channel: string;
}

/** The dossier, its row locked until the caller's transaction ends (a writer of its own, such as the 15-day closure, waits for no one else). */
export async function lockDossier(db: Db, code: string): Promise<DossierUnderWork | undefined> {
  const { rows } = await db.query<DossierUnderWork>(
    `SELECT id, code, procedure_code AS "procedureCode", receiving_agency_id AS "receivingAgencyId", status, revision,
            process_agency_id AS "processAgencyId", process_version AS "processVersion", current_step AS "currentStep",
            assignee_id AS "assigneeId", due_at AS "dueAt", received_at AS "receivedAt", channel
       FROM dossiers WHERE code = $1 FOR UPDATE`,
    [code],
  );
  return rows[0];
}

/** A dossier as an action is decided on: its row and its log. */
export type DossierWithLog = DossierUnderWork & { log: LogEntry[] };

export type LogEntry = { action: string; toStatus: Status; actorId: number | null; detail: Record<string, unknown> };

/**
 * Several dossiers with their logs, in one statement (one snapshot: each row and its log agree),
 * without locking them: actions are decided on what this read, and written only if the revision is
 * still the one read (`writeProcessingBatch`). Missing codes are absent.
 */
export async function readDossiersWithLogs(db: Db, codes: string[]): Promise<Map<string, DossierWithLog>> {
  const { rows } = await db.query<DossierWithLog>({
    name: 'read_dossiers_with_logs',
    text: `SELECT d.id, d.code, d.procedure_code AS "procedureCode", d.receiving_agency_id AS "receivingAgencyId", d.status, d.revision,
            d.process_agency_id AS "processAgencyId", d.process_version AS "processVersion", d.current_step AS "currentStep",
            d.assignee_id AS "assigneeId", d.due_at AS "dueAt", d.received_at AS "receivedAt", d.channel,
            COALESCE((SELECT json_agg(json_build_object('action', a.action, 'toStatus', a.to_status, 'actorId', a.actor_id,
                                                        'detail', a.detail) ORDER BY a.id)
                        FROM dossier_actions a WHERE a.dossier_id = d.id), '[]') AS log
       FROM dossiers d WHERE d.code = ANY($1::text[])`,
    values: [codes],
  });
  return new Map(rows.map((r) => [r.code, r]));
}

/** One decided action: the dossier's revision it was decided on, its columns, its log entry and its audit entry (`prepareAudits`). */
export interface DecidedAction {
  id: number;
  revision: number;
  change: ProcessingChange;
  entry: NewAction;
  audit: object;
}

/**
 * Writes decided actions in ONE statement (in autocommit, one round trip and one transaction):
 * locks, in id order (two batches never wait for each other in a circle), the dossiers whose
 * revision is still the one each action was decided on, writes their processing columns (moving
 * the revision on) and log entries, then, last, appends their audit entries to the chain. A
 * dossier changed since it was read is left alone. Returns the ids of the dossiers written.
 */
export async function writeProcessingBatch(db: Db, actions: DecidedAction[]): Promise<Set<number>> {
  const rows = actions.map(({ id, revision, change: c, entry: e, audit }, n) => ({
    n,
    id,
    revision,
    status: c.status,
    step: c.step?.id ?? null,
    step_agency: c.step?.agencyId ?? null,
    step_role: c.step?.role ?? null,
    keep_step_due: c.step?.dueAt === 'keep',
    step_due: c.step?.dueAt === 'keep' ? null : (c.step?.dueAt ?? null),
    assignee: c.assigneeId,
    set_process: c.process !== undefined,
    process_agency: c.process?.agencyId ?? null,
    process_version: c.process?.version ?? null,
    set_due: c.dueAt !== undefined,
    due: c.dueAt ?? null,
    waiting: c.waitingAgencyIds,
    ...logEntryFields(e),
    audit,
  }));
  const { rows: written } = await db.query<{ ids: string[] | null }>({
    name: 'write_processing_batch',
    text: `WITH c AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, id bigint, revision int, status text, step text, step_agency bigint,
         step_role text, keep_step_due boolean, step_due timestamptz, assignee bigint, set_process boolean, process_agency bigint,
         process_version int, set_due boolean, due timestamptz, waiting bigint[], ${logEntrySql.types}, audit jsonb)),
     locked AS MATERIALIZED (
       SELECT d.id FROM dossiers d JOIN c ON c.id = d.id AND d.revision = c.revision
        WHERE d.id = ANY($2::bigint[]) -- by the primary key: the planner cannot count the rows of c
        ORDER BY d.id FOR UPDATE OF d),
     changed AS (
       UPDATE dossiers d SET status = c.status, current_step = c.step, step_agency_id = c.step_agency, step_role = c.step_role,
              step_due_at = CASE WHEN c.keep_step_due THEN d.step_due_at ELSE c.step_due END, assignee_id = c.assignee,
              process_agency_id = CASE WHEN c.set_process THEN c.process_agency ELSE d.process_agency_id END,
              process_version = COALESCE(c.process_version, d.process_version),
              due_at = CASE WHEN c.set_due THEN c.due ELSE d.due_at END, waiting_agency_ids = c.waiting,
              revision = d.revision + 1
         FROM c JOIN locked USING (id) WHERE d.id = c.id AND d.id = ANY($2::bigint[])
       RETURNING d.id),
     logged AS (
       INSERT INTO dossier_actions (dossier_id, ${logEntrySql.columns})
       SELECT c.id, ${logEntrySql.of('c')}
         FROM c JOIN locked USING (id) ORDER BY c.n
       RETURNING 1),
     -- Every write above is done before the chain's head is taken: the audit comes last.
     done AS MATERIALIZED (
       SELECT (SELECT count(*) FROM changed) + (SELECT count(*) FROM logged) AS writes, (SELECT array_agg(id) FROM locked) AS ids)
     SELECT done.ids, audit_append((SELECT jsonb_agg(c.audit ORDER BY c.n) FROM c WHERE c.id = ANY(done.ids))) AS audited
       FROM done WHERE done.writes >= 0 -- the audit is appended on done's row, so after every write above`,
    values: [JSON.stringify(rows), actions.map((a) => a.id)],
  });
  return new Set((written[0]?.ids ?? []).map(Number));
}

/** The log in order: each entry's action name, the status it led to, who took it, and its detail. */
export async function readLog(db: Db, dossierId: number): Promise<LogEntry[]> {
  const { rows } = await db.query(
    `SELECT action, to_status AS "toStatus", actor_id AS "actorId", detail FROM dossier_actions WHERE dossier_id = $1 ORDER BY id`,
    [dossierId],
  );
  return rows;
}

/** Whether the staff member (not locked) holds `role` in one of `agencies`. */
export async function holdsRoleAt(db: Db, staffId: number, role: string, agencies: number[]): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM staff_roles r JOIN staff s ON s.id = r.staff_id
      WHERE r.staff_id = $1 AND r.role = $2 AND r.agency_id = ANY($3::bigint[]) AND r.revoked_at IS NULL AND NOT s.locked`,
    [staffId, role, agencies],
  );
  return rows.length > 0;
}

export interface ProcessingChange {
  status: Status;
  process?: { agencyId: number | null; version: number };
  step: { id: string; agencyId: number; role: string; dueAt: Date | null | 'keep' } | null;
  assigneeId: number | null;
  /** Set when the due date moves: the whole limit again after a supplement, an extension (Mẫu 04). */
  dueAt?: Date | null;
  /** Agencies whose answer the step waits for (opinions asked, joint tasks). */
  waitingAgencyIds: number[];
}

/** Writes the processing columns (a cache of the log) and moves the revision on. */
export async function writeProcessing(db: Db, id: number, c: ProcessingChange): Promise<void> {
  await db.query(
    `UPDATE dossiers SET status = $2, current_step = $3, step_agency_id = $4, step_role = $5,
            step_due_at = CASE WHEN $13 THEN step_due_at ELSE $6 END, assignee_id = $7,
            process_agency_id = CASE WHEN $8 THEN $9 ELSE process_agency_id END,
            process_version = COALESCE($10, process_version),
            due_at = CASE WHEN $11 THEN $12 ELSE due_at END, waiting_agency_ids = $14,
            revision = revision + 1
      WHERE id = $1`,
    [
      id,
      c.status,
      c.step?.id ?? null,
      c.step?.agencyId ?? null,
      c.step?.role ?? null,
      c.step?.dueAt === 'keep' ? null : (c.step?.dueAt ?? null),
      c.assigneeId,
      c.process !== undefined,
      c.process?.agencyId ?? null,
      c.process?.version ?? null,
      c.dueAt !== undefined,
      c.dueAt ?? null,
      c.step?.dueAt === 'keep',
      c.waitingAgencyIds,
    ],
  );
}

/** The dossier as the processing panel reads it (no lock). */
export async function readDossier(db: Db, code: string): Promise<(DossierUnderWork & { stepDueAt: Date | null }) | undefined> {
  const { rows } = await db.query<DossierUnderWork & { stepDueAt: Date | null }>(
    `SELECT id, code, procedure_code AS "procedureCode", receiving_agency_id AS "receivingAgencyId", status, revision,
            process_agency_id AS "processAgencyId", process_version AS "processVersion", current_step AS "currentStep",
            assignee_id AS "assigneeId", due_at AS "dueAt", received_at AS "receivedAt", channel, step_due_at AS "stepDueAt"
       FROM dossiers WHERE code = $1`,
    [code],
  );
  return rows[0];
}

export async function staffName(db: Db, id: number): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT full_name AS name FROM staff WHERE id = $1', [id]);
  return rows[0]?.name ?? null;
}

/** Staff (not locked) holding `role` in one of `agencies`, by name. */
export async function peopleHolding(db: Db, role: string, agencies: number[]): Promise<Array<{ id: number; name: string }>> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `SELECT DISTINCT s.id, s.full_name AS name FROM staff s JOIN staff_roles r ON r.staff_id = s.id
      WHERE r.role = $1 AND r.agency_id = ANY($2::bigint[]) AND r.revoked_at IS NULL AND NOT s.locked
      ORDER BY s.full_name`,
    [role, agencies],
  );
  return rows;
}

export interface InboxRow {
  code: string;
  procedureName: string;
  applicantName: string;
  status: Status;
  currentStep: string | null;
  /** The current step's name in the process version the dossier follows. */
  stepName: string | null;
  stepAgencyName: string | null;
  assigneeName: string | null;
  assigneeId: number | null;
  stepDueAt: Date | null;
  dueAt: Date | null;
  /** What a form acting on the row from the inbox sends back (an assignment of several at once). */
  revision: number;
}

export type InboxCounts = Record<'overdue' | 'near_due' | 'mine' | 'unassigned' | 'waiting', number>;

/**
 * The dossiers a person must look at, by three branches: theirs, their units' unclaimed (one per
 * role and agency held, so each reads the step index in deadline order), and those awaiting their
 * agency's answer. `$5` bounds each branch: the page needs no more than the first `$5` of each.
 */
const grantsTable = `SELECT x.role, a.agency FROM jsonb_to_recordset($2::jsonb) AS x(role text, agencies bigint[]), unnest(x.agencies) AS a(agency)`;
// What is typed is matched as text: % and _ are not wildcards.
const typed = `'%' || replace(replace(replace($3, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
const searchMatch = `$3 = '' OR d.code ILIKE ${typed} OR d.applicant->>'fullName' ILIKE ${typed}`;
const inboxBranches = `
  g AS (${grantsTable}),
  matches AS NOT MATERIALIZED (SELECT d.* FROM dossiers d WHERE ${searchMatch}),
  mine AS (
    (SELECT d.id FROM matches d WHERE d.assignee_id = $1 AND d.current_step IS NOT NULL ORDER BY d.step_due_at NULLS LAST, d.id LIMIT $5)
    UNION
    (SELECT u.id FROM g CROSS JOIN LATERAL (
       SELECT d.id FROM matches d
        WHERE d.step_agency_id = g.agency AND d.step_role = g.role AND d.assignee_id IS NULL AND d.current_step IS NOT NULL
        ORDER BY d.step_due_at NULLS LAST, d.id LIMIT $5) u)
    UNION
    (SELECT d.id FROM matches d
      WHERE d.waiting_agency_ids && (SELECT coalesce(array_agg(DISTINCT agency), '{}') FROM g) AND d.current_step IS NOT NULL
      ORDER BY d.step_due_at NULLS LAST, d.id LIMIT $5))`;

/**
 * One page of a person's inbox, most urgent first (`search` matches the code or the applicant's
 * name), with the count of every group over all pages.
 */
export async function listInbox(
  db: Db,
  staffId: number,
  grants: Array<{ role: string; agencies: number[] }>,
  search: string,
  page: { limit: number; offset: number; now: Date },
): Promise<{ rows: InboxRow[]; counts: InboxCounts }> {
  const params = [staffId, JSON.stringify(grants), search];
  const [{ rows }, counted] = await Promise.all([
    db.query<InboxRow>(
      `WITH ${inboxBranches}
       SELECT d.code, p.name AS "procedureName", d.applicant->>'fullName' AS "applicantName", d.status, d.current_step AS "currentStep",
              a.name AS "stepAgencyName", s.full_name AS "assigneeName", d.assignee_id AS "assigneeId",
              d.step_due_at AS "stepDueAt", d.due_at AS "dueAt", d.revision,
              (SELECT s->>'name' FROM procedure_processes pp, jsonb_array_elements(pp.definition->'steps') s
                WHERE pp.procedure_code = d.procedure_code AND pp.agency_id IS NOT DISTINCT FROM d.process_agency_id
                  AND pp.version = d.process_version AND s->>'id' = d.current_step) AS "stepName"
         FROM mine JOIN dossiers d ON d.id = mine.id
         JOIN procedures p ON p.code = d.procedure_code
         LEFT JOIN agencies a ON a.id = d.step_agency_id
         LEFT JOIN staff s ON s.id = d.assignee_id
        ORDER BY d.step_due_at NULLS LAST, d.id
        LIMIT $4 OFFSET $6`,
      [...params, page.limit, page.offset + page.limit, page.offset],
    ),
    // The counts read every dossier of the three branches once (one scan, no union to de-duplicate).
    db.query<InboxCounts>(
      `WITH g AS (${grantsTable})
       SELECT count(*) FILTER (WHERE d.status = 'supplement_requested')::int AS waiting,
              count(*) FILTER (WHERE d.status <> 'supplement_requested' AND d.step_due_at < $4)::int AS overdue,
              count(*) FILTER (WHERE d.status <> 'supplement_requested' AND d.step_due_at >= $4 AND d.step_due_at < $4 + interval '24 hours')::int AS near_due,
              count(*) FILTER (WHERE d.status <> 'supplement_requested' AND (d.step_due_at IS NULL OR d.step_due_at >= $4 + interval '24 hours')
                                 AND d.assignee_id = $1)::int AS mine,
              count(*) FILTER (WHERE d.status <> 'supplement_requested' AND (d.step_due_at IS NULL OR d.step_due_at >= $4 + interval '24 hours')
                                 AND d.assignee_id IS DISTINCT FROM $1)::int AS unassigned
         FROM dossiers d
        WHERE d.current_step IS NOT NULL AND (${searchMatch})
          AND (d.assignee_id = $1
               OR (d.assignee_id IS NULL AND (d.step_agency_id, d.step_role) IN (SELECT agency, role FROM g))
               OR d.waiting_agency_ids && (SELECT coalesce(array_agg(DISTINCT agency), '{}') FROM g))`,
      [...params, page.now],
    ),
  ]);
  return { rows, counts: counted.rows[0]! };
}

/** Dossiers waiting for a supplement whose last action is older than `cutoff` (candidates; each is checked again under lock). */
export async function listUnanswered(db: Db, cutoff: Date): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT d.code FROM dossiers d
      WHERE d.status = 'supplement_requested'
        AND (SELECT max(a.at) FROM dossier_actions a WHERE a.dossier_id = d.id) < $1`,
    [cutoff],
  );
  return rows.map((r) => r.code);
}

/** Whether the dossier's last action happened before `cutoff`. */
export async function lastActionBefore(db: Db, dossierId: number, cutoff: Date): Promise<boolean> {
  const { rows } = await db.query<{ last: Date }>('SELECT max(at) AS last FROM dossier_actions WHERE dossier_id = $1', [dossierId]);
  return rows[0]!.last < cutoff;
}
