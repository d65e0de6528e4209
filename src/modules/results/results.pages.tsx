import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, ErrorSummary, Textarea, TextInput } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { ResultDocument } from './result-document.ts';
import { issuableDraft, newestSigned } from './result-rules.ts';
import type { DraftRow, ResultRow } from './results.repository.ts';

/** What was just done, said at the top of the page. */
export type DoneNotice = { saved: number } | { signed: number } | { issued: true };

/** The result drafts of a dossier (staff only): versions, and the form for the next one (for those who may draft). */
export function draftsPage(v: {
  user: PageUser;
  code: string;
  drafts: DraftRow[];
  issued: ResultRow[];
  /** This person may sign now (a leader of the agency, at the approval step). */
  canSign: boolean;
  /** This person may issue now (a clerk of the agency, at the issuing step). */
  canIssue: boolean;
  /** Why this person may not draft now (save-draft.ts `draftRefusal`), shown instead of the form; null when they may. */
  draftRefusal: string | null;
  doc: ResultDocument;
  problems: FieldProblem[];
  done?: DoneNotice;
}): string {
  const err = (f: string) => v.problems.find((p) => p.field === f)?.message;
  // Only the newest signed version is ever issued, once; an older one is no longer signed.
  const issuable = v.canIssue && 'draft' in issuableDraft(v.drafts);
  const newestSignedVersion = newestSigned(v.drafts)?.version ?? 0;
  const text = (name: keyof ResultDocument, label: string) => (
    <TextInput name={name} label={label} value={String(v.doc[name] ?? '')} error={err(name)} />
  );
  return renderPage({
    title: `Dự thảo kết quả – ${v.code}`,
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[[`/ho-so/${v.code}`, v.code]]} />
        <h1>{v.issued.length ? 'Kết quả giải quyết' : 'Dự thảo kết quả giải quyết'}</h1>
        <ErrorSummary problems={v.problems} />
        {v.done && (
          <div class="notice notice-success" role="status">
            {'saved' in v.done
              ? `Đã lưu bản dự thảo số ${v.done.saved}.`
              : 'signed' in v.done
                ? `Đã ký số bản ${v.done.signed}. Văn thư sẽ cấp số và phát hành sau khi hồ sơ được chuyển đến bước phát hành.`
                : `Đã cấp số và phát hành${v.issued.length ? ` văn bản số ${v.issued.at(-1)!.number}/${v.issued.at(-1)!.notation}` : ''}; người nộp nhận được kết quả.`}
          </div>
        )}
        <p class="notice">Bản dự thảo chỉ cán bộ xử lý hồ sơ xem được; người nộp chỉ nhận văn bản đã ký số và phát hành.</p>
        {v.issued.length > 0 && (
          <>
            <h2>Kết quả đã phát hành</h2>
            <ul>
              {v.issued.map((x) => (
                <li key={x.id}>
                  <a href={`/ket-qua/${x.verifyToken}.pdf`}>
                    Số {x.number}/{x.notation}
                  </a>{' '}
                  – {x.agencyName}, {formatMoment(x.issuedAt)}
                  {x.resultCode && <div class="muted">Mã kết quả điện tử: {x.resultCode}</div>}
                  <div>
                    <a href={`/xac-thuc/${x.verifyToken}`}>Trang xác thực công khai</a>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
        {issuable && (
          <form method="post" action={`/ho-so/${v.code}/ket-qua/phat-hanh`}>
            <Csrf token={v.user.csrf} />
            <p class="hint">Văn thư cấp số, ký số của cơ quan (con dấu) lên bản đã được lãnh đạo ký và gửi kết quả cho người nộp.</p>
            <button class="button" type="submit">
              Cấp số và phát hành
            </button>
          </form>
        )}
        <h2>Các bản dự thảo</h2>
        {v.drafts.length === 0 ? (
          <p>Chưa có bản dự thảo nào.</p>
        ) : (
          <ul>
            {v.drafts.map((d) => (
              <li key={d.version}>
                <a href={`/ho-so/${v.code}/ket-qua/du-thao/${d.version}.pdf`}>Bản {d.version}</a> – {d.createdBy},{' '}
                {formatMoment(d.createdAt)}
                {d.comment && <div class="muted">{d.comment}</div>}
                {d.signedAt ? (
                  <div>
                    Đã được lãnh đạo ký lúc {formatMoment(d.signedAt)}
                    {d.issued ? ' – đã phát hành' : d.version < newestSignedVersion ? ' – đã được thay bằng bản ký mới hơn' : ''}
                  </div>
                ) : (
                  v.canSign &&
                  d.content &&
                  d.version > newestSignedVersion && (
                    <form method="post" action={`/ho-so/${v.code}/ket-qua/du-thao/${d.version}/ky`}>
                      <Csrf token={v.user.csrf} />
                      <p class="hint">Ký bằng chứng thư số của bạn; văn bản đã ký không sửa được nữa.</p>
                      <button class="button button-secondary" type="submit">
                        Ký số bản này (lãnh đạo)
                      </button>
                    </form>
                  )
                )}
              </li>
            ))}
          </ul>
        )}
        <h2>Soạn bản dự thảo mới</h2>
        {v.draftRefusal === null ? (
          <form method="post" action={`/ho-so/${v.code}/ket-qua`} enctype="multipart/form-data" novalidate>
            <Csrf token={v.user.csrf} />
            <input type="hidden" name="kind" value={v.doc.kind} />
            {text('parentAgency', 'Cơ quan chủ quản')}
            {text('agency', 'Cơ quan ban hành')}
            {text('notation', 'Ký hiệu văn bản (sau số)')}
            {text('place', 'Địa danh')}
            {text('title', 'Tên loại văn bản')}
            {text('subject', 'Trích yếu')}
            <Textarea name="body" label="Nội dung (mỗi dòng một đoạn)" value={v.doc.body.join('\n')} error={err('body')} rows={12} />
            <Textarea name="recipients" label="Nơi nhận (mỗi dòng một nơi)" value={v.doc.recipients.join('\n')} rows={3} />
            {text('signerCapacity', 'Thẩm quyền ký (TM., KT., …)')}
            {text('signerTitle', 'Chức vụ người ký')}
            {text('signerName', 'Họ tên người ký')}
            <div class="form-group">
              <label for="file">Hoặc tải lên bản dự thảo PDF đã soạn sẵn</label>
              <input type="file" id="file" name="file" accept=".pdf" />
            </div>
            <Textarea name="comment" label="Ghi chú cho bản này (không bắt buộc)" value="" rows={2} />
            <button class="button" type="submit">
              Lưu bản dự thảo
            </button>
          </form>
        ) : (
          <p>{v.draftRefusal}</p>
        )}
      </>
    ),
  });
}
