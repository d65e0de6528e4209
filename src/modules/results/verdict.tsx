import { formatMoment } from '../../lib/vietnamese.ts';
import { SummaryList, Tag } from '../../web/components.tsx';
import type { PdfVerdict } from '../signing/signing.ts';

/** The verdict on a signed PDF as a person reads it: the summary, then each signature — who, when, which certificate, changed or not. */
export function VerdictBlock({ verdict }: { verdict: PdfVerdict }) {
  return (
    <>
      <div class={verdict.allValid ? 'notice notice-success' : 'error-summary'} role="status">
        <p>{verdict.summary}</p>
        {!verdict.allValid && (
          <p>Không dùng tệp này làm căn cứ; hãy liên hệ cơ quan phát hành hoặc tải bản gốc từ trang xác thực của văn bản.</p>
        )}
      </div>
      {verdict.signatures.map((s, i) => (
        <section key={i}>
          <h2>
            Chữ ký {i + 1}: {s.signer?.commonName ?? s.signer?.organisation ?? 'không rõ'}{' '}
            <Tag tone={s.status === 'valid' ? 'green' : s.status === 'invalid' ? 'red' : 'yellow'}>
              {s.status === 'valid' ? 'Hợp lệ' : s.status === 'invalid' ? 'Không hợp lệ' : 'Chưa xác định'}
            </Tag>
          </h2>
          <SummaryList
            rows={[
              ['Người ký', s.signer?.commonName ?? ''],
              ['Cơ quan', s.signer?.organisation ?? ''],
              ['Thời điểm ký', s.signingTime ? formatMoment(s.signingTime) : ''],
              [
                'Chứng thư số',
                s.certificate ? `Số hiệu ${s.certificate.serial}, do ${s.certificate.issuerCommonName ?? s.certificate.issuer} cấp` : '',
              ],
              [
                'Hiệu lực chứng thư',
                s.certificate ? `Từ ${formatMoment(s.certificate.notBefore)} đến ${formatMoment(s.certificate.notAfter)}` : '',
              ],
              [
                'Nội dung sau khi ký',
                s.integrity === 'intact' ? 'Không bị thay đổi' : s.integrity === 'changed' ? 'ĐÃ BỊ THAY ĐỔI' : 'Không đọc được',
              ],
            ]}
          />
          <ul>
            {s.messages.map((m, j) => (
              <li key={j}>{m}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
