import type { Component } from '../procedure.schema.ts';
import { legalNumberEnds } from './legal-basis.ts';
import { baseBefore, clean, isDigit, isLetter, isLower, isMark, isNoInfo, isUpper, leftover, type Leftover } from './text.ts';

/**
 * "Thành phần hồ sơ": one or more tables flattened into one string:
 *   <group heading> "Tên giấy tờMẫu đơn, tờ khaiSố lượng" <rows> <next heading> <header> <rows> ...
 * A row is <document name><template file names, if any><quantity>, the quantity
 * being "1 bản chính" or "0 bản chính,1 bản sao". The heading is "--" when the
 * portal has none, "* Giấy tờ phải nộp:", or a case description.
 */
export const COMPONENTS_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';

/**
 * The quantity cell. The portal writes a single digit of originals; a longer
 * digit run means the name ended with digits ("năm 20240 bản chính" = "năm 2024"
 * + "0 bản chính"). A match followed by a space and a word, or by ')', is prose
 * inside a name ("(01 bản chính hoặc bản sao)") and is skipped.
 */
const QUANTITY = /(\d) bản chính(?:,(\d+) bản sao)?/g;
const PROSE_AFTER = /^(?:\s+[\p{L}\p{N}]|\s*\))/u;

/** A template file name ends with one of these extensions. */
const TEMPLATE_END = /\.(?:docx?|DOCX?|xlsx?|XLSX?|pdf|PDF|odt|ods|rtf|rar|zip)(?!\p{Ll})/gu;

export interface ComponentsResult {
  components: Component[];
  leftovers: Leftover[];
}

export function parseComponents(text: string): ComponentsResult {
  const components: Component[] = [];
  const leftovers: Leftover[] = [];
  if (isNoInfo(text)) return { components, leftovers };
  const parts = clean(text).split(COMPONENTS_HEADER);
  if (parts.length === 1) {
    // No table at all: only "--" placeholders are expected here.
    const rest = leftover('no document table', stripPlaceholders(parts[0] ?? ''));
    if (rest) leftovers.push(rest);
    return { components, leftovers };
  }
  let group = heading(parts[0] ?? '');
  for (let p = 1; p < parts.length; p++) {
    const table = parts[p] ?? '';
    let pos = 0;
    for (const q of table.matchAll(QUANTITY)) {
      if (PROSE_AFTER.test(table.slice(q.index + q[0].length))) continue;
      const rowText = table.slice(pos, q.index);
      pos = q.index + q[0].length;
      const row = parseRow(rowText);
      if (row.leftover) leftovers.push(row.leftover);
      if (row.name === '') {
        const lost = leftover('quantity without a document name', q[0]);
        if (lost) leftovers.push(lost);
        continue;
      }
      components.push({
        group,
        name: row.name,
        template: row.template,
        originals: Number(q[1]),
        copies: q[2] === undefined ? 0 : Number(q[2]),
      });
    }
    const tail = table.slice(pos);
    if (p < parts.length - 1) {
      group = heading(tail);
    } else {
      const rest = leftover('text after the last document row', stripPlaceholders(tail));
      if (rest) leftovers.push(rest);
    }
  }
  return { components, leftovers };
}

/** "--" (and "----") are the portal's empty cells. */
function stripPlaceholders(text: string): string {
  return text.replace(/^-{2,}$/gm, '').replace(/^\s*-{2,}\s*$/, '');
}

/** Group heading: "* Giấy tờ phải nộp:" → "Giấy tờ phải nộp"; "--" → "". */
function heading(text: string): string {
  const t = clean(text);
  if (/^-*$/.test(t)) return '';
  return t
    .replace(/^\*\s*/, '')
    .replace(/\s*:$/, '')
    .trim();
}

interface ParsedRow {
  name: string;
  template: string | null;
  leftover: Leftover | null;
}

/**
 * Split "<name><file1.docx><file2.docx>" into the name and the template file
 * names (several are joined with "; "). Where the name ends is found from the
 * glue between the two cells (see templateStart).
 */
export function parseRow(text: string): ParsedRow {
  const ends = [...text.matchAll(TEMPLATE_END)].map((m) => m.index + m[0].length);
  const firstEnd = ends[0];
  if (firstEnd === undefined) return { name: clean(text), template: null, leftover: null };
  const firstExt = text.slice(0, firstEnd).search(/\.[^.]+$/);
  const start = templateStart(text.slice(0, firstExt));
  const files: string[] = [];
  let prev = start;
  for (const end of ends) {
    const file = clean(text.slice(prev, end));
    if (file) files.push(file);
    prev = end;
  }
  const after = clean(text.slice(prev));
  const lastLeftover = leftover('text after the template file name', after);
  if (start === 0) {
    // Nothing tells where the name ends: keep the whole cell as the name.
    return {
      name: clean(text),
      template: null,
      leftover: { reason: 'template file name not separable from the document name', text: clean(text) },
    };
  }
  return { name: clean(text.slice(0, start)), template: files.join('; '), leftover: lastLeftover };
}

/**
 * Where the first template file name starts in "<name><file name without
 * extension>". Candidate boundaries are places where two cells were glued:
 *   strong: after ';' ':' ')' ']' directly followed by a letter or digit, or
 *           after a '.' that ends a word ("tài.Mẫu 10", "sắt.2.4. Mau");
 *   weak:   a lowercase letter directly followed by an uppercase letter or a
 *           digit ("sân bayMẫu số 03", "hàng không1.000574").
 * The rightmost strong boundary bounds the search; the leftmost weak boundary
 * after it wins (file names like "MauBankhaichung" contain weak ones themselves),
 * else the strong one. A weak boundary is skipped when it sits in the same
 * unbroken word as the strong one ("mẫu.MuTkhai..."), or when ':' or ';' follow it
 * (they belong to names, not file names). 0 means no boundary was found.
 */
export function templateStart(text: string): number {
  let strong = 0;
  // After a legal number glued to the file name ("...TT-BGTVTMẫu số 2").
  for (const end of legalNumberEnds(text)) {
    if (isLetter(text[end]) && end > strong) strong = end;
  }
  // After a name ending "theo mẫu" / "quy định" glued to the file name ("theo mẫuvăn bản").
  for (const m of text.matchAll(/(?:mẫu|quy định|quy đinh|đường bộ)(?=\p{L})/gu)) {
    const end = m.index + m[0].length;
    if (end > strong) strong = end;
  }
  for (let i = strong + 1; i < text.length; i++) {
    const ch = text[i];
    if (!(isLetter(ch) || isDigit(ch))) continue;
    const prev = text[i - 1];
    if (prev && ';:)]'.includes(prev)) strong = i;
    else if (prev === '.') {
      const word = baseBefore(text, i - 1);
      if (isLetter(word) || word === ')') strong = i;
    }
  }
  const firstSpace = text.slice(strong).search(/\s/);
  const from = strong > 0 ? (firstSpace < 0 ? text.length : strong + firstSpace) : 1;
  for (let i = Math.max(from, 1); i < text.length; i++) {
    const ch = text[i];
    if (isMark(ch)) continue;
    const prev = baseBefore(text, i);
    const glued =
      (isLower(prev) && (isUpper(ch) || isDigit(ch))) ||
      // "...ngày 12/12/201Mẫu 2": a digit glued to a capitalised word.
      (isDigit(prev) && isUpper(ch) && isLower(text[i + 1]));
    if (glued && !/[:;]/.test(text.slice(i))) return i;
  }
  return strong;
}
