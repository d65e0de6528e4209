import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** The local identity provider's own pages: a different site from Một Cửa, so a frame and style of its own. */

export interface DemoCitizen {
  sub: string;
  name: string;
  idNumber: string;
  acr: 'vneid-1' | 'vneid-2';
  born: string;
}

const style = `body{font-family:system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}
header{background:#a50e0e;color:#fff;padding:12px 20px;font-weight:700}main{max-width:640px;margin:24px auto;padding:0 16px}
ul{list-style:none;padding:0}li{background:#fff;border:1px solid #d1d5db;border-radius:6px;padding:12px 16px;margin:0 0 12px}
button{font:inherit;padding:8px 14px;border:0;border-radius:4px;background:#a50e0e;color:#fff;cursor:pointer}
button.secondary{background:#e5e7eb;color:#111}.muted{color:#4b5563;font-size:.9em}`;

function Frame({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: style }} />
      </head>
      <body>
        <header>VNeID – Ứng dụng định danh quốc gia (mô phỏng)</header>
        <main>{children}</main>
      </body>
    </html>
  );
}

/** The choice of demo citizen: one form and button per citizen, and a way to cancel. */
export function chooseCitizenPage(v: { uid: string; clientName: string; citizens: DemoCitizen[] }): string {
  const title = 'Tài khoản định danh điện tử (mô phỏng VNeID)';
  return (
    '<!doctype html>' +
    renderToString(
      <Frame title={title}>
        <h1>{title}</h1>
        <p>
          <strong>{v.clientName}</strong> đề nghị xác thực danh tính của bạn và nhận họ tên, số định danh cá nhân. Chọn công dân để đăng
          nhập:
        </p>
        <ul>
          {v.citizens.map((c) => (
            <li key={c.sub}>
              <form method="post" action={`/interaction/${v.uid}/login`}>
                <input type="hidden" name="sub" value={c.sub} />
                <p>
                  <strong>{c.name}</strong>
                  <br />
                  <span class="muted">
                    Sinh năm {c.born} · Số định danh {c.idNumber} · Tài khoản mức {c.acr === 'vneid-2' ? '2' : '1'}
                  </span>
                </p>
                <button type="submit">Đăng nhập với tên {c.name}</button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`/interaction/${v.uid}/abort`}>
          <button type="submit" class="secondary">
            Hủy, quay lại {v.clientName}
          </button>
        </form>
        <p class="muted">Đây là máy chủ định danh mô phỏng dùng để chạy thử; các công dân và số định danh đều là hư cấu.</p>
      </Frame>,
    )
  );
}

/** Anything the provider refuses (an expired interaction, a wrong request): in Vietnamese, without internals. */
export function providerErrorPage(v: { error: string; description: string | undefined }): string {
  return (
    '<!doctype html>' +
    renderToString(
      <Frame title="Không thể xác thực">
        <h1>Không thể xác thực</h1>
        <p>Yêu cầu xác thực không hợp lệ hoặc đã hết hạn. Hãy quay lại trang dịch vụ và bắt đầu đăng nhập lại.</p>
        <p class="muted">
          Mã lỗi: {v.error}
          {v.description ? ` (${v.description})` : ''}
        </p>
      </Frame>,
    )
  );
}
