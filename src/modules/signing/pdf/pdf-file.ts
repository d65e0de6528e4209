import { decodeStream } from './stream-data.ts';
import {
  isName,
  Lexer,
  PdfDict,
  type PdfObject,
  PdfRef,
  PdfStream,
  PdfSyntaxError,
  type PdfValue,
  readIndirect,
  readValue,
} from './pdf-syntax.ts';

/**
 * A PDF file opened for reading its structure: the newest cross-reference (tables and streams,
 * following /Prev through every earlier revision), objects by number (also those packed in
 * object streams), the catalog and the pages in order. Nothing is rewritten: an incremental update
 * appends to `bytes`. Throws PdfSyntaxError when the file is not a PDF it can read.
 */
export type XrefEntry =
  { kind: 'offset'; offset: number; gen: number } | { kind: 'compressed'; stream: number; index: number } | { kind: 'free' };

export class PdfFile {
  private readonly cache = new Map<number, PdfObject | undefined>();
  private readonly packed = new Map<number, Map<number, PdfValue>>();

  constructor(
    readonly bytes: Buffer,
    readonly trailer: PdfDict,
    readonly entries: Map<number, XrefEntry>,
    /** Offset of the newest cross-reference section: the /Prev of the next revision. */
    readonly startxref: number,
    /** The newest section is a cross-reference stream, so the next one is written as one too. */
    readonly xrefIsStream: boolean,
  ) {}

  /** The next free object number. */
  get size(): number {
    const declared = Number(this.trailer.get('Size') ?? 0);
    return Math.max(Number.isSafeInteger(declared) ? declared : 0, ...[...this.entries.keys()].map((n) => n + 1), 1);
  }

  object(num: number): PdfObject | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    this.cache.set(num, undefined); // a reference cycle through /Length reads as "missing"
    const entry = this.entries.get(num);
    let found: PdfObject | undefined;
    if (entry?.kind === 'offset') {
      const o = readIndirect(this.bytes, entry.offset, (v) => this.lengthOf(v));
      if (o.num !== num) throw new PdfSyntaxError(`object ${num} expected at ${entry.offset}, found ${o.num}`);
      found = o.object;
    } else if (entry?.kind === 'compressed') found = this.unpack(entry.stream, num);
    this.cache.set(num, found);
    return found;
  }

  /** The object a value stands for, following references. */
  resolve(v: PdfObject | undefined): PdfObject | undefined {
    for (let i = 0; i < 32 && v instanceof PdfRef; i++) v = this.object(v.num);
    return v instanceof PdfRef ? undefined : v;
  }

  dict(v: PdfObject | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    return r instanceof PdfDict ? r : r instanceof PdfStream ? r.dict : undefined;
  }

  catalog(): PdfDict {
    const root = this.dict(this.trailer.get('Root'));
    if (!root) throw new PdfSyntaxError('no document catalog');
    return root;
  }

  /** The pages in reading order, as references (every page of a valid PDF is an indirect object). */
  pageRefs(): PdfRef[] {
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfValue | undefined, depth: number) => {
      if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > 64) return;
      seen.add(ref.num);
      const node = this.dict(ref);
      if (!node) return;
      const kids = this.resolve(node.get('Kids'));
      if (isName(node.get('Type'), 'Pages') || Array.isArray(kids)) {
        if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
      } else out.push(ref);
    };
    walk(this.catalog().get('Pages'), 0);
    return out;
  }

  /** A page attribute that may be inherited from the page tree (MediaBox, Resources, Rotate). */
  inherited(page: PdfDict, key: string): PdfValue | undefined {
    let node: PdfDict | undefined = page;
    for (let i = 0; node && i < 64; i++) {
      const v = node.get(key);
      if (v !== undefined) return this.resolve(v) as PdfValue | undefined;
      node = this.dict(node.get('Parent'));
    }
    return undefined;
  }

  private lengthOf(v: PdfValue): number | null {
    const r = v instanceof PdfRef ? this.object(v.num) : v;
    return typeof r === 'number' ? r : null;
  }

  private unpack(streamNum: number, num: number): PdfValue | undefined {
    let objects = this.packed.get(streamNum);
    if (!objects) {
      objects = new Map();
      this.packed.set(streamNum, objects);
      const stream = this.object(streamNum);
      if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm'))
        throw new PdfSyntaxError(`object ${streamNum} is not an object stream`);
      const data = decodeStream(stream, (v) => this.resolve(v) as PdfValue | undefined);
      const n = Number(stream.dict.get('N'));
      const first = Number(stream.dict.get('First'));
      const lx = new Lexer(data, 0);
      const pairs: [number, number][] = [];
      for (let i = 0; i < n && i < 100_000; i++) pairs.push([Number(readValue(lx)), Number(readValue(lx))]);
      for (const [objNum, off] of pairs) {
        if (!Number.isSafeInteger(objNum) || !Number.isSafeInteger(off)) throw new PdfSyntaxError('bad object stream header');
        objects.set(objNum, readValue(new Lexer(data, first + off)));
      }
    }
    return objects.get(num);
  }
}

