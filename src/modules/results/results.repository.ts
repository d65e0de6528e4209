import type { Db } from '../../db/pool.ts';
import type { ResultDocument } from './result-document.ts';

/** SQL of result drafts and issued results. */

export interface DraftRow {
  id: number;
  version: number;
  content: ResultDocument | null;
  sha256: string;
  comment: string;
  createdBy: string;
  createdAt: Date;
  signedAt?: Date | null;
  /** An issued result was made from this version. */
  issued: boolean;
}

const draftColumns = `r.id, r.version, r.content, r.sha256, r.comment, s.full_name AS "createdBy", r.created_at AS "createdAt",
  r.signed_at AS "signedAt", EXISTS (SELECT 1 FROM results x WHERE x.draft_id = r.id) AS issued`;

export async function listDrafts(db: Db, dossierId: number): Promise<DraftRow[]> {
  const { rows } = await db.query<DraftRow>(
    `SELECT ${draftColumns} FROM result_drafts r JOIN staff s ON s.id = r.created_by WHERE r.dossier_id = $1 ORDER BY r.version DESC`,
    [dossierId],
  );
  return rows;
}

/** Appends the next version of the dossier's draft; returns its version. */
export async function insertDraft(
  db: Db,
  d: { dossierId: number; content: ResultDocument | null; sha256: string; comment: string; createdBy: number },
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO result_drafts (dossier_id, version, content, sha256, comment, created_by)
     SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5 FROM result_drafts WHERE dossier_id = $1
     RETURNING version`,
    [d.dossierId, d.content === null ? null : JSON.stringify(d.content), d.sha256, d.comment, d.createdBy],
  );
  return rows[0]!.version;
}

export async function findDraft(db: Db, dossierId: number, version: number): Promise<DraftRow | undefined> {
  const { rows } = await db.query<DraftRow>(
    `SELECT ${draftColumns} FROM result_drafts r JOIN staff s ON s.id = r.created_by WHERE r.dossier_id = $1 AND r.version = $2`,
    [dossierId, version],
  );
  return rows[0];
}

/** Records the leader's signature on a draft, once; false when it was already signed. */
export async function markSigned(
  db: Db,
  draftId: number,
  s: { sha256: string; staffId: number; at: Date; verifyToken: string },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE result_drafts SET signed_sha256 = $2, signed_by = $3, signed_at = $4, verify_token = $5
      WHERE id = $1 AND signed_at IS NULL`,
    [draftId, s.sha256, s.staffId, s.at, s.verifyToken],
  );
  return r.rowCount === 1;
}

interface SignedDraft {
  signedSha256: string;
  signedAt: Date;
  /** Null for drafts signed before the QR code was printed on results. */
  verifyToken: string | null;
}

/**
 * The newest version the leader signed, issued or not: the only one that may
 * ever be issued (result-rules.ts `issuableDraft`).
 */
export async function findNewestSigned(db: Db, dossierId: number): Promise<(DraftRow & SignedDraft) | undefined> {
  const { rows } = await db.query<DraftRow & SignedDraft>(
    `SELECT ${draftColumns}, r.signed_sha256 AS "signedSha256", r.verify_token AS "verifyToken"
       FROM result_drafts r JOIN staff s ON s.id = r.created_by
      WHERE r.dossier_id = $1 AND r.signed_at IS NOT NULL
      ORDER BY r.version DESC LIMIT 1`,
    [dossierId],
  );
  return rows[0];
}

/**
 * Inside the issuing transaction: the newest signed version locked until
 * commit (two clerks issuing at once wait for each other), and whether it was
 * issued, read after the lock was granted.
 */
export async function lockNewestSigned(db: Db, dossierId: number): Promise<{ id: number; issued: boolean } | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM result_drafts WHERE dossier_id = $1 AND signed_at IS NOT NULL ORDER BY version DESC LIMIT 1 FOR UPDATE`,
    [dossierId],
  );
  if (!rows[0]) return undefined;
  // A statement of its own: under READ COMMITTED it sees a result committed by whoever held the lock before.
  const issued = await db.query('SELECT 1 FROM results WHERE draft_id = $1', [rows[0].id]);
  return { id: rows[0].id, issued: issued.rows.length > 0 };
}

/** The agency's next document number of the year, its counter row held until commit (gapless, from 1 each year). */
export async function nextDocumentNumber(db: Db, agencyId: number, year: number): Promise<number> {
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO document_counters (agency_id, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (agency_id, year) DO UPDATE SET last = document_counters.last + 1 RETURNING last`,
    [agencyId, year],
  );
  return rows[0]!.last;
}

