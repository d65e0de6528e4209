import type { FieldProblem } from '../../errors.ts';
import { ErrorSummary, SummaryList } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { StaffActor } from './actor.ts';
import { roleLabels } from './roles.ts';

export function accountPage(v: { user: PageUser; actor: StaffActor; agencyName: (id: number) => string; notice?: string }): string {
  const { actor } = v;
  return renderPage({
    title: 'Tài khoản',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Tài khoản của bạn</h1>
        {v.notice && (
          <div class="notice notice-success" role="status">
            {v.notice}
          </div>
        )}
        <SummaryList
          rows={[
            ['Họ và tên', actor.fullName],
            ['Tên đăng nhập', actor.username],
            ['Xác thực hai lớp', actor.hasSecondFactor ? 'Đã bật' : 'Chưa bật'],
          ]}
        />
        <h2>Vai trò</h2>
        {actor.roles.length ? (
          <ul>
            {actor.roles.map((g, i) => (
              <li key={i}>
                {roleLabels[g.role]} – {v.agencyName(g.agencyId)}
                {g.delegatedBy && <strong> (được {g.delegatedBy.name} ủy quyền)</strong>}
              </li>
            ))}
          </ul>
        ) : (
          <p>Bạn chưa được giao vai trò nào. Liên hệ quản trị cơ quan.</p>
        )}
        <h2>Bảo mật</h2>
        <ul>
          <li>
            <a href="/tai-khoan/doi-mat-khau">Đổi mật khẩu</a>
          </li>
          {!actor.hasSecondFactor && (
            <li>
              <a href="/tai-khoan/xac-thuc-hai-lop">Bật xác thực hai lớp</a>
            </li>
          )}
        </ul>
        <form method="post" action="/tai-khoan/dang-xuat-moi-noi">
          <Csrf token={v.user.csrf} />
          <button class="button button-secondary" type="submit">
            Đăng xuất khỏi mọi thiết bị
          </button>
        </form>
      </>
    ),
  });
}

/** `action`: where the form posts (it carries the page to go to once the password is changed). */
export function changePasswordPage(v: { user: PageUser; required: boolean; problems: FieldProblem[]; action: string }): string {
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
  const field = (name: string, label: string, autocomplete: string) => (
    <div class={err(name) ? 'form-group form-group-error' : 'form-group'}>
      <label for={name}>{label}</label>
      {err(name) && (
        <span class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">Lỗi: </span>
          {err(name)}
        </span>
      )}
      <input type="password" id={name} name={name} autocomplete={autocomplete} aria-describedby={err(name) ? `${name}-error` : undefined} />
    </div>
  );
  return renderPage({
    title: 'Đổi mật khẩu',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Đổi mật khẩu</h1>
        {v.required && <p class="lead">Bạn đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu mới trước khi tiếp tục.</p>}
        <ErrorSummary problems={v.problems} />
        <form method="post" action={v.action} novalidate>
          <Csrf token={v.user.csrf} />
          {field('current', 'Mật khẩu hiện tại', 'current-password')}
          {field('next', 'Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)', 'new-password')}
          {field('repeat', 'Nhập lại mật khẩu mới', 'new-password')}
          <button class="button" type="submit">
            Đổi mật khẩu
          </button>
        </form>
      </>
    ),
  });
}
