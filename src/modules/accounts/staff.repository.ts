import type { Db } from '../../db/pool.ts';
import type { Role } from './roles.ts';

export async function insertStaff(db: Db, s: { username: string; fullName: string; email: string; passwordHash: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO staff (username, full_name, email, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
    [s.username, s.fullName, s.email, s.passwordHash],
  );
  return rows[0]!.id;
}

export async function grantRole(db: Db, staffId: number, role: Role, agencyId: number): Promise<void> {
  await db.query('INSERT INTO staff_roles (staff_id, role, agency_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [staffId, role, agencyId]);
}
