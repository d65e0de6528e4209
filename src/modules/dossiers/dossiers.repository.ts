import type { Db } from '../../db/pool.ts';
import type { Answers } from '../forms/answers.ts';
import { componentHeadsOf } from './component-names.ts';
import type { Status } from './dossier-states.ts';

/** SQL for dossiers and their action log. */

export interface Person {
  fullName: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
}

/** What the dossier holds of one component of its procedure version, in the version's order. */
export interface ReceivedComponent {
  /** Presented, on paper or as files. */
  received: boolean;
  /** Scans or electronic documents attached to it (content-addressed in the file store). */
  files?: Array<{ uploadId: number; sha256: string; size: number; mediaType: string; displayName: string }>;
  /** Paper copies the desk counted (originals, certified or plain copies); absent: online, or received before they were counted. */
  paper?: PaperCount;
}

/** How many papers of one component were handed in at the desk. */
export interface PaperCount {
  originals: number;
  copies: number;
}

/** A component as read: with its name in the procedure version the dossier was received under. */
export interface ComponentRecord extends ReceivedComponent {
  name: string;
  /** A guidance row of the procedure ("Lưu ý"), shown apart from the papers (absent: a paper). */
  guidance?: boolean;
}

export interface DossierRow {
  id: number;
  code: string;
  procedureCode: string;
  procedureVersion: number;
  procedureName: string;
  receivingAgencyId: number;
  receivingAgencyName: string;
  channel: 'counter' | 'online' | 'post';
  applicant: Person;
  representative: Person | null;
  resultDelivery: 'counter' | 'post' | 'online';
  postalTracking: string | null;
  components: ComponentRecord[];
  receivedAt: Date | null;
  dueAt: Date | null;
  status: Status;
  revision: number;
  createdAt: Date;
  /** Online dossiers: the latest moment the desk must accept or answer (8 working hours). */
  acceptBy: Date | null;
  citizenId: number | null;
  formVersion: number | null;
  answers: Answers;
  /** Processing: the agency or unit responsible for the current step, and who has it. */
  stepAgencyId: number | null;
  assigneeId: number | null;
  /** Agencies whose answer the current step waits for (opinions, joint tasks). */
  waitingAgencyIds: number[];
}

export interface NewDossier {
  code: string;
  procedureCode: string;
  procedureVersion: number;
  receivingAgencyId: number;
  channel: DossierRow['channel'];
  applicant: Person;
  representative: Person | null;
  resultDelivery: DossierRow['resultDelivery'];
  postalTracking: string | null;
  /**
   * One per component of the procedure version, in its order. The names are not copied: a version
   * never changes (migration 029), so reading names them from it (component-names.ts), and each
   * reception writes a tenth of the bytes it would (the names of 1.001193's components alone are 9 KB).
   */
  components: ReceivedComponent[];
  receivedAt: Date | null;
  dueAt: Date | null;
  status: Status;
  acceptBy?: Date | null;
  citizenId?: number | null;
  /** The e-form version the answers were given under, and the answers (online dossiers). */
  formVersion?: number | null;
  answers?: Answers;
}

/** A dossier to record with everything its recording writes in the same statement. */
export interface DossierToRecord {
  row: Omit<NewDossier, 'code'>;
  /** The code without its sequence number: '<agency code>-<YYMMDD>-' (dossier-code.ts). */
  codePrefix: string;
  /** The Vietnam date whose numbers the code takes, 'YYYY-MM-DD'. */
  day: string;
  first: Omit<NewAction, 'dossierId'>;
  /** Its audit entry as `prepareAudits` made it; the statement sets the subject id to the code. */
  audit: object;
  /** An online submission's key (idempotency), recorded with the code it got; the citizen's saved draft of the procedure is dropped. */
  submission?: { key: string; citizenId: number; requestHash: string | null } | undefined;
}

/**
 * Records dossiers in ONE statement, which in autocommit is one round trip and one transaction:
 * the day's numbers of each agency (the counter rows, taken in a fixed order so that two writers
 * never wait for each other in a circle), the rows with their codes, their first log entries, the
 * submission keys and dropped drafts, then (last, when every other write is done) their audit
 * entries chained by `audit_append`. The counter rows and the chain's head are therefore held only
 * while the database works and commits, never across a round trip. Returns each dossier's id and
 * code, in the given order.
 */
