import { renderPage, type PageUser } from '../../web/layout.tsx';
import { slipContent, type SlipInput } from '../slips/slip-content.ts';
import { Block, Signatures } from '../slips/sheet.page.tsx';

/**
 * The slip of a reception as a printable A4 page (the browser's print): Mẫu 01
 * for a received dossier, Mẫu 02 for a supplement request, Mẫu 03 for a
 * refusal, with a QR code leading to the public lookup of the dossier. It is
 * drawn from the same content as the PDF (slips/slip-content.ts), so the two
 * say the same things in the same words.
 */
export function slipPage(v: { user: PageUser; slip: SlipInput; qr: string }): string {
  const c = slipContent(v.slip);
  return renderPage({
    title: `${c.form} – ${c.code}`,
    noindex: true,
    user: v.user,
    children: (
      <article class="slip">
        <p class="no-print">
          Dùng lệnh In của trình duyệt (Ctrl+P) để in phiếu này, hoặc <a href={`/ho-so/${c.code}/phieu.pdf`}>tải bản PDF khổ A4</a>. Phiếu
          in thành 2 bản, một bản giao người nộp.
        </p>
        <p class="muted">{c.form}</p>
        <div class="slip-head">
          <div>
            {c.agencyLines.map((line, i) => (
              <div key={i}>
                <strong>{line}</strong>
              </div>
            ))}
            {c.number && <div>{c.number}</div>}
          </div>
          <div>
            {c.nationLines.map((line, i) => (
              <div key={i}>
                <strong>{line}</strong>
              </div>
            ))}
            <div>
              <em>{c.placeDate}</em>
            </div>
          </div>
        </div>
        <h1 class="slip-title">{c.title}</h1>
        <p>
          Mã hồ sơ: <strong>{c.code}</strong>
        </p>
        <img class="qr" src={v.qr} alt={`Mã QR tra cứu hồ sơ ${c.code}`} />
        {c.blocks.map((b, i) => (
          <Block key={i} block={b} />
        ))}
        <Signatures signatures={c.signatures} />
      </article>
    ),
  });
}
