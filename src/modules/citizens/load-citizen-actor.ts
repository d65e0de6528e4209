import type pg from 'pg';
import type { CitizenActor } from '../accounts/actor.ts';
import { findCitizen } from './citizens.repository.ts';

/** The actor behind a citizen session, or undefined when the citizen is gone (the session is then anonymous). */
export async function loadCitizenActor(pool: pg.Pool, citizenId: number): Promise<CitizenActor | undefined> {
  const row = await findCitizen(pool, citizenId);
  if (!row) return undefined;
  return {
    kind: 'citizen',
    citizenId: row.id,
    fullName: row.fullName ?? 'Công dân',
    idNumber: row.idNumber,
    assurance: row.assuranceLevel ?? '',
  };
}
