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

export function feeLabel(fee: { amount: number | null; text: string }): string {
  if (fee.amount === null) return fee.text || 'Không có thông tin';
  if (fee.amount === 0) return fee.text && !/^miễn phí$/i.test(fee.text.trim()) ? `Miễn phí (${fee.text})` : 'Miễn phí';
  return fee.text ? `${formatMoney(fee.amount)} (${fee.text})` : formatMoney(fee.amount);
}
