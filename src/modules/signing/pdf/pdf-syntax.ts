/**
 * PDF objects (ISO 32000-1 §7.3): reading them from bytes and writing them back. Enough of PDF to
 * add a signature to a file by an incremental update without touching a byte of what is there.
 * Malformed input throws PdfSyntaxError, never anything else.
 */

export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
  }
}

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfString {
  constructor(readonly bytes: Buffer) {}
}
/** Text written as it is: the fixed-width placeholders of a signature. */
export class PdfRaw {
  constructor(readonly text: string) {}
}
export class PdfDict {
  readonly map: Map<string, PdfValue>;
  constructor(entries: Iterable<[string, PdfValue]> = []) {
    this.map = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.map.set(key, value);
    return this;
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}
/** A stream with its data as encoded in the file (filters not applied). */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Buffer,
  ) {}
}
export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfRaw | PdfDict | PdfValue[];
export type PdfObject = PdfValue | PdfStream;

export const name = (n: string): PdfName => new PdfName(n);
export const isName = (v: unknown, n?: string): v is PdfName => v instanceof PdfName && (n === undefined || v.name === n);

// ——— reading ———

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const isRegular = (c: number) => !WS.has(c) && !DELIM.has(c);
const maxDepth = 100;

type Token =
  | { kind: 'num'; value: number; int: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'str'; value: Buffer }
  | { kind: 'punct'; value: '[' | ']' | '<<' | '>>' }
  | { kind: 'word'; value: string }
  | { kind: 'eof' };

export class Lexer {
  constructor(
    readonly buf: Buffer,
    public pos: number,
  ) {}

