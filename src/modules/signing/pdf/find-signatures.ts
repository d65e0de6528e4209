import { openPdf } from './pdf-file.ts';
import { decodeText, PdfDict, PdfName, PdfRef, PdfString, type PdfValue, readIndirect } from './pdf-syntax.ts';

/**
 * The signatures of a PDF, found as every verifier finds them: by their /ByteRange, whose gap
 * must be exactly the hex string of /Contents. Also read, when the file allows: the signature
 * dictionary (/M, /Name, /Reason, /SubFilter) and the field's name. Works on damaged files too,
 * as far as they can be read; never throws on bad input.
 */
export interface FoundSignature {
  byteRange: [number, number, number, number];
  /** The CMS (with the zero padding of the reserved space), or null when /Contents is not where /ByteRange says. */
  contents: Buffer | null;
  dict: PdfDict | null;
  fieldName: string | null;
}

const rangePattern = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;

export function findSignatures(bytes: Buffer): FoundSignature[] {
  const text = bytes.toString('latin1');
  const found = new Map<string, FoundSignature & { objectNum: number | null }>();
  for (const m of text.matchAll(rangePattern)) {
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const key = range.join(' ');
    if (found.has(key)) continue;
    const { dict, objectNum } = enclosingDict(bytes, text, m.index!);
    found.set(key, { byteRange: range, contents: contentsAt(bytes, range), dict, fieldName: null, objectNum });
  }
  const list = [...found.values()].sort((a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]));
  const names = fieldNames(bytes);
  return list.map(({ objectNum, ...s }) => ({ ...s, fieldName: objectNum === null ? null : (names.get(objectNum) ?? null) }));
}

function contentsAt(bytes: Buffer, [a, b, c, d]: [number, number, number, number]): Buffer | null {
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d > bytes.length) return null;
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return null;
  const hex = bytes.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) return null;
  return Buffer.from(hex, 'hex');
}

/** The dictionary of the object around `at` (the nearest `n g obj` before it), if it holds this /ByteRange. */
function enclosingDict(bytes: Buffer, text: string, at: number): { dict: PdfDict | null; objectNum: number | null } {
  // Backwards from one `obj` keyword to the previous (a regular expression over the whole window
  // would crawl through the long runs of zero digits a signature's padding is made of).
  for (
    let end = text.lastIndexOf('obj', at), tries = 0;
    end > 0 && at - end < 65536 && tries < 8;
    end = text.lastIndexOf('obj', end - 1), tries++
  ) {
    const head = text.slice(Math.max(0, end - 24), end).match(/(\d{1,10})\s+(\d{1,5})\s+$/);
    if (!head) continue;
    try {
      const o = readIndirect(bytes, end - head[0].length);
      if (o.object instanceof PdfDict && o.object.get('ByteRange') !== undefined) return { dict: o.object, objectNum: o.num };
    } catch {
      // A damaged dictionary: the signature is still checked, without its details.
    }
  }
  return { dict: null, objectNum: null };
}

/** Signature dictionary number → the name of the field whose value it is. */
function fieldNames(bytes: Buffer): Map<number, string> {
  const names = new Map<number, string>();
  try {
    const file = openPdf(bytes);
    const seen = new Set<number>();
    const walk = (v: PdfValue | undefined, prefix: string, depth: number) => {
      if (depth > 32) return;
      if (v instanceof PdfRef) {
        if (seen.has(v.num)) return;
        seen.add(v.num);
      }
      const list = file.resolve(v);
      if (Array.isArray(list)) return list.forEach((k) => walk(k, prefix, depth + 1));
      const field = file.dict(v);
      if (!field) return;
      const t = field.get('T');
      const full = t instanceof PdfString ? (prefix ? `${prefix}.` : '') + decodeText(t.bytes) : prefix;
      const value = field.get('V');
      if (value instanceof PdfRef) names.set(value.num, full);
      walk(field.get('Kids'), full, depth + 1);
    };
    walk(file.dict(file.catalog().get('AcroForm'))?.get('Fields'), '', 0);
  } catch {
    // Names are a courtesy: a file whose structure cannot be read is still verified.
  }
  return names;
}

/** A text entry of the signature dictionary (/Name, /Reason, /Location, /M), or a name (/SubFilter). */
export function entryText(dict: PdfDict | null, key: string): string | null {
  const v = dict?.get(key);
  if (v instanceof PdfString) return decodeText(v.bytes);
  if (v instanceof PdfName) return v.name;
  return null;
}
