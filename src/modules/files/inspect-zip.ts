import type { FileHandle } from 'node:fs/promises';
import { inflateWithin } from './inflate-within.ts';
import { limits } from './limits.ts';
import { readAt } from './read-at.ts';
import { bomb, damaged, notAllowed, rejected } from './refusal.ts';

interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
  dataStart: number;
}

const zip = limits.zip;

/**
 * Accepts a ZIP only when it is a DOCX or an XLSX that is safe to open: a well-formed central
 * directory (one disk, no ZIP64, no encryption, stored or deflated entries whose local headers
 * agree and do not overlap), at most `zip.maxEntries` entries, declared sizes within
 * `zip.maxTotalInflated` and `zip.maxRatio`, and every entry actually inflating to exactly its
 * declared size (inflation stops at the declared size, so a lying header cannot make it run on).
 */
export async function inspectZip(file: FileHandle, size: number): Promise<'docx' | 'xlsx'> {
  const entries = await readDirectory(file, size);
  const kind = await officeKind(file, entries);
  for (const e of entries) {
    if (e.method === 0) continue; // stored: its size was checked against the declared one
    const inflated = await inflateWithin(await readAt(file, e.dataStart, e.compressed), { raw: true, limit: e.uncompressed });
    if (inflated.status === 'over') throw rejected(`ZIP entry ${e.name} inflates past its declared ${e.uncompressed} bytes`, bomb);
    if (inflated.status === 'damaged' || inflated.size !== e.uncompressed) throw rejected(`ZIP entry ${e.name} does not inflate`, damaged);
  }
  return kind;
}

async function readDirectory(file: FileHandle, size: number): Promise<Entry[]> {
  const tail = await readAt(file, Math.max(0, size - 22 - 0xffff), Math.min(size, 22 + 0xffff));
  let end = -1;
  for (let i = tail.length - 22; i >= 0 && end < 0; i--)
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) end = i;
  if (end < 0) throw rejected('ZIP without an end of central directory', damaged);
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
    throw rejected('ZIP64', 'cấu trúc tệp nén ZIP64 không được hỗ trợ');
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0 || tail.readUInt16LE(end + 8) !== count)
    throw rejected('multi-disk ZIP', damaged);
  if (count > zip.maxEntries)
    throw rejected(`ZIP with ${count} entries`, `tệp nén chứa quá nhiều thành phần (${count}, tối đa ${zip.maxEntries})`);
  if (directorySize > zip.maxCentralDirectory || directoryOffset + directorySize !== size - tail.length + end)
    throw rejected('ZIP central directory out of place', damaged);

  const directory = await readAt(file, directoryOffset, directorySize);
  const entries: Entry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) throw rejected('ZIP directory entry broken', damaged);
    const flags = directory.readUInt16LE(p + 8);
    const method = directory.readUInt16LE(p + 10);
    const compressed = directory.readUInt32LE(p + 20);
    const uncompressed = directory.readUInt32LE(p + 24);
    const nameLength = directory.readUInt16LE(p + 28);
    const localOffset = directory.readUInt32LE(p + 42);
    const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
    if (flags & 1) throw rejected(`ZIP entry ${name} encrypted`, 'tệp có nội dung được mã hóa nên không kiểm tra được');
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) throw rejected('ZIP64 entry', 'cấu trúc tệp nén ZIP64 không được hỗ trợ');
    if ((method !== 0 && method !== 8) || (method === 0 && compressed !== uncompressed) || names.has(name))
      throw rejected(`ZIP entry ${name}: method ${method}, duplicate ${names.has(name)}`, damaged);
    names.add(name);
    declaredTotal += uncompressed;
    if (declaredTotal > zip.maxTotalInflated) throw rejected(`ZIP declares more than ${zip.maxTotalInflated} bytes`, bomb);
    if (uncompressed > zip.ratioFloor && uncompressed > zip.maxRatio * compressed)
      throw rejected(`ZIP entry ${name} ratio ${Math.round(uncompressed / Math.max(1, compressed))}`, bomb);
    entries.push({ name, method, compressed, uncompressed, localOffset, dataStart: 0 });
  }
  if (p !== directory.length) throw rejected('ZIP directory size mismatch', damaged);

  // Local headers must agree with the directory, and entries must not share bytes (overlapping entries are the "better zip bomb").
  entries.sort((a, b) => a.localOffset - b.localOffset);
  if (entries[0]?.localOffset !== 0) throw rejected('ZIP with bytes before its first entry', damaged);
  let previousEnd = 0;
  for (const e of entries) {
    const nameBytes = Buffer.byteLength(e.name);
    const local = await readAt(file, e.localOffset, 30 + nameBytes);
    if (e.localOffset < previousEnd || local.length < 30 + nameBytes || local.readUInt32LE(0) !== 0x04034b50)
      throw rejected(`ZIP local header of ${e.name} missing or overlapping`, damaged);
    if (local.readUInt16LE(26) !== nameBytes || local.toString('utf8', 30) !== e.name)
      throw rejected(`ZIP local name of ${e.name}`, damaged);
    e.dataStart = e.localOffset + 30 + nameBytes + local.readUInt16LE(28);
    previousEnd = e.dataStart + e.compressed;
    if (previousEnd > directoryOffset) throw rejected(`ZIP entry ${e.name} runs into the directory`, damaged);
  }
  return entries;
}

/** DOCX or XLSX by their [Content_Types].xml and main part folder; any other ZIP is named for the person. */
async function officeKind(file: FileHandle, entries: Entry[]): Promise<'docx' | 'xlsx'> {
  const has = (prefix: string) => entries.some((e) => e.name.startsWith(prefix));
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  if (!types) throw notAllowed('ZIP without [Content_Types].xml', has('mimetype') ? 'tài liệu OpenDocument (ODT, ODS)' : 'tệp nén ZIP');
  if (types.uncompressed > zip.maxContentTypes) throw rejected('huge [Content_Types].xml', damaged);
  const data = await readAt(file, types.dataStart, types.compressed);
  let text = data.toString('utf8');
  if (types.method === 8) {
    const inflated = await inflateWithin(data, { raw: true, limit: types.uncompressed, keep: types.uncompressed });
    if (inflated.status !== 'ok' || !inflated.output) throw rejected('[Content_Types].xml does not inflate', damaged);
    text = inflated.output.toString('utf8');
  }
  if (/macroEnabled/i.test(text) || entries.some((e) => /vbaProject\.bin$/i.test(e.name)))
    throw notAllowed('Office file with macros', 'tài liệu Office có macro (DOCM, XLSM)');
  if (text.includes('wordprocessingml.document.main+xml') && has('word/')) return 'docx';
  if (text.includes('spreadsheetml.sheet.main+xml') && has('xl/')) return 'xlsx';
  if (text.includes('presentationml')) throw notAllowed('PPTX', 'bài trình chiếu (PPTX)');
  throw notAllowed('Office container of another kind', 'tài liệu Office không phải DOCX hay XLSX');
}
