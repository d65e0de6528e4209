import type { Db } from '../../db/pool.ts';
import type { LocalDate } from './local-time.ts';
import type { AdjustmentKind, CalendarAdjustment } from './working-calendar.ts';

export interface AdjustmentRow extends CalendarAdjustment {
  createdBy: number | null;
  createdAt: Date;
}

const columns = `to_char(date, 'YYYY-MM-DD') AS date, kind, reason, created_by AS "createdBy", created_at AS "createdAt"`;

/** The adjustments dated in the years fromYear..toYear (both included), in date order. */
export async function listAdjustments(db: Db, fromYear: number, toYear: number): Promise<AdjustmentRow[]> {
  const { rows } = await db.query<AdjustmentRow>(
    `SELECT ${columns} FROM calendar_adjustments
     WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)
     ORDER BY date`,
    [fromYear, toYear],
  );
  return rows;
}

/**
 * Sets the adjustment of a date: adds it, or replaces the one the date had
 * (a date has at most one). `replaced` says which.
 */
export async function putAdjustment(
  db: Db,
  a: { date: LocalDate; kind: AdjustmentKind; reason: string; createdBy: number | null },
): Promise<AdjustmentRow & { replaced: boolean }> {
  const { rows } = await db.query<AdjustmentRow & { replaced: boolean }>(
    `INSERT INTO calendar_adjustments (date, kind, reason, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (date) DO UPDATE
       SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = now()
     RETURNING ${columns}, (xmax <> 0) AS replaced`,
    [a.date, a.kind, a.reason, a.createdBy],
  );
  return rows[0]!;
}

/** Removes the adjustment of a date; returns it, or undefined when the date had none. */
export async function removeAdjustment(db: Db, date: LocalDate): Promise<AdjustmentRow | undefined> {
  const { rows } = await db.query<AdjustmentRow>(`DELETE FROM calendar_adjustments WHERE date = $1 RETURNING ${columns}`, [date]);
  return rows[0];
}

export interface AdjustmentWithAuthor extends AdjustmentRow {
  /** "Full name (username)" of the person who entered it, or null (entered by a script or the demo). */
  createdByName: string | null;
}

/** The adjustments dated in one year with who entered them, in date order (the admin page). */
export async function listAdjustmentsWithAuthors(db: Db, year: number): Promise<AdjustmentWithAuthor[]> {
  const { rows } = await db.query<AdjustmentWithAuthor>(
    `SELECT to_char(a.date, 'YYYY-MM-DD') AS date, a.kind, a.reason, a.created_by AS "createdBy", a.created_at AS "createdAt",
            CASE WHEN s.id IS NULL THEN NULL ELSE s.full_name || ' (' || s.username || ')' END AS "createdByName"
     FROM calendar_adjustments a LEFT JOIN staff s ON s.id = a.created_by
     WHERE a.date >= make_date($1, 1, 1) AND a.date < make_date($1 + 1, 1, 1)
     ORDER BY a.date`,
    [year],
  );
  return rows;
}

/** The adjustment of one date, if any. */
export async function findAdjustment(db: Db, date: LocalDate): Promise<AdjustmentRow | undefined> {
  const { rows } = await db.query<AdjustmentRow>(`SELECT ${columns} FROM calendar_adjustments WHERE date = $1`, [date]);
  return rows[0];
}

/**
 * Serialises changes to the adjustments until the caller's transaction ends, so that
 * "does this date already have one?" stays true until the change is written. Readers are not blocked.
 */
export async function lockAdjustments(db: Db): Promise<void> {
  await db.query('LOCK TABLE calendar_adjustments IN SHARE ROW EXCLUSIVE MODE');
}