  skipSpace(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      else break;
    }
  }

  next(): Token {
    this.skipSpace();
    const b = this.buf;
    if (this.pos >= b.length) return { kind: 'eof' };
    const c = b[this.pos]!;
    if (c === 0x2f) {
      let p = ++this.pos;
      while (p < b.length && isRegular(b[p]!)) p++;
      const raw = b.toString('latin1', this.pos, p);
      this.pos = p;
      return { kind: 'name', value: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
    }
    if (c === 0x28) return { kind: 'str', value: this.literal() };
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return { kind: 'punct', value: '<<' };
      }
      return { kind: 'str', value: this.hex() };
    }
    if (c === 0x3e) {
      if (b[this.pos + 1] !== 0x3e) throw new PdfSyntaxError(`stray '>' at ${this.pos}`);
      this.pos += 2;
      return { kind: 'punct', value: '>>' };
    }
    if (c === 0x5b || c === 0x5d) {
      this.pos++;
      return { kind: 'punct', value: c === 0x5b ? '[' : ']' };
    }
    if (!isRegular(c)) throw new PdfSyntaxError(`unexpected '${String.fromCharCode(c)}' at ${this.pos}`);
    let p = this.pos;
    while (p < b.length && isRegular(b[p]!)) p++;
    const word = b.toString('latin1', this.pos, p);
    this.pos = p;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: 'num', value: Number(word), int: /^[+-]?\d+$/.test(word) };
    return { kind: 'word', value: word };
  }

  private literal(): Buffer {
    const b = this.buf;
    const out: number[] = [];
    let depth = 1;
    let p = this.pos + 1;
    while (p < b.length) {
      const c = b[p++]!;
      if (c === 0x5c) {
        const e = b[p++];
        if (e === undefined) break;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && b[p]! >= 0x30 && b[p]! <= 0x37; k++) v = v * 8 + (b[p++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[p] === 0x0a) p++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) {
          this.pos = p;
          return Buffer.from(out);
        }
        out.push(c);
      } else if (c === 0x0d) {
        out.push(0x0a);
        if (b[p] === 0x0a) p++;
      } else out.push(c);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private hex(): Buffer {
    const end = this.buf.indexOf(0x3e, this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    let digits = this.buf.toString('latin1', this.pos + 1, end).replace(/[\s\0]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new PdfSyntaxError(`bad hex string at ${this.pos}`);
    if (digits.length % 2) digits += '0';
    this.pos = end + 1;
    return Buffer.from(digits, 'hex');
  }
}

/** Reads one value at the lexer's position (a reference `n g R` included). */
export function readValue(lx: Lexer, depth = 0): PdfValue {
  if (depth > maxDepth) throw new PdfSyntaxError('nested too deeply');
  const t = lx.next();
  switch (t.kind) {
    case 'num': {
      if (!t.int || t.value < 0) return t.value;
      const save = lx.pos;
      const g = lx.next();
      if (g.kind === 'num' && g.int && g.value >= 0) {
        const r = lx.next();
        if (r.kind === 'word' && r.value === 'R') return new PdfRef(t.value, g.value);
      }
      lx.pos = save;
      return t.value;
    }
    case 'name':
      return new PdfName(t.value);
    case 'str':
      return new PdfString(t.value);
    case 'punct':
      if (t.value === '[') {
        const items: PdfValue[] = [];
        for (;;) {
          lx.skipSpace();
          if (lx.buf[lx.pos] === 0x5d) {
            lx.pos++;
            return items;
          }
          if (lx.pos >= lx.buf.length) throw new PdfSyntaxError('unterminated array');
          items.push(readValue(lx, depth + 1));
        }
      }
      if (t.value === '<<') {
        const dict = new PdfDict();
        for (;;) {
          const k = lx.next();
          if (k.kind === 'punct' && k.value === '>>') return dict;
          if (k.kind !== 'name') throw new PdfSyntaxError(`dictionary key expected at ${lx.pos}`);
          dict.set(k.value, readValue(lx, depth + 1));
        }
      }
      throw new PdfSyntaxError(`unexpected '${t.value}' at ${lx.pos}`);
    case 'word':
      if (t.value === 'true') return true;
      if (t.value === 'false') return false;
      if (t.value === 'null') return null;
      throw new PdfSyntaxError(`unexpected '${t.value.slice(0, 20)}' at ${lx.pos}`);
    case 'eof':
      throw new PdfSyntaxError('unexpected end of file');
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  object: PdfObject;
  /** Where the object's `n g obj` starts. */
  offset: number;
}

/** Reads `n g obj … endobj` at `offset`; `lengthOf` resolves an indirect /Length of a stream. */
export function readIndirect(buf: Buffer, offset: number, lengthOf: (v: PdfValue) => number | null = () => null): IndirectObject {
  const lx = new Lexer(buf, offset);
  const n = lx.next();
  const g = lx.next();
  const o = lx.next();
  if (n.kind !== 'num' || g.kind !== 'num' || o.kind !== 'word' || o.value !== 'obj') throw new PdfSyntaxError(`no object at ${offset}`);
  const value = readValue(lx);
  lx.skipSpace();
  if (!(value instanceof PdfDict) || buf.toString('latin1', lx.pos, lx.pos + 6) !== 'stream') {
    return { num: n.value, gen: g.value, object: value, offset };
  }
  let start = lx.pos + 6;
  if (buf[start] === 0x0d) start++;
  if (buf[start] === 0x0a) start++;
  const declared = lengthOf(value.get('Length') ?? null);
  let end = declared !== null && declared >= 0 ? start + declared : -1;
  if (end < 0 || end > buf.length || !/^\s*endstream/.test(buf.toString('latin1', end, end + 32))) {
    // A wrong /Length: the data ends before the next `endstream`, without the end-of-line before it.
    const at = buf.indexOf('endstream', start, 'latin1');
    if (at < 0) throw new PdfSyntaxError(`unterminated stream at ${offset}`);
    end = at;
    if (buf[end - 1] === 0x0a) end--;
    if (buf[end - 1] === 0x0d) end--;
  }
  return { num: n.value, gen: g.value, object: new PdfStream(value, buf.subarray(start, end)), offset };
}

// ——— writing ———

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('a PDF number must be finite');
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function formatName(n: string): string {
  let out = '/';
  for (const ch of Buffer.from(n, 'latin1')) {
    out += ch > 0x20 && ch < 0x7f && ch !== 0x23 && isRegular(ch) ? String.fromCharCode(ch) : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** A value as PDF text (Latin-1: one character per byte). Strings are written in hex, which needs no escaping. */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (v instanceof PdfName) return formatName(v.name);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfString) return `<${v.bytes.toString('hex')}>`;
  if (v instanceof PdfRaw) return v.text;
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  return `<<${[...v.map].map(([k, val]) => `${formatName(k)} ${serialize(val)}`).join(' ')}>>`;
}

export function serializeIndirect(num: number, gen: number, object: PdfObject): Buffer {
  if (object instanceof PdfStream) {
    const dict = object.dict.clone().set('Length', object.data.length);
    return Buffer.concat([
      Buffer.from(`${num} ${gen} obj\n${serialize(dict)}\nstream\n`, 'latin1'),
      object.data,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
  }
  return Buffer.from(`${num} ${gen} obj\n${serialize(object)}\nendobj\n`, 'latin1');
}

/** A text string: PDFDocEncoding when it is plain ASCII, UTF-16BE with its byte-order mark otherwise. */
export function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'));
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]));
}

/** Reads a text string back (UTF-16BE, UTF-8 with BOM, or PDFDocEncoding read as Latin-1). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)))
      .swap16()
      .toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}
