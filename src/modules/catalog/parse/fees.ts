import type { z } from 'zod';
import type { feeSchema } from '../procedure.schema.ts';
import { NO_INFO, parenthesisedEnd } from './text.ts';

export type Fee = z.infer<typeof feeSchema>;

/** Currencies the portal writes after an amount. Only đồng amounts are converted. */
export const CURRENCY = String.raw`VNĐ|Việt Nam Đồng|đồng|Đồng|USD`;
const DONG = new Set(['VNĐ', 'Việt Nam Đồng', 'đồng', 'Đồng']);

/**
 * An amount in đồng from digits with '.' or ',' thousands separators
 * ("100,000" and "100.000" → 100000). Null when the digits are not a plain
 * integer in that form (e.g. a decimal).
 */
export function dongAmount(digits: string): number | null {
  const d = digits.trim();
  if (/^\d+$/.test(d)) return Number(d);
  if (/^\d{1,3}(,\d{3})+$/.test(d) || /^\d{1,3}(\.\d{3})+$/.test(d)) return Number(d.replace(/[.,]/g, ''));
  return null;
}

export interface FeeCell {
  /** Fees of the cell; [] when the portal says "Không có thông tin". */
  fees: Fee[];
  /** Length of the text consumed by the fee cell. */
  length: number;
}

/**
 * Read the fee cell at the start of `text` (the rest of the channel row after the
 * time cell). Forms seen on the portal:
 *   "Miễn phí" [ "(note)" ]              → amount 0
 *   "Không có thông tin"                 → no fee
 *   "<digits> <currency>" [ "(note)" ]   → amount in đồng (null for USD)
 * The fee text keeps the record's wording (amount, currency and note).
 * Returns null when the text does not start with a fee.
 */
export function readFeeCell(text: string): FeeCell | null {
  if (text.startsWith(NO_INFO)) return { fees: [], length: NO_INFO.length };
  let amount: number | null;
  let end: number;
  if (text.startsWith('Miễn phí')) {
    amount = 0;
    end = 'Miễn phí'.length;
  } else {
    const m = new RegExp(String.raw`^(\d[\d.,]*) ?(${CURRENCY})`).exec(text);
    if (!m) return null;
    const [whole, digits = '', currency = ''] = m;
    amount = DONG.has(currency) ? dongAmount(digits) : null;
    end = whole.length;
  }
  end = withNote(text, end);
  return { fees: [{ amount, text: text.slice(0, end).trim() }], length: end };
}

/** Extend `end` over a parenthesised note that follows (optionally after spaces). */
export function withNote(text: string, end: number): number {
  const m = /^[ \t]*\(/.exec(text.slice(end));
  if (!m) return end;
  return parenthesisedEnd(text, end + m[0].length - 1);
}
