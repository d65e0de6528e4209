import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { ErrorSummary, SummaryList, Tag, Textarea, TextInput } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { timelinessLabels } from '../slips/sheet-content.ts';
import type { JointTaskTimeliness } from './joint-task-timeliness.ts';
import { transitionOutcomes } from './process-definition.ts';
import type { ProcessingView } from './processing-view.ts';
import { identificationLabels, workLabels, type WorkAction } from './workflow.ts';

/**
 * The processing part of the dossier page: the step, who has it and until
 * when, then one small form per action this person may take now (each posts
 * the dossier's revision, so an action on a page that is no longer current is
 * refused instead of applied twice).
 */
export function ProcessingPanel(v: {
  code: string;
  csrf: string;
  view: ProcessingView | { missing: true };
  problems: FieldProblem[];
  /** The form of an action just refused, as it was filled: its fields are shown again in that form only. */
  typed: Record<string, unknown>;
  now: Date;
}) {
  if ('missing' in v.view)
    return (
      <div class="notice" role="status">
        <h2>Xử lý hồ sơ</h2>
        <p>
          Thủ tục này chưa được cấu hình quy trình xử lý nội bộ, nên chưa thể chuyển hồ sơ đi xử lý. Đề nghị quản trị cấu hình tại «Quy
          trình».
        </p>
      </div>
    );
  const p = v.view;
  const overdue = p.step?.dueAt && p.step.dueAt < v.now;
  const form = (action: WorkAction, label: string, extra?: preact.ComponentChildren, secondary = false) => (
    <form method="post" action={`/ho-so/${v.code}/xu-ly`} class="action-form" key={JSON.stringify(action)}>
      <Csrf token={v.csrf} />
      <input type="hidden" name="revision" value={String(p.revision)} />
      <input type="hidden" name="kind" value={action.kind} />
      {action.kind === 'complete' && <input type="hidden" name="outcome" value={action.outcome} />}
      {action.kind === 'send_back' && <input type="hidden" name="to" value={action.to} />}
      {extra}
      <button class={secondary ? 'button button-secondary' : 'button'} type="submit">
        {label}
      </button>
    </form>
  );
  // Each form posts only its own fields: the text goes in `text`, under an id of its own on the page.
  const typedText = (name: string) => (typeof v.typed[name] === 'string' ? (v.typed[name] as string) : '');
  const errorOf = (field: string) => v.problems.find((x) => x.field === field)?.message;
  const reasonsField = (id: string, label: string) => <Textarea name={`text-${id}`} label={label} value={typedText(`text-${id}`)} />;
  return (
    // "action": where a refusal of the action as a whole points (ErrorSummary links to its field).
    <section id="action" aria-labelledby="processing-title">
      <h2 id="processing-title">Xử lý hồ sơ</h2>
      <ErrorSummary problems={v.problems} />
      <SummaryList
        rows={[
          ['Quy trình', p.processTitle],
          ['Bước hiện tại', p.step ? `${p.step.name} (${p.step.kind})` : ''],
          ['Phụ trách', p.step?.responsible ?? ''],
          ['Người xử lý', p.assigneeName ?? (p.step ? 'Chưa có người nhận' : '')],
          ['Hạn của bước', p.step?.dueAt ? `${formatMoment(p.step.dueAt)}${overdue ? ' – đã quá hạn' : ''}` : ''],
        ]}
      />
      {p.consultations.length > 0 && (
        <>
          <h3>Ý kiến đã xin</h3>
          <ul>
            {p.consultations.map((c, i) => (
              <li key={i}>
                <strong>{c.agencyName}</strong>
                {c.answerBy && <> – trả lời trước {formatMoment(c.answerBy)}</>}: {c.question}
                <div class={c.answer ? undefined : 'muted'}>{c.answer ? `Trả lời: ${c.answer}` : 'Chưa trả lời'}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.tasks.length > 0 && (
        <>
          <h3>Phần việc của các cơ quan phối hợp</h3>
          <ul>
            {p.tasks.map((t, i) => (
              <li key={i}>
                <strong>{t.agencyName}</strong>: {t.task}
                <div class={t.result ? undefined : 'muted'}>{t.result ? `Kết quả: ${t.result}` : 'Đang thực hiện'}</div>
                {t.timeliness && <TaskTimeliness t={t.timeliness} />}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.onTheSpot && (
        <form method="post" action={`/ho-so/${v.code}/tai-cho`} class="action-form">
          <Csrf token={v.csrf} />
          <p class="hint">Bạn được giao thẩm quyền của mọi bước: thẩm định, phê duyệt, đóng dấu và trả kết quả ngay cho người nộp.</p>
          <button class="button" type="submit">
            Giải quyết ngay tại chỗ
          </button>
        </form>
      )}
      {p.available.length === 0 ? (
        <p class="muted">Bạn không có thao tác nào với hồ sơ ở bước này.</p>
      ) : (
        p.available.map((a) => {
          switch (a.kind) {
            case 'complete':
              return form(a, a.outcome === 'done' ? 'Hoàn thành, chuyển bước tiếp theo' : transitionOutcomes[a.outcome]);
            case 'assign':
              return form(
                a,
                'Phân công',
                <div class="form-group">
                  <label for="assignee">Giao cho</label>
                  <select id="assignee" name="assignee">
                    {p.candidates.map((c) => (
                      <option key={c.id} value={String(c.id)}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>,
                true,
              );
            case 'send_back':
              return form(
                a,
                `Trả về bước «${p.steps.find((s) => s.id === a.to)?.name ?? a.to}»`,
                reasonsField(`back-${a.to}`, 'Lý do trả lại'),
                true,
              );
            case 'request_supplement':
              return form(
                a,
                workLabels[a.kind],
                reasonsField('supplement', 'Nội dung cần bổ sung (mỗi dòng một nội dung; một lần, đầy đủ)'),
                true,
              );
            case 'refuse':
              return form(a, workLabels[a.kind], reasonsField('refuse', 'Lý do từ chối giải quyết'), true);
            case 'stop':
              return form(a, workLabels[a.kind], reasonsField('stop', 'Lý do dừng xử lý (Mẫu 05)'), true);
            case 'return_result':
              return form(
                a,
                workLabels[a.kind],
                <fieldset class="form-group">
                  <legend class="label">Cách trả kết quả</legend>
                  <div class="choice">
                    <input type="radio" id="how-counter" name="how" value="counter" checked />
                    <label for="how-counter">Tại Bộ phận Một cửa</label>
                  </div>
                  <div class="form-group conditional">
                    <label for="receiver">Người nhận</label>
                    <input type="text" id="receiver" name="receiver" />
                    <label for="identification">Xác định người nhận bằng</label>
                    <select id="identification" name="identification">
                      {Object.entries(identificationLabels).map(([k, label]) => (
                        <option key={k} value={k}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="choice">
                    <input type="radio" id="how-post" name="how" value="post" />
                    <label for="how-post">Qua dịch vụ bưu chính</label>
                  </div>
                  <div class="form-group conditional">
                    <label for="tracking">Số hiệu bưu gửi</label>
                    <input type="text" id="tracking" name="tracking" />
                  </div>
                  <div class="choice">
                    <input type="radio" id="how-online" name="how" value="online" />
                    <label for="how-online">Trực tuyến (người nộp tải về)</label>
                  </div>
                </fieldset>,
              );
            case 'correct':
              return form(a, workLabels[a.kind], reasonsField('correct', 'Sai sót cần đính chính (người nộp phản ánh)'), true);
            case 'consult':
              return form(
                a,
                workLabels[a.kind],
                <>
                  <div class="form-group">
                    <label for="consult-agency">Cơ quan được hỏi</label>
                    <select id="consult-agency" name="agency">
                      {p.agencies.map((x) => (
                        <option key={x.code} value={x.code}>
                          {x.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="form-group">
                    <label for="consult-days">Thời hạn trả lời (ngày làm việc)</label>
                    <input type="text" inputmode="numeric" id="consult-days" name="days" value="3" />
                  </div>
                  {reasonsField('consult', 'Nội dung xin ý kiến')}
                </>,
                true,
              );
            case 'answer_consultation':
              return form(
                a,
                `Trả lời ý kiến của ${p.consultations[a.index]?.agencyName ?? ''}`,
                <>
                  <input type="hidden" name="index" value={String(a.index)} />
                  {reasonsField(`answer-${a.index}`, 'Ý kiến trả lời')}
                </>,
              );
            case 'finish_task':
              return form(
                a,
                `Hoàn thành phần việc: ${p.tasks[a.index]?.task ?? ''}`,
                <>
                  <input type="hidden" name="index" value={String(a.index)} />
                  {reasonsField(`task-${a.index}`, 'Kết quả phần việc')}
                </>,
              );
            case 'extend':
              return form(
                a,
                workLabels[a.kind],
                <>
                  <p class="hint">
                    Hẹn trả hiện tại: {p.dueAt ? formatMoment(p.dueAt) : '—'}. Chỉ gia hạn một lần, chậm nhất một ngày trước ngày hẹn trả;
                    hệ thống gửi thư xin lỗi (Mẫu 04) cho người nộp.
                  </p>
                  <TextInput
                    name="until"
                    label="Ngày hẹn trả mới (dd/mm/yyyy)"
                    inputmode="numeric"
                    value={typedText('until')}
                    error={errorOf('until')}
                  />
                  {reasonsField('extend', 'Lý do chậm giải quyết (lời xin lỗi có sẵn trong văn bản Mẫu 04)')}
                </>,
                true,
              );
            default:
              return form(a, workLabels[a.kind]);
          }
        })
      )}
    </section>
  );
}

/** A joint task's deadline and how it stands, in the words of the control sheet: finished early, on time or late, or pending within time or overdue. */
function TaskTimeliness({ t }: { t: JointTaskTimeliness }) {
  const late = t.timeliness === 'late' || t.timeliness === 'overdue';
  return (
    <div>
      Hạn: {formatMoment(t.due)}
      {t.finishedAt && <> · hoàn thành lúc {formatMoment(t.finishedAt)}</>} –{' '}
      <Tag tone={late ? undefined : 'green'}>{timelinessLabels[t.timeliness]}</Tag>
    </div>
  );
}
