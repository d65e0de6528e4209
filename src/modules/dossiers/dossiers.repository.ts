import type { Db } from '../../db/pool.ts';
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
}

export async function insertDossier(db: Db, d: NewDossier): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dossiers (code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, representative,
                           result_delivery, postal_tracking, components, received_at, due_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
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
         d.due_at AS "dueAt", d.status, d.revision, d.created_at AS "createdAt"
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
