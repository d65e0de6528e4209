import type { FieldProblem } from '../../errors.ts';
import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, ErrorSummary, Select, StackedTable, Tag, TextInput, type Option } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { FileField } from '../files/file-field.tsx';
import type { AttachedFile } from '../files/receive-uploads.ts';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { componentName, isGuidance, type Procedure } from '../catalog/procedure.schema.ts';
import { ComponentGuidance } from './component-guidance.tsx';
import { statusLabels } from './dossier-states.ts';
import type { Answers } from '../forms/answers.ts';
import type { StoredForm } from '../forms/form-definition.ts';
import { FormFields } from '../forms/form-view.tsx';
import type { DossierRow } from './dossiers.repository.ts';
import type { DraftRow } from './drafts.repository.ts';
import type { ResultRow } from '../results/results.repository.ts';
import { resultLabel, reuseFieldOf } from '../results/reuse-results.ts';

/** What the online form page shows: the page's own fields, the e-form's answers, the files, the problems. */
export interface OnlineFormState {
  contact: Record<string, string>;
  answers: Answers;
  files: Record<string, AttachedFile[]>;
  problems: FieldProblem[];
  /** A message above the form: draft saved, form changed since the draft. */
  notice?: string | undefined;
}

export function onlineFormPage(v: {
  user: PageUser;
  procedure: Procedure;
  form: StoredForm | null;
  applicant: { fullName: string; maskedId: string };
  agencies: Option[];
  key: string;
  state: OnlineFormState;
  /** The citizen's e-data store: results issued to them, which a component can reuse. */
  results: ResultRow[];
}): string {
  const { problems } = v.state;
  const one = (k: string) => v.state.contact[k] ?? '';
  const err = (f: string) => problems.find((p) => p.field === f)?.message;
  const delivery = one('resultDelivery') || 'online';
  return renderPage({
    title: `Nộp hồ sơ: ${v.procedure.name}`,
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[[`/thu-tuc/${v.procedure.code}`, v.procedure.name]]} />
        <span class="caption">Nộp hồ sơ trực tuyến</span>
        <h1>{v.procedure.name}</h1>
        {v.state.notice && (
          <div class="notice" role="status">
            {v.state.notice}
          </div>
        )}
        <ErrorSummary problems={problems} />
        <form method="post" action={`/cong-dan/nop/${v.procedure.code}`} enctype="multipart/form-data" novalidate>
          <Csrf token={v.user.csrf} />
          {/* Enter in a text field presses the first button: saving a draft loses nothing and sends nothing. */}
          <button class="visually-hidden" type="submit" name="intent" value="draft" tabIndex={-1} aria-hidden="true">
            Lưu nháp
          </button>
          <input type="hidden" name="key" value={v.key} />
          <input type="hidden" name="formVersion" value={v.form ? String(v.form.version) : ''} />
          <p>
            Người nộp: <strong>{v.applicant.fullName}</strong> – số định danh {v.applicant.maskedId} (theo tài khoản định danh điện tử của
            bạn)
          </p>
          <Select
            name="agencyId"
            label="Cơ quan giải quyết"
            options={v.agencies}
            value={one('agencyId')}
            emptyLabel={v.agencies.length > 1 ? 'Chọn' : undefined}
            error={err('agencyId')}
          />
          <TextInput name="phone" label="Số điện thoại" type="tel" autocomplete="tel" value={one('phone')} error={err('phone')} />
          <TextInput
            name="email"
            label="Thư điện tử (không bắt buộc)"
            type="email"
            autocomplete="email"
            value={one('email')}
            error={err('email')}
          />
          <TextInput name="address" label="Địa chỉ liên hệ" autocomplete="street-address" value={one('address')} error={err('address')} />
          {v.form && (
            <>
              <h2>{v.form.definition.title}</h2>
              <FormFields definition={v.form.definition} answers={v.state.answers} problems={problems} />
            </>
          )}
          <fieldset class={err('components') ? 'form-group form-group-error' : 'form-group'} id="components" tabIndex={-1}>
            <legend class="label">Giấy tờ</legend>
            <div class="hint">
              Tải lên bản chụp hoặc bản điện tử của từng giấy tờ (PDF, JPG, PNG, DOCX, XLSX; mỗi tệp tối đa 20 MB). Chỉ nộp những giấy tờ
              thủ tục yêu cầu.
            </div>
            {err('components') && (
              <span class="error-message">
                <span class="visually-hidden">Lỗi: </span>
                {err('components')}
              </span>
            )}
            {v.procedure.components.map((c, i) => {
              if (isGuidance(c)) return null;
              const field = `file-${i}`;
              return (
                <div key={i} class={err(field) ? 'component form-group-error' : 'component'}>
                  <label for={field}>{componentName(c.name)}</label>
                  <FileField field={field} kept={v.state.files[field] ?? []} error={err(field)} />
                  {v.results.length > 0 && <ReusePicker field={field} component={componentName(c.name)} results={v.results} />}
                </div>
              );
            })}
            <ComponentGuidance components={v.procedure.components} />
          </fieldset>
          <fieldset class="form-group">
            <legend class="label">Nhận kết quả</legend>
            {(
              [
                ['online', 'Trực tuyến (tải về tại trang hồ sơ của bạn)'],
                ['post', 'Qua dịch vụ bưu chính về địa chỉ trên'],
                ['counter', 'Tại Bộ phận Một cửa'],
              ] as const
            ).map(([value, label]) => (
              <div key={value}>
                <label>
                  <input type="radio" name="resultDelivery" value={value} checked={delivery === value} /> {label}
                </label>
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit" name="intent" value="submit">
            Nộp hồ sơ
          </button>{' '}
          <button class="button button-secondary" type="submit" name="intent" value="draft">
            Lưu nháp
          </button>
        </form>
      </>
    ),
  });
}

export function myDossiersPage(v: {
  user: PageUser;
  dossiers: DossierRow[];
  drafts: DraftRow[];
  results: ResultRow[];
  justSubmitted?: string;
}): string {
  return renderPage({
    title: 'Hồ sơ của tôi',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Hồ sơ của tôi</h1>
        {v.justSubmitted && (
          <div class="notice notice-success" role="status">
            <p>
              Đã nộp hồ sơ. Mã hồ sơ của bạn: <strong>{v.justSubmitted}</strong>
            </p>
            <p>Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hoặc hướng dẫn bổ sung trong vòng 8 giờ làm việc.</p>
          </div>
        )}
        {v.results.length > 0 && (
          <>
            <h2>Kết quả đã được cấp</h2>
            <p class="hint">
              Kho dữ liệu điện tử của bạn: văn bản đã ký số, có trang xác thực công khai. Khi nộp hồ sơ thủ tục khác, chọn «Dùng giấy tờ
              trong kho dữ liệu của bạn» ở phần Giấy tờ để nộp kèm mà không phải tải lên lại.
            </p>
            <ul>
              {v.results.map((x) => (
                <li key={x.id}>
                  <a href={`/ket-qua/${x.verifyToken}.pdf`}>
                    {x.procedureName}: văn bản số {x.number}/{x.notation}
                  </a>{' '}
                  – {x.agencyName}, {formatMoment(x.issuedAt)}
                  {x.resultCode && <div class="muted">Mã kết quả điện tử: {x.resultCode}</div>}
                </li>
              ))}
            </ul>
          </>
        )}
        {v.drafts.length > 0 && (
          <>
            <h2>Hồ sơ đang soạn</h2>
            <ul>
              {v.drafts.map((d) => (
                <li key={d.procedureCode}>
                  <a href={`/cong-dan/nop/${d.procedureCode}`}>{d.procedureName}</a> – lưu nháp lúc {formatMoment(d.savedAt)}
                  <form method="post" action={`/cong-dan/nhap/${d.procedureCode}/xoa`} class="inline-form">
                    <Csrf token={v.user.csrf} />
                    <button class="link-button" type="submit">
                      Xóa bản nháp
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
        {(v.results.length > 0 || v.drafts.length > 0) && <h2>Hồ sơ đã nộp</h2>}
        {v.dossiers.length === 0 ? (
          <p>
            Bạn chưa có hồ sơ nào. <a href="/thu-tuc">Tìm thủ tục để nộp hồ sơ</a>.
          </p>
        ) : (
          <StackedTable
            rows={v.dossiers}
            keyOf={(d) => d.id}
            columns={[
              ['Mã hồ sơ', (d) => <a href={`/cong-dan/ho-so/${encodeURIComponent(d.code)}`}>{d.code}</a>],
              ['Thủ tục', (d) => d.procedureName],
              ['Trạng thái', (d) => <Tag>{statusLabels[d.status]}</Tag>],
              [
                'Hẹn trả / hạn tiếp nhận',
                (d) =>
                  d.dueAt ? formatMoment(d.dueAt) : d.acceptBy && d.status === 'new' ? `Tiếp nhận trước ${formatMoment(d.acceptBy)}` : '',
              ],
            ]}
          />
        )}
      </>
    ),
  });
}

/** Results from the citizen's store offered for one component, ticked to attach them instead of an upload. */
function ReusePicker(v: { field: string; component: string; results: ResultRow[] }) {
  return (
    <details class="reuse">
      <summary>
        Dùng giấy tờ trong kho dữ liệu của bạn<span class="visually-hidden"> cho: {v.component}</span>
      </summary>
      {v.results.map((r) => (
        <div key={r.id}>
          <label>
            <input type="checkbox" name={reuseFieldOf(v.field)} value={String(r.id)} /> {resultLabel(r)}, cấp ngày {formatDate(r.issuedAt)}
          </label>
        </div>
      ))}
    </details>
  );
}
