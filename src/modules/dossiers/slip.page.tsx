import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { DossierRow } from './dossiers.repository.ts';

const titles = {
  received: ['Mẫu 01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'],
  returned: ['Mẫu 01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'],
  supplement_requested: ['Mẫu 02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'],
  not_received: ['Mẫu 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'],
} as const;

const delivery = { counter: 'Tại bộ phận một cửa', post: 'Qua dịch vụ bưu chính', online: 'Trực tuyến' };

/**
 * The slip of a reception as a printable A4 page (the browser's print): Mẫu 01
 * for a received dossier, Mẫu 02 for a supplement request, Mẫu 03 for a
 * refusal, with a QR code leading to the public lookup of the dossier.
 */
export function slipPage(v: { user: PageUser; d: DossierRow; reasons: string[]; qr: string; officer: string }): string {
  const { d } = v;
  const [form, title] = titles[d.status as keyof typeof titles] ?? titles.received;
  return renderPage({
    title: `${form} – ${d.code}`,
    noindex: true,
    user: v.user,
    children: (
      <article class="slip">
        <p class="no-print">
          Dùng lệnh In của trình duyệt (Ctrl+P) để in phiếu này, hoặc <a href={`/ho-so/${d.code}/phieu.pdf`}>tải bản PDF khổ A4</a>. Phiếu
          in thành 2 bản, một bản giao người nộp.
        </p>
        <div class="slip-head">
          <div>
            <strong>{d.receivingAgencyName.toUpperCase()}</strong>
            <div>BỘ PHẬN MỘT CỬA</div>
          </div>
          <div>
            <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            <div>Độc lập – Tự do – Hạnh phúc</div>
          </div>
        </div>
        <p class="muted">{form}</p>
        <h1 class="slip-title">{title}</h1>
        <p>
          Mã hồ sơ: <strong>{d.code}</strong>
        </p>
        <img class="qr" src={v.qr} alt={`Mã QR tra cứu hồ sơ ${d.code}`} />
        <p>
          {d.receivingAgencyName} đã nhận hồ sơ của: Ông/Bà <strong>{d.applicant.fullName}</strong>
        </p>
        <p>
          Địa chỉ: {d.applicant.address} · Điện thoại: {d.applicant.phone} · Thư điện tử: {d.applicant.email}
        </p>
        <p>Nội dung yêu cầu giải quyết: {d.procedureName}</p>
        {d.status !== 'not_received' && (
          <table>
            <caption>1. Thành phần hồ sơ đã nhận</caption>
            <thead>
              <tr>
                <th scope="col">TT</th>
                <th scope="col">Tên giấy tờ</th>
              </tr>
            </thead>
            <tbody>
              {d.components
                .filter((c) => c.received)
                .map((c, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>{c.name.replace(/^[-+•]\s*/, '')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        {v.reasons.length > 0 && (
          <>
            <h2>{d.status === 'not_received' ? 'Lý do từ chối' : 'Nội dung cần bổ sung, hoàn thiện'}</h2>
            <ol>
              {v.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ol>
            {d.status === 'supplement_requested' && <p>Hồ sơ được yêu cầu bổ sung một lần, đầy đủ các nội dung trên.</p>}
          </>
        )}
        {d.receivedAt && <p>Thời gian nhận hồ sơ: {formatMoment(d.receivedAt)}</p>}
        {d.dueAt && (
          <p>
            Thời gian trả kết quả: <strong>{formatMoment(d.dueAt)}</strong>
          </p>
        )}
        {d.status !== 'not_received' && d.status !== 'supplement_requested' && <p>Nhận kết quả: {delivery[d.resultDelivery]}</p>}
        <p class="muted">Tra cứu tình trạng hồ sơ tại trang “Tra cứu hồ sơ” bằng mã hồ sơ hoặc mã QR.</p>
        <div class="slip-signatures">
          <div>
            <strong>NGƯỜI NỘP HỒ SƠ</strong>
            <div class="muted">(Ký và ghi rõ họ tên)</div>
            <p class="sign-name">{d.applicant.fullName}</p>
          </div>
          <div>
            <strong>NGƯỜI TIẾP NHẬN HỒ SƠ</strong>
            <div class="muted">(Ký và ghi rõ họ tên)</div>
            <p class="sign-name">{v.officer}</p>
          </div>
        </div>
        <p class="muted">In ngày {formatDate(new Date())}</p>
      </article>
    ),
  });
}
