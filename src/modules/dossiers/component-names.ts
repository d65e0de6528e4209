import { KeptPerPool } from '../../db/kept-per-pool.ts';
import type { Db } from '../../db/pool.ts';
import { findVersionComponentNames } from '../catalog/catalog.repository.ts';

const names = new KeptPerPool<string[]>();

/**
 * The names of the components of a procedure version, read once per pool: a version is never
 * changed or removed (migration 029). A dossier stores only what was received of each component,
 * in the version's order; its names come from here.
 */
export async function componentNamesOf(db: Db, procedureCode: string, version: number): Promise<string[]> {
  return (await names.get(db, `${procedureCode}|${version}`, () => findVersionComponentNames(db, procedureCode, version))) ?? [];
}
