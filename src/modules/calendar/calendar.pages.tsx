import type { FieldProblem } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { ErrorSummary, Select, SummaryList, TextInput } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { AdjustmentFormValues } from './add-adjustment.ts';
import { adjustmentKindLabels, clockText, weekdayName } from './calendar-labels.ts';
import type { AdjustmentWithAuthor } from './calendar.repository.ts';
import type { Holiday } from './holidays.ts';
import type { AdjustmentKind, OfficeSession } from './working-calendar.ts';

export interface CalendarPageOptions {
  user: PageUser;
  year: number;
  /** Links to the years before and after, when they are within the years the page shows. */
  previousYear: number | null;
  nextYear: number | null;
  holidays: Holiday[];
  adjustments: AdjustmentWithAuthor[];
  officeHours: readonly OfficeSession[];
  /** Minutes after midnight, or null for no cut-off. */
  cutoff: number | null;
  workingDayHours: number;
  canChange: boolean;
  notice: string | null;
  values: AdjustmentFormValues;
  problems: FieldProblem[];
}

const kindOptions = (Object.keys(adjustmentKindLabels) as AdjustmentKind[]).map((k) => ({ value: k, label: adjustmentKindLabels[k] }));

/** /quan-tri/lich-lam-viec: one year of the province's working calendar, and its adjustments. */
export function calendarPage(o: CalendarPageOptions): string {
  const err = (field: string) => o.problems.find((p) => p.field === field)?.message;
  const byDate = new Map(o.adjustments.map((a) => [a.date, a]));
  const sessions = o.officeHours.map((s) => `${clockText(s.start)}–${clockText(s.end)}`).join(' và ');
  return renderPage({
    title: `Lịch làm việc năm ${o.year}`,
    noindex: true,
    user: o.user,
    children: (
      <>
        <h1>Lịch làm việc năm {o.year}</h1>
        <ErrorSummary problems={o.problems} />
        {o.notice && (
          <div class="notice notice-success" role="status">
            {o.notice}
          </div>
        )}
        <nav aria-label="Chọn năm" class="no-print">
          <p>
            {o.previousYear !== null && <a href={`/quan-tri/lich-lam-viec?nam=${o.previousYear}`}>‹ Năm {o.previousYear}</a>}
            {o.previousYear !== null && o.nextYear !== null && ' · '}
            {o.nextYear !== null && <a href={`/quan-tri/lich-lam-viec?nam=${o.nextYear}`}>Năm {o.nextYear} ›</a>}
          </p>
        </nav>
        <p class="lead">
          Thời hạn giải quyết hồ sơ được tính theo lịch này: ngày nghỉ lễ theo quy định, cùng các điều chỉnh của tỉnh theo quyết định hằng
          năm của Thủ tướng Chính phủ và thông báo của Bộ Nội vụ.
        </p>

        <h2>Giờ làm việc đang áp dụng</h2>
        <SummaryList
          rows={[
            ['Giờ hành chính', `${sessions} (${String(o.workingDayHours).replace('.', ',')} giờ mỗi ngày làm việc)`],
            ['Ngày nghỉ hằng tuần', 'Thứ Bảy và Chủ nhật'],
            [
              'Giờ tính hồ sơ trong ngày',
              o.cutoff === null
                ? 'Không áp dụng: hồ sơ tiếp nhận trong giờ hành chính được tính từ chính ngày đó'
                : `Hồ sơ tiếp nhận sau ${clockText(o.cutoff)} được tính như tiếp nhận vào ngày làm việc tiếp theo`,
            ],
          ]}
        />

        <h2>Ngày nghỉ lễ theo quy định năm {o.year}</h2>
        <p>
          Tính theo Điều 111, 112 Bộ luật Lao động 2019 (Tết Nguyên đán và Giỗ Tổ Hùng Vương theo âm lịch), kể cả ngày nghỉ bù khi ngày lễ
          trùng ngày nghỉ hằng tuần. Khi Chính phủ quyết định khác, hãy nhập điều chỉnh ở phần dưới.
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Ngày</th>
                <th scope="col">Thứ</th>
                <th scope="col">Ngày lễ</th>
                <th scope="col">Ghi chú</th>
              </tr>
            </thead>
            <tbody>
              {o.holidays.map((h) => {
                const adjusted = byDate.get(h.date);
                return (
                  <tr key={`${h.date} ${h.name}`}>
                    <td>{formatDate(h.date)}</td>
                    <td>{weekdayName(h.date)}</td>
                    <td>{h.name}</td>
                    <td>{adjusted?.kind === 'working_day' ? `Đã điều chỉnh thành ngày làm việc: ${adjusted.reason}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>

        <h2>Điều chỉnh của tỉnh năm {o.year}</h2>
        {o.adjustments.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Ngày</th>
                  <th scope="col">Thứ</th>
                  <th scope="col">Loại</th>
                  <th scope="col">Lý do</th>
                  <th scope="col">Người nhập</th>
                  {o.canChange && (
                    <th scope="col" class="no-print">
                      <span class="visually-hidden">Thao tác</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {o.adjustments.map((a) => (
                  <tr key={a.date}>
                    <td>{formatDate(a.date)}</td>
                    <td>{weekdayName(a.date)}</td>
                    <td>{adjustmentKindLabels[a.kind]}</td>
                    <td>{a.reason}</td>
                    <td>
                      {a.createdByName ?? 'Không rõ'}
                      <div class="muted">{formatDate(a.createdAt)}</div>
                    </td>
                    {o.canChange && (
                      <td class="no-print">
                        <form method="post" action="/quan-tri/lich-lam-viec/xoa" class="inline-form">
                          <Csrf token={o.user.csrf} />
                          <input type="hidden" name="date" value={a.date} />
                          <button type="submit" class="link-button">
                            Xóa<span class="visually-hidden"> điều chỉnh ngày {formatDate(a.date)}</span>
                          </button>
                        </form>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Chưa có điều chỉnh nào cho năm {o.year}.</p>
        )}

        {o.canChange && (
          <section class="no-print">
            <h2 id="them">Thêm điều chỉnh</h2>
            <form method="post" action="/quan-tri/lich-lam-viec" novalidate>
              <Csrf token={o.user.csrf} />
              <TextInput
                name="date"
                label="Ngày"
                hint="Theo dạng ngày/tháng/năm, ví dụ 25/04/2026."
                value={o.values.date}
                error={err('date')}
              />
              <Select
                name="kind"
                label="Loại điều chỉnh"
                hint="Ngày nghỉ: cơ quan nghỉ vào một ngày thường làm việc (hoán đổi, nghỉ Tết thêm). Ngày làm việc bù: cơ quan làm việc vào thứ Bảy, Chủ nhật hoặc ngày lễ được chuyển đi."
                value={o.values.kind}
                error={err('kind')}
                emptyLabel="(Chọn loại)"
                options={kindOptions}
              />
              <TextInput
                name="reason"
                label="Lý do"
                hint="Ghi số, ngày của văn bản quyết định, ví dụ: Thông báo 1234/TB-BNV ngày 10/03/2026, hoán đổi ngày làm việc."
                value={o.values.reason}
                error={err('reason')}
              />
              <button class="button" type="submit">
                Thêm điều chỉnh
              </button>
            </form>
          </section>
        )}
      </>
    ),
  });
}
