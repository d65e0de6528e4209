import { SummaryList } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { CitizenActor } from '../accounts/actor.ts';
import { assuranceInWords, maskIdNumber } from './citizen-display.ts';

/** "Trang của tôi": who the citizen is signed in as (ID number masked), and sign-out. */
export function myPage(v: { citizen: CitizenActor; user: PageUser }): string {
  const { citizen } = v;
  return renderPage({
    title: 'Trang của tôi',
    noindex: true,
    user: v.user,
    children: (
      <>
        <h1>Trang của tôi</h1>
        <p class="lead">Xin chào, {citizen.fullName}.</p>
        <SummaryList
          rows={[
            ['Họ và tên', citizen.fullName],
            [
              'Số định danh cá nhân',
              <>
                <span aria-hidden="true">{maskIdNumber(citizen.idNumber)}</span>
                <span class="visually-hidden">đã ẩn, ba số cuối là {citizen.idNumber.slice(-3).split('').join(' ')}</span>
              </>,
            ],
            ['Mức độ xác thực', assuranceInWords(citizen.assurance)],
          ]}
        />
        <h2>Hồ sơ của tôi</h2>
        <p>
          <a href="/cong-dan/ho-so">Xem các hồ sơ bạn đã nộp</a>, bản nháp đang soạn và kết quả đã được cấp.
        </p>
        <form method="post" action="/dang-xuat">
          <Csrf token={v.user.csrf} />
          <button type="submit" class="button button-secondary">
            Đăng xuất
          </button>
        </form>
      </>
    ),
  });
}

/** The callback could not sign the person in: what happened in plain words, and a way to try again. */
export function signInFailedPage(v: { message: string; retryHref: string }): string {
  return renderPage({
    title: 'Chưa đăng nhập được',
    noindex: true,
    children: (
      <>
        <h1>Chưa đăng nhập được</h1>
        <p>{v.message}</p>
        <p>
          <a class="button" href={v.retryHref}>
            Thử đăng nhập lại bằng VNeID
          </a>
        </p>
        <p>
          <a href="/">Về trang chủ</a>
        </p>
      </>
    ),
  });
}