export interface IssuedResult {
  dossierId: number;
  draftId: number;
  agencyId: number;
  year: number;
  number: number;
  notation: string;
  sha256: string;
  resultCode: string | null;
  verifyToken: string;
  issuedAt: Date;
  issuedBy: number;
  /** The applicant's personal ID number ('' when none was given): whose e-data store holds it. */
  ownerIdNumber: string;
}

export async function insertResult(db: Db, r: IssuedResult): Promise<void> {
  await db.query(
    `INSERT INTO results (dossier_id, draft_id, agency_id, year, number, notation, sha256, result_code, verify_token, issued_at, issued_by,
                          owner_id_number)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.dossierId,
      r.draftId,
      r.agencyId,
      r.year,
      r.number,
      r.notation,
      r.sha256,
      r.resultCode,
      r.verifyToken,
      r.issuedAt,
      r.issuedBy,
      r.ownerIdNumber,
    ],
  );
}

export interface ResultRow extends IssuedResult {
  id: number;
  dossierCode: string;
  procedureName: string;
  agencyName: string;
  /** Bytes of the issued file. */
  size: number;
}

const resultColumns = `x.id, x.dossier_id AS "dossierId", x.draft_id AS "draftId", x.agency_id AS "agencyId", x.year, x.number, x.notation,
  x.sha256, x.result_code AS "resultCode", x.verify_token AS "verifyToken", x.issued_at AS "issuedAt", x.issued_by AS "issuedBy",
  x.owner_id_number AS "ownerIdNumber", d.code AS "dossierCode", p.name AS "procedureName", a.name AS "agencyName", f.size`;
const resultFrom = `FROM results x JOIN dossiers d ON d.id = x.dossier_id JOIN procedures p ON p.code = d.procedure_code
  JOIN agencies a ON a.id = x.agency_id JOIN files f ON f.sha256 = x.sha256`;

/** Issued results only: what an applicant or the public may ever see of a dossier's result. */
export async function listIssuedResults(db: Db, dossierId: number): Promise<ResultRow[]> {
  const { rows } = await db.query<ResultRow>(`SELECT ${resultColumns} ${resultFrom} WHERE x.dossier_id = $1 ORDER BY x.id`, [dossierId]);
  return rows;
}

export async function findResultByToken(db: Db, token: string): Promise<ResultRow | undefined> {
  const { rows } = await db.query<ResultRow>(`SELECT ${resultColumns} ${resultFrom} WHERE x.verify_token = $1`, [token]);
  return rows[0];
}

export async function findResultBySha256(db: Db, sha256: string): Promise<ResultRow | undefined> {
  const { rows } = await db.query<ResultRow>(`SELECT ${resultColumns} ${resultFrom} WHERE x.sha256 = $1`, [sha256]);
  return rows[0];
}

/**
 * The results a citizen has, newest first: those issued to them (their ID number: their e-data
 * store, whoever submitted the dossier) and those of the dossiers they submitted online. Only each
 * dossier's latest result: one replaced by a correction is no longer in force.
 */
export async function listResultsOfCitizen(db: Db, citizen: { citizenId: number; idNumber: string }): Promise<ResultRow[]> {
  const { rows } = await db.query<ResultRow>(
    `SELECT ${resultColumns} ${resultFrom}
      WHERE (x.owner_id_number = $2 AND $2 <> '' OR d.citizen_id = $1)
        AND NOT EXISTS (SELECT 1 FROM results y WHERE y.dossier_id = x.dossier_id AND y.id > x.id)
      ORDER BY x.issued_at DESC LIMIT 200`,
    [citizen.citizenId, citizen.idNumber],
  );
  return rows;
}
