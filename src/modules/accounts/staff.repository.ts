import type { Db } from '../../db/pool.ts';
import type { RoleGrant, StaffActor } from './actor.ts';
import type { Role } from './roles.ts';

/** SQL for staff accounts, their roles and the delegations lent to them. */

export async function insertStaff(
  db: Db,
  s: { username: string; fullName: string; email: string; passwordHash: string; agencyId: number | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO staff (username, full_name, email, password_hash, agency_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [s.username, s.fullName, s.email, s.passwordHash, s.agencyId],
  );
  return rows[0]!.id;
}

export async function grantRole(db: Db, staffId: number, role: Role, agencyId: number): Promise<boolean> {
  const r = await db.query('INSERT INTO staff_roles (staff_id, role, agency_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    staffId,
    role,
    agencyId,
  ]);
  return r.rowCount === 1;
}

export async function revokeRole(db: Db, grantId: number, staffId: number): Promise<{ role: Role; agencyId: number } | undefined> {
  const { rows } = await db.query<{ role: Role; agency_id: number }>(
    'UPDATE staff_roles SET revoked_at = now() WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL RETURNING role, agency_id',
    [grantId, staffId],
  );
  return rows[0] && { role: rows[0].role, agencyId: rows[0].agency_id };
}

export interface SignInRecord {
  id: number;
  username: string;
  passwordHash: string;
  locked: boolean;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpLastStep: number | null;
}

export async function findForSignIn(db: Db, username: string): Promise<SignInRecord | undefined> {
  const { rows } = await db.query<SignInRecord>(
    `SELECT id, username, password_hash AS "passwordHash", locked, locked_until AS "lockedUntil",
            totp_secret AS "totpSecret", totp_last_step AS "totpLastStep"
       FROM staff WHERE username = $1`,
    [username],
  );
  return rows[0];
}

export async function findForSignInById(db: Db, id: number): Promise<SignInRecord | undefined> {
  const { rows } = await db.query<{ username: string }>('SELECT username FROM staff WHERE id = $1', [id]);
  return rows[0] && findForSignIn(db, rows[0].username);
}

/**
 * Counts a failure; the `limit`-th consecutive one locks the account for `minutes`. A lock that
 * has run out starts the count afresh. Returns true when this failure locked the account.
 */
export async function recordFailure(db: Db, id: number, limit: number, minutes: number): Promise<boolean> {
  const { rows } = await db.query<{ locked_now: boolean }>(
    `WITH counted AS (
       SELECT CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END AS n
         FROM staff WHERE id = $1)
     UPDATE staff s SET failed_attempts = c.n,
            locked_until = CASE WHEN c.n >= $2 THEN now() + make_interval(mins => $3)
                                WHEN s.locked_until <= now() THEN NULL ELSE s.locked_until END
       FROM counted c WHERE s.id = $1
     RETURNING c.n >= $2 AS locked_now`,
    [id, limit, minutes],
  );
  return rows[0]?.locked_now ?? false;
}

