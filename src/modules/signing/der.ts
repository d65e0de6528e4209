/**
 * ASN.1 in DER: what certificates, CRLs and CMS signatures are made of. Writing is strict DER;
 * reading also accepts the BER forms signing tools are known to produce (indefinite lengths,
 * constructed strings), ignores bytes after the first element (the zero padding of a PDF
 * signature's /Contents) and throws DerError on anything malformed, never anything else.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  printableString: 0x13,
  teletexString: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

// ——— writing ———

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(Tag.sequence, Buffer.concat(items));
/** A SET OF: DER orders the elements by their encodings. */
export const setOf = (...items: Buffer[]): Buffer => tlv(Tag.set, Buffer.concat([...items].sort(Buffer.compare)));
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
/** [n] IMPLICIT of a constructed type: the element's content under a context tag. */
export const implicitConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);
export const nullValue = (): Buffer => Buffer.from([Tag.null, 0]);
export const octetString = (b: Buffer): Buffer => tlv(Tag.octetString, b);
export const utf8 = (s: string): Buffer => tlv(Tag.utf8String, Buffer.from(s, 'utf8'));
export const printable = (s: string): Buffer => tlv(Tag.printableString, Buffer.from(s, 'latin1'));
export const ia5 = (s: string): Buffer => tlv(Tag.ia5String, Buffer.from(s, 'latin1'));
export const boolean = (b: boolean): Buffer => tlv(Tag.boolean, Buffer.from([b ? 0xff : 0]));

/** An INTEGER from a number, or from unsigned big-endian bytes (serial numbers). */
export function integer(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new DerError(`integer ${value} not supported`);
    const hex = value.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  } else {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    bytes = value.subarray(i);
  }
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(Tag.integer, bytes);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0)) throw new DerError(`bad OID ${dotted}`);
  const out: number[] = [];
  const arcs = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  for (const arc of arcs) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(Tag.oid, Buffer.from(out));
}

/** A BIT STRING of whole bytes (keys, signatures). */
export const bitString = (bytes: Buffer): Buffer => tlv(Tag.bitString, Buffer.concat([Buffer.from([0]), bytes]));

/** A named-bit BIT STRING (key usage): bit 0 is the first; trailing zero bits are dropped as DER asks. */
export function namedBits(bits: number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(Tag.bitString, Buffer.concat([Buffer.from([7 - (last & 7)]), bytes]));
}

/** UTCTime until 2049, GeneralizedTime after, as X.509 requires; whole seconds, UTC. */
export function time(d: Date): Buffer {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = d.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(Tag.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'latin1'));
  return tlv(Tag.generalizedTime, Buffer.from(`${digits}Z`, 'latin1'));
}

// ——— reading ———

export interface DerNode {
  tag: number;
  constructed: boolean;
  /** The whole element as it is in the input (header and content). */
  raw: Buffer;
  /** The content octets (for a constructed element: its children's encodings). */
  content: Buffer;
  children: DerNode[];
}

const maxDepth = 40;

function readAt(buf: Buffer, pos: number, depth: number): { node: DerNode; end: number } {
  if (depth > maxDepth) throw new DerError('nested too deeply');
  if (pos + 2 > buf.length) throw new DerError('truncated header');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags not supported');
  const constructed = (tag & 0x20) !== 0;
  let p = pos + 1;
  const first = buf[p++]!;
  let length: number | null;
  if (first < 0x80) length = first;
  else if (first === 0x80) length = null;
  else {
    const count = first & 0x7f;
    if (count > 4 || p + count > buf.length) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[p++]!;
  }
  const children: DerNode[] = [];
  if (length === null) {
    // BER indefinite length: children until the end-of-contents octets 00 00.
    if (!constructed) throw new DerError('indefinite length on a primitive');
    let q = p;
    for (;;) {
      if (q + 2 > buf.length) throw new DerError('unterminated indefinite length');
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      const child = readAt(buf, q, depth + 1);
      children.push(child.node);
      q = child.end;
    }
    return { node: { tag, constructed, raw: buf.subarray(pos, q + 2), content: buf.subarray(p, q), children }, end: q + 2 };
  }
  const end = p + length;
  if (end > buf.length) throw new DerError('content runs past the end');
  if (constructed) {
    for (let q = p; q < end;) {
      const child = readAt(buf, q, depth + 1);
      if (child.end > end) throw new DerError('child runs past its parent');
      children.push(child.node);
      q = child.end;
    }
  }
  return { node: { tag, constructed, raw: buf.subarray(pos, end), content: buf.subarray(p, end), children }, end };
}

