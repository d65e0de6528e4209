import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, SummaryList, Tag } from '../../web/components.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { FormDefinition } from '../forms/form-definition.ts';
import { AnswersSummary } from '../forms/answers-summary.tsx';
import type { ResultRow } from '../results/results.repository.ts';
import { formOf } from '../slips/slip-content.ts';
import { Papers } from './papers.tsx';
import { channelLabels, statusLabels } from './dossier-states.ts';
import type { ActionRow, DossierRow } from './dossiers.repository.ts';
import type { PublicStatus } from './lookup.ts';
import { logEntryLabel } from './log-entry-label.ts';
import { slipActOf } from './dossier-slip.ts';

const deliveryLabels: Record<DossierRow['resultDelivery'], string> = {
  online: 'Trực tuyến (tải về tại trang này)',
  post: 'Qua dịch vụ bưu chính công ích',
  counter: 'Tại Bộ phận Một cửa',
};

/**
 * The applicant's own dossier: where it stands and what is awaited from them, its dates, what they
 * answered and sent (their files to download), the slip the desk gave, the result once issued, and
 * each step so far. Officers' names stay on the staff page; the applicant sees what was done, when.
 */
export function citizenDossierPage(v: {
  user: PageUser;
  d: DossierRow;
  status: PublicStatus;
  actions: ActionRow[];
  form: FormDefinition | undefined;
  result: ResultRow | undefined;
}): string {
  const { d, status } = v;
  const base = `/cong-dan/ho-so/${encodeURIComponent(d.code)}`;
  // A slip once the desk has received or answered the dossier (dossier-slip.ts).
  const slip = slipActOf(d, v.actions) ? formOf(d.status) : null;
  return renderPage({
    title: `Hồ sơ ${d.code}`,
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs
          items={[
            ['/', 'Trang chủ'],
            ['/cong-dan/ho-so', 'Hồ sơ của tôi'],
          ]}
        />
        <span class="caption">Mã hồ sơ {d.code}</span>
        <h1>{d.procedureName}</h1>
        {status.reasons.length > 0 && (
          <div class="notice" role="note">
            <h2>{d.status === 'supplement_requested' ? 'Hồ sơ cần bổ sung, hoàn thiện' : 'Lý do không tiếp nhận'}</h2>
            <ul>
              {status.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        <SummaryList
          rows={[
            ['Trạng thái', <Tag>{statusLabels[d.status]}</Tag>],
            ['Cơ quan tiếp nhận', d.receivingAgencyName],
            ['Hình thức nộp', channelLabels[d.channel]],
            ['Nộp lúc', status.submittedAt ? formatMoment(status.submittedAt) : ''],
            [
              'Hạn tiếp nhận',
              status.acceptBy ? `${formatMoment(status.acceptBy)} (Bộ phận Một cửa kiểm tra và trả lời trước lúc này)` : '',
            ],
            ['Tiếp nhận lúc', d.receivedAt ? formatMoment(d.receivedAt) : ''],
            ['Hẹn trả kết quả', d.dueAt ? formatMoment(d.dueAt) : ''],
            ['Nhận kết quả', deliveryLabels[d.resultDelivery]],
          ]}
        />
        {slip && (
          <p>
            <a href={`${base}/phieu.pdf`}>
              Tải{' '}
              {slip === 'Mẫu 01'
                ? 'giấy tiếp nhận hồ sơ và hẹn trả kết quả'
                : slip === 'Mẫu 02'
                  ? 'phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'
                  : 'phiếu từ chối tiếp nhận hồ sơ'}{' '}
              ({slip}, PDF)
            </a>
          </p>
        )}
        {v.result && (
          <>
            <h2>Kết quả</h2>
            <p>
              <a href={`/ket-qua/${v.result.verifyToken}.pdf`}>
                Văn bản số {v.result.number}/{v.result.notation}
              </a>{' '}
              – {v.result.agencyName}, {formatMoment(v.result.issuedAt)}
            </p>
          </>
        )}
        {v.form && (
          <>
            <h2>{v.form.title}</h2>
            <AnswersSummary definition={v.form} answers={d.answers} />
          </>
        )}
        <h2>Giấy tờ</h2>
        <Papers components={d.components} base={base} staff={false} />
        <h2>Quá trình giải quyết</h2>
        <ol>
          {v.actions.map((a, i) => (
            <li key={i}>
              {formatMoment(a.at)} – {logEntryLabel(a)}: {statusLabels[a.toStatus]}
            </li>
          ))}
        </ol>
      </>
    ),
  });
}
