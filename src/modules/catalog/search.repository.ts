import type { Db } from '../../db/pool.ts';
import type { Level, OnlineLevel } from './procedure.schema.ts';
import { correctWords, pageSize, toTsquery, type ParsedQuery, type SearchFilters } from './search-query.ts';

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
  /** Set when no procedure had every word and the words were corrected (a typo): the words searched. */
  correctedTo: string | null;
}

/**
 * Finds procedures. Words must all match (the last as a prefix); the closest
 * names come first, so "dang ky khai sinh" ranks "Thủ tục đăng ký khai sinh"
 * above the longer procedures that contain the same words. When nothing
 * matches and some word is not in the catalogue (a typo), each such word is
 * replaced by the nearest catalogue word and the search runs again.
 */
export async function searchProcedures(db: Db, q: ParsedQuery, filters: SearchFilters, page: number): Promise<SearchPage> {
  const first = await runSearch(db, q, filters, page);
  if (first.total > 0 || q.words.length === 0) return { ...first, correctedTo: null };
  const corrected = correctWords(q.words, await vocabulary(db));
  if (!corrected) return { ...first, correctedTo: null };
  const second = await runSearch(db, { ...q, words: corrected, folded: corrected.join(' '), tsquery: toTsquery(corrected) }, filters, page);
  return { ...second, correctedTo: corrected.join(' ') };
}

/** Every folded word of the catalogue with the number of procedures that contain it. */
async function vocabulary(db: Db): Promise<Map<string, number>> {
  const { rows } = await db.query<{ word: string; ndoc: number }>(
    `SELECT word, ndoc FROM ts_stat('SELECT search_doc FROM procedures') WHERE word ~ '^[a-z]+$'`,
  );
  return new Map(rows.map((r) => [r.word, r.ndoc]));
}

async function runSearch(db: Db, q: ParsedQuery, filters: SearchFilters, page: number): Promise<{ hits: SearchHit[]; total: number }> {
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
