import type { FieldProblem } from '../../../errors.ts';
import { compareVietnamese } from '../../../lib/vietnamese.ts';
import { Breadcrumbs, ErrorSummary, Select, SummaryList, Tag, TextInput, type Option } from '../../../web/components.tsx';
import { Csrf } from '../../../web/forms.tsx';
import { renderPage, type PageUser } from '../../../web/layout.tsx';
import { roleLabels, roles } from '../roles.ts';
import type { StaffSummary } from '../staff.repository.ts';

const roleOptions: Option[] = roles.map((r) => ({ value: r, label: roleLabels[r] }));

function Status({ p }: { p: StaffSummary }) {
  return p.locked ? <Tag tone="grey">Đã khóa</Tag> : <Tag tone="green">Đang hoạt động</Tag>;
}

export function staffListPage(v: {
  user: PageUser;
  staff: StaffSummary[];
  agencyName: (id: number) => string;
  canCreate: boolean;
}): string {
  const sorted = [...v.staff].sort((a, b) => compareVietnamese(a.fullName, b.fullName));
  return renderPage({
    title: 'Cán bộ',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Cán bộ, công chức</h1>
        {v.canCreate && (
          <p>
            <a class="button" href="/quan-tri/can-bo/moi">
              Thêm cán bộ
            </a>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                <th scope="col">Tên đăng nhập</th>
                <th scope="col">Cơ quan, đơn vị</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`/quan-tri/can-bo/${p.id}`}>{p.fullName}</a>
                  </td>
                  <td>{p.username}</td>
                  <td>{p.agencyId === null ? '' : v.agencyName(p.agencyId)}</td>
                  <td>{p.grants.map((g) => roleLabels[g.role]).join(', ')}</td>
                  <td>
                    <Status p={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ),
  });
}

export interface NewStaffValues {
  username: string;
  fullName: string;
  email: string;
  agencyId: string;
  role: string;
}

export function newStaffPage(v: { user: PageUser; values: NewStaffValues; problems: FieldProblem[]; agencies: Option[] }): string {
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
  return renderPage({
    title: 'Thêm cán bộ',
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[['/quan-tri/can-bo', 'Cán bộ']]} />
        <h1>Thêm cán bộ</h1>
        <ErrorSummary problems={v.problems} />
        <form method="post" action="/quan-tri/can-bo/moi" novalidate>
          <Csrf token={v.user.csrf} />
          <TextInput name="fullName" label="Họ và tên" value={v.values.fullName} error={err('fullName')} />
          <TextInput
            name="username"
            label="Tên đăng nhập"
            hint="Chữ không dấu, số, dấu chấm; ví dụ nguyen.van.a"
            value={v.values.username}
            error={err('username')}
          />
          <TextInput name="email" label="Thư điện tử (không bắt buộc)" type="email" value={v.values.email} error={err('email')} />
          <Select
            name="agencyId"
            label="Cơ quan, đơn vị công tác"
            value={v.values.agencyId}
            options={v.agencies}
            emptyLabel="Chọn"
            error={err('agencyId')}
          />
          <Select
            name="role"
            label="Vai trò ban đầu"
            value={v.values.role}
            options={roleOptions}
            emptyLabel="(Chưa giao)"
            error={err('role')}
          />
          <button class="button" type="submit">
            Tạo tài khoản
          </button>
        </form>
      </>
    ),
  });
}

export function staffDetailPage(v: {
  user: PageUser;
  person: StaffSummary;
  agencyName: (id: number) => string;
  canManage: boolean;
  agencies: Option[];
  notice?: string;
  problems?: FieldProblem[];
}): string {
  const { person: p, user } = v;
  return renderPage({
    title: p.fullName,
    noindex: true,
    user,
    children: (
      <>
        <Breadcrumbs items={[['/quan-tri/can-bo', 'Cán bộ']]} />
        <h1>{p.fullName}</h1>
        {v.notice && (
          <div class="notice notice-success" role="status">
            {v.notice}
          </div>
        )}
        <ErrorSummary problems={v.problems ?? []} />
        <SummaryList
          rows={[
            ['Tên đăng nhập', p.username],
            ['Thư điện tử', p.email],
            ['Cơ quan, đơn vị', p.agencyId === null ? '' : v.agencyName(p.agencyId)],
            ['Xác thực hai lớp', p.hasSecondFactor ? 'Đã bật' : 'Chưa bật'],
            ['Trạng thái', <Status p={p} />],
          ]}
        />
        <h2>Vai trò</h2>
        <ul>
          {p.grants.map((g) => (
            <li key={g.id}>
              {roleLabels[g.role]} – {v.agencyName(g.agencyId)}{' '}
              {v.canManage && (
                <form method="post" action={`/quan-tri/can-bo/${p.id}/thu-hoi`} class="inline-form">
                  <Csrf token={user.csrf} />
                  <input type="hidden" name="grantId" value={String(g.id)} />
                  <button class="link-button" type="submit">
                    Thu hồi
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {v.canManage && (
          <>
            <h3>Giao thêm vai trò</h3>
            <form method="post" action={`/quan-tri/can-bo/${p.id}/giao`} novalidate>
              <Csrf token={user.csrf} />
              <Select name="role" label="Vai trò" options={roleOptions} emptyLabel="Chọn" />
              <Select name="agencyId" label="Tại cơ quan, đơn vị" options={v.agencies} emptyLabel="Chọn" />
              <button class="button" type="submit">
                Giao vai trò
              </button>
            </form>
            <h2>Mật khẩu và khóa tài khoản</h2>
            <form method="post" action={`/quan-tri/can-bo/${p.id}/dat-lai-mat-khau`}>
              <Csrf token={user.csrf} />
              <div class="form-group">
                <label>
                  <input type="checkbox" name="secondFactor" value="1" /> Đặt lại cả xác thực hai lớp (khi cán bộ mất điện thoại)
                </label>
              </div>
              <button class="button button-secondary" type="submit">
                Cấp mật khẩu tạm thời
              </button>
            </form>
            <form method="post" action={`/quan-tri/can-bo/${p.id}/${p.locked ? 'mo-khoa' : 'khoa'}`} style="margin-top:1rem">
              <Csrf token={user.csrf} />
              <button class="button button-secondary" type="submit">
                {p.locked ? 'Mở khóa tài khoản' : 'Khóa tài khoản'}
              </button>
            </form>
          </>
        )}
      </>
    ),
  });
}

/** Shown once, right after the password was made: it is stored nowhere in clear. */
export function temporaryPasswordPage(v: {
  user: PageUser;
  person: { id: number; fullName: string; username: string };
  password: string;
  created: boolean;
}): string {
  return renderPage({
    title: 'Mật khẩu tạm thời',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>{v.created ? 'Đã tạo tài khoản' : 'Đã cấp mật khẩu tạm thời'}</h1>
        <div class="notice notice-success" role="status">
          <p>
            Tên đăng nhập: <strong>{v.person.username}</strong>
          </p>
          <p>
            Mật khẩu tạm thời: <code class="secret">{v.password}</code>
          </p>
        </div>
        <p>
          Hãy trao mật khẩu này trực tiếp cho {v.person.fullName}. Mật khẩu chỉ hiển thị một lần và phải được đổi ở lần đăng nhập đầu tiên.
        </p>
        <p>
          <a href={`/quan-tri/can-bo/${v.person.id}`}>Về trang của cán bộ</a>
        </p>
      </>
    ),
  });
}
