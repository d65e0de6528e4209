import { clean, isNoInfo, leftover, type Leftover } from './text.ts';

/**
 * "Kết quả xử lý": "<name>Mã: <code>" repeated, then page junk from "Từ khóa"
 * or "Chọn cơ quan thực hiện" on (keyword box, description box, agency picker),
 * which is dropped.
 */
export interface Result {
  name: string;
  code: string | null;
}

export interface ResultsResult {
  results: Result[];
  leftovers: Leftover[];
}

const JUNK_START = /Từ khóa|Chọn cơ quan thực hiện/;

/** Well-formed result codes: KQ.G15.000031, KQ-G17.000001, 000.00.00.G15-KQ1293, G15-TP05.00001. */
const CODE = /^(?:KQ[.-][A-Z]\d{2}\.\d{6}|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-KQ\d+|[A-Z]\d{2}-[A-Z]{2}\d{2}\.\d{5})/;

/**
 * A code the portal's form accepted without checking ("12231", "CAAV1", "utw"):
 * the shortest run of code characters followed by the capitalised next name, or
 * by the end.
 */
const LOOSE_CODE = /^[0-9A-Za-z._-]*?(?=\p{Lu}\p{Ll}|-\s|$)/u;

export function parseResults(text: string): ResultsResult {
  const results: Result[] = [];
  const leftovers: Leftover[] = [];
  let body = clean(text);
  const junk = JUNK_START.exec(body);
  if (junk) body = body.slice(0, junk.index);
  if (isNoInfo(body)) return { results, leftovers };

  const marks = [...body.matchAll(/Mã:\s*/g)];
  if (marks.length === 0) {
    results.push({ name: clean(body), code: null });
    return { results, leftovers };
  }
  let nameStart = 0;
  for (const m of marks) {
    const name = clean(body.slice(nameStart, m.index));
    const after = body.slice(m.index + m[0].length);
    const next = marks.find((x) => x.index > m.index);
    const cell = next ? after.slice(0, next.index - m.index - m[0].length) : after;
    const code = (CODE.exec(cell) ?? LOOSE_CODE.exec(cell))?.[0] ?? '';
    if (name === '') {
      const lost = leftover('result code without a name', code);
      if (lost) leftovers.push(lost);
    } else {
      results.push({ name, code: code === '' ? null : code });
    }
    nameStart = m.index + m[0].length + code.length;
  }
  const rest = leftover('result name without a code', body.slice(nameStart));
  if (rest) results.push({ name: rest.text, code: null });
  return { results, leftovers };
}
