import { Fragment, type ComponentChildren } from 'preact';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Pagination, StackedTable, Tag } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { statusLabels } from '../dossiers/dossier-states.ts';
import type { AssignmentReport } from './assign-many.ts';
import type { InboxCounts, InboxRow } from './workflow.repository.ts';

const DAY = 24 * 3600 * 1000;

/** Which tab of the inbox a dossier belongs to, most pressing first. */
export function inboxGroup(row: InboxRow, staffId: number, now: Date): 'overdue' | 'near_due' | 'waiting' | 'mine' | 'unassigned' {
  if (row.status === 'supplement_requested') return 'waiting';
  if (row.stepDueAt && row.stepDueAt < now) return 'overdue';
  if (row.stepDueAt && row.stepDueAt.getTime() - now.getTime() < DAY) return 'near_due';
  return row.assigneeId === staffId ? 'mine' : 'unassigned';
}

const groups = [
  ['overdue', 'Quá hạn'],
  ['near_due', 'Sắp đến hạn (trong 24 giờ)'],
  ['mine', 'Đang xử lý'],
  ['unassigned', 'Cần nhận xử lý (của đơn vị)'],
  ['waiting', 'Chờ người nộp bổ sung'],
] as const;

/** The columns of every group's table: the heading, which on a phone also heads each value (data-label), and the cell. */
const columns: Array<[label: string, cell: (r: InboxRow) => ComponentChildren, heading?: ComponentChildren]> = [
  ['Mã hồ sơ', (r) => <a href={`/ho-so/${r.code}`}>{r.code}</a>],
  ['Thủ tục', (r) => r.procedureName],
  ['Người nộp', (r) => r.applicantName],
  [
    'Bước',
    (r) => (
      <>
        {r.stepName ?? r.currentStep}
        {r.status !== 'processing' && (
          <>
            {' '}
            <Tag tone="grey">{statusLabels[r.status]}</Tag>
          </>
        )}
      </>
    ),
  ],
  ['Người xử lý', (r) => r.assigneeName ?? '—'],
  ['Hạn của bước', (r) => (r.stepDueAt ? formatMoment(r.stepDueAt) : '')],
  ['Hẹn trả', (r) => (r.dueAt ? formatMoment(r.dueAt) : '')],
];

/** The box to tick a dossier nobody has claimed, for the unit head to assign it with others. */
const pick: (typeof columns)[number] = [
  'Chọn',
  (r) =>
    r.assigneeId === null && (
      <>
        <input type="checkbox" id={`chon-${r.code}`} name="ho_so" value={`${r.code}@${r.revision}`} />
        <label class="visually-hidden" for={`chon-${r.code}`}>
          Chọn hồ sơ {r.code}
        </label>
      </>
    ),
  <span class="visually-hidden">Chọn để phân công</span>,
];

/** Each officer's inbox: their dossiers and their units' unclaimed ones, grouped by urgency, searchable. */
export function inboxPage(v: {
  user: PageUser;
  rows: InboxRow[];
  counts: InboxCounts;
  staffId: number;
  q: string;
  now: Date;
  page: number;
  pages: number;
  /** Whom the person may hand dossiers to (they lead a unit); empty: no assignment form. */
  assignees: Array<{ id: number; name: string }>;
  /** The outcome of an assignment of several dossiers just made. */
  report?: AssignmentReport | undefined;
}): string {
  const picking = v.assignees.length > 0 && v.rows.some((r) => r.assigneeId === null);
  const groupsShown = groups.map(([key, title]) => {
    const rows = v.rows.filter((r) => inboxGroup(r, v.staffId, v.now) === key);
    if (rows.length === 0) return null;
    return (
      <section key={key} aria-labelledby={`group-${key}`}>
        <h2 id={`group-${key}`}>
          {title} ({v.counts[key]})
        </h2>
        <StackedTable rows={rows} keyOf={(r) => r.code} columns={picking ? [pick, ...columns] : columns} />
      </section>
    );
  });
  return renderPage({
    title: 'Hộp thư xử lý hồ sơ',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Hộp thư xử lý hồ sơ</h1>
        {v.report && <AssignmentNotice report={v.report} />}
        <form method="get" action="/hop-thu" class="search-form">
          <label class="visually-hidden" for="q">
            Tìm theo mã hồ sơ hoặc tên người nộp
          </label>
          <input type="search" id="q" name="q" value={v.q} placeholder="Mã hồ sơ hoặc tên người nộp" />
          <button class="button" type="submit">
            Tìm
          </button>
        </form>
        {v.rows.length === 0 && <p>{v.q ? 'Không có hồ sơ nào khớp với nội dung tìm.' : 'Không có hồ sơ nào cần bạn xử lý.'}</p>}
        {picking ? (
          <form method="post" action="/hop-thu/phan-cong">
            <Csrf token={v.user.csrf} />
            <div class="form-group">
              <label for="assignee">Giao các hồ sơ được chọn cho</label>
              <select id="assignee" name="assignee">
                {/* Nobody chosen by default: a button pressed by mistake hands nothing to anyone. */}
                <option value="">Chọn cán bộ</option>
                {v.assignees.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {p.name}
                  </option>
                ))}
              </select>{' '}
              <button class="button" type="submit">
                Phân công
              </button>
            </div>
            {groupsShown}
          </form>
        ) : (
          groupsShown
        )}
        <Pagination
          page={v.page}
          pages={v.pages}
          href={(n) => `/hop-thu?${new URLSearchParams({ ...(v.q ? { q: v.q } : {}), trang: String(n) })}`}
        />
      </>
    ),
  });
}

/** What an assignment of several dossiers did: how many were handed over, and each one left as it was, with why. */
function AssignmentNotice({ report }: { report: AssignmentReport }) {
  return (
    <div class={report.refused.length || report.problem ? 'notice notice-warning' : 'notice notice-success'} role="status">
      {report.problem && <p>{report.problem}</p>}
      {report.done.length > 0 && (
        <p>
          Đã giao {report.done.length} hồ sơ cho {report.assigneeName}:{' '}
          {report.done.map((code, i) => (
            <Fragment key={code}>
              {i > 0 && ', '}
              <a href={`/ho-so/${code}`}>{code}</a>
            </Fragment>
          ))}
          .
        </p>
      )}
      {report.refused.length > 0 && (
        <>
          <p>{report.refused.length} hồ sơ chưa được giao:</p>
          <ul>
            {report.refused.map((r) => (
              <li key={r.code}>
                <a href={`/ho-so/${r.code}`}>{r.code}</a>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
