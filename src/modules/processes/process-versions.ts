import type { Db } from '../../db/pool.ts';
import { findProcessVersion, type StoredProcess } from './processes.repository.ts';

const cache = new WeakMap<Db, Map<string, StoredProcess>>();

/**
 * A given version of a process variant (the one a dossier started with), read once per pool:
 * versions are appended and never changed (processes.repository.ts), so a version read is
 * true for good. Every action needs its dossier's version; this spares the database sending it
 * and the app parsing it each time.
 */
export async function processVersionOf(
  db: Db,
  procedureCode: string,
  agencyId: number | null,
  version: number,
): Promise<StoredProcess | undefined> {
  let known = cache.get(db);
  if (!known) cache.set(db, (known = new Map()));
  const key = `${procedureCode}|${agencyId ?? ''}|${version}`;
  const hit = known.get(key);
  if (hit) return hit;
  const found = await findProcessVersion(db, procedureCode, agencyId, version);
  if (found) known.set(key, found);
  return found;
}
