import { formatDate, vietnamClock } from '../../lib/vietnamese.ts';
import type { FieldProblem } from '../../errors.ts';
import { ErrorSummary, Pagination, Select, TextInput } from '../../web/components.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { actionLabels } from './audit-labels.ts';
import type { AuditPage } from './audit-query.ts';

export interface AuditFormValues {
  tu: string;
  den: string;
  nguoi: string;
  thao_tac: string;
  doi_tuong: string;
}

export function auditPage(v: {
  user: PageUser;
  values: AuditFormValues;
  result: AuditPage | null;
  problems: FieldProblem[];
  agencyName: (id: number) => string;
}): string {
  const params = new URLSearchParams(Object.entries(v.values).filter(([, x]) => x));
  const href = (n: number) => `/quan-tri/nhat-ky?${new URLSearchParams([...params, ['trang', String(n)]])}`;
  return renderPage({
    title: 'Nhật ký hệ thống',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Nhật ký hệ thống</h1>
        <p>Mọi thao tác quan trọng được ghi lại theo chuỗi liên kết; không ai sửa hay xóa được mà không bị phát hiện.</p>
        <ErrorSummary problems={v.problems} />
        <form method="get" action="/quan-tri/nhat-ky" class="filters">
          <TextInput name="tu" label="Từ ngày" type="date" value={v.values.tu} error={v.problems.find((p) => p.field === 'tu')?.message} />
          <TextInput
            name="den"
            label="Đến ngày"
            type="date"
            value={v.values.den}
            error={v.problems.find((p) => p.field === 'den')?.message}
          />
          <TextInput name="nguoi" label="Người thực hiện" value={v.values.nguoi} />
          <Select
            name="thao_tac"
            label="Thao tác"
            value={v.values.thao_tac}
            emptyLabel="Tất cả"
            options={Object.entries(actionLabels).map(([value, label]) => ({ value, label }))}
          />
          <TextInput name="doi_tuong" label="Mã đối tượng" hint="Ví dụ: mã cán bộ, mã cơ quan" value={v.values.doi_tuong} />
          <button class="button button-secondary" type="submit">
            Lọc
          </button>
        </form>
        {v.result && (
          <>
            <p role="status">{v.result.total} mục.</p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Thời điểm</th>
                    <th scope="col">Người thực hiện</th>
                    <th scope="col">Thao tác</th>
                    <th scope="col">Đối tượng</th>
                    <th scope="col">Chi tiết</th>
                  </tr>
                </thead>
                <tbody>
                  {v.result.rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        {formatDate(r.at)} {vietnamClock(r.at).slice(11, 19)}
                      </td>
                      <td>
                        {r.actor.name}
                        {r.actor.onBehalfOf && <div class="muted">được {r.actor.onBehalfOf.name} ủy quyền</div>}
                      </td>
                      <td>{actionLabels[r.action] ?? r.action}</td>
                      <td>
                        {r.subjectType ?? ''} {r.subjectId ?? ''}
                        {r.agencyId !== null && <div class="muted">{v.agencyName(r.agencyId)}</div>}
                      </td>
                      <td>
                        <code>{Object.keys(r.detail).length ? JSON.stringify(r.detail) : ''}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={v.result.page} pages={v.result.pageCount} href={href} />
          </>
        )}
      </>
    ),
  });
}
