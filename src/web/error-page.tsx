import { renderPage } from './layout.tsx';

/** The page a person sees when something went wrong: what happened, in Vietnamese, and a way on. */
export function renderErrorPage(status: number, message: string, requestId: string): string {
  const title = status === 404 ? 'Không tìm thấy trang' : status >= 500 ? 'Hệ thống gặp sự cố' : 'Không thể thực hiện yêu cầu';
  return renderPage({
    title,
    noindex: true,
    children: (
      <>
        <h1>{title}</h1>
        <p class="lead">{message}</p>
        <p>
          <a href="/">Về trang chủ</a> hoặc <a href="/thu-tuc">tìm thủ tục hành chính</a>.
        </p>
        {status >= 500 && <p class="muted">Mã yêu cầu để báo cho bộ phận hỗ trợ: {requestId}</p>}
      </>
    ),
  });
}
