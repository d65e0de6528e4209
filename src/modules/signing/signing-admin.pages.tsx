import type { FieldProblem } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { ErrorSummary, Select, SummaryList, Tag, type Option } from '../../web/components.tsx';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { holderChoice } from './import-key-as.ts';
import { maxKeyFileBytes } from './key-upload.ts';
import { keyStatus, keyStatusText, revocationReasonLabels, type KeyStatus } from './key-status.ts';
import type { RevokeValues } from './revoke-key-as.ts';
import type { KeyOverviewRow } from './signing.repository.ts';

/** A key as listed: its agency named with the agency a unit belongs to, and whether this admin may revoke it. */
export interface KeyListItem extends KeyOverviewRow {
  agencyLabel: string;
  mayRevoke: boolean;
}

/** The holders an admin may import a key for, by agency: its seal and its staff. */
export interface HolderGroup {
  agencyId: number;
  agencyName: string;
  staff: Array<{ id: number; label: string }>;
}

export interface KeysPageOptions {
  user: PageUser;
  now: Date;
  keys: KeyListItem[];
  notice: string | null;
  /** The agencies the list may be narrowed to, and the one chosen ('' for all). */
  filter: { agencies: Option[]; value: string };
  /** Absent for someone who may only look. */
  importForm: { groups: HolderGroup[]; holder: string; problems: FieldProblem[] } | null;
}

const tones: Record<KeyStatus['kind'], 'green' | 'grey' | 'yellow' | 'red'> = {
  valid: 'green',
  expiring: 'yellow',
  not_yet_valid: 'grey',
  expired: 'red',
  revoked: 'red',
};

function StatusTag({ k, now }: { k: KeyOverviewRow; now: Date }) {
  const status = keyStatus(k, now);
  return (
    <>
      <Tag tone={tones[status.kind]}>{keyStatusText(status)}</Tag>
      {k.revocationReason && <div class="muted">{revocationReasonLabels[k.revocationReason]}</div>}
    </>
  );
}

function Holder({ k }: { k: KeyListItem }) {
  return k.holderKind === 'officer' ? (
    <>
      {k.staffName}
      <div class="muted">
        {k.staffUsername} · {k.agencyLabel}
      </div>
    </>
  ) : (
    <>
      Con dấu của cơ quan
      <div class="muted">{k.agencyLabel}</div>
    </>
  );
}

function Issuer({ k }: { k: KeyOverviewRow }) {
  return (
    <>
      {k.issuer}
      {k.authorityId !== null && (
        <div>
          <Tag tone="grey">CA thử nghiệm – không dùng cho văn bản thật</Tag>
        </div>
      )}
    </>
  );
}