export async function recordDossiers(db: Db, items: DossierToRecord[]): Promise<Array<{ id: number; code: string }>> {
  const input = items.map(({ row: d, first: a, ...i }, n) => ({
    n,
    code_prefix: i.codePrefix,
    day: i.day,
    procedure_code: d.procedureCode,
    procedure_version: d.procedureVersion,
    receiving_agency_id: d.receivingAgencyId,
    channel: d.channel,
    applicant: d.applicant,
    representative: d.representative,
    result_delivery: d.resultDelivery,
    postal_tracking: d.postalTracking,
    components: d.components.map((c) => ({ received: c.received, files: c.files ?? [], ...(c.paper ? { paper: c.paper } : {}) })),
    received_at: d.receivedAt,
    due_at: d.dueAt,
    status: d.status,
    accept_by: d.acceptBy ?? null,
    citizen_id: d.citizenId ?? null,
    form_version: d.formVersion ?? null,
    answers: d.answers ?? {},
    ...logEntryFields(a),
    audit: i.audit,
    submission_key: i.submission?.key ?? null,
    submission_citizen: i.submission?.citizenId ?? null,
    request_hash: i.submission?.requestHash ?? null,
  }));
  const { rows } = await db.query<{ recorded: Array<{ n: number; id: number; code: string }> }>({
    name: 'record_dossiers',
    text: `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
         n int, code_prefix text, day date, procedure_code text, procedure_version int, receiving_agency_id bigint, channel text,
         applicant jsonb, representative jsonb, result_delivery text, postal_tracking text, components jsonb, received_at timestamptz,
         due_at timestamptz, status text, accept_by timestamptz, citizen_id bigint, form_version int, answers jsonb,
         ${logEntrySql.types}, audit jsonb, submission_key text, submission_citizen bigint, request_hash text)),
     counters AS (
       INSERT INTO dossier_counters (agency_id, day, last)
       SELECT receiving_agency_id, day, count(*) FROM input GROUP BY 1, 2 ORDER BY 1, 2
       ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_counters.last + EXCLUDED.last
       RETURNING agency_id, day, last),
     numbered AS MATERIALIZED (
       SELECT i.*, i.code_prefix || lpad(q.seq::text, greatest(4, length(q.seq::text)), '0') AS code
         FROM input i
         JOIN (SELECT i.n, c.last - count(*) OVER day_of + row_number() OVER (day_of ORDER BY i.n) AS seq
                 FROM input i JOIN counters c ON c.agency_id = i.receiving_agency_id AND c.day = i.day
               WINDOW day_of AS (PARTITION BY i.receiving_agency_id, i.day)) q ON q.n = i.n),
     d AS (
       INSERT INTO dossiers (code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, representative,
                             result_delivery, postal_tracking, components, received_at, due_at, status, accept_by, citizen_id,
                             form_version, answers)
       SELECT code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, NULLIF(representative, 'null'),
              result_delivery, postal_tracking, components, received_at, due_at, status, accept_by, citizen_id, form_version, answers
         FROM numbered ORDER BY n
       RETURNING id, code),
     a AS (
       INSERT INTO dossier_actions (dossier_id, ${logEntrySql.columns})
       SELECT d.id, ${logEntrySql.of('i')}
         FROM d JOIN numbered i ON i.code = d.code ORDER BY d.id
       RETURNING 1),
     k AS (
       INSERT INTO submission_keys (key, citizen_id, dossier_code, request_hash)
       SELECT submission_key, submission_citizen, code, request_hash FROM numbered WHERE submission_key IS NOT NULL
       RETURNING 1),
     x AS (
       DELETE FROM dossier_drafts t USING numbered i
        WHERE t.citizen_id = i.submission_citizen AND t.procedure_code = i.procedure_code
       RETURNING 1),
     -- Every write above is done before the chain's head is taken: the audit comes last.
     done AS MATERIALIZED (
       SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM k) + (SELECT count(*) FROM x) AS writes,
              (SELECT json_agg(json_build_object('n', i.n, 'id', d.id, 'code', d.code))
                 FROM d JOIN numbered i ON i.code = d.code) AS recorded)
     SELECT done.recorded,
            audit_append((SELECT jsonb_agg(i.audit || jsonb_build_object('subjectId', i.code) ORDER BY i.n) FROM numbered i))
       FROM done WHERE done.writes >= 0 -- the audit is appended on done's row, so after every write above`,
    values: [JSON.stringify(input)],
  });
  const recorded = new Array<{ id: number; code: string }>(items.length);
  for (const r of rows[0]!.recorded) recorded[r.n] = { id: Number(r.id), code: r.code };
  return recorded;
}

