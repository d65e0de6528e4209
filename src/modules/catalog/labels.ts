import type { Channel, Level, OnlineLevel, TimeUnit } from './procedure.schema.ts';
import { formatMoney } from '../../lib/vietnamese.ts';

/** The Vietnamese words people read for the catalogue's codes. */
export const levelLabels: Record<Level, string> = {
  ministry: 'Cấp bộ',
  province: 'Cấp tỉnh',
  commune: 'Cấp xã',
  other: 'Cơ quan khác',
};

export const onlineLevelLabels: Record<OnlineLevel, string> = {
  full: 'Dịch vụ công trực tuyến toàn trình',
  partial: 'Dịch vụ công trực tuyến một phần',
  none: 'Chưa cung cấp trực tuyến',
};

export const channelLabels: Record<Channel, string> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Qua dịch vụ bưu chính',
};

const unitLabels: Record<TimeUnit, string> = {
  working_days: 'ngày làm việc',
  days: 'ngày',
  hours: 'giờ',
  working_hours: 'giờ làm việc',
  months: 'tháng',
  years: 'năm',
};

export function timeLimitLabel(limit: { value: number; unit: TimeUnit } | null): string {
  if (!limit) return 'Không quy định';
  return `${String(limit.value).replace('.', ',')} ${unitLabels[limit.unit]}`;
}

/** The amount as "100.000 ₫" (or "Miễn phí") followed by the record's own note, without repeating the amount. */
export function feeLabel(fee: { amount: number | null; text: string }): string {
  const note = fee.text
    .replace(/^\s*(?:[\d.,]+\s*(?:VNĐ|VND|đồng|đ)|miễn phí)\s*/i, '')
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (fee.amount === null) return fee.text.trim() || 'Không có thông tin';
  const amount = fee.amount === 0 ? 'Miễn phí' : formatMoney(fee.amount);
  return note ? `${amount} (${note})` : amount;
}