/** The chooser of whose key it is: per agency (optgroup), the agency's seal and then its staff. */
function HolderSelect({ groups, value, error }: { groups: HolderGroup[]; value: string; error: string | undefined }) {
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <label for="holder">Chứng thư số của</label>
      <div class="hint" id="holder-hint">
        Con dấu của cơ quan (chứng thư số của tổ chức) hoặc một cán bộ của cơ quan (chứng thư số cá nhân, dùng để ký duyệt).
      </div>
      {error && (
        <span class="error-message" id="holder-error">
          <span class="visually-hidden">Lỗi: </span>
          {error}
        </span>
      )}
      <select
        id="holder"
        name="holder"
        class={error ? 'input-error' : undefined}
        aria-describedby={`holder-hint${error ? ' holder-error' : ''}`}
      >
        <option value="">(Chọn cán bộ hoặc cơ quan)</option>
        {groups.map((g) => (
          <optgroup key={g.agencyId} label={g.agencyName}>
            <option value={holderChoice('organisation', g.agencyId)} selected={value === holderChoice('organisation', g.agencyId)}>
              Con dấu: {g.agencyName}
            </option>
            {g.staff.map((s) => (
              <option key={s.id} value={holderChoice('officer', s.id)} selected={value === holderChoice('officer', s.id)}>
                {s.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function ImportForm({ form, csrf }: { form: NonNullable<KeysPageOptions['importForm']>; csrf: string }) {
  const err = (field: string) => form.problems.find((p) => p.field === field)?.message;
  return (
    <section class="no-print">
      <h2 id="nhap">Nhập chứng thư số từ tệp PKCS#12</h2>
      <p>
        Tệp khóa (.p12 hoặc .pfx) và mật khẩu của nó do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp (Ban Cơ yếu Chính phủ cho cơ quan
        nhà nước, hoặc tổ chức được cấp phép). Tệp được kiểm tra, rồi lưu mã hóa trong cơ sở dữ liệu; mật khẩu không được ghi vào nhật ký.
        Từ đó hệ thống ký bằng chứng thư này thay cho chứng thư của CA thử nghiệm.
      </p>
      {form.problems.length > 0 && (
        <p class="hint">Vì an toàn, tệp và mật khẩu không được giữ lại: hãy chọn lại tệp và nhập lại mật khẩu.</p>
      )}
      <form method="post" action="/quan-tri/chu-ky-so" enctype="multipart/form-data" novalidate>
        <Csrf token={csrf} />
        <HolderSelect groups={form.groups} value={form.holder} error={err('holder')} />
        <div class={err('pkcs12') ? 'form-group form-group-error' : 'form-group'}>
          <label for="pkcs12">Tệp khóa PKCS#12 (.p12, .pfx)</label>
          <div class="hint" id="pkcs12-hint">
            Tối đa {maxKeyFileBytes / 1024} KB. Tệp phải chứa khóa bí mật và chứng thư số của khóa đó.
          </div>
          {err('pkcs12') && (
            <span class="error-message" id="pkcs12-error">
              <span class="visually-hidden">Lỗi: </span>
              {err('pkcs12')}
            </span>
          )}
          <input
            type="file"
            id="pkcs12"
            name="pkcs12"
            accept=".p12,.pfx,application/x-pkcs12"
            class={err('pkcs12') ? 'input-error' : undefined}
            aria-describedby={`pkcs12-hint${err('pkcs12') ? ' pkcs12-error' : ''}`}
          />
        </div>
        <div class="form-group">
          <label for="password">Mật khẩu của tệp khóa</label>
          <input type="password" id="password" name="password" autocomplete="off" />
        </div>
        <button class="button" type="submit">
          Nhập chứng thư số
        </button>
      </form>
    </section>
  );
}

/** /quan-tri/chu-ky-so: the signing keys this admin may see, their state, and the import form. */
export function keysPage(o: KeysPageOptions): string {
  const problems = o.importForm?.problems ?? [];
  return renderPage({
    title: 'Chữ ký số',
    noindex: true,
    user: o.user,
    children: (
      <>
        <h1>Chữ ký số</h1>
        <ErrorSummary problems={problems} />
        {o.notice && (
          <div class="notice notice-success" role="status">
            {o.notice}
          </div>
        )}
        <p class="lead">
          Chứng thư số của lãnh đạo, cán bộ ký văn bản và con dấu của từng cơ quan. Chứng thư do CA thử nghiệm của hệ thống cấp chỉ để dùng
          thử; hãy nhập chứng thư thật do tổ chức cung cấp dịch vụ chứng thực cấp trước khi ký văn bản thật.
        </p>
        {o.filter.agencies.length > 1 && (
          <form method="get" action="/quan-tri/chu-ky-so" class="no-print">
            <Select name="co_quan" label="Cơ quan" value={o.filter.value} emptyLabel="(Tất cả cơ quan)" options={o.filter.agencies} />
            <button class="button button-secondary" type="submit">
              Lọc
            </button>
          </form>
        )}
        {o.keys.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Người, cơ quan giữ</th>
                  <th scope="col">Chứng thư số</th>
                  <th scope="col">Tổ chức cấp</th>
                  <th scope="col">Hiệu lực từ</th>
                  <th scope="col">Đến</th>
                  <th scope="col">Tình trạng</th>
                  <th scope="col" class="no-print">
                    <span class="visually-hidden">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.keys.map((k) => (
                  <tr key={k.id} id={`khoa-${k.id}`}>
                    <td>
                      <Holder k={k} />
                    </td>
                    <td>
                      {k.subject}
                      <div class="muted">Số sê-ri: {k.serial}</div>
                    </td>
                    <td>
                      <Issuer k={k} />
                    </td>
                    <td>{formatDate(k.notBefore)}</td>
                    <td>{formatDate(k.notAfter)}</td>
                    <td>
                      <StatusTag k={k} now={o.now} />
                    </td>
                    <td class="no-print">
                      {k.mayRevoke && !k.revokedAt && (
                        <a href={`/quan-tri/chu-ky-so/${k.id}/thu-hoi`}>
                          Thu hồi<span class="visually-hidden"> chứng thư số {k.subject}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Chưa có chứng thư số nào.</p>
        )}
        {o.importForm && <ImportForm form={o.importForm} csrf={o.user.csrf} />}
      </>
    ),
  });
}

const reasonOptions = Object.entries(revocationReasonLabels).map(([value, label]) => ({ value, label }));

/** /quan-tri/chu-ky-so/:id/thu-hoi: the key, and the confirmation of its revocation with a reason. */
export function revokePage(o: { user: PageUser; now: Date; key: KeyListItem; values: RevokeValues; problems: FieldProblem[] }): string {
  const k = o.key;
  const err = (field: string) => o.problems.find((p) => p.field === field)?.message;
  return renderPage({
    title: 'Thu hồi chứng thư số',
    noindex: true,
    user: o.user,
    children: (
      <>
        <p class="no-print">
          <a href="/quan-tri/chu-ky-so">‹ Danh sách chứng thư số</a>
        </p>
        <h1>Thu hồi chứng thư số</h1>
        <ErrorSummary problems={o.problems} />
        <SummaryList
          rows={[
            ['Người, cơ quan giữ', <Holder k={k} />],
            ['Chứng thư số', k.subject],
            ['Số sê-ri', k.serial],
            ['Tổ chức cấp', <Issuer k={k} />],
            ['Hiệu lực', `Từ ${formatDate(k.notBefore)} đến ${formatDate(k.notAfter)}`],
            ['Tình trạng', <StatusTag k={k} now={o.now} />],
          ]}
        />
        {k.revokedAt ? (
          <p>Chứng thư số này đã bị thu hồi; không cần làm gì thêm.</p>
        ) : (
          <form method="post" action={`/quan-tri/chu-ky-so/${k.id}/thu-hoi`} novalidate>
            <Csrf token={o.user.csrf} />
            <p>
              Sau khi thu hồi, hệ thống không ký bằng chứng thư số này nữa, kể cả các văn bản đang chờ ký. Việc thu hồi không hoàn tác được:
              muốn ký tiếp, hãy nhập chứng thư số mới.
            </p>
            {k.authorityId === null ? (
              <p>
                Chứng thư này do tổ chức cung cấp dịch vụ chứng thực cấp: cơ quan vẫn phải đề nghị tổ chức đó thu hồi chứng thư, để nó không
                còn được dùng ở nơi khác.
              </p>
            ) : (
              <p>Danh sách chứng thư bị thu hồi (CRL) của CA thử nghiệm được cập nhật ngay khi thu hồi.</p>
            )}
            <Select
              name="reason"
              label="Lý do thu hồi"
              value={o.values.reason}
              error={err('reason')}
              emptyLabel="(Chọn lý do)"
              options={reasonOptions}
            />
            <div class={err('confirm') ? 'form-group form-group-error' : 'form-group'}>
              {err('confirm') && (
                <span class="error-message" id="confirm-error">
                  <span class="visually-hidden">Lỗi: </span>
                  {err('confirm')}
                </span>
              )}
              <label>
                <input type="checkbox" id="confirm" name="confirm" value="1" checked={o.values.confirm === '1'} /> Tôi xác nhận thu hồi
                chứng thư số này
              </label>
            </div>
            {/* Not undone: the warning colour, and a way out. */}
            <button class="button button-warning" type="submit">
              Thu hồi chứng thư số
            </button>{' '}
            <a href="/quan-tri/chu-ky-so">Hủy, quay lại danh sách</a>
          </form>
        )}
      </>
    ),
  });
}