export interface NewAction {
  dossierId: number;
  actor: { kind: string; id: number | null; name: string; onBehalfOfId: number | null };
  agencyId: number | null;
  action: string;
  fromStatus: Status | null;
  toStatus: Status;
  comment: string;
  detail: Record<string, unknown>;
}

/** A log entry's columns, as the batch statements receive them in their JSON rows (`logEntrySql`). */
export function logEntryFields(a: Omit<NewAction, 'dossierId'>) {
  return {
    actor_kind: a.actor.kind,
    actor_id: a.actor.id,
    actor_name: a.actor.name,
    on_behalf_of_id: a.actor.onBehalfOfId,
    agency_id: a.agencyId,
    action: a.action,
    from_status: a.fromStatus,
    to_status: a.toStatus,
    comment: a.comment,
    detail: a.detail,
  };
}

const logEntryTypes: Record<keyof ReturnType<typeof logEntryFields>, string> = {
  actor_kind: 'text',
  actor_id: 'bigint',
  actor_name: 'text',
  on_behalf_of_id: 'bigint',
  agency_id: 'bigint',
  action: 'text',
  from_status: 'text',
  to_status: 'text',
  comment: 'text',
  detail: 'jsonb',
};

/** SQL for those columns: their types in a `jsonb_to_recordset` row, their names, and their values from a row alias. */
export const logEntrySql = {
  types: Object.entries(logEntryTypes)
    .map(([column, type]) => `${column} ${type}`)
    .join(', '),
  columns: Object.keys(logEntryTypes).join(', '),
  of: (alias: string) =>
    Object.keys(logEntryTypes)
      .map((column) => `${alias}.${column}`)
      .join(', '),
};

