import { Fragment } from 'preact';
import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Papers } from './papers.tsx';
import { slipActOf } from './dossier-slip.ts';
import { Breadcrumbs, ErrorSummary, Tag, Textarea } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { logEntryLabel } from './log-entry-label.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { AnswersSummary } from '../forms/answers-summary.tsx';
import { ProcessingPanel } from '../processes/processing-panel.tsx';
import type { ProcessingView } from '../processes/processing-view.ts';
import { identificationLabels, type Handover } from '../processes/workflow.ts';
import { timeliness } from '../calendar/due-date.ts';
import { channelLabels, statusLabels } from './dossier-states.ts';
import { letterSlugs, lettersOf, type LetterForm } from '../slips/letters.ts';

const letterLabels: Record<LetterForm, string> = {
  'Mẫu 04': 'Văn bản xin lỗi, gia hạn (Mẫu 04)',
  'Mẫu 05': 'Thông báo dừng giải quyết (Mẫu 05)',
};

// The words of the control sheet and the register (QĐ766): a finished dossier late is "Quá hạn".
const timelinessLabels = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  within_time: 'Đang giải quyết, trong hạn',
  overdue: 'Đang giải quyết, quá hạn',
} as const;

/**
 * Timeliness of a dossier with a due date: finished (result ready, returned or stopped: the first
 * of these, as QĐ766 counts) early, on time or late; otherwise still within time or overdue.
 */
function timelinessOf(d: DossierRow, actions: Array<{ at: Date; toStatus: string }>): keyof typeof timelinessLabels {
  const finished = actions.find((a) => a.toStatus === 'processed' || a.toStatus === 'returned' || a.toStatus === 'stopped');
  return timeliness(d.dueAt!, finished?.at ?? null, new Date());
}
const onTime = (d: DossierRow, actions: Array<{ at: Date; toStatus: string }>) => !['late', 'overdue'].includes(timelinessOf(d, actions));

/** "Người nhận: … (giấy tờ)", "Số hiệu bưu gửi: …" or "Trực tuyến" for the entry that returned a result. */
function handoverText(detail: Record<string, unknown>): string | null {
  const h = (detail.work as { handover?: Handover } | undefined)?.handover;
  if (!h) return null;
  if (h.how === 'counter') return `Người nhận: ${h.receiver ?? ''} (${h.identification ? identificationLabels[h.identification] : ''})`;
  if (h.how === 'post') return `Qua bưu chính, số hiệu bưu gửi: ${h.tracking ?? ''}`;
  return 'Trả kết quả trực tuyến';
}

/** The Vietnamese name of a logged action (reception outcomes and processing actions alike). */
import type { DossierRow } from './dossiers.repository.ts';