/** The first element of `buf`; whatever follows it is ignored. */
export function readDer(buf: Buffer): DerNode {
  return readAt(buf, 0, 0).node;
}

export function expect(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return node;
}

/** The child at `index`, which must exist. */
export function child(node: DerNode, index: number, what: string): DerNode {
  const c = node.children[index];
  if (!c) throw new DerError(`${what}: missing element ${index}`);
  return c;
}

export function readOid(node: DerNode): string {
  expect(node, Tag.oid, 'OID');
  const b = node.content;
  if (b.length === 0) throw new DerError('empty OID');
  const arcs: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER) throw new DerError('OID arc too large');
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs.shift()!;
  const top = first < 80 ? Math.floor(first / 40) : 2;
  return [top, first - top * 40, ...arcs].join('.');
}

/** Unsigned big-endian bytes of an INTEGER, as lower-case hex without leading zeros (serial numbers). */
export function readIntegerHex(node: DerNode): string {
  expect(node, Tag.integer, 'INTEGER');
  const hex = node.content.toString('hex').replace(/^(00)+(?=.)/, '');
  return hex || '00';
}

export function readSmallInteger(node: DerNode): number {
  expect(node, Tag.integer, 'INTEGER');
  if (node.content.length > 6) throw new DerError('integer too large');
  return node.content.reduce((n, b) => n * 256 + b, 0);
}

/** The octets of an OCTET STRING, joining the pieces of a BER constructed one. */
export function readOctets(node: DerNode): Buffer {
  if (node.tag === (Tag.octetString | 0x20)) return Buffer.concat(node.children.map(readOctets));
  return expect(node, Tag.octetString, 'OCTET STRING').content;
}

export function readBitStringBytes(node: DerNode): Buffer {
  expect(node, Tag.bitString, 'BIT STRING');
  if (node.content.length === 0) throw new DerError('empty BIT STRING');
  return node.content.subarray(1);
}

export function readTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  let m: RegExpMatchArray | null;
  if (node.tag === Tag.utcTime && (m = text.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/))) {
    const yy = Number(m[1]);
    return new Date(
      Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
    );
  }
  if (node.tag === Tag.generalizedTime && (m = text.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/))) {
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  }
  throw new DerError(`bad time ${JSON.stringify(text)}`);
}

/** The text of a directory string (UTF8, Printable, IA5, Teletex as Latin-1, BMP, Universal). */
export function readString(node: DerNode): string {
  switch (node.tag) {
    case Tag.utf8String:
      return node.content.toString('utf8');
    case Tag.bmpString:
      if (node.content.length % 2) throw new DerError('odd BMPString');
      return Buffer.from(node.content).swap16().toString('utf16le');
    case Tag.universalString: {
      if (node.content.length % 4) throw new DerError('UniversalString not in 4-byte characters');
      let s = '';
      for (let i = 0; i < node.content.length; i += 4) {
        const point = node.content.readUInt32BE(i);
        // A forged or damaged certificate must be refused as one (DerError), not crash the reader.
        if (point > 0x10ffff) throw new DerError(`UniversalString character ${point} beyond Unicode`);
        s += String.fromCodePoint(point);
      }
      return s;
    }
    default:
      return node.content.toString('latin1');
  }
}
