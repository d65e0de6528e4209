import { clean, isNoInfo, leftover, type Leftover } from './text.ts';

/**
 * "Căn cứ pháp lý": "Tên văn bản pháp lýMã văn bản" then rows <title><number>,
 * all run together: "Thông tư hướng dẫn ...85/2019/TT-BTCNghị định ...104/2022/NĐ-CP".
 */
export const LEGAL_HEADER = 'Tên văn bản pháp lýMã văn bản';

export interface LegalBasis {
  title: string;
  number: string;
}

export interface LegalBasisResult {
  legalBasis: LegalBasis[];
  leftovers: Leftover[];
}

/**
 * A document number: "85/2019/TT-BTC", "66.7/2025/NQ-CP", "60/2014/QH13",
 * "11/2020/TT- BTP", "05/2017/QĐ-TTg". The issuer may end in exactly two digits
 * (the legislature, "QH13") so that "QH1360/2014/QH13" splits after "QH13".
 */
const KNOWN_ISSUERS = [
  'UBTƯMTTQVN',
  'VKSNDTC',
  'TANDTC',
  'BNNPTNT',
  'BVHTTDL',
  'BLĐTBXH',
  'BKHĐT',
  'BTNMT',
  'BGDĐT',
  'BTTTT',
  'BGTVT',
  'BKHCN',
  'UBND',
  'NHNN',
  'VPCP',
  'TTLT',
  'NQLT',
  'BTC',
  'BTP',
  'BXD',
  'BNV',
  'BCT',
  'BCA',
  'BQP',
  'BYT',
  'BNG',
  'CTN',
  'TTg',
  'CP',
  'NĐ',
  'TT',
  'NQ',
  'QĐ',
].join('|');
/** One part of the issuer code: a known code, "QH13"-style, or an uppercase run that is not glued to a word. */
const ISSUER_PART = String.raw`(?:(?:UBTVQH|QH)\d{0,2}|${KNOWN_ISSUERS}|\p{Lu}+(?![\p{L}\p{N}]))`;
const NUMBER_SOURCE = String.raw`(\d+(?:\.\d+)?)\/(?:(\d{4})\/)?(${ISSUER_PART}(?:\s?[-–/]\s?${ISSUER_PART})*)`;
const NUMBER = new RegExp(NUMBER_SOURCE, 'gu');
/** A number cell without an issuer ("24/2024"), accepted only where it ends a row. */
const BARE_NUMBER = /(\d+)\/(\d{4})(?![\d/])/gu;

/** The end of every legal document number in a text (used to find glued cells elsewhere). */
export function legalNumberEnds(text: string): number[] {
  return [...text.matchAll(new RegExp(NUMBER_SOURCE, 'gu'))].map((m) => m.index + m[0].length);
}

/** A number cell that repeats the kind of document: "Nghị định số 85/2013/NĐ-CP". */
const KIND_PREFIX = /(?:Nghị định|Thông tư liên tịch|Thông tư|Nghị quyết|Quyết định|Luật|Pháp lệnh|Lệnh)(?: số)? ?$/iu;

export function parseLegalBasis(text: string): LegalBasisResult {
  const legalBasis: LegalBasis[] = [];
  const leftovers: Leftover[] = [];
  let body = clean(text);
  if (isNoInfo(body)) return { legalBasis, leftovers };
  if (body.startsWith(LEGAL_HEADER)) body = body.slice(LEGAL_HEADER.length);

  let rowStart = 0;
  const matches = [...body.matchAll(NUMBER), ...body.matchAll(BARE_NUMBER)].sort((a, b) => a.index - b.index);
  for (const m of matches) {
    let start = m.index;
    let digits = m[1] ?? '';
    // "năm 201213/2012/QH13": a year glued to the number column.
    // "giai đoạn 2021-2025.01/2022/TT-BXD": a year and a full stop glued to the number.
    const year = /^(?:19|20)\d{2}(?:\.(?=\d)|(?=\d))/.exec(digits);
    if (year && digits.length >= 5) {
      start += year[0].length;
      digits = digits.slice(year[0].length);
    }
    let end = m.index + m[0].length;
    // "Luật 35/2018/QH14.35/2018/QH14.BỘ LUẬT...": a full stop glued to the next cell belongs to the number.
    if (body[end] === '.' && /^[\p{L}\p{N}]/u.test(body.slice(end + 1))) end++;
    if (start < rowStart) continue;
    if (!endsRow(body, start, end)) continue;
    // The number cell is glued to the title: it starts where no space separates them.
    if (start === rowStart) continue; // a row needs a title; this is a title mentioning a number
    let numberStart = start;
    const prefix = KIND_PREFIX.exec(body.slice(rowStart, start));
    if (prefix && prefix.index > 0 && !/\s/.test(body[rowStart + prefix.index - 1] ?? ' ')) {
      numberStart = rowStart + prefix.index;
    }
    const title = clean(body.slice(rowStart, numberStart));
    if (title === '') continue;
    legalBasis.push({ title, number: clean(body.slice(numberStart, end)) });
    rowStart = end;
  }
  const tail = clean(body.slice(rowStart));
  const doubled = splitDoubled(tail);
  if (doubled) legalBasis.push(doubled);
  else {
    const rest = leftover('text after the last legal document number', tail);
    if (rest) leftovers.push(rest);
  }
  return { legalBasis, leftovers };
}

/**
 * A number ends a row when the text ends there or the next title is glued to it
 * (starts right after it with a letter). Inside a title a number is followed by a
 * space or punctuation (" ngày", ")", ";"); a digit right after it means the
 * number column follows ("Luật 60/2014/QH1360/2014/QH13"). A number whose start
 * is glued to the text before it ("Bộ Tư pháp18/2026/NĐ-CP") is a number cell
 * even when a space, a tab or a dash separates it from the next title.
 */
function endsRow(text: string, start: number, end: number): boolean {
  const next = text.slice(end);
  if (/^\s*$/.test(next) || /^\p{L}/u.test(next)) return true;
  const before = text[start - 1];
  const gluedStart = before !== undefined && /[\p{L}.;,)]/u.test(before);
  return gluedStart && /^[\s\-–]+\p{L}/u.test(next);
}

/**
 * A row whose number cell repeats the title ("BỘ LUẬT HÀNG HẢI VIỆT NAMBỘ LUẬT  HÀNG
 * HẢI VIỆT NAM"): the text is two halves equal up to whitespace.
 */
function splitDoubled(text: string): LegalBasis | null {
  const squeeze = (s: string): string => s.replace(/\s+/g, '');
  const whole = squeeze(text);
  if (whole.length < 4 || whole.length % 2 !== 0) return null;
  const half = whole.slice(0, whole.length / 2);
  if (half !== whole.slice(whole.length / 2)) return null;
  // Find where the second half starts in the original text.
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text[i] ?? '')) seen++;
    if (seen === half.length) {
      return { title: clean(text.slice(0, i + 1)), number: clean(text.slice(i + 1)) };
    }
  }
  return null;
}
