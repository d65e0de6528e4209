import type { Db } from '../../db/pool.ts';
import { findVersionComponentNames } from '../catalog/catalog.repository.ts';

const cache = new WeakMap<Db, Map<string, string[]>>();

/**
 * The names of the components of a procedure version, read once per pool: a version is never
 * changed or removed (migration 029), so what was read stays true. A dossier stores only what was
 * received of each component, in the version's order; its names come from here.
 */
export async function componentNamesOf(db: Db, procedureCode: string, version: number): Promise<string[]> {
  let known = cache.get(db);
  if (!known) cache.set(db, (known = new Map()));
  const key = `${procedureCode}|${version}`;
  const hit = known.get(key);
  if (hit) return hit;
  const names = await findVersionComponentNames(db, procedureCode, version);
  if (names) known.set(key, names);
  return names ?? [];
}
