import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, SummaryList, Tag } from '../../web/components.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { actionLabels } from '../audit/audit-labels.ts';
import { componentName } from '../catalog/procedure.schema.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { AnswersSummary } from '../forms/answers-summary.tsx';
import type { ResultRow } from '../results/results.repository.ts';
import { formOf } from '../slips/slip-content.ts';
import { ComponentGuidance } from './component-guidance.tsx';
import { channelLabels, statusLabels } from './dossier-states.ts';
import type { ActionRow, DossierRow } from './dossiers.repository.ts';
import type { PublicStatus } from './lookup.ts';

const deliveryLabels: Record<DossierRow['resultDelivery'], string> = {
  online: 'Trực tuyến (tải về tại trang này)',
  post: 'Qua dịch vụ bưu chính công ích',
  counter: 'Tại bộ phận một cửa',
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
  results: ResultRow[];
}): string {
  const { d, status } = v;
  const base = `/cong-dan/ho-so/${encodeURIComponent(d.code)}`;
  const slip = d.status === 'new' ? null : formOf(d.status);
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
            <h2>{d.status === 'supplement_requested' ? 'Bạn cần bổ sung, hoàn thiện' : 'Lý do không tiếp nhận'}</h2>
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
              status.acceptBy ? `${formatMoment(status.acceptBy)} (bộ phận một cửa kiểm tra và trả lời trước lúc này)` : '',
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
                  ? 'phiếu yêu cầu bổ sung'
                  : 'phiếu từ chối'}{' '}
              ({slip}, PDF)
            </a>
          </p>
        )}
        {v.results.length > 0 && (
          <>
            <h2>Kết quả</h2>
            <ul>
              {v.results.map((x) => (
                <li key={x.id}>
                  <a href={`/ket-qua/${x.verifyToken}.pdf`}>
                    Văn bản số {x.number}/{x.notation}
                  </a>{' '}
                  – {x.agencyName}, {formatMoment(x.issuedAt)}
                </li>
              ))}
            </ul>
          </>
        )}
        {v.form && (
          <>
            <h2>{v.form.title}</h2>
            <AnswersSummary definition={v.form} answers={d.answers} />
          </>
        )}
        <h2>Giấy tờ</h2>
        <ul>
          {d.components.map(
            (c, i) =>
              !c.guidance &&
              (c.received || (c.files ?? []).length > 0) && (
                <li key={i}>
                  {componentName(c.name)}
                  {(c.files ?? []).map((f) => (
                    <div key={f.uploadId}>
                      <a href={`${base}/tep/${f.uploadId}`}>{f.displayName}</a> <span class="muted">({Math.ceil(f.size / 1024)} KB)</span>
                    </div>
                  ))}
                </li>
              ),
          )}
        </ul>
        <ComponentGuidance components={d.components} />
        <h2>Quá trình giải quyết</h2>
        <ol>
          {v.actions.map((a, i) => (
            <li key={i}>
              {formatMoment(a.at)} – {actionLabels[`dossier_${a.action}`] ?? actionLabels[`processing_${a.action}`] ?? 'Xử lý hồ sơ'}:{' '}
              {statusLabels[a.toStatus]}
            </li>
          ))}
        </ol>
      </>
    ),
  });
}
