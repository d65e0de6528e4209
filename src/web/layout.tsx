import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { stylesheet } from './assets.ts';

export interface PageOptions {
  /** Shown in the tab and to screen readers before anything else. */
  title: string;
  children: ComponentChildren;
  /** Keeps search engines off pages such as admin screens. */
  noindex?: boolean;
}

/** The frame of every page: skip link, header with the main navigation, content, footer. */
function Layout({ title, children, noindex }: PageOptions) {
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
                  <a href="/quan-tri/co-quan">Quản trị</a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="noi-dung" class="width" tabIndex={-1}>
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

/** A whole HTML document, escaped by preact. */
export function renderPage(options: PageOptions): string {
  return '<!doctype html>' + renderToString(<Layout {...options} />);
}
