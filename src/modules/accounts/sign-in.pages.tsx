import { ErrorSummary, TextInput } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage } from '../../web/layout.tsx';

export function signInPage(v: { csrf: string; next: string; username: string; error?: string }): string {
  return renderPage({
    title: 'Đăng nhập',
    noindex: true,
    children: (
      <>
        <h1>Đăng nhập</h1>
        <h2>Công dân, tổ chức</h2>
        <p>Đăng nhập bằng tài khoản định danh điện tử (VNeID) qua Cổng Dịch vụ công quốc gia để theo dõi hồ sơ của bạn.</p>
        <p>
          <a class="button button-secondary" href="/cong-dan/dang-nhap">
            Đăng nhập bằng VNeID
          </a>
        </p>
        <h2>Cán bộ, công chức</h2>
        <ErrorSummary problems={v.error ? [{ field: 'username', message: v.error }] : []} />
        <form method="post" action="/dang-nhap" novalidate>
          <Csrf token={v.csrf} />
          <input type="hidden" name="tiep" value={v.next} />
          <TextInput name="username" label="Tên đăng nhập" value={v.username} autocomplete="username" />
          <div class="form-group">
            <label for="password">Mật khẩu</label>
            <input type="password" id="password" name="password" autocomplete="current-password" />
          </div>
          <button class="button" type="submit">
            Đăng nhập
          </button>
        </form>
        <p class="muted">Quên mật khẩu? Liên hệ quản trị cơ quan của bạn để được cấp lại.</p>
      </>
    ),
  });
}

export function codePage(v: { csrf: string; error?: string }): string {
  return renderPage({
    title: 'Mã xác thực',
    noindex: true,
    children: (
      <>
        <h1>Nhập mã xác thực</h1>
        <p>Mở ứng dụng xác thực trên điện thoại và nhập mã 6 chữ số đang hiển thị cho Một Cửa.</p>
        <ErrorSummary problems={v.error ? [{ field: 'code', message: v.error }] : []} />
        <form method="post" action="/dang-nhap/xac-thuc" novalidate>
          <Csrf token={v.csrf} />
          <TextInput name="code" label="Mã xác thực" autocomplete="one-time-code" error={v.error} />
          <button class="button" type="submit">
            Xác nhận
          </button>
        </form>
        <SignOutLink csrf={v.csrf} />
      </>
    ),
  });
}

export function enrolPage(v: { csrf: string; qr: string; secret: string; action: string; required: boolean; error?: string }): string {
  return renderPage({
    title: 'Thiết lập xác thực hai lớp',
    noindex: true,
    children: (
      <>
        <h1>Thiết lập xác thực hai lớp</h1>
        {v.required && <p class="lead">Vai trò của bạn yêu cầu xác thực hai lớp. Hãy thiết lập trước khi tiếp tục.</p>}
        <ol>
          <li>Cài một ứng dụng xác thực trên điện thoại (ví dụ Google Authenticator, Microsoft Authenticator, FreeOTP).</li>
          <li>
            Quét mã QR dưới đây bằng ứng dụng, hoặc nhập khóa bí mật:{' '}
            <code class="secret">{v.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </li>
          <li>Nhập mã 6 chữ số ứng dụng hiển thị.</li>
        </ol>
        <img class="qr" src={v.qr} alt="Mã QR để thêm Một Cửa vào ứng dụng xác thực" />
        <ErrorSummary problems={v.error ? [{ field: 'code', message: v.error }] : []} />
        <form method="post" action={v.action} novalidate>
          <Csrf token={v.csrf} />
          <TextInput name="code" label="Mã xác thực" autocomplete="one-time-code" error={v.error} />
          <button class="button" type="submit">
            Xác nhận và bật xác thực hai lớp
          </button>
        </form>
        {v.required && <SignOutLink csrf={v.csrf} />}
      </>
    ),
  });
}

function SignOutLink({ csrf }: { csrf: string }) {
  return (
    <form method="post" action="/dang-xuat">
      <Csrf token={csrf} />
      <button type="submit" class="link-button">
        Hủy và đăng xuất
      </button>
    </form>
  );
}
