import type { Db } from '../../db/pool.ts';

export interface CitizenRow {
  id: number;
  subject: string;
  idNumber: string;
  fullName: string | null;
  assuranceLevel: string | null;
}

const columns = `id, subject, id_number AS "idNumber", full_name AS "fullName", assurance_level AS "assuranceLevel"`;

/** Creates the citizen on first sign-in, otherwise refreshes what the provider now says; returns the row. */
export async function upsertCitizen(
  db: Db,
  c: { subject: string; idNumber: string; fullName: string | null; assuranceLevel: string | null },
): Promise<CitizenRow & { created: boolean }> {
  const { rows } = await db.query<CitizenRow & { created: boolean }>(
    `INSERT INTO citizens (subject, id_number, full_name, assurance_level) VALUES ($1, $2, $3, $4)
     ON CONFLICT (subject) DO UPDATE
       SET id_number = EXCLUDED.id_number, full_name = EXCLUDED.full_name,
           assurance_level = EXCLUDED.assurance_level, last_sign_in_at = now()
     RETURNING ${columns}, (xmax = 0) AS created`,
    [c.subject, c.idNumber, c.fullName, c.assuranceLevel],
  );
  return rows[0]!;
}

export async function findCitizen(db: Db, id: number): Promise<CitizenRow | undefined> {
  const { rows } = await db.query<CitizenRow>(`SELECT ${columns} FROM citizens WHERE id = $1`, [id]);
  return rows[0];
}

/** Remembers a sign-in in progress; also drops those older than 10 minutes, which nobody can finish. */
export async function insertLogin(db: Db, l: { state: string; nonce: string; codeVerifier: string; nextPath: string }): Promise<void> {
  await db.query(`DELETE FROM oidc_logins WHERE created_at < now() - interval '10 minutes'`);
  await db.query('INSERT INTO oidc_logins (state, nonce, code_verifier, next_path) VALUES ($1, $2, $3, $4)', [
    l.state,
    l.nonce,
    l.codeVerifier,
    l.nextPath,
  ]);
}

/** Takes a sign-in in progress by its state: at most once, and only within 10 minutes of its start. */
export async function takeLogin(
  db: Db,
  state: string,
): Promise<{ state: string; nonce: string; codeVerifier: string; nextPath: string } | undefined> {
  const { rows } = await db.query<{ state: string; nonce: string; codeVerifier: string; nextPath: string; fresh: boolean }>(
    `DELETE FROM oidc_logins WHERE state = $1
     RETURNING state, nonce, code_verifier AS "codeVerifier", next_path AS "nextPath", created_at > now() - interval '10 minutes' AS fresh`,
    [state],
  );
  const row = rows[0];
  if (!row?.fresh) return undefined;
  const { fresh: _fresh, ...login } = row;
  return login;
}
