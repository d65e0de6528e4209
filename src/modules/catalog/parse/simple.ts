import type { Level, OnlineLevel } from '../procedure.schema.ts';
import { clean, isNoInfo, type Leftover } from './text.ts';

const LEVELS: Record<string, Level> = {
  'cấp bộ': 'ministry',
  'cấp tỉnh': 'province',
  'cấp xã': 'commune',
  'cơ quan khác': 'other',
};

/** "Cấp bộ, Cấp tỉnh" → ['ministry', 'province']; unknown parts are left over. */
export function parseLevels(text: string): { levels: Level[]; leftovers: Leftover[] } {
  const levels: Level[] = [];
  const leftovers: Leftover[] = [];
  if (isNoInfo(text)) return { levels, leftovers };
  for (const part of text.split(/[,;]/)) {
    const p = clean(part);
    if (p === '') continue;
    const level = LEVELS[p.toLowerCase()];
    if (level === undefined) leftovers.push({ reason: 'unknown level', text: p });
    else if (!levels.includes(level)) levels.push(level);
  }
  return { levels, leftovers };
}

/**
 * "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX), Cán bộ, công chức, viên chức"
 * → split on commas outside parentheses; a part starting in lowercase continues
 * the previous subject ("Cán bộ, công chức, viên chức" is one portal category).
 */
export function parseSubjects(text: string): string[] {
  if (isNoInfo(text)) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const subjects: string[] = [];
  for (const raw of parts) {
    const p = clean(raw);
    if (p === '') continue;
    const prev = subjects.length - 1;
    if (prev >= 0 && /^\p{Ll}/u.test(p)) subjects[prev] = `${subjects[prev]}, ${p}`;
    else subjects.push(p);
  }
  return subjects;
}

/**
 * "Thủ tục hành chính liên quan" is usually "Không có thông tin". Two records carry
 * the portal's table "#Tên thủ tục1<name>#1Tên thủ tục<name>" (desktop rows, then
 * the same rows again for mobile); the names are kept, one per line.
 */
export function parseRelatedProcedures(text: string): string {
  const t = clean(text);
  if (isNoInfo(t)) return '';
  const header = '#Tên thủ tục';
  if (!t.startsWith(header)) return t;
  const rows = t
    .split(/#\d+Tên thủ tục/)
    .slice(1)
    .map(clean)
    .filter((row) => row !== '');
  if (rows.length > 0) return rows.join('\n');
  return clean(t.slice(header.length).replace(/^\d+/, ''));
}

/** Multi-line free text → non-empty trimmed lines. */
export function parseLines(text: string): string[] {
  if (isNoInfo(text)) return [];
  return text
    .split(/\r?\n/)
    .map(clean)
    .filter((line) => line !== '');
}

/**
 * Online service level. The records rarely state it; when the raw page text says
 * "trực tuyến toàn trình" (full) or "trực tuyến một phần" (partial) — the phrases
 * of the portal's service-level labels — that is used, else 'none'. Bare
 * "một phần" is common prose ("một phần dự án") and is not used.
 */
export function parseOnlineLevel(rawText: string): OnlineLevel {
  if (/(?:trực tuyến|DVCTT|dịch vụ công)\s+toàn trình/iu.test(rawText)) return 'full';
  if (/(?:trực tuyến|DVCTT|dịch vụ công)\s+một phần/iu.test(rawText)) return 'partial';
  return 'none';
}
