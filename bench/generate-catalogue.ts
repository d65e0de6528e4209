/**
 * A large, plausible catalogue for load tests: national-portal records made by
 * recombining the real ones shipped in catalog-data/national. Each generated
 * record is a real record (steps, dossier, legal basis, results: the real size
 * and shape) with a new code and a new name spliced from two real names at a
 * word they share, e.g. "Cấp lại Giấy phép vận chuyển" + "hàng hóa nguy hiểm
 * ... tại khu vực biên giới". Deterministic: the same seed gives the same records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listRecordFiles } from '../src/modules/catalog/import-procedures.ts';

type RawRecord = Record<string, unknown> & { ma_thu_tuc: string; ten_thu_tuc: string };

/** mulberry32: small, fast, good enough for picking records. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function readRealRecords(folder: string): RawRecord[] {
  return listRecordFiles(folder)
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as RawRecord)
    .filter((r) => typeof r.ma_thu_tuc === 'string' && typeof r.ten_thu_tuc === 'string');
}

/** Words that are too common to splice at (the join would read badly). */
const weakPivots = new Set(['và', 'của', 'các', 'cho', 'có', 'đã', 'được', 'là', 'thủ', 'tục', '-', ',']);

function splice(a: string, b: string, pick: () => number): string | null {
  const wa = a.split(/\s+/);
  const wb = b.split(/\s+/);
  const positionsInB = new Map<string, number[]>();
  wb.forEach((w, j) => {
    const key = w.toLowerCase();
    if (j >= 1 && !weakPivots.has(key)) positionsInB.set(key, [...(positionsInB.get(key) ?? []), j]);
  });
  const joins: Array<[number, number]> = [];
  wa.forEach((w, i) => {
    if (i < 2) return;
    for (const j of positionsInB.get(w.toLowerCase()) ?? []) {
      const length = i + (wb.length - j);
      if (length >= 5 && length <= 40) joins.push([i, j]);
    }
  });
  if (!joins.length) return null;
  const [i, j] = joins[Math.floor(pick() * joins.length)]!;
  return [...wa.slice(0, i), ...wb.slice(j)].join(' ');
}

/** `count` new records (codes and names not among the real ones nor each other). */
export function generateRecords(real: RawRecord[], count: number, seed = 20260101): RawRecord[] {
  const pick = random(seed);
  const any = () => real[Math.floor(pick() * real.length)]!;
  const codes = new Set(real.map((r) => r.ma_thu_tuc));
  const names = new Set(real.map((r) => r.ten_thu_tuc));
  const out: RawRecord[] = [];
  while (out.length < count) {
    const base = any();
    let name: string | null = null;
    for (let attempt = 0; attempt < 20 && (!name || names.has(name)); attempt++) name = splice(base.ten_thu_tuc, any().ten_thu_tuc, pick);
    if (!name || names.has(name)) name = `${base.ten_thu_tuc} (${any().linh_vuc as string})`;
    if (names.has(name)) continue;
    let code: string;
    do {
      // Same shape as the portal's codes: mostly 1.xxxxxx and 2.xxxxxx.
      const prefix = pick() < 0.75 ? '1' : '2';
      code = `${prefix}.${String(Math.floor(pick() * 1_000_000)).padStart(6, '0')}`;
    } while (codes.has(code));
    codes.add(code);
    names.add(name);
    out.push({ ...base, ma_thu_tuc: code, ten_thu_tuc: name, linh_vuc: pick() < 0.8 ? base.linh_vuc : any().linh_vuc });
  }
  return out;
}

/** Writes records as <folder>/<nn>/<code>.json, 1,000 per sub-folder, for importProcedures. */
export function writeRecords(folder: string, records: RawRecord[]): void {
  records.forEach((record, i) => {
    const dir = path.join(folder, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${record.ma_thu_tuc}.json`), JSON.stringify(record));
  });
}
