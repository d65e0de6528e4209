import type { Db } from '../../db/pool.ts';

export interface SessionRow {
  tokenHash: string;
  kind: 'staff' | 'citizen';
  staffId: number | null;
  citizenId: number | null;
  csrfToken: string;
  secondFactorDone: boolean;
  /** Seconds since the session was last seen, to refresh last_seen_at at most once a minute. */
  idleSeconds: number;
}

export async function insertSession(
  db: Db,
  s: {
    tokenHash: string;
    kind: 'staff' | 'citizen';
    staffId: number | null;
    citizenId: number | null;
    csrfToken: string;
    secondFactorDone: boolean;
    absoluteHours: number;
    ip: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, kind, staff_id, citizen_id, csrf_token, second_factor_done, expires_at, ip)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7), $8)`,
    [s.tokenHash, s.kind, s.staffId, s.citizenId, s.csrfToken, s.secondFactorDone, s.absoluteHours, s.ip],
  );
}

/** A session that is not revoked, not past its absolute limit and not idle longer than `idleMinutes`. */
export async function findLiveSession(db: Db, tokenHash: string, idleMinutes: number): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT token_hash AS "tokenHash", kind, staff_id AS "staffId", citizen_id AS "citizenId", csrf_token AS "csrfToken",
            second_factor_done AS "secondFactorDone", extract(epoch FROM now() - last_seen_at)::int AS "idleSeconds"
       FROM sessions
      WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        AND last_seen_at > now() - make_interval(mins => $2)`,
    [tokenHash, idleMinutes],
  );
  return rows[0];
}

export async function touchSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
}

export async function markSecondFactorDone(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET second_factor_done = true WHERE token_hash = $1', [tokenHash]);
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
}

/** Ends every session of a person (sign out everywhere, password change, lock), except `keep`. */
export async function revokeStaffSessions(db: Db, staffId: number, keep: string | null = null): Promise<string[]> {
  const { rows } = await db.query<{ token_hash: string }>(
    `UPDATE sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL AND token_hash IS DISTINCT FROM $2
     RETURNING token_hash`,
    [staffId, keep],
  );
  return rows.map((r) => r.token_hash);
}

export async function setPendingTotpSecret(db: Db, tokenHash: string, secret: string | null): Promise<void> {
  await db.query('UPDATE sessions SET pending_totp_secret = $2 WHERE token_hash = $1', [tokenHash, secret]);
}

export async function pendingTotpSecret(db: Db, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ s: string | null }>('SELECT pending_totp_secret AS s FROM sessions WHERE token_hash = $1', [tokenHash]);
  return rows[0]?.s ?? null;
}
