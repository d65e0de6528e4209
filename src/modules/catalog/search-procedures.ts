import type { Db } from '../../db/pool.ts';
import type { PageCache } from '../../web/page-cache.ts';
import { correctWords, toTsquery, type ParsedQuery, type SearchFilters } from './search-query.ts';
import { loadVocabulary, runSearch, type SearchHit } from './search.repository.ts';

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
 * replaced by the nearest catalogue word and the search runs again. The
 * catalogue's vocabulary is read once per change of public data.
 */
export async function searchProcedures(
  db: Db,
  cache: PageCache,
  q: ParsedQuery,
  filters: SearchFilters,
  page: number,
): Promise<SearchPage> {
  const first = await runSearch(db, q, filters, page);
  if (first.total > 0 || q.words.length === 0) return { ...first, correctedTo: null };
  const corrected = correctWords(q.words, await cache.remember('catalog:vocabulary', () => loadVocabulary(db)));
  if (!corrected) return { ...first, correctedTo: null };
  const second = await runSearch(db, { ...q, words: corrected, folded: corrected.join(' '), tsquery: toTsquery(corrected) }, filters, page);
  return { ...second, correctedTo: corrected.join(' ') };
}
