import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { bumpPublicRevision } from '../../web/public-revision.ts';
import type { RoleGrant, StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { adjustmentKindLabels, weekdayName } from './calendar-labels.ts';
import { findAdjustment, lockAdjustments, putAdjustment, type AdjustmentRow } from './calendar.repository.ts';
import { dateParts, localDate, parseLocalDate, type LocalDate } from './local-time.ts';
import { WorkingCalendar, type AdjustmentKind, type CalendarAdjustment } from './working-calendar.ts';

/** What the admin typed, as typed. */
export interface AdjustmentFormValues {
  date: string;
  kind: string;
  reason: string;
}

/** The years whose calendar may be viewed and adjusted (the lunar rules are exact well beyond them). */
export const calendarYears = { from: 2000, to: 2099 } as const;
const REASON_MAX = 500;

/** A date typed as dd/mm/yyyy (d/m/yyyy accepted), or null when it is not a real date. */
export function parseTypedDate(text: string): LocalDate | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  return parseLocalDate(localDate(Number(m[3]), Number(m[2]), Number(m[1])));
}

/** The form as an adjustment, or every problem with it at once (pure). */
export function readAdjustmentForm(v: AdjustmentFormValues): { input?: CalendarAdjustment; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const date = parseTypedDate(v.date);
  if (!v.date.trim()) problems.push({ field: 'date', message: 'Nhập ngày cần điều chỉnh theo dạng ngày/tháng/năm, ví dụ 25/04/2026.' });
  else if (!date)
    problems.push({
      field: 'date',
      message: `“${v.date.trim().slice(0, 40)}” không phải là một ngày có thật. Nhập theo dạng ngày/tháng/năm, ví dụ 25/04/2026.`,
    });
  else if (dateParts(date).year < calendarYears.from || dateParts(date).year > calendarYears.to)
    problems.push({ field: 'date', message: `Chỉ điều chỉnh được các ngày từ năm ${calendarYears.from} đến năm ${calendarYears.to}.` });
  const kind = (Object.keys(adjustmentKindLabels) as AdjustmentKind[]).find((k) => k === v.kind);
  if (!kind) problems.push({ field: 'kind', message: 'Chọn loại điều chỉnh: ngày nghỉ hoặc ngày làm việc bù.' });
  const reason = v.reason.trim();
  if (!reason) problems.push({ field: 'reason', message: 'Nhập lý do điều chỉnh, ví dụ số và ngày của văn bản quyết định.' });
  else if (reason.length > REASON_MAX) problems.push({ field: 'reason', message: `Lý do dài tối đa ${REASON_MAX} ký tự.` });
  if (problems.length || !date || !kind) return { problems };
  return { input: { date, kind, reason }, problems };
}

const rules = new WorkingCalendar();

/**
 * Why this adjustment would change nothing, in words the admin can act on, or null (pure).
 * A date holds at most one adjustment, and an adjustment must turn a day the rules make
 * a working day into a day off, or the other way round.
 */
export function adjustmentEffectProblem(input: CalendarAdjustment, existing: CalendarAdjustment | undefined): FieldProblem | null {
  const day = `Ngày ${formatDate(input.date)} (${weekdayName(input.date)})`;
  if (existing)
    return {
      field: 'date',
      message:
        `${day} đã có điều chỉnh “${adjustmentKindLabels[existing.kind]}: ${existing.reason}”. ` +
        'Mỗi ngày chỉ có một điều chỉnh: muốn đổi thì xóa điều chỉnh đó trong bảng rồi nhập lại.',
    };
  const working = rules.isWorkingDay(input.date);
  if (input.kind === 'working_day' && working)
    return {
      field: 'date',
      message:
        `${day} vốn đã là ngày làm việc, nên thêm “Ngày làm việc bù” không thay đổi gì. ` +
        'Ngày làm việc bù chỉ dùng cho thứ Bảy, Chủ nhật hoặc ngày nghỉ lễ được chuyển sang ngày khác.',
    };
  if (input.kind === 'day_off' && !working)
    return {
      field: 'date',
      message: `${day} vốn đã là ngày nghỉ (${rules.dayOffReason(input.date)}), nên thêm “Ngày nghỉ” không thay đổi gì.`,
    };
  return null;
}

/**
 * Adds an adjustment to the province's calendar, audited, and tells every process
 * (public revision) that values derived from the calendar are out of date: due dates
 * computed from the commit on follow it. Throws validation_failed with every problem.
 */
export async function addAdjustment(
  pool: pg.Pool,
  by: { actor: StaffActor; grant: RoleGrant },
  values: AdjustmentFormValues,
  ip: string | null,
): Promise<AdjustmentRow> {
  const { input, problems } = readAdjustmentForm(values);
  if (!input) throw new AppError('validation_failed', 'calendar adjustment rejected', { problems });
  return transaction(pool, async (db) => {
    await lockAdjustments(db);
    const problem = adjustmentEffectProblem(input, await findAdjustment(db, input.date));
    if (problem) throw new AppError('validation_failed', `calendar adjustment ${input.date} changes nothing`, { problems: [problem] });
    const saved = await putAdjustment(db, { ...input, createdBy: by.actor.staffId });
    await bumpPublicRevision(db);
    await appendAudit(db, {
      actor: auditActorOf(by.actor, by.grant),
      action: 'calendar_adjustment_added',
      subjectType: 'calendar_adjustment',
      subjectId: saved.date,
      agencyId: null,
      detail: { date: saved.date, kind: saved.kind, reason: saved.reason },
      ip,
    });
    return saved;
  });
}
