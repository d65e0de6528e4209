import { fold } from '../../lib/vietnamese.ts';
import type { Level, OnlineLevel } from './procedure.schema.ts';

/**
 * Pure rules of catalogue search: what a person typed becomes folded words (no
 * diacritics, so "dang ky khai sinh" finds "đăng ký khai sinh"), a full-text
 * query whose last word is a prefix (so "khai sin" finds "khai sinh" while the
 * person is still typing), and a procedure code when the text is one.
 */
export const maxQueryLength = 200;
export const pageSize = 20;

export interface SearchFilters {
  field?: string | undefined;
  level?: Level | undefined;
  agencyId?: number | undefined;
  onlineLevel?: OnlineLevel | undefined;
}

export interface ParsedQuery {
  /** Folded text, for trigram similarity. Empty when nothing was typed. */
  folded: string;
  /** A to_tsquery('simple', ...) expression built only from [a-z0-9] words, or null. */
  tsquery: string | null;
  /** Set when the text is (the start of) a procedure code such as 1.001193. */
  codePrefix: string | null;
}

export function parseQuery(text: string): ParsedQuery {
  const folded = fold(text.replace(/[\u0000-\u001f\uFFFD]/g, ' ')).slice(0, maxQueryLength);
  const code = /^\d\.\d{1,6}(\.[0-9a-z.]*)?$/.exec(folded.replace(/\s/g, ''));
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean).slice(0, 12);
  const tsquery = words.length ? words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ') : null;
  return { folded: words.join(' '), tsquery, codePrefix: code ? code[0].toUpperCase().replace(/^(\d)/, '$1') : null };
}
