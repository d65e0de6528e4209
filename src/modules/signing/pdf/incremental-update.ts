import type { PdfFile } from './pdf-file.ts';
import { name, PdfDict, type PdfObject, PdfStream, serialize, serializeIndirect } from './pdf-syntax.ts';

/**
 * Appends a revision to a PDF (ISO 32000-1 §7.5.6): the new and changed objects, a cross-reference
 * section for them and a trailer pointing back to the previous one. The bytes already there are
 * not touched, so every signature they carry stays valid. The section has the form of the newest
 * one in the file (a table, or a cross-reference stream).
 */
export interface RevisionObject {
  num: number;
  gen?: number;
  object: PdfObject;
}

export function appendRevision(file: PdfFile, objects: RevisionObject[]): Buffer {
  const base = file.bytes;
  const parts: Buffer[] = [base];
  let at = base.length;
  const push = (b: Buffer) => {
    parts.push(b);
    at += b.length;
  };
  if (base[base.length - 1] !== 0x0a && base[base.length - 1] !== 0x0d) push(Buffer.from('\n'));
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const o of objects) {
    offsets.set(o.num, { offset: at, gen: o.gen ?? 0 });
    push(serializeIndirect(o.num, o.gen ?? 0, o.object));
  }
  const trailer = new PdfDict();
  for (const key of ['Root', 'Info', 'ID']) {
    const v = file.trailer.get(key);
    if (v !== undefined) trailer.set(key, v);
  }
  trailer.set('Prev', file.startxref);
  const maxNum = Math.max(...offsets.keys());
  const xrefAt = at;
  if (file.xrefIsStream) {
    const self = Math.max(file.size, maxNum + 1);
    offsets.set(self, { offset: at, gen: 0 });
    const { index, rows } = xrefStreamRows(offsets);
    trailer
      .set('Type', name('XRef'))
      .set('Size', self + 1)
      .set('W', [1, 4, 2])
      .set('Index', index);
    push(serializeIndirect(self, 0, new PdfStream(trailer, rows)));
  } else {
    trailer.set('Size', Math.max(file.size, maxNum + 1));
    push(Buffer.from(`xref\n${xrefTable(offsets)}trailer\n${serialize(trailer)}\n`, 'latin1'));
  }
  push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function runs(nums: number[]): number[][] {
  const out: number[][] = [];
  for (const n of [...nums].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else out.push([n]);
  }
  return out;
}

function xrefTable(offsets: Map<number, { offset: number; gen: number }>): string {
  let text = '';
  for (const run of runs([...offsets.keys()])) {
    text += `${run[0]} ${run.length}\n`;
    for (const n of run) {
      const e = offsets.get(n)!;
      text += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
    }
  }
  return text;
}

function xrefStreamRows(offsets: Map<number, { offset: number; gen: number }>): { index: number[]; rows: Buffer } {
  const index: number[] = [];
  const rows: Buffer[] = [];
  for (const run of runs([...offsets.keys()])) {
    index.push(run[0]!, run.length);
    for (const n of run) {
      const row = Buffer.alloc(7);
      row[0] = 1;
      row.writeUInt32BE(offsets.get(n)!.offset, 1);
      row.writeUInt16BE(offsets.get(n)!.gen, 5);
      rows.push(row);
    }
  }
  return { index, rows: Buffer.concat(rows) };
}
