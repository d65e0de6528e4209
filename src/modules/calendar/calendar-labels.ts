import { weekday, type LocalDate } from './local-time.ts';
import type { AdjustmentKind } from './working-calendar.ts';

/** What people read about the calendar: weekdays, kinds of adjustment, clock times. */
const weekdayNames = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** "Thứ Bảy" for 2026-04-25. */
export function weekdayName(date: LocalDate): string {
  return weekdayNames[weekday(date)]!;
}

export const adjustmentKindLabels: Record<AdjustmentKind, string> = {
  day_off: 'Ngày nghỉ',
  working_day: 'Ngày làm việc bù',
};

/** "07:30" for 450 minutes after midnight. */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
