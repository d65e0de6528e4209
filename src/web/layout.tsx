import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { stylesheet } from './assets.ts';

/** The signed-in person, for the header of pages that are not shared by everyone. */
export interface PageUser {
  name: string;
  /** The person's own page: /tai-khoan for staff, /cong-dan for citizens. */
  home?: string;
  /** The session's CSRF token, for the sign-out form and every form on the page. */
  csrf: string;
  /** Administration links this person may use. */
  links: Array<[href: string, label: string]>;
}

export interface PageOptions {
  /** Shown in the tab and to screen readers before anything else. */
  title: string;
  children: ComponentChildren;
  /** Keeps search engines off pages such as admin screens. */
  noindex?: boolean;
  /** Absent on public pages, which are cached and the same for everyone. */
  user?: PageUser | undefined;
  /** Uses the whole screen (editors with a preview beside them). */
  wide?: boolean;
}

/** The frame of every page: skip link, header with the main navigation, content, footer. */
function Layout({ title, children, noindex, user, wide }: PageOptions) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Một Cửa`}</title>
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href={stylesheet.path} />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip-link" href="#noi-dung">
          Bỏ qua để đến nội dung chính
        </a>
        <header class="header">
          <div class="header-inner">
            <a class="logo" href="/">
              Một Cửa
            </a>
            <nav aria-label="Điều hướng chính">
              <ul class="nav">
                <li>
                  <a href="/thu-tuc">Thủ tục hành chính</a>
                </li>
                <li>
                  <a href="/co-quan">Cơ quan</a>
                </li>
                <li>
                  <a href="/tra-cuu">Tra cứu hồ sơ</a>
                </li>
                <AccountNav user={user} />
              </ul>
            </nav>
          </div>
        </header>
        <main id="noi-dung" class={wide ? 'width width-wide' : 'width'} tabIndex={-1}>
          {children}
        </main>
        <footer class="footer">
          <div class="width">
            Hệ thống thông tin giải quyết thủ tục hành chính. Mã nguồn mở. <a href="/api/docs">API</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The header's last links: the person's own (admin links, name, sign-out) or the way to sign in. */
function AccountNav({ user }: { user?: PageUser | undefined }) {
  if (!user)
    return (
      <li>
        <a href="/dang-nhap">Đăng nhập</a>
      </li>
    );
  return (
    <>
      {user.links.map(([href, label]) => (
        <li key={href}>
          <a href={href}>{label}</a>
        </li>
      ))}
      <li>
        <a href={user.home ?? '/tai-khoan'}>{user.name}</a>
      </li>
      <li>
        <form method="post" action="/dang-xuat" class="inline-form">
          <input type="hidden" name="_csrf" value={user.csrf} />
          <button type="submit" class="link-button">
            Đăng xuất
          </button>
        </form>
      </li>
    </>
  );
}

const signedOutNav = renderToString(<AccountNav />);

/** The header's account links of a signed-in person, as HTML to put into a page kept for everyone (`personalise`). */
export function accountNavOf(user: PageUser): string {
  return renderToString(<AccountNav user={user} />);
}

/**
 * A page rendered for everyone (cached), as a signed-in person must see it: their own links in the
 * header (`accountNavOf`) instead of "Đăng nhập". Only the header's first occurrence is replaced; a
 * page without it (already personal) is returned as it was, and `nav` is then not asked.
 */
export function personalise(html: string, nav: () => string): string {
  const at = html.indexOf(signedOutNav);
  if (at < 0) return html;
  return html.slice(0, at) + nav() + html.slice(at + signedOutNav.length);
}

/** A whole HTML document, escaped by preact. */
export function renderPage(options: PageOptions): string {
  return '<!doctype html>' + renderToString(<Layout {...options} />);
}
