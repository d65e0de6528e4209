import type { Channel, ChannelTerms, TimeUnit } from '../procedure.schema.ts';
import { CURRENCY, readFeeCell } from './fees.ts';
import { NO_INFO, clean, isNoInfo, leftover, valueOrEmpty, type Leftover } from './text.ts';

/**
 * "Cách thức thực hiện": a table flattened into one string,
 *   "Hình thức nộpThời gianPhí, lệ phíMô tả" + rows of
 *   <channel><time cell><fee cell><description>
 * e.g. "Trực tuyến5 Ngày làm việc100,000 VNĐ(Phí thẩm định...)Mô tả..."
 */
export const CHANNELS_HEADER = 'Hình thức nộpThời gianPhí, lệ phíMô tả';

const CHANNEL_NAMES: Record<string, Channel> = {
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'post',
  'Trực tiếp': 'counter',
};

/** A channel name starts a row only when a time cell follows it (a digit or the no-info marker). */
const ROW_START = new RegExp(String.raw`(Trực tuyến|Dịch vụ bưu chính|Trực tiếp)(?=\d|${NO_INFO})`, 'g');

const UNITS: Record<string, TimeUnit> = {
  'Ngày làm việc': 'working_days',
  Ngày: 'days',
  'Giờ làm việc': 'working_hours',
  Giờ: 'hours',
  Tháng: 'months',
  Năm: 'years',
};
const TIME = /^(\d+(?:[.,]\d+)?)(?: ?(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm))?/;
/** A bare time number run into a fee amount: "Trực tuyến1200 VNĐ" (time 1, fee 200). */
const GLUED = new RegExp(String.raw`^(\d[\d.,]*) ?(?:${CURRENCY})`);

/**
 * Unit rule: the portal shows a bare number with no unit ("Trực tuyến1Miễn phí")
 * as a number of days, so a bare number is read as `days` (calendar days; the
 * portal does not say "working").
 */
const BARE_UNIT: TimeUnit = 'days';

interface Row {
  channel: Channel;
  /** Text after the channel name. */
  body: string;
}

export interface ChannelsResult {
  channels: ChannelTerms[];
  leftovers: Leftover[];
}

export function parseChannels(text: string): ChannelsResult {
  const leftovers: Leftover[] = [];
  let body = clean(text);
  if (isNoInfo(body)) return { channels: [], leftovers };
  if (body.startsWith(CHANNELS_HEADER)) body = body.slice(CHANNELS_HEADER.length);

  const rows: Row[] = [];
  const starts = [...body.matchAll(ROW_START)];
  const first = starts[0];
  const before = leftover('text before the first channel row', first ? body.slice(0, first.index) : body);
  if (before) leftovers.push(before);
  starts.forEach((m, i) => {
    const next = starts[i + 1];
    const name = m[1] ?? '';
    rows.push({ channel: CHANNEL_NAMES[name] ?? 'counter', body: body.slice(m.index + name.length, next?.index) });
  });

  // Bare times of rows whose time cell is unambiguous, to resolve glued digits.
  const bareTimes = new Set<string>();
  for (const row of rows) {
    const t = TIME.exec(row.body);
    if (t && !t[2] && !GLUED.test(row.body)) bareTimes.add(t[1] ?? '');
  }
  const channels = rows.map((row) => parseRow(row, bareTimes, leftovers));
  return { channels, leftovers };
}

function parseRow(row: Row, bareTimes: Set<string>, leftovers: Leftover[]): ChannelTerms {
  let rest = row.body;
  let timeLimit: ChannelTerms['timeLimit'] = null;
  let fees: ChannelTerms['fees'] = [];

  const glued = GLUED.exec(rest);
  if (glued) {
    const digits = glued[1] ?? '';
    const split = splitGlued(digits, rest, bareTimes);
    if (split.warning) leftovers.push({ reason: split.warning, text: rest.slice(0, 300) });
    timeLimit = { value: Number(split.time), unit: BARE_UNIT };
    const feeText = split.amount + rest.slice(digits.length);
    const cell = readFeeCell(feeText);
    if (cell) {
      fees = cell.fees;
      rest = feeText.slice(cell.length);
    } else {
      rest = feeText;
    }
  } else {
    if (rest.startsWith(NO_INFO)) {
      rest = rest.slice(NO_INFO.length);
    } else {
      const t = TIME.exec(rest);
      if (t) {
        const value = Number((t[1] ?? '').replace(',', '.'));
        const unit = t[2] ? UNITS[t[2]] : BARE_UNIT;
        if (value > 0 && unit) timeLimit = { value, unit };
        else leftovers.push({ reason: 'time limit not understood', text: t[0] });
        rest = rest.slice(t[0].length);
      }
    }
    const cell = readFeeCell(rest);
    if (cell) {
      fees = cell.fees;
      rest = rest.slice(cell.length);
    }
  }
  return { channel: row.channel, timeLimit, fees, description: valueOrEmpty(rest) };
}

interface GluedSplit {
  time: string;
  amount: string;
  warning: string | null;
}

/**
 * Split "1200" (a bare day count run into a fee amount) into time and amount.
 * A split is valid when the time is a positive integer and the amount a positive
 * number without a leading zero and with proper thousands groups. One valid split
 * is taken as is; several are narrowed by the bare times of the other rows of the
 * record, then by the amount appearing in the rest of the row (as written, or ×1000 as
 * "23.000"); if still ambiguous the shortest time is taken and reported.
 */
function splitGlued(digits: string, row: string, bareTimes: Set<string>): GluedSplit {
  const plain = digits.replace(/[.,]/g, '');
  const candidates: { time: string; amount: string }[] = [];
  for (let i = 1; i < digits.length; i++) {
    const time = digits.slice(0, i);
    const amount = digits.slice(i);
    if (!/^[1-9]\d*$/.test(time)) continue;
    if (!/^[1-9]\d{0,2}(,\d{3})*$/.test(amount) && !/^[1-9]\d{0,2}(\.\d{3})*$/.test(amount)) continue;
    candidates.push({ time, amount });
  }
  if (candidates.length === 0) {
    return { time: plain.slice(0, 1), amount: digits.slice(1), warning: 'time and fee digits run together; no valid split' };
  }
  if (candidates.length === 1) return { ...candidates[0]!, warning: null };
  const bySibling = candidates.filter((c) => bareTimes.has(c.time));
  if (bySibling.length === 1) return { ...bySibling[0]!, warning: null };
  const note = row.slice(digits.length);
  const byNote = candidates.filter((c) => {
    const n = c.amount.replace(/[.,]/g, '');
    return mentions(note, dots(n)) || mentions(note, dots(n + '000'));
  });
  if (byNote.length === 1) return { ...byNote[0]!, warning: null };
  const pick = candidates[0]!;
  return {
    ...pick,
    warning: `time and fee digits run together; assumed ${pick.time} day(s) and fee ${pick.amount}`,
  };
}

/** The number appears in the text as a whole number (not inside a longer one). */
function mentions(text: string, number: string): boolean {
  return new RegExp(String.raw`(?<![\d.,])${number.replace(/\./g, '\\.')}(?![\d])`).test(text);
}

/** 23000 → "23.000" */
function dots(n: string): string {
  return n.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
