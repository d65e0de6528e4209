import type { Db } from '../../db/pool.ts';
import type { Level, OnlineLevel } from './procedure.schema.ts';
import { pageSize, type ParsedQuery, type SearchFilters } from './search-query.ts';

export interface SearchHit {
  code: string;
  name: string;
  field: string;
  levels: Level[];
  onlineLevel: OnlineLevel;
}

/** Every folded word of the catalogue with the number of procedures that contain it. */
export async function loadVocabulary(db: Db): Promise<Map<string, number>> {
  const { rows } = await db.query<{ word: string; ndoc: number }>(
    `SELECT word, ndoc FROM ts_stat('SELECT search_doc FROM procedures') WHERE word ~ '^[a-z]+$'`,
  );
  return new Map(rows.map((r) => [r.word, r.ndoc]));
}

/** One page of procedures having every word (the last as a prefix) or the code, closest names first. */
export async function runSearch(
  db: Db,
  q: ParsedQuery,
  filters: SearchFilters,
  page: number,
): Promise<{ hits: SearchHit[]; total: number }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (filters.field) where.push(`field = ${p(filters.field)}`);
  if (filters.level) where.push(`${p(filters.level)} = ANY(levels)`);
  if (filters.onlineLevel) where.push(`online_level = ${p(filters.onlineLevel)}`);
  if (filters.agencyId) where.push(`code IN (SELECT procedure_code FROM procedure_agencies WHERE agency_id = ${p(filters.agencyId)})`);
  let order = 'search_name, code';
  if (q.tsquery || q.codePrefix) {
    const match: string[] = [];
    if (q.tsquery) match.push(`search_doc @@ to_tsquery('simple', ${p(q.tsquery)})`);
    if (q.codePrefix) match.push(`code LIKE ${p(q.codePrefix.replace(/[%_\\]/g, '\\$&') + '%')}`);
    where.push(`(${match.join(' OR ')})`);
    order = `(code = ${p(q.codePrefix ?? '')}) DESC, similarity(search_name, ${p(q.folded)}) DESC, length(name), code`;
  }
  const { rows } = await db.query<SearchHit & { total: number }>(
    `SELECT code, name, field, levels, online_level AS "onlineLevel", count(*) OVER () AS total
       FROM procedures ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return { hits: rows.map(({ total: _t, ...hit }) => hit), total: rows[0]?.total ?? 0 };
}
