/**
 * Personal ID numbers (9-digit CMND, 12-digit CCCD) shown in the audit pages keep only their last
 * three digits. Pure.
 */

// Exactly 9 or 12 digits, not part of a longer number (a 10-digit phone number is left alone).
const idNumber = /(?<!\d)(?:\d{12}|\d{9})(?!\d)/g;

/** "CCCD 001234567890" → "CCCD *********890". */
export function maskIdNumber(text: string): string {
  return text.replace(idNumber, (digits) => '*'.repeat(digits.length - 3) + digits.slice(-3));
}

/** The same over every string (not the keys) of a JSON value, which is otherwise unchanged. */
export function maskIdNumbers<T>(value: T): T {
  if (typeof value === 'string') return maskIdNumber(value) as T;
  if (Array.isArray(value)) return value.map(maskIdNumbers) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdNumbers(v)])) as T;
  }
  return value;
}
