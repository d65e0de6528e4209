import { KeptPerPool } from '../../db/kept-per-pool.ts';
import type { Db } from '../../db/pool.ts';
import { findProcessVersion, type StoredProcess } from './processes.repository.ts';

const versions = new KeptPerPool<StoredProcess>();

/**
 * A given version of a process variant (the one a dossier started with), read once per pool:
 * versions are appended and never changed (migration 028). Every action needs its dossier's
 * version; this spares the database sending it and the app parsing it each time.
 */
export function processVersionOf(
  db: Db,
  procedureCode: string,
  agencyId: number | null,
  version: number,
): Promise<StoredProcess | undefined> {
  return versions.get(db, `${procedureCode}|${agencyId ?? ''}|${version}`, () => findProcessVersion(db, procedureCode, agencyId, version));
}
