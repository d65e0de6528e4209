import type { AppDeps } from '../../app.ts';
import type { FieldProblem } from '../../errors.ts';
import { vietnamDate } from '../../lib/vietnamese.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { parseTypedDate } from '../calendar/add-adjustment.ts';
import { addCalendarDays, atLocal, dayNumber, type LocalDate } from '../calendar/local-time.ts';
import { registerContent } from './dossier-register.ts';
import type { SheetContent } from './sheet-content.ts';
import { listReceivedBetween } from './sheets.repository.ts';

/** The longest period one register shows, and the most lines: a year of a busy centre stays printable. */
export const REGISTER_MAX_DAYS = 366;
export const REGISTER_MAX_ROWS = 3000;

/**
 * The period a person typed (dd/mm/yyyy, both ends included), or every problem with it at once. Pure.
 * Empty ends default to the first day of this month and today.
 */
export function readPeriod(from: string, to: string, now: Date): { from?: LocalDate; to?: LocalDate; problems: FieldProblem[] } {
  const today = vietnamDate(now) as LocalDate;
  const problems: FieldProblem[] = [];
  const read = (field: 'tu' | 'den', text: string, fallback: LocalDate): LocalDate | undefined => {
    if (!text.trim()) return fallback;
    const date = parseTypedDate(text);
    if (!date)
      problems.push({ field, message: `“${text.trim().slice(0, 20)}” không phải là một ngày có thật. Nhập theo dạng ngày/tháng/năm.` });
    return date ?? undefined;
  };
  const start = read('tu', from, `${today.slice(0, 8)}01` as LocalDate);
  const end = read('den', to, today);
  if (start && end && start > end) problems.push({ field: 'den', message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' });
  else if (start && end && dayNumber(end) - dayNumber(start) + 1 > REGISTER_MAX_DAYS)
    problems.push({ field: 'den', message: `Mỗi lần xem tối đa ${REGISTER_MAX_DAYS} ngày; hãy chọn khoảng thời gian ngắn hơn.` });
  return problems.length ? { problems } : { from: start!, to: end!, problems };
}

/** The register of an agency (the caller checked who may read it) for a period, both ends included. */
export async function registerOf(
  deps: Pick<AppDeps, 'pool'>,
  index: AgencyIndex,
  agencyId: number,
  period: { from: LocalDate; to: LocalDate },
  now: Date,
): Promise<SheetContent> {
  const { rows, total } = await listReceivedBetween(
    deps.pool,
    agencyId,
    atLocal(period.from, 0),
    atLocal(addCalendarDays(period.to, 1), 0),
    REGISTER_MAX_ROWS,
  );
  const label = (id: number) => {
    const unit = index.nameOf(id);
    const agency = index.nameOf(index.homeOf(id));
    return unit === agency ? agency : `${unit} – ${agency}`;
  };
  return registerContent({
    agencyName: index.nameOf(agencyId),
    ...period,
    entries: rows.map(({ handedToId, ...r }) => ({ ...r, handedTo: handedToId === null ? null : label(handedToId) })),
    omitted: total - rows.length,
    now,
  });
}
