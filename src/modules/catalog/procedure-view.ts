import type { Db } from '../../db/pool.ts';
import { findProcedureView, type ProcedureView } from './catalog.repository.ts';

/**
 * A procedure as the desk's form reads it, kept until public data (the
 * catalogue, the agencies) changes: a desk receiving hundreds of dossiers of
 * the same procedure reads and parses its record once. Shared: never mutate it.
 */
export async function procedureViewOf(
  deps: { pool: Db; pages: { remember<T>(key: string, compute: () => Promise<T>): Promise<T> } },
  code: string,
): Promise<ProcedureView | undefined> {
  // Only codes that exist are kept (a made-up code must not grow the memory).
  if (!(await deps.pages.remember('catalog:codes', () => procedureCodes(deps.pool))).has(code)) return undefined;
  return deps.pages.remember(`catalog:view:${code}`, () => findProcedureView(deps.pool, code));
}

async function procedureCodes(db: Db): Promise<Set<string>> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM procedures');
  return new Set(rows.map((r) => r.code));
}
