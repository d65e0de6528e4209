import type { Db } from '../../db/pool.ts';

/**
 * SQL of staff notices. Each notice is unique per person, dossier, kind and deadline (a consultation's:
 * per person, consultation and kind): writing one twice does nothing.
 */

export interface NotificationRow {
  id: number;
  dossierCode: string;
  kind: 'near_due' | 'overdue' | 'closed_unanswered' | 'consultation_near_due' | 'consultation_overdue';
  deadline: Date;
  message: string;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Alerts for every dossier in processing whose step is due before `horizon`: to the officer who
 * has it and to the heads of the step's unit; `overdue` once the deadline passed (before `now`),
 * `near_due` before. Returns how many new notices were written.
 */
export async function insertDeadlineAlerts(db: Db, now: Date, horizon: Date): Promise<number> {
  const r = await db.query(
    `INSERT INTO notifications (staff_id, dossier_code, kind, deadline, message)
     SELECT who.staff_id, d.code, CASE WHEN d.step_due_at < $1 THEN 'overdue' ELSE 'near_due' END, d.step_due_at,
            CASE WHEN d.step_due_at < $1 THEN 'Hồ sơ ' || d.code || ' đã quá hạn bước «' || d.current_step || '».'
                 ELSE 'Hồ sơ ' || d.code || ' sắp đến hạn bước «' || d.current_step || '».' END
       FROM dossiers d
       CROSS JOIN LATERAL (
         SELECT d.assignee_id AS staff_id WHERE d.assignee_id IS NOT NULL
         UNION
         SELECT r.staff_id FROM staff_roles r WHERE r.role = 'unit_head' AND r.revoked_at IS NULL AND r.agency_id = d.step_agency_id
       ) who
      WHERE d.current_step IS NOT NULL AND d.status = 'processing' AND d.step_due_at < $2
     ON CONFLICT DO NOTHING`,
    [now, horizon],
  );
  return r.rowCount ?? 0;
}

/** An alert about one consultation, to the holders of `roles` in `agencies` and to `askedBy` when set. */
export interface ConsultationAlert {
  dossierCode: string;
  /** The log entry that asked. */
  consultationId: number;
  kind: 'consultation_near_due' | 'consultation_overdue';
  deadline: Date;
  message: string;
  agencies: number[];
  roles: readonly string[];
  askedBy: number | null;
}

/**
 * Writes consultation alerts to every person they name (staff not locked, roles not revoked), each
 * once per person, consultation and kind, also when several processes write at once. Returns how
 * many new notices were written.
 */
export async function insertConsultationAlerts(db: Db, alerts: ConsultationAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO notifications (staff_id, dossier_code, kind, deadline, message, consultation_id)
     SELECT who.staff_id, x.code, x.kind, x.deadline, x.message, x.consultation_id
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, consultation_id bigint, kind text, deadline timestamptz, message text,
                                               agencies bigint[], roles text[], asked_by bigint)
       CROSS JOIN LATERAL (
         SELECT r.staff_id FROM staff_roles r JOIN staff s ON s.id = r.staff_id
          WHERE r.revoked_at IS NULL AND NOT s.locked AND r.role = ANY(x.roles) AND r.agency_id = ANY(x.agencies)
         UNION
         SELECT s.id FROM staff s WHERE s.id = x.asked_by AND NOT s.locked
       ) who
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        alerts.map((a) => ({
          code: a.dossierCode,
          consultation_id: a.consultationId,
          kind: a.kind,
          deadline: a.deadline,
          message: a.message,
          agencies: a.agencies,
          roles: a.roles,
          asked_by: a.askedBy,
        })),
      ),
    ],
  );
  return r.rowCount ?? 0;
}

/** Tells the receiving agency's desk officers that a dossier was closed for want of a supplement. */
export async function insertClosureNotices(db: Db, code: string, receivingAgencyId: number, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO notifications (staff_id, dossier_code, kind, deadline, message)
     SELECT r.staff_id, $1, 'closed_unanswered', $3,
            'Hồ sơ ' || $1 || ' đã dừng xử lý: quá 15 ngày người nộp không bổ sung.'
       FROM staff_roles r WHERE r.role = 'desk_officer' AND r.revoked_at IS NULL AND r.agency_id = $2
     ON CONFLICT DO NOTHING`,
    [code, receivingAgencyId, at],
  );
}

export async function listNotifications(db: Db, staffId: number, limit = 100): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT id, dossier_code AS "dossierCode", kind, deadline, message, created_at AS "createdAt", read_at AS "readAt"
       FROM notifications WHERE staff_id = $1 ORDER BY read_at IS NOT NULL, created_at DESC LIMIT $2`,
    [staffId, limit],
  );
  return rows;
}

export async function markRead(db: Db, staffId: number): Promise<void> {
  await db.query('UPDATE notifications SET read_at = now() WHERE staff_id = $1 AND read_at IS NULL', [staffId]);
}
