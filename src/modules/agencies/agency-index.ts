import type { Db } from '../../db/pool.ts';
import { compareVietnamese } from '../../lib/vietnamese.ts';
import { listAgencies } from './agencies.repository.ts';
import type { AgencyKind } from './agency.schema.ts';

/**
 * The agency tree in memory, for the questions every policy check asks: which
 * agencies are above this one, which is the agency (not unit) it belongs to,
 * which are below it. Built once per change of public data (see PageCache.remember).
 */
export interface AgencyIndex {
  /** Ids from the root down to `id` itself; empty for an unknown id. */
  pathOf(id: number): number[];
  /** The nearest agency that is not a unit: a unit belongs to its agency. */
  homeOf(id: number): number;
  /** `id` and everything below it. */
  subtreeOf(id: number): number[];
  nameOf(id: number): string;
  kindOf(id: number): AgencyKind | undefined;
  /** The electronic agency code (Decision 20/2020), null for an agency without one. */
  codeOf(id: number): string | null;
  /** The agency or unit with this electronic code, if any. */
  idOfCode(code: string): number | undefined;
  /** Every agency and unit that has an electronic code, in Vietnamese order of names. */
  withCodes(): Array<{ id: number; code: string; name: string }>;
  has(id: number): boolean;
}

export async function loadAgencyIndex(db: Db): Promise<AgencyIndex> {
  const agencies = await listAgencies(db);
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const byCode = new Map(agencies.flatMap((a) => (a.code ? [[a.code, a.id] as const] : [])));
  const children = new Map<number, number[]>();
  for (const a of agencies) if (a.parentId !== null) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const pathOf = (id: number): number[] => {
    const path: number[] = [];
    for (let cur = byId.get(id); cur && !path.includes(cur.id); cur = cur.parentId === null ? undefined : byId.get(cur.parentId))
      path.unshift(cur.id);
    return path;
  };
  return {
    pathOf,
    homeOf(id) {
      const path = pathOf(id);
      for (let i = path.length - 1; i >= 0; i--) if (byId.get(path[i]!)?.kind !== 'unit') return path[i]!;
      return id;
    },
    subtreeOf(id) {
      const out: number[] = [];
      const walk = (x: number) => {
        if (out.includes(x)) return;
        out.push(x);
        (children.get(x) ?? []).forEach(walk);
      };
      if (byId.has(id)) walk(id);
      return out;
    },
    nameOf: (id) => byId.get(id)?.name ?? '',
    kindOf: (id) => byId.get(id)?.kind,
    codeOf: (id) => byId.get(id)?.code ?? null,
    idOfCode: (code) => byCode.get(code),
    withCodes: () =>
      agencies.flatMap((a) => (a.code ? [{ id: a.id, code: a.code, name: a.name }] : [])).sort((x, y) => compareVietnamese(x.name, y.name)),
    has: (id) => byId.has(id),
  };
}

/** The index of the current agencies, built once per change of public data. */
export function agencyIndexOf(deps: {
  pool: Db;
  pages: { remember<T>(key: string, compute: () => Promise<T>): Promise<T> };
}): Promise<AgencyIndex> {
  return deps.pages.remember('agencies:index', () => loadAgencyIndex(deps.pool));
}
