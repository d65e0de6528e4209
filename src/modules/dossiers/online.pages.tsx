import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, ErrorSummary, Select, Tag, TextInput, type Option } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { FileField } from '../files/file-field.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { Procedure } from '../catalog/procedure.schema.ts';
import { statusLabels } from './dossier-states.ts';
import type { DossierRow } from './dossiers.repository.ts';

export function onlineFormPage(v: {
  user: PageUser;
  procedure: Procedure;
  applicant: { fullName: string; maskedId: string };
  agencies: Option[];
  key: string;
  values: Record<string, string[]>;
  problems: FieldProblem[];
  files: Record<string, Array<{ uploadId: number; displayName: string; size: number }>>;
}): string {
  const one = (k: string) => v.values[k]?.[0] ?? '';
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
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
        <ErrorSummary problems={v.problems} />
        <form method="post" action={`/cong-dan/nop/${v.procedure.code}`} enctype="multipart/form-data" novalidate>
          <Csrf token={v.user.csrf} />
          <input type="hidden" name="key" value={v.key} />
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
          <fieldset class="form-group">
            <legend class="label">Giấy tờ</legend>
            <div class="hint">
              Tải lên bản chụp hoặc bản điện tử của từng giấy tờ (PDF, JPG, PNG, DOCX, XLSX; mỗi tệp tối đa 20 MB). Chỉ nộp những giấy tờ
              thủ tục yêu cầu.
            </div>
            {v.procedure.components.map((c, i) => {
              const field = `file-${i}`;
              return (
                <div key={i} class={err(field) ? 'component form-group-error' : 'component'}>
                  <label for={field}>{c.name.replace(/^[-+•]\s*/, '')}</label>
                  <FileField field={field} kept={v.files[field] ?? []} error={err(field)} />
                </div>
              );
            })}
          </fieldset>
          <fieldset class="form-group">
            <legend class="label">Nhận kết quả</legend>
            {(
              [
                ['online', 'Trực tuyến (tải về tại trang hồ sơ của bạn)'],
                ['post', 'Qua dịch vụ bưu chính về địa chỉ trên'],
                ['counter', 'Tại bộ phận một cửa'],
              ] as const
            ).map(([value, label]) => (
              <div key={value}>
                <label>
                  <input type="radio" name="resultDelivery" value={value} checked={delivery === value} /> {label}
                </label>
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit">
            Nộp hồ sơ
          </button>
        </form>
      </>
    ),
  });
}

export function myDossiersPage(v: { user: PageUser; dossiers: DossierRow[]; justSubmitted?: string }): string {
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
            <p>Bộ phận một cửa sẽ kiểm tra và tiếp nhận hoặc hướng dẫn bổ sung trong vòng 8 giờ làm việc.</p>
          </div>
        )}
        {v.dossiers.length === 0 ? (
          <p>
            Bạn chưa có hồ sơ nào. <a href="/thu-tuc">Tìm thủ tục để nộp hồ sơ</a>.
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Hẹn trả / hạn tiếp nhận</th>
                </tr>
              </thead>
              <tbody>
                {v.dossiers.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <a href={`/tra-cuu?ma=${d.code}`}>{d.code}</a>
                    </td>
                    <td>{d.procedureName}</td>
                    <td>
                      <Tag>{statusLabels[d.status]}</Tag>
                    </td>
                    <td>
                      {d.dueAt
                        ? formatMoment(d.dueAt)
                        : d.acceptBy && d.status === 'new'
                          ? `Tiếp nhận trước ${formatMoment(d.acceptBy)}`
                          : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}