export async function clearFailures(db: Db, id: number): Promise<void> {
  await db.query('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [id]);
}

/** Stores the step of a used code, only if it is newer than the last one: a code works once, even in a race. */
export async function useTotpStep(db: Db, id: number, step: number): Promise<boolean> {
  const r = await db.query('UPDATE staff SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)', [
    id,
    step,
  ]);
  return r.rowCount === 1;
}

export async function setTotpSecret(db: Db, id: number, secret: string | null, step: number | null): Promise<void> {
  await db.query('UPDATE staff SET totp_secret = $2, totp_last_step = $3 WHERE id = $1', [id, secret, step]);
}

export async function setPassword(db: Db, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await db.query(
    'UPDATE staff SET password_hash = $2, must_change_password = $3, password_changed_at = now(), failed_attempts = 0, locked_until = NULL WHERE id = $1',
    [id, passwordHash, mustChange],
  );
}

export async function setLocked(db: Db, id: number, locked: boolean): Promise<void> {
  await db.query('UPDATE staff SET locked = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1', [id, locked]);
}

/**
 * The person behind a staff session with every role they may use today: their
 * own grants, and roles lent to them whose delegator still holds the role.
 */
export async function loadStaffActor(db: Db, id: number): Promise<StaffActor | undefined> {
  const { rows } = await db.query<{
    username: string;
    full_name: string;
    agency_id: number | null;
    locked: boolean;
    must_change_password: boolean;
    has_second_factor: boolean;
    grants: RoleGrant[];
  }>(
    `SELECT s.username, s.full_name, s.agency_id, s.locked, s.must_change_password, s.totp_secret IS NOT NULL AS has_second_factor,
            COALESCE((SELECT json_agg(json_build_object('role', r.role, 'agencyId', r.agency_id, 'delegatedBy', NULL) ORDER BY r.id)
                        FROM staff_roles r WHERE r.staff_id = s.id AND r.revoked_at IS NULL), '[]')::jsonb
         || COALESCE((SELECT json_agg(json_build_object('role', d.role, 'agencyId', d.agency_id,
                        'delegatedBy', json_build_object('id', o.id, 'name', o.full_name, 'delegationId', d.id)) ORDER BY d.id)
                        FROM delegations d JOIN staff o ON o.id = d.delegator_id
                       WHERE d.delegate_id = s.id AND d.revoked_at IS NULL AND NOT o.locked
                         AND (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN d.valid_from AND d.valid_to
                         AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = d.delegator_id AND r.role = d.role
                                        AND r.agency_id = d.agency_id AND r.revoked_at IS NULL)), '[]')::jsonb AS grants
       FROM staff s WHERE s.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r || r.locked) return undefined;
  return {
    kind: 'staff',
    staffId: id,
    username: r.username,
    fullName: r.full_name,
    agencyId: r.agency_id,
    roles: r.grants,
    hasSecondFactor: r.has_second_factor,
    mustChangePassword: r.must_change_password,
  };
}

export interface StaffSummary {
  id: number;
  username: string;
  fullName: string;
  email: string;
  agencyId: number | null;
  locked: boolean;
  hasSecondFactor: boolean;
  grants: Array<{ id: number; role: Role; agencyId: number }>;
}

const summarySelect = `
  SELECT s.id, s.username, s.full_name AS "fullName", s.email, s.agency_id AS "agencyId", s.locked,
         s.totp_secret IS NOT NULL AS "hasSecondFactor",
         COALESCE((SELECT json_agg(json_build_object('id', r.id, 'role', r.role, 'agencyId', r.agency_id) ORDER BY r.id)
                     FROM staff_roles r WHERE r.staff_id = s.id AND r.revoked_at IS NULL), '[]') AS grants
    FROM staff s`;

/** Staff who work in, or hold a role in, one of `agencyIds` (all staff when null). */
export async function listStaff(db: Db, agencyIds: number[] | null): Promise<StaffSummary[]> {
  const { rows } = await db.query<StaffSummary>(
    `${summarySelect}
      WHERE $1::bigint[] IS NULL OR s.agency_id = ANY($1)
         OR EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.revoked_at IS NULL AND r.agency_id = ANY($1))`,
    [agencyIds],
  );
  return rows;
}

export async function findStaff(db: Db, id: number): Promise<StaffSummary | undefined> {
  const { rows } = await db.query<StaffSummary>(`${summarySelect} WHERE s.id = $1`, [id]);
  return rows[0];
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM staff WHERE username = $1', [username]);
  return rows.length > 0;
}

export async function setMustChangePassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await setPassword(db, id, passwordHash, true);
}

export async function findActiveStaffIdByUsername(db: Db, username: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM staff WHERE username = $1 AND NOT locked', [username]);
  return rows[0]?.id;
}

/** The roles held in each of `agencyIds` by someone who can act (grant not revoked, account not locked by an admin). */
export async function rolesHeldIn(db: Db, agencyIds: number[]): Promise<Array<{ agencyId: number; role: Role }>> {
  const { rows } = await db.query<{ agencyId: number; role: Role }>(
    `SELECT DISTINCT r.agency_id AS "agencyId", r.role FROM staff_roles r JOIN staff s ON s.id = r.staff_id
      WHERE r.revoked_at IS NULL AND NOT s.locked AND r.agency_id = ANY($1::bigint[])`,
    [agencyIds],
  );
  return rows;
}