/** A dossier for staff: status, applicant, appointment, documents and files, the log; the decision form of an online dossier. */
export function dossierPage(v: {
  /** Shown for an online dossier still waiting, to an officer who may receive it. */
  decide?: { problems: FieldProblem[]; reasons: string } | undefined;
  user: PageUser;
  d: DossierRow;
  actions: Array<{ at: Date; actorName: string; action: string; toStatus: keyof typeof statusLabels; detail: Record<string, unknown> }>;
  /** The e-form the answers were given under. */
  form?: FormDefinition | undefined;
  /** `typed`: what the refused action's form held, shown again in that form. */
  processing?: { view: ProcessingView | { missing: true }; problems: FieldProblem[]; typed?: Record<string, unknown> } | undefined;
}): string {
  // The process's names for the steps the history mentions (by id in the log).
  const stepNames = v.processing && 'stepNames' in v.processing.view ? v.processing.view.stepNames : {};
  const { d } = v;
  return renderPage({
    title: `Hồ sơ ${d.code}`,
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[['/tiep-nhan', 'Tiếp nhận hồ sơ']]} />
        <span class="caption">Mã hồ sơ</span>
        <h1>{d.code}</h1>
        <p>
          <Tag>{statusLabels[d.status]}</Tag>
        </p>
        <p>
          {/* A slip once the desk has received or answered the dossier (dossier-slip.ts). */}
          {slipActOf(d, v.actions) && (
            <>
              <a class="button" href={`/ho-so/${d.code}/phieu`}>
                In phiếu
              </a>{' '}
            </>
          )}
          <a class="button button-secondary" href={`/ho-so/${d.code}/ket-qua`}>
            Kết quả giải quyết
          </a>{' '}
          <a class="button button-secondary" href={`/ho-so/${d.code}/phieu-kiem-soat`}>
            Phiếu kiểm soát (Mẫu 06)
          </a>
          {/* The letters to the applicant, only when the log calls for them (slips/letters.ts). */}
          {lettersOf(v.actions).map((form) => (
            <Fragment key={form}>
              {' '}
              <a class="button button-secondary" href={`/ho-so/${d.code}/${letterSlugs[form]}`}>
                {letterLabels[form]}
              </a>
            </Fragment>
          ))}
        </p>
        <dl class="summary">
          <div>
            <dt>Thủ tục</dt>
            <dd>{d.procedureName}</dd>
          </div>
          <div>
            <dt>Người nộp</dt>
            <dd>{d.applicant.fullName}</dd>
          </div>
          <div>
            <dt>Hình thức nộp</dt>
            <dd>{channelLabels[d.channel]}</dd>
          </div>
          {d.channel === 'post' && (
            <div>
              <dt>Số hiệu bưu gửi</dt>
              <dd>{d.postalTracking}</dd>
            </div>
          )}
          {d.receivedAt && (
            <div>
              <dt>Tiếp nhận lúc</dt>
              <dd>{formatMoment(d.receivedAt)}</dd>
            </div>
          )}
          {d.dueAt && (
            <div>
              <dt>Hẹn trả kết quả</dt>
              <dd>
                {formatMoment(d.dueAt)}{' '}
                <Tag tone={onTime(d, v.actions) ? 'green' : undefined}>{timelinessLabels[timelinessOf(d, v.actions)]}</Tag>
              </dd>
            </div>
          )}
        </dl>
        {v.decide && (
          <>
            <h2>Tiếp nhận hồ sơ trực tuyến</h2>
            {d.acceptBy && <p>Phải tiếp nhận hoặc trả lời trước {formatMoment(d.acceptBy)} (8 giờ làm việc).</p>}
            <ErrorSummary problems={v.decide.problems} />
            <form method="post" action={`/ho-so/${d.code}/tiep-nhan`} novalidate>
              <Csrf token={v.user.csrf} />
              <input type="hidden" name="revision" value={String(d.revision)} />
              <fieldset class="form-group">
                <legend class="label">Quyết định</legend>
                <label>
                  <input type="radio" name="decision" value="receive" checked /> Tiếp nhận, hẹn trả kết quả
                </label>
                <br />
                <label>
                  <input type="radio" name="decision" value="request_supplement" /> Yêu cầu bổ sung, hoàn thiện (một lần, đầy đủ)
                </label>
                <br />
                <label>
                  <input type="radio" name="decision" value="refuse" /> Từ chối tiếp nhận
                </label>
              </fieldset>
              <Textarea
                name="reasons"
                label="Nội dung cần bổ sung hoặc lý do từ chối (mỗi dòng một nội dung)"
                value={v.decide.reasons}
                error={v.decide.problems.find((p) => p.field === 'reasons')?.message}
              />
              <button class="button" type="submit">
                Ghi nhận
              </button>
            </form>
          </>
        )}
        {v.processing && (
          <ProcessingPanel
            code={d.code}
            csrf={v.user.csrf}
            view={v.processing.view}
            problems={v.processing.problems}
            typed={v.processing.typed ?? {}}
            now={new Date()}
          />
        )}
        {v.form && (
          <>
            <h2>{v.form.title}</h2>
            <AnswersSummary definition={v.form} answers={d.answers} />
          </>
        )}
        <h2>Giấy tờ</h2>
        <Papers components={d.components} base={`/ho-so/${d.code}`} staff />
        <h2>Quá trình xử lý</h2>
        <ol>
          {v.actions.map((a, i) => (
            <li key={i}>
              {formatMoment(a.at)} – {a.actorName}: {logEntryLabel(a)} → {statusLabels[a.toStatus]}
              {typeof a.detail.toStep === 'string' && <span class="muted"> (bước {stepNames[a.detail.toStep] ?? a.detail.toStep})</span>}
              {handoverText(a.detail) && <div class="muted">{handoverText(a.detail)}</div>}
              {Array.isArray(a.detail.reasons) && a.detail.reasons.length > 0 && (
                <div class="muted">{(a.detail.reasons as string[]).join('; ')}</div>
              )}
            </li>
          ))}
        </ol>
      </>
    ),
  });
}
