/**
 * Small text helpers shared by the record parsers. Everything here is pure.
 */

/** The portal's placeholder for an empty cell. */
export const NO_INFO = 'Không có thông tin';

/** A piece of a field the parser could not place (field key added by parseRecord). */
export interface Leftover {
  reason: string;
  text: string;
}

/** Trim whitespace only (including NBSP and other Unicode spaces); never rewrites the text. */
export function clean(text: string): string {
  return text.trim();
}

/**
 * The text without the invisible formatting characters that copying from the portal leaves inside
 * words (zero-width spaces and joiners, direction marks, byte-order marks): 60 left-to-right marks
 * in 30 records, as in "đăng k\u200Eý", which no search for "đăng ký" finds. Nothing visible changes.
 */
export function withoutInvisibles(text: string): string {
  return text.replace(/[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g, '');
}

/** True when the text is empty or the portal's "Không có thông tin". */
export function isNoInfo(text: string): boolean {
  const t = clean(text);
  return t === '' || t === NO_INFO;
}

/** The cleaned text, or '' for the portal's no-information placeholder. */
export function valueOrEmpty(text: string): string {
  return isNoInfo(text) ? '' : clean(text);
}

/** Cut a text to at most `max` characters (for leftover reports). */
export function clip(text: string, max = 300): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** A leftover for text that is not just whitespace; null otherwise. */
export function leftover(reason: string, text: string): Leftover | null {
  const t = clean(text);
  return t === '' ? null : { reason, text: t };
}

/**
 * End (exclusive) of a parenthesised note that opens at `open` (text[open] === '(').
 * Balanced notes end at their matching ')'. The portal's notes are sometimes
 * unbalanced (an opening bracket never closed); then the note ends at the first ')'
 * after which the rest of the text is itself balanced, else at the last ')'.
 * Returns text.length when there is no ')' at all.
 */
export function parenthesisedEnd(text: string, open: number): number {
  let depth = 0;
  const closes: number[] = [];
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      closes.push(i);
      if (depth === 0) return i + 1;
    }
  }
  for (const close of closes) {
    if (isBalanced(text.slice(close + 1))) return close + 1;
  }
  const last = closes[closes.length - 1];
  return last === undefined ? text.length : last + 1;
}

/** Parentheses never go negative and all close. */
export function isBalanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

export function isLower(ch: string | undefined): boolean {
  return ch !== undefined && LOWER.test(ch);
}
export function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && UPPER.test(ch);
}
export function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}
export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && DIGIT.test(ch);
}

const MARK = /\p{M}/u;

/** The character before index i, skipping combining marks (text may be partly NFD). */
export function baseBefore(text: string, i: number): string | undefined {
  let j = i - 1;
  while (j >= 0 && MARK.test(text[j] ?? '')) j--;
  return j >= 0 ? text[j] : undefined;
}

/** True when text[i] is a combining mark (never the start of a word). */
export function isMark(ch: string | undefined): boolean {
  return ch !== undefined && MARK.test(ch);
}
