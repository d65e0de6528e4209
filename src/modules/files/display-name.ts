/** Longest display name, in characters. */
export const maxDisplayName = 120;

/**
 * The name a file is shown under, made safe for display (never used as a path): the last part
 * of any path the browser sent, NFC, without control or bidirectional-override characters
 * (which can disguise "gpj.exe" as "exe.jpg"), spaces collapsed, dots and spaces trimmed at the
 * ends, at most `maxDisplayName` characters keeping the extension. Empty → "tệp không tên".
 */
export function sanitizeDisplayName(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = last
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const chars = [...clean];
  if (chars.length === 0) return 'tệp không tên';
  if (chars.length <= maxDisplayName) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? [...clean.slice(dot)] : [];
  return (
    chars
      .slice(0, maxDisplayName - ext.length - 1)
      .join('')
      .trimEnd() +
    '…' +
    ext.join('')
  ).normalize('NFC');
}
