import { KeptPerPool } from '../../db/kept-per-pool.ts';
import type { Db } from '../../db/pool.ts';
import { findVersionComponentHeads } from '../catalog/catalog.repository.ts';
import { isGuidance } from '../catalog/procedure.schema.ts';

export interface ComponentHead {
  name: string;
  /** A guidance row of the record ("Lưu ý"), not a paper: never received (received-components.ts). */
  guidance: boolean;
}

const heads = new KeptPerPool<ComponentHead[]>();

/**
 * The names of the components of a procedure version, and which are guidance, read once per pool:
 * a version is never changed or removed (migration 029). A dossier stores only what was received of
 * each component, in the version's order; its names come from here.
 */
export async function componentHeadsOf(db: Db, procedureCode: string, version: number): Promise<ComponentHead[]> {
  const found = await heads.get(db, `${procedureCode}|${version}`, async () =>
    (await findVersionComponentHeads(db, procedureCode, version))?.map((c) => ({ name: c.name, guidance: isGuidance(c) })),
  );
  return found ?? [];
}