export function openPdf(bytes: Buffer): PdfFile {
  const head = bytes.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1');
  if (head < 0) throw new PdfSyntaxError('not a PDF file');
  const tail = bytes.toString('latin1', Math.max(0, bytes.length - 4096));
  const m = tail.match(/startxref\s+(\d+)\s+%%EOF\s*$/) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new PdfSyntaxError('no startxref');
  const startxref = Number(m[1]);
  const entries = new Map<number, XrefEntry>();
  let trailer: PdfDict | undefined;
  let xrefIsStream = false;
  const seen = new Set<number>();
  for (let offset: number | null = startxref, first = true; offset !== null; first = false) {
    if (seen.has(offset) || seen.size > 1000) throw new PdfSyntaxError('cross-reference sections loop');
    seen.add(offset);
    const section = readSection(bytes, offset, entries);
    if (first) xrefIsStream = section.isStream;
    trailer = trailer ?? section.trailer;
    for (const [k, v] of section.trailer.map) if (!trailer.map.has(k)) trailer.set(k, v);
    const prev = section.trailer.get('Prev');
    offset = typeof prev === 'number' && prev >= 0 ? prev : null;
  }
  const file = new PdfFile(bytes, trailer!, entries, startxref, xrefIsStream);
  file.catalog();
  return file;
}

function readSection(bytes: Buffer, offset: number, entries: Map<number, XrefEntry>): { trailer: PdfDict; isStream: boolean } {
  if (offset >= bytes.length) throw new PdfSyntaxError('startxref points past the end');
  const lx = new Lexer(bytes, offset);
  lx.skipSpace();
  if (bytes.toString('latin1', lx.pos, lx.pos + 4) !== 'xref') return { trailer: readXrefStream(bytes, lx.pos, entries), isStream: true };
  lx.pos += 4;
  for (;;) {
    const save = lx.pos;
    const t = lx.next();
    if (t.kind === 'word' && t.value === 'trailer') break;
    if (t.kind !== 'num') throw new PdfSyntaxError(`bad cross-reference table at ${save}`);
    const count = lx.next();
    if (count.kind !== 'num' || count.value < 0 || count.value > 10_000_000) throw new PdfSyntaxError('bad cross-reference subsection');
    for (let i = 0; i < count.value; i++) {
      const off = lx.next();
      const gen = lx.next();
      const type = lx.next();
      if (off.kind !== 'num' || gen.kind !== 'num' || type.kind !== 'word') throw new PdfSyntaxError('bad cross-reference entry');
      const num = t.value + i;
      if (entries.has(num)) continue;
      if (type.value === 'n') entries.set(num, { kind: 'offset', offset: off.value, gen: gen.value });
      else entries.set(num, { kind: 'free' }); // deleted: hides any older definition
    }
  }
  const trailer = readValue(lx);
  if (!(trailer instanceof PdfDict)) throw new PdfSyntaxError('bad trailer');
  // A hybrid file: a table plus a stream of the objects that older readers must not see.
  const stm = trailer.get('XRefStm');
  if (typeof stm === 'number') readXrefStream(bytes, stm, entries);
  return { trailer, isStream: false };
}

function readXrefStream(bytes: Buffer, offset: number, entries: Map<number, XrefEntry>): PdfDict {
  const { object } = readIndirect(bytes, offset);
  if (!(object instanceof PdfStream) || !isName(object.dict.get('Type'), 'XRef'))
    throw new PdfSyntaxError(`no cross-reference at ${offset}`);
  const dict = object.dict;
  const w = dict.get('W');
  if (!Array.isArray(w) || w.length !== 3 || w.some((x) => typeof x !== 'number' || x < 0 || x > 8)) throw new PdfSyntaxError('bad /W');
  const [w0, w1, w2] = w as number[];
  const size = Number(dict.get('Size'));
  const index = (dict.get('Index') as number[] | undefined) ?? [0, size];
  const data = decodeStream(object);
  const rowLength = w0! + w1! + w2!;
  const field = (pos: number, width: number) => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos + i]!;
    return v;
  };
  let pos = 0;
  for (let s = 0; s + 1 < index.length; s += 2) {
    const start = Number(index[s]);
    const count = Number(index[s + 1]);
    for (let i = 0; i < count && pos + rowLength <= data.length; i++, pos += rowLength) {
      const type = w0 === 0 ? 1 : field(pos, w0!);
      const a = field(pos + w0!, w1!);
      const b = field(pos + w0! + w1!, w2!);
      const num = start + i;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { kind: 'offset', offset: a, gen: b });
      else if (type === 2) entries.set(num, { kind: 'compressed', stream: a, index: b });
      else entries.set(num, { kind: 'free' });
    }
  }
  return dict;
}