export async function appendAction(db: Db, a: NewAction): Promise<void> {
  await db.query(
    `INSERT INTO dossier_actions (dossier_id, actor_kind, actor_id, actor_name, on_behalf_of_id, agency_id, action, from_status, to_status, comment, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.dossierId,
      a.actor.kind,
      a.actor.id,
      a.actor.name,
      a.actor.onBehalfOfId,
      a.agencyId,
      a.action,
      a.fromStatus,
      a.toStatus,
      a.comment,
      a.detail,
    ],
  );
}

const select = `
  SELECT d.id, d.code, d.procedure_code AS "procedureCode", d.procedure_version AS "procedureVersion", p.name AS "procedureName",
         d.receiving_agency_id AS "receivingAgencyId", a.name AS "receivingAgencyName", d.channel, d.applicant, d.representative,
         d.result_delivery AS "resultDelivery", d.postal_tracking AS "postalTracking", d.received_at AS "receivedAt",
         d.due_at AS "dueAt", d.status, d.revision, d.created_at AS "createdAt", d.accept_by AS "acceptBy", d.citizen_id AS "citizenId",
         d.form_version AS "formVersion", d.answers, d.step_agency_id AS "stepAgencyId", d.assignee_id AS "assigneeId",
         d.waiting_agency_ids::int[] AS "waitingAgencyIds", d.components
    FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.id = d.receiving_agency_id`;

export async function findDossierByCode(db: Db, code: string): Promise<DossierRow | undefined> {
  const { rows } = await db.query<StoredRow>(`${select} WHERE d.code = $1`, [code]);
  return (await named(db, rows))[0];
}

/** The desk's list: dossiers of the agency, newest first. */
export async function listDossiersOfAgency(db: Db, agencyId: number, limit = 100): Promise<DossierRow[]> {
  const { rows } = await db.query<StoredRow>(`${select} WHERE d.receiving_agency_id = $1 ORDER BY d.id DESC LIMIT $2`, [agencyId, limit]);
  return named(db, rows);
}

/** Rows whose components carry their names in the dossier's procedure version (a name stored in the row, as before they were joined, wins). */
async function named(db: Db, rows: StoredRow[]): Promise<DossierRow[]> {
  const out: DossierRow[] = [];
  for (const row of rows) {
    const heads = await componentHeadsOf(db, row.procedureCode, row.procedureVersion);
    out.push({
      ...row,
      components: row.components.map((c, i) => ({ ...c, name: c.name ?? heads[i]?.name ?? '', guidance: heads[i]?.guidance ?? false })),
    });
  }
  return out;
}

type StoredRow = Omit<DossierRow, 'components'> & { components: Array<ReceivedComponent & { name?: string }> };

export interface ActionRow {
  at: Date;
  actorKind: string;
  actorId: number | null;
  actorName: string;
  action: string;
  toStatus: Status;
  comment: string;
  detail: Record<string, unknown>;
}

export async function listActions(db: Db, dossierId: number): Promise<ActionRow[]> {
  const { rows } = await db.query<ActionRow>(
    `SELECT at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", action, to_status AS "toStatus", comment, detail
       FROM dossier_actions WHERE dossier_id = $1 ORDER BY id`,
    [dossierId],
  );
  return rows;
}

export async function listDossiersOfCitizen(db: Db, citizenId: number): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(`${select} WHERE d.citizen_id = $1 ORDER BY d.id DESC LIMIT 200`, [citizenId]);
  return rows;
}

/** Dossiers received by an agency and not yet forwarded to processing, oldest first. */
export async function listToForward(db: Db, agencyId: number): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(
    `${select} WHERE d.receiving_agency_id = $1 AND d.status = 'received' AND d.process_version IS NULL ORDER BY d.received_at, d.id LIMIT 200`,
    [agencyId],
  );
  return rows;
}

/** Online dossiers still waiting for the desk of an agency, oldest first. */
export async function listAwaitingAcceptance(db: Db, agencyId: number): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(`${select} WHERE d.receiving_agency_id = $1 AND d.status = 'new' ORDER BY d.id`, [agencyId]);
  return rows;
}

export async function findSubmission(
  db: Db,
  key: string,
  citizenId: number,
): Promise<{ code: string; requestHash: string | null } | undefined> {
  const { rows } = await db.query<{ code: string; requestHash: string | null }>(
    'SELECT dossier_code AS code, request_hash AS "requestHash" FROM submission_keys WHERE key = $1 AND citizen_id = $2',
    [key, citizenId],
  );
  return rows[0];
}

/** Moves a dossier to `status` if nobody changed it since `revision`; false when someone did. */
export async function updateStatus(
  db: Db,
  id: number,
  revision: number,
  change: { status: Status; receivedAt?: Date | null; dueAt?: Date | null },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE dossiers SET status = $3, received_at = COALESCE($4, received_at), due_at = COALESCE($5, due_at), revision = revision + 1
      WHERE id = $1 AND revision = $2`,
    [id, revision, change.status, change.receivedAt ?? null, change.dueAt ?? null],
  );
  return r.rowCount === 1;
}

/** The public view of a dossier in one round trip: no personal data is selected at all. */
export async function findPublicView(db: Db, code: string) {
  const { rows } = await db.query<{
    code: string;
    status: Status;
    procedureCode: string;
    procedureName: string;
    agencyName: string;
    receivedAt: Date | null;
    dueAt: Date | null;
    submittedAt: Date | null;
    acceptBy: Date | null;
    lastDetail: Record<string, unknown> | null;
  }>(
    `SELECT d.code, d.status, d.procedure_code AS "procedureCode", p.name AS "procedureName", a.name AS "agencyName",
            d.received_at AS "receivedAt", d.due_at AS "dueAt",
            CASE WHEN d.channel = 'online' THEN d.created_at END AS "submittedAt", d.accept_by AS "acceptBy",
            (SELECT x.detail FROM dossier_actions x WHERE x.dossier_id = d.id ORDER BY x.id DESC LIMIT 1) AS "lastDetail"
       FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.id = d.receiving_agency_id
      WHERE d.code = $1`,
    [code],
  );
  return rows[0];
}
