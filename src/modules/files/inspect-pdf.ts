import { inflateWithin } from './inflate-within.ts';
import { limits } from './limits.ts';
import { bomb, rejected } from './refusal.ts';

const pdf = limits.pdf;
const unchecked = 'tệp PDF dùng cách nén không kiểm tra được';

/**
 * Accepts a PDF (whole, in memory: at most the upload limit) only when it ends with %%EOF, every
 * Flate-compressed stream inflates within `pdf.maxStreamInflated` and all of them together within
 * `pdf.maxTotalInflated`, and it has at most `pdf.maxPages` pages (page objects in the file and in
 * its object streams, and the largest /Count of a page tree). Streams are found by their
 * `stream`…`endstream` keywords, not through the cross-reference table, so a broken table hides none.
 */
export async function inspectPdf(file: Buffer): Promise<void> {
  if (file.indexOf('%%EOF', Math.max(0, file.length - 1024), 'latin1') < 0)
    throw rejected('PDF without %%EOF at its end', 'tệp PDF bị hỏng hoặc chưa được tải lên đầy đủ');
  const pages = pagesIn(file.toString('latin1'));
  let total = 0;
  for (const { dictionary, data } of streams(file)) {
    const names = filterNames(dictionary);
    const isFlate = (n: string) => n === 'FlateDecode' || n === 'Fl';
    let layers = names.findIndex((n) => !isFlate(n));
    if (layers < 0) layers = names.length;
    if (names.slice(layers).some(isFlate)) throw rejected(`PDF filter chain ${names.join(' ')}`, unchecked);
    if (names.length === 0 && looksLikeZlib(data)) layers = 1; // an indirect /Filter: the data itself says it is zlib
    if (layers === 0) continue;
    if (layers > pdf.maxFlateLayers) throw rejected(`PDF stream with ${layers} Flate layers`, unchecked);
    const objectStream = /\/Type\s*\/ObjStm/.test(dictionary);
    const limit = Math.min(pdf.maxStreamInflated, pdf.maxTotalInflated - total);
    const inflated = await inflateWithin(data, { limit, layers, keep: objectStream ? pdf.maxObjectStreamKept : 0 });
    if (inflated.status === 'over') throw rejected(`PDF stream inflates past ${limit} bytes (total so far ${total})`, bomb);
    total += inflated.size;
    if (inflated.status === 'ok' && inflated.output) {
      const more = pagesIn(inflated.output.toString('latin1'));
      pages.leaves += more.leaves;
      pages.declared = Math.max(pages.declared, more.declared);
    }
  }
  const count = Math.max(pages.leaves, pages.declared);
  if (count > pdf.maxPages) throw rejected(`PDF with ${count} pages`, `tệp PDF có quá nhiều trang (${count}, tối đa ${pdf.maxPages})`);
}

/** Every stream's dictionary (as text) and raw data, in file order. */
function* streams(file: Buffer): Generator<{ dictionary: string; data: Buffer }> {
  for (let from = 0; ;) {
    const at = file.indexOf('stream', from, 'latin1');
    if (at < 0) return;
    from = at + 6;
    let close = at - 1;
    while (close > 0 && isWhite(file[close]!)) close--;
    if (file[close] !== 0x3e || file[close - 1] !== 0x3e) continue; // not after a dictionary: "endstream" or text
    let start = at + 6;
    if (file[start] === 0x0d) start++;
    if (file[start] === 0x0a) start++;
    if (start === at + 6) continue;
    const end = file.indexOf('endstream', start, 'latin1');
    if (end < 0) return;
    let dataEnd = end;
    while (dataEnd > start && isWhite(file[dataEnd - 1]!)) dataEnd--;
    from = end + 9;
    yield { dictionary: dictionaryEndingAt(file, close), data: file.subarray(start, dataEnd) };
  }
}

/** The dictionary whose closing `>>` ends at `close`, nested dictionaries included. */
function dictionaryEndingAt(file: Buffer, close: number): string {
  let depth = 0;
  for (let i = close; i > 0 && close - i < 65536; i--) {
    if (file[i] === 0x3e && file[i - 1] === 0x3e) {
      depth++;
      i--;
    } else if (file[i] === 0x3c && file[i - 1] === 0x3c) {
      depth--;
      i--;
      if (depth === 0) return file.toString('latin1', i, close + 1);
    }
  }
  return file.toString('latin1', Math.max(0, close - 65536), close + 1);
}

/** The filter names of a stream dictionary, in decoding order: `/Filter /X` or `/Filter [/X /Y]`. */
function filterNames(dictionary: string): string[] {
  const value = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()]+)/.exec(dictionary)?.[1] ?? '';
  return [...value.matchAll(/\/([^\s/[\]<>()]+)/g)].map((m) => m[1]!);
}

function looksLikeZlib(data: Buffer): boolean {
  return data.length > 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0;
}

function isWhite(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

/** Page objects in `text` (they add up across object streams) and the largest /Count of a page tree node. */
function pagesIn(text: string): { leaves: number; declared: number } {
  const leaves = (text.match(/\/Type\s*\/Page(?![A-Za-z0-9])/g) ?? []).length;
  let declared = 0;
  for (const tree of text.matchAll(/\/Type\s*\/Pages(?![A-Za-z0-9])/g)) {
    const around = text.slice(Math.max(0, tree.index - 300), tree.index + 300);
    for (const c of around.matchAll(/\/Count\s+(\d{1,12})/g)) declared = Math.max(declared, Number(c[1]));
  }
  return { leaves, declared };
}
