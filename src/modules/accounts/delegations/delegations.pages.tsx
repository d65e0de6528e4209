import type { FieldProblem } from '../../../errors.ts';
import { formatDate } from '../../../lib/vietnamese.ts';
import { ErrorSummary, Select, Tag, TextInput, type Option } from '../../../web/components.tsx';
import { Csrf } from '../../../web/forms.tsx';
import { renderPage, type PageUser } from '../../../web/layout.tsx';
import { roleLabels } from '../roles.ts';
import type { Delegation } from './delegations.repository.ts';

export interface DelegationFormValues {
  grantIndex: string;
  delegateUsername: string;
  validFrom: string;
  validTo: string;
  reason: string;
}

export function delegationsPage(v: {
  user: PageUser;
  delegations: Delegation[];
  today: string;
  agencyName: (id: number) => string;
  canRevoke: (d: Delegation) => boolean;
  lendable: Option[];
  values: DelegationFormValues;
  problems: FieldProblem[];
  notice?: string;
}): string {
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
  const state = (d: Delegation) =>
    d.revoked ? (
      <Tag tone="grey">Đã thu hồi</Tag>
    ) : d.validTo < v.today ? (
      <Tag tone="grey">Đã hết hạn</Tag>
    ) : d.validFrom > v.today ? (
      <Tag>Chưa bắt đầu</Tag>
    ) : (
      <Tag tone="green">Đang hiệu lực</Tag>
    );
  return renderPage({
    title: 'Ủy quyền',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Ủy quyền</h1>
        {v.notice && (
          <div class="notice notice-success" role="status">
            {v.notice}
          </div>
        )}
        {v.lendable.length === 0 && <ErrorSummary problems={v.problems} />}
        {v.lendable.length > 0 && (
          <>
            <h2>Ủy quyền vai trò của bạn</h2>
            <p>Người được ủy quyền dùng vai trò này trong thời hạn ủy quyền; mọi thao tác của họ đều ghi rõ được bạn ủy quyền.</p>
            <ErrorSummary problems={v.problems} />
            <form method="post" action="/quan-tri/uy-quyen" novalidate>
              <Csrf token={v.user.csrf} />
              <Select name="grantIndex" label="Vai trò" options={v.lendable} value={v.values.grantIndex} error={err('grantIndex')} />
              <TextInput
                name="delegateUsername"
                label="Tên đăng nhập của người được ủy quyền"
                value={v.values.delegateUsername}
                error={err('delegateUsername')}
              />
              <TextInput name="validFrom" label="Từ ngày" type="date" value={v.values.validFrom} error={err('validFrom')} />
              <TextInput name="validTo" label="Đến ngày (tối đa một năm)" type="date" value={v.values.validTo} error={err('validTo')} />
              <TextInput name="reason" label="Lý do" hint="Ví dụ: đi công tác, nghỉ phép" value={v.values.reason} error={err('reason')} />
              <button class="button" type="submit">
                Ủy quyền
              </button>
            </form>
          </>
        )}
        <h2>Các ủy quyền</h2>
        {v.delegations.length === 0 ? (
          <p>Chưa có ủy quyền nào.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Người ủy quyền</th>
                  <th scope="col">Người được ủy quyền</th>
                  <th scope="col">Vai trò</th>
                  <th scope="col">Thời hạn</th>
                  <th scope="col">Lý do</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {v.delegations.map((d) => (
                  <tr key={d.id}>
                    <td>{d.delegatorName}</td>
                    <td>{d.delegateName}</td>
                    <td>
                      {roleLabels[d.role]} – {v.agencyName(d.agencyId)}
                    </td>
                    <td>
                      {formatDate(d.validFrom)} – {formatDate(d.validTo)}
                    </td>
                    <td>{d.reason}</td>
                    <td>
                      {state(d)}{' '}
                      {!d.revoked && d.validTo >= v.today && v.canRevoke(d) && (
                        <form method="post" action={`/quan-tri/uy-quyen/${d.id}/thu-hoi`} class="inline-form">
                          <Csrf token={v.user.csrf} />
                          <button type="submit" class="link-button">
                            Thu hồi
                          </button>
                        </form>
                      )}
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
