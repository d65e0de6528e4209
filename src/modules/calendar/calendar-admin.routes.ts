import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { formatDate, vietnamDate } from '../../lib/vietnamese.ts';
import { sendHtml } from '../../web/reply.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { pageUserOf } from '../accounts/page-user.ts';
import { authorize } from '../accounts/policy.ts';
import { requireStaff } from '../accounts/session-plugin.ts';
import { agencyIndexOf } from '../agencies/agency-index.ts';
import { addAdjustment, calendarYears, type AdjustmentFormValues } from './add-adjustment.ts';
import { calendarPolicy, type CalendarAction } from './calendar.policy.ts';
import * as pages from './calendar.pages.tsx';
import { listAdjustmentsWithAuthors } from './calendar.repository.ts';
import { publicHolidays } from './holidays.ts';
import { dateParts, parseLocalDate } from './local-time.ts';
import { removeAdjustmentAs } from './remove-adjustment.ts';
import { DEFAULT_CUTOFF, DEFAULT_OFFICE_HOURS, WorkingCalendar } from './working-calendar.ts';

const refusals: Record<CalendarAction, string> = {
  view: 'Chỉ quản trị tỉnh và thanh tra được xem lịch làm việc của tỉnh.',
  change: 'Chỉ quản trị tỉnh được điều chỉnh lịch làm việc.',
};

const yearText = z.string().max(10).optional();
const dateText = z.string().max(10).optional();
const empty: AdjustmentFormValues = { date: '', kind: '', reason: '' };
/** The calendar the due dates use (dossiers/due-date.ts loads it with the defaults): the hours shown are those. */
const inForce = new WorkingCalendar({ officeHours: DEFAULT_OFFICE_HOURS, cutoff: DEFAULT_CUTOFF });

/** A year from the address, within the years the page shows; otherwise a Vietnamese 400. */
function yearOf(text: string | undefined): number {
  if (text === undefined || text === '') return Number(vietnamDate(new Date()).slice(0, 4));
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= calendarYears.from && year <= calendarYears.to))
    throw new AppError('bad_request', `calendar year ${text}`, {
      userMessage: `Năm phải là số từ ${calendarYears.from} đến ${calendarYears.to}.`,
    });
  return year;
}

/** /quan-tri/lich-lam-viec: the province's working calendar and its yearly adjustments (calendar.policy.ts). */
export function calendarAdminRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const { pool } = deps;

    /** The signed-in staff member allowed `action` and the grant that allows it; null when answered with a redirect. */
    const allowed = async (request: FastifyRequest, reply: FastifyReply, action: CalendarAction) => {
      const actor = requireStaff(request, reply);
      if (!actor) return null;
      const grant = authorize(actor, calendarPolicy, action, { agencyId: null }, await agencyIndexOf(deps));
      if (!grant) throw new AppError('forbidden', `calendar ${action} by ${actor.username}`, { userMessage: refusals[action] });
      return { actor, grant };
    };

    const showYear = async (
      request: FastifyRequest,
      reply: FastifyReply,
      actor: StaffActor,
      year: number,
      extra: { notice?: string | null; values?: AdjustmentFormValues; problems?: FieldProblem[] } = {},
    ) => {
      const problems = extra.problems ?? [];
      const canChange = authorize(actor, calendarPolicy, 'change', { agencyId: null }, await agencyIndexOf(deps)) !== null;
      const page = pages.calendarPage({
        user: pageUserOf(request, reply, actor),
        year,
        previousYear: year > calendarYears.from ? year - 1 : null,
        nextYear: year < calendarYears.to ? year + 1 : null,
        holidays: publicHolidays(year),
        adjustments: await listAdjustmentsWithAuthors(pool, year),
        officeHours: inForce.officeHours,
        cutoff: inForce.cutoff,
        workingDayHours: inForce.workingDayHours,
        canChange,
        notice: extra.notice ?? null,
        values: extra.values ?? empty,
        problems,
      });
      return sendHtml(request, reply, page, problems.length ? 400 : 200);
    };

    app.get(
      '/quan-tri/lich-lam-viec',
      { schema: { hide: true, querystring: z.object({ nam: yearText, da_them: dateText, da_xoa: dateText }) } },
      async (request, reply) => {
        const a = await allowed(request, reply, 'view');
        if (!a) return reply;
        const { nam, da_them, da_xoa } = request.query;
        const added = parseLocalDate(da_them ?? '');
        const removed = parseLocalDate(da_xoa ?? '');
        const notice = added
          ? `Đã thêm điều chỉnh ngày ${formatDate(added)}. Thời hạn giải quyết tính từ bây giờ theo lịch mới.`
          : removed
            ? `Đã xóa điều chỉnh ngày ${formatDate(removed)}. Ngày này trở lại theo lịch quy định.`
            : null;
        return showYear(request, reply, a.actor, yearOf(nam), { notice });
      },
    );

    app.post(
      '/quan-tri/lich-lam-viec',
      {
        schema: {
          hide: true,
          body: z.object({
            date: z.string().max(100).default(''),
            kind: z.string().max(20).default(''),
            reason: z.string().max(2000).default(''),
          }),
        },
      },
      async (request, reply) => {
        const a = await allowed(request, reply, 'change');
        if (!a) return reply;
        const values = request.body;
        try {
          const saved = await addAdjustment(pool, a, values, request.ip);
          deps.publicDataChanged();
          return reply.redirect(`/quan-tri/lich-lam-viec?nam=${dateParts(saved.date).year}&da_them=${saved.date}`, 303);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          // The year of the typed date when it is one, so the admin sees the days around it.
          const typed = /(\d{4})\s*$/.exec(values.date)?.[1];
          const year = typed && Number(typed) >= calendarYears.from && Number(typed) <= calendarYears.to ? typed : undefined;
          return showYear(request, reply, a.actor, yearOf(year), { values, problems: err.problems });
        }
      },
    );

    app.post(
      '/quan-tri/lich-lam-viec/xoa',
      { schema: { hide: true, body: z.object({ date: z.string().max(20).default('') }) } },
      async (request, reply) => {
        const a = await allowed(request, reply, 'change');
        if (!a) return reply;
        const date = parseLocalDate(request.body.date);
        if (!date)
          throw new AppError('bad_request', `calendar removal of ${request.body.date}`, { userMessage: 'Ngày cần xóa không hợp lệ.' });
        await removeAdjustmentAs(pool, a, date, request.ip);
        deps.publicDataChanged();
        return reply.redirect(`/quan-tri/lich-lam-viec?nam=${dateParts(date).year}&da_xoa=${date}`, 303);
      },
    );
  };
}
