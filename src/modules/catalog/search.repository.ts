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

export interface SearchPage {
  hits: SearchHit[];
  total: number;
  /** True when no word matched and the results are the nearest names (typo tolerance). */
  approximate: boolean;
}

/**
 * Finds procedures. Words must all match (the last as a prefix); the closest
 * names come first, so "dang ky khai sinh" ranks "Thủ tục đăng ký khai sinh"
 * above the longer procedures that contain the same words. When no procedure
 * has all the words (a typo), the names most similar by trigrams are offered.
 */
export async function searchProcedures(db: Db, q: ParsedQuery, filters: SearchFilters, page: number): Promise<SearchPage> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (filters.field) where.push(`field = ${p(filters.field)}`);
  if (filters.level) where.push(`${p(filters.level)} = ANY(levels)`);
  if (filters.onlineLevel) where.push(`online_level = ${p(filters.onlineLevel)}`);
  if (filters.agencyId) where.push(`code IN (SELECT procedure_code FROM procedure_agencies WHERE agency_id = ${p(filters.agencyId)})`);
  const offset = (page - 1) * pageSize;

  const run = async (match: string | null, rank: string) => {
    const conditions = match ? [...where, match] : where;
    const { rows } = await db.query<SearchHit & { total: number }>(
      `SELECT code, name, field, levels, online_level AS "onlineLevel", count(*) OVER () AS total
         FROM procedures ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY ${rank} LIMIT ${pageSize} OFFSET ${offset}`,
      params,
    );
    return { hits: rows.map(({ total: _t, ...hit }) => hit), total: rows[0]?.total ?? 0 };
  };

  if (!q.tsquery && !q.codePrefix) return { ...(await run(null, 'name COLLATE "C", code')), approximate: false };

  const base = params.length;
  const folded = p(q.folded);
  const conditions: string[] = [];
  if (q.tsquery) conditions.push(`search_doc @@ to_tsquery('simple', ${p(q.tsquery)})`);
  if (q.codePrefix) conditions.push(`code LIKE ${p(q.codePrefix.replace(/[%_\\]/g, '\\$&') + '%')}`);
  const exact = await run(
    `(${conditions.join(' OR ')})`,
    `(code = ${p(q.codePrefix ?? '')}) DESC, similarity(search_name, ${folded}) DESC, length(name), code`,
  );
  if (exact.total > 0 || !q.folded) return { ...exact, approximate: false };

  params.length = base;
  const f = p(q.folded);
  const near = await run(`${f} <% search_name`, `word_similarity(${f}, search_name) DESC, similarity(search_name, ${f}) DESC, code`);
  return { ...near, approximate: true };
}
