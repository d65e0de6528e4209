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
  /** Folded words joined by spaces, for similarity ranking. Empty when nothing was typed. */
  folded: string;
  words: string[];
  /** A to_tsquery('simple', ...) expression built only from [a-z0-9] words, or null. */
  tsquery: string | null;
  /** Set when the text is (the start of) a procedure code such as 1.001193. */
  codePrefix: string | null;
}

export function parseQuery(text: string): ParsedQuery {
  const folded = fold(text.replace(/[\u0000-\u001f\uFFFD]/g, ' ')).slice(0, maxQueryLength);
  const code = /^\d\.\d{1,6}(\.[0-9a-z.]*)?$/.exec(folded.replace(/\s/g, ''));
  const words = folded
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 12);
  return { folded: words.join(' '), words, tsquery: toTsquery(words), codePrefix: code ? code[0].toUpperCase() : null };
}

/**
 * Optimal-string-alignment distance (Levenshtein plus swapping two neighbours,
 * the commonest slip on a phone keyboard: "sihn" for "sinh").
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Replaces each word the catalogue does not contain by the closest word it
 * does contain (one slip allowed in words of up to 4 letters, two in longer
 * ones; among equals the word found in most procedures). Returns null when
 * nothing was corrected. The last word may also be the start of a word.
 */
export function correctWords(words: string[], vocabulary: Map<string, number>): string[] | null {
  let changed = false;
  const known = [...vocabulary.keys()];
  const corrected = words.map((word, i) => {
    if (vocabulary.has(word)) return word;
    if (i === words.length - 1 && known.some((k) => k.startsWith(word))) return word;
    const allowed = word.length <= 4 ? 1 : 2;
    let best: { word: string; distance: number; count: number } | undefined;
    for (const candidate of known) {
      if (Math.abs(candidate.length - word.length) > allowed) continue;
      const distance = editDistance(word, candidate);
      if (distance > allowed) continue;
      const count = vocabulary.get(candidate) ?? 0;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count))
        best = { word: candidate, distance, count };
    }
    if (!best) return word;
    changed = true;
    return best.word;
  });
  return changed ? corrected : null;
}

/** The full-text expression for words: all must match, the last one as a prefix. */
export function toTsquery(words: string[]): string | null {
  return words.length ? words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ') : null;
}
