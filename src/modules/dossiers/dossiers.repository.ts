import type { Db } from '../../db/pool.ts';
import type { Answers } from '../forms/answers.ts';
import type { Status } from './dossier-states.ts';

/** SQL for dossiers and their action log. */

export interface Person {
  fullName: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
}

export interface ComponentRecord {
  name: string;
  /** Presented, on paper or as files. */
  received: boolean;
  /** Scans or electronic documents attached to it (content-addressed in the file store). */
  files?: Array<{ uploadId: number; sha256: string; size: number; mediaType: string; displayName: string }>;
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
}

/** Takes the next number of the agency's day, holding the counter row until commit (no gaps, no duplicates). */
export async function nextSequence(db: Db, agencyId: number, day: string): Promise<number> {
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO dossier_counters (agency_id, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last`,
    [agencyId, day],
  );
  return rows[0]!.last;
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
  components: ComponentRecord[];
  receivedAt: Date | null;
  dueAt: Date | null;
  status: Status;
  acceptBy?: Date | null;
  citizenId?: number | null;
  /** The e-form version the answers were given under, and the answers (online dossiers). */
  formVersion?: number | null;
  answers?: Answers;
}

export async function insertDossier(db: Db, d: NewDossier): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dossiers (code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, representative,
                           result_delivery, postal_tracking, components, received_at, due_at, status, accept_by, citizen_id,
                           form_version, answers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [
      d.code,
      d.procedureCode,
      d.procedureVersion,
      d.receivingAgencyId,
      d.channel,
      d.applicant,
      d.representative,
      d.resultDelivery,
      d.postalTracking,
      JSON.stringify(d.components),
      d.receivedAt,
      d.dueAt,
      d.status,
      d.acceptBy ?? null,
      d.citizenId ?? null,
      d.formVersion ?? null,
      JSON.stringify(d.answers ?? {}),
    ],
  );
  return rows[0]!.id;
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
         d.result_delivery AS "resultDelivery", d.postal_tracking AS "postalTracking", d.components, d.received_at AS "receivedAt",
         d.due_at AS "dueAt", d.status, d.revision, d.created_at AS "createdAt", d.accept_by AS "acceptBy", d.citizen_id AS "citizenId",
         d.form_version AS "formVersion", d.answers
    FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.id = d.receiving_agency_id`;

export async function findDossierByCode(db: Db, code: string): Promise<DossierRow | undefined> {
  const { rows } = await db.query<DossierRow>(`${select} WHERE d.code = $1`, [code]);
  return rows[0];
}

/** The desk's list: dossiers of the agency, newest first. */
export async function listDossiersOfAgency(db: Db, agencyId: number, limit = 100): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(`${select} WHERE d.receiving_agency_id = $1 ORDER BY d.id DESC LIMIT $2`, [agencyId, limit]);
  return rows;
}

export interface ActionRow {
  at: Date;
  actorName: string;
  action: string;
  toStatus: Status;
  comment: string;
  detail: Record<string, unknown>;
}

export async function listActions(db: Db, dossierId: number): Promise<ActionRow[]> {
  const { rows } = await db.query<ActionRow>(
    `SELECT at, actor_name AS "actorName", action, to_status AS "toStatus", comment, detail FROM dossier_actions WHERE dossier_id = $1 ORDER BY id`,
    [dossierId],
  );
  return rows;
}

export async function listDossiersOfCitizen(db: Db, citizenId: number): Promise<DossierRow[]> {
  const { rows } = await db.query<DossierRow>(`${select} WHERE d.citizen_id = $1 ORDER BY d.id DESC LIMIT 200`, [citizenId]);
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

export async function recordSubmission(db: Db, key: string, citizenId: number, code: string, requestHash: string | null): Promise<void> {
  await db.query('INSERT INTO submission_keys (key, citizen_id, dossier_code, request_hash) VALUES ($1, $2, $3, $4)', [
    key,
    citizenId,
    code,
    requestHash,
  ]);
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

export async function setCode(db: Db, id: number, code: string): Promise<void> {
  await db.query('UPDATE dossiers SET code = $2 WHERE id = $1', [id, code]);
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
    lastDetail: Record<string, unknown> | null;
  }>(
    `SELECT d.code, d.status, d.procedure_code AS "procedureCode", p.name AS "procedureName", a.name AS "agencyName",
            d.received_at AS "receivedAt", d.due_at AS "dueAt",
            (SELECT x.detail FROM dossier_actions x WHERE x.dossier_id = d.id ORDER BY x.id DESC LIMIT 1) AS "lastDetail"
       FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.id = d.receiving_agency_id
      WHERE d.code = $1`,
    [code],
  );
  return rows[0];
}
