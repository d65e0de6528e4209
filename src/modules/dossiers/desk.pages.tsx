import type { FieldProblem } from '../../errors.ts';
import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, ErrorSummary, Select, StackedTable, Tag, Textarea, TextInput, type Option } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { FileField } from '../files/file-field.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { componentName, isGuidance, type Procedure } from '../catalog/procedure.schema.ts';
import { ComponentGuidance } from './component-guidance.tsx';
import { channelLabels, statusLabels } from './dossier-states.ts';
import type { DossierRow } from './dossiers.repository.ts';

export function deskPage(v: {
  user: PageUser;
  agencyName: string;
  dossiers: DossierRow[];
  awaiting: DossierRow[];
  /**
   * Received dossiers still at the desk, with the moment they must be forwarded by (D118 Art. 18(2),
   * the 15:00 rule), and whether the system can send them (their procedure has a process here).
   */
  forward: Array<{ d: DossierRow; by: Date; inSystem: boolean }>;
  now: Date;
  q: string;
  hits: Array<{ code: string; name: string }>;
}): string {
  return renderPage({
    title: 'Tiếp nhận hồ sơ',
    noindex: true,
    user: v.user,
    children: (
      <>
        <span class="caption">{v.agencyName}</span>
        <h1>Tiếp nhận hồ sơ</h1>
        <form class="search-form" method="get" action="/tiep-nhan" role="search">
          <label class="visually-hidden" for="q">
            Tìm thủ tục để tiếp nhận
          </label>
          <input type="search" id="q" name="q" value={v.q} maxLength={200} placeholder="Tên hoặc mã thủ tục" />
          <button class="button" type="submit">
            Tìm thủ tục
          </button>
        </form>
        {v.q && (
          <ul class="results">
            {v.hits.length === 0 && <li>Không tìm thấy thủ tục nào.</li>}
            {v.hits.map((h) => (
              <li key={h.code}>
                <a href={`/tiep-nhan/moi/${h.code}`}>{h.name}</a> <span class="muted">({h.code})</span>
              </li>
            ))}
          </ul>
        )}
        <h2>Hồ sơ trực tuyến chờ tiếp nhận ({v.awaiting.length})</h2>
        {v.awaiting.length === 0 ? (
          <p>Không có hồ sơ nào đang chờ.</p>
        ) : (
          <ul class="results">
            {v.awaiting.map((d) => (
              <li key={d.id}>
                <a href={`/ho-so/${d.code}`}>{d.code}</a> – {d.procedureName} – {d.applicant.fullName}{' '}
                {d.acceptBy && d.acceptBy < v.now ? (
                  <Tag>Quá hạn tiếp nhận</Tag>
                ) : d.createdAt.getTime() + 2 * 3_600_000 < v.now.getTime() ? (
                  <Tag>Quá 2 giờ chưa xử lý</Tag>
                ) : null}
                {d.acceptBy && <div class="muted">Tiếp nhận hoặc trả lời trước {formatMoment(d.acceptBy)}</div>}
              </li>
            ))}
          </ul>
        )}
        <h2>Hồ sơ chờ chuyển xử lý ({v.forward.length})</h2>
        {v.forward.length === 0 ? (
          <p>Không có hồ sơ nào chờ chuyển.</p>
        ) : (
          <ul class="results">
            {v.forward.map(({ d, by, inSystem }) => (
              <li key={d.id}>
                <a href={`/ho-so/${d.code}`}>{d.code}</a> – {d.procedureName} – {d.applicant.fullName}{' '}
                {by < v.now && <Tag>Quá hạn chuyển</Tag>}
                <div class="muted">
                  Chuyển cho cơ quan giải quyết trước {formatMoment(by)} (nhận sau 15 giờ thì chuyển trong ngày làm việc tiếp theo)
                </div>
                {!inSystem && (
                  <div class="muted">
                    Thủ tục chưa được cấu hình quy trình xử lý nội bộ nên không chuyển được trên hệ thống: chuyển hồ sơ giấy theo quy định
                    và đề nghị quản trị cấu hình quy trình.
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <h2>Hồ sơ gần đây</h2>
        {v.dossiers.length === 0 ? (
          <p>Chưa có hồ sơ nào.</p>
        ) : (
          <StackedTable
            rows={v.dossiers}
            keyOf={(d) => d.id}
            columns={[
              ['Mã hồ sơ', (d) => <a href={`/ho-so/${d.code}`}>{d.code}</a>],
              ['Người nộp', (d) => d.applicant.fullName],
              ['Thủ tục', (d) => d.procedureName],
              ['Hình thức nộp', (d) => channelLabels[d.channel]],
              ['Trạng thái', (d) => <Tag tone={d.status === 'not_received' ? 'grey' : undefined}>{statusLabels[d.status]}</Tag>],
              ['Hẹn trả', (d) => (d.dueAt ? formatDate(d.dueAt) : '')],
            ]}
          />
        )}
      </>
    ),
  });
}

export type ReceptionValues = Record<string, string | string[] | undefined>;

const one = (v: ReceptionValues, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};

export function receptionFormPage(v: {
  user: PageUser;
  procedure: Procedure;
  agencies: Option[];
  values: ReceptionValues;
  problems: FieldProblem[];
  /** Files already attached, by field (`file-<component>`), kept across a refused attempt. */
  files?: Record<string, Array<{ uploadId: number; displayName: string; size: number }>>;
}): string {
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
  const ticked = new Set([v.values.received ?? []].flat());
  const radio = (name: string, value: string, label: string, checkedByDefault = false) => (
    <label>
      <input type="radio" name={name} value={value} checked={one(v.values, name) ? one(v.values, name) === value : checkedByDefault} />{' '}
      {label}
    </label>
  );
  const person = (prefix: string, legend: string) => (
    <fieldset class="form-group">
      <legend class="label">{legend}</legend>
      <TextInput
        name={`${prefix}.fullName`}
        label="Họ và tên"
        value={one(v.values, `${prefix}.fullName`)}
        error={err(`${prefix}.fullName`)}
      />
      <TextInput
        name={`${prefix}.idNumber`}
        label="Số định danh cá nhân"
        hint="12 chữ số trên căn cước"
        value={one(v.values, `${prefix}.idNumber`)}
        error={err(`${prefix}.idNumber`)}
      />
      <TextInput name={`${prefix}.phone`} label="Điện thoại" type="tel" value={one(v.values, `${prefix}.phone`)} />
      <TextInput
        name={`${prefix}.email`}
        label="Thư điện tử"
        type="email"
        value={one(v.values, `${prefix}.email`)}
        error={err(`${prefix}.email`)}
      />
      <TextInput name={`${prefix}.address`} label="Địa chỉ" value={one(v.values, `${prefix}.address`)} error={err(`${prefix}.address`)} />
    </fieldset>
  );
  return renderPage({
    title: `Tiếp nhận: ${v.procedure.name}`,
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[['/tiep-nhan', 'Tiếp nhận hồ sơ']]} />
        <span class="caption">Mã thủ tục {v.procedure.code}</span>
        <h1>{v.procedure.name}</h1>
        <ErrorSummary problems={v.problems} />
        <form method="post" action={`/tiep-nhan/moi/${v.procedure.code}`} enctype="multipart/form-data" novalidate>
          <Csrf token={v.user.csrf} />
          {v.agencies.length > 1 && <Select name="agencyId" label="Tiếp nhận tại" options={v.agencies} value={one(v.values, 'agencyId')} />}
          {v.agencies.length === 1 && <input type="hidden" name="agencyId" value={v.agencies[0]!.value} />}
          <fieldset class="form-group">
            <legend class="label">Hình thức nộp</legend>
            {radio('channel', 'counter', 'Trực tiếp tại Bộ phận Một cửa', true)}
            <br />
            {radio('channel', 'post', 'Qua dịch vụ bưu chính')}
          </fieldset>
          <TextInput
            name="postalTracking"
            label="Mã bưu gửi (nếu nhận qua bưu chính)"
            value={one(v.values, 'postalTracking')}
            error={err('postalTracking')}
          />
          {person('applicant', 'Người nộp hồ sơ')}
          <div class="form-group">
            <label>
              <input type="checkbox" name="hasRepresentative" value="1" checked={one(v.values, 'hasRepresentative') === '1'} /> Có người
              được ủy quyền nộp thay
            </label>
          </div>
          {person('representative', 'Người được ủy quyền (nếu có)')}
          {/* The id is where the error summary's link for `components` leads. */}
          <fieldset
            id="components"
            class={err('components') ? 'form-group form-group-error' : 'form-group'}
            aria-describedby={err('components') ? 'components-hint components-error' : 'components-hint'}
          >
            <legend class="label">Giấy tờ đã nhận</legend>
            <div class="hint" id="components-hint">
              Đánh dấu giấy tờ nhận bản giấy; tải lên bản quét (PDF, JPG, PNG, DOCX, XLSX, mỗi tệp tối đa 20 MB).
            </div>
            {err('components') && (
              <span class="error-message" id="components-error">
                <span class="visually-hidden">Lỗi: </span>
                {err('components')}
              </span>
            )}
            {v.procedure.components.map((c, i) => {
              if (isGuidance(c)) return null;
              const field = `file-${i}`;
              const kept = v.files?.[field] ?? [];
              const countError = err(`originals-${i}`) ?? err(`copies-${i}`);
              // The copies handed in, as the catalogue asks for them until the officer counts otherwise.
              const count = (kind: 'originals' | 'copies', words: string) => {
                const name = `${kind}-${i}`;
                return (
                  <label class="paper-count">
                    {words}
                    <span class="visually-hidden">: {componentName(c.name)}</span>{' '}
                    <input
                      class={err(name) ? 'input input-count input-error' : 'input input-count'}
                      type="number"
                      inputMode="numeric"
                      min="0"
                      max="99"
                      id={name}
                      name={name}
                      value={v.values[name] === undefined ? String(c[kind]) : one(v.values, name)}
                      aria-describedby={err(name) ? `count-${i}-error` : undefined}
                    />
                  </label>
                );
              };
              return (
                <div key={i} class={err(field) || countError ? 'component form-group-error' : 'component'}>
                  <label>
                    <input type="checkbox" name="received" value={String(i)} checked={ticked.has(String(i))} /> {componentName(c.name)}
                  </label>
                  {countError && (
                    <span class="error-message" id={`count-${i}-error`}>
                      <span class="visually-hidden">Lỗi: </span>
                      {countError}
                    </span>
                  )}
                  <div class="paper-counts">
                    {count('originals', 'Bản chính')} {count('copies', 'Bản sao')}
                  </div>
                  <FileField field={field} kept={kept} error={err(field)} label={`Bản quét: ${componentName(c.name)}`} />
                </div>
              );
            })}
            <ComponentGuidance components={v.procedure.components} />
          </fieldset>
          <fieldset class="form-group">
            <legend class="label">Nhận kết quả</legend>
            {radio('resultDelivery', 'counter', 'Tại Bộ phận Một cửa', true)}
            <br />
            {radio('resultDelivery', 'post', 'Qua dịch vụ bưu chính (gửi về địa chỉ người nộp)')}
            <br />
            {radio('resultDelivery', 'online', 'Trực tuyến')}
          </fieldset>
          <fieldset class="form-group">
            <legend class="label">Kết quả tiếp nhận</legend>
            {radio('outcome', 'receive', 'Tiếp nhận, hẹn trả kết quả (Mẫu 01)', true)}
            <br />
            {radio('outcome', 'request_supplement', 'Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)')}
            <br />
            {radio('outcome', 'refuse', 'Từ chối tiếp nhận (Mẫu 03)')}
            <br />
            {radio('outcome', 'return_now', 'Giải quyết và trả kết quả ngay')}
          </fieldset>
          <Textarea
            name="reasons"
            label="Nội dung cần bổ sung hoặc lý do từ chối"
            hint="Mỗi dòng một nội dung. Không ghi thông tin cá nhân: nội dung này hiện trên trang tra cứu công khai."
            value={one(v.values, 'reasons')}
            error={err('reasons')}
          />
          <button class="button" type="submit">
            Ghi nhận hồ sơ
          </button>
        </form>
      </>
    ),
  });
}
