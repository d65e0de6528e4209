import { Breadcrumbs, ErrorSummary, Select, SummaryList, Tag, TextInput } from '../../web/components.tsx';
import type { FieldProblem } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { Csrf } from '../../web/forms.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { AgencyWithParent } from './agencies.repository.ts';
import { agencyKindLabels, agencyKinds } from './agency.schema.ts';
import type { AgencyNode } from './agency-tree.ts';

function ValidityTag({ agency }: { agency: AgencyWithParent }) {
  if (agency.inForce) return null;
  return <Tag tone="grey">Hết hiệu lực từ {formatDate(agency.validTo ?? '')}</Tag>;
}

function Tree({ nodes, link }: { nodes: AgencyNode[]; link: (a: AgencyWithParent) => string | null }) {
  if (!nodes.length) return null;
  return (
    <ul>
      {nodes.map(({ agency, children }) => {
        const href = link(agency);
        return (
          <li key={agency.id}>
            {href ? <a href={href}>{agency.name}</a> : agency.name} {agency.code && <span class="muted">({agency.code})</span>}{' '}
            <ValidityTag agency={agency} />
            <Tree nodes={children} link={link} />
          </li>
        );
      })}
    </ul>
  );
}

export function directoryPage(tree: AgencyNode[]): string {
  return renderPage({
    title: 'Danh bạ cơ quan',
    children: (
      <>
        <h1>Danh bạ cơ quan, đơn vị</h1>
        <p class="lead">Các cơ quan giải quyết thủ tục hành chính của tỉnh và mã định danh điện tử của từng cơ quan.</p>
        <Tree nodes={tree} link={(a) => (a.code ? `/co-quan/${a.code}` : null)} />
      </>
    ),
  });
}

export interface ProcedureLink {
  code: string;
  name: string;
}

export function agencyPage(
  agency: AgencyWithParent,
  parent: AgencyWithParent | undefined,
  units: AgencyWithParent[],
  procedures: ProcedureLink[],
): string {
  return renderPage({
    title: agency.name,
    children: (
      <>
        <Breadcrumbs
          items={[
            ['/', 'Trang chủ'],
            ['/co-quan', 'Danh bạ cơ quan'],
          ]}
        />
        <span class="caption">{agencyKindLabels[agency.kind]}</span>
        <h1>{agency.name}</h1>
        <SummaryList
          rows={[
            ['Mã định danh điện tử', agency.code],
            ['Cơ quan cấp trên', parent && (parent.code ? <a href={`/co-quan/${parent.code}`}>{parent.name}</a> : parent.name)],
            ['Địa chỉ', agency.address],
            ['Điện thoại', agency.phone],
            ['Thư điện tử', agency.email],
            ['Hiệu lực', `Từ ${formatDate(agency.validFrom)}${agency.validTo ? ` đến ${formatDate(agency.validTo)}` : ''}`],
            ['Cơ quan kế thừa', agency.successorCodes.join(', ')],
          ]}
        />
        {units.length > 0 && (
          <>
            <h2>Phòng, đơn vị trực thuộc</h2>
            <ul>
              {units.map((u) => (
                <li key={u.id}>
                  {u.name} <ValidityTag agency={u} />
                </li>
              ))}
            </ul>
          </>
        )}
        <h2>Thủ tục hành chính thực hiện ({procedures.length})</h2>
        {procedures.length ? (
          <ul>
            {procedures.map((p) => (
              <li key={p.code}>
                <a href={`/thu-tuc/${p.code}`}>{p.name}</a> <span class="muted">({p.code})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có thủ tục nào được gắn với cơ quan này.</p>
        )}
      </>
    ),
  });
}

export function adminListPage(opts: {
  user: PageUser;
  tree: AgencyNode[];
  notice: string | null;
  canAdd: boolean;
  canImport: boolean;
  importProblems?: FieldProblem[];
  importText?: string;
}): string {
  const { user, tree, notice, importProblems = [], importText = '' } = opts;
  return renderPage({
    title: 'Quản trị cơ quan, đơn vị',
    noindex: true,
    user,
    children: (
      <>
        <h1>Cơ quan, đơn vị</h1>
        {notice && (
          <div class="notice notice-success" role="status">
            {notice}
          </div>
        )}
        <p>
          {opts.canAdd && (
            <a class="button" href="/quan-tri/co-quan/moi">
              Thêm cơ quan, đơn vị
            </a>
          )}{' '}
          <a class="button button-secondary" href="/api/agencies/export" download="co-quan.json">
            Xuất tệp JSON
          </a>
        </p>
        <Tree nodes={tree} link={(a) => `/quan-tri/co-quan/${a.id}`} />
        {opts.canImport && (
          <>
            <h2 id="nhap">Nhập danh sách từ JSON</h2>
            <ErrorSummary problems={importProblems.map((p) => ({ ...p, field: 'importJson' }))} />
            <form method="post" action="/quan-tri/co-quan/nhap">
              <Csrf token={user.csrf} />
              <div class={importProblems.length ? 'form-group form-group-error' : 'form-group'}>
                <label for="importJson">Nội dung tệp JSON (cùng định dạng với tệp xuất)</label>
                <div class="hint" id="importJson-hint">
                  Mỗi mục có code, name, kind, parentCode. Cơ quan đã có (cùng mã) sẽ được cập nhật; nếu một mục sai thì không mục nào được
                  lưu.
                </div>
                <textarea id="importJson" name="importJson" aria-describedby="importJson-hint">
                  {importText}
                </textarea>
              </div>
              <button class="button" type="submit">
                Nhập
              </button>
            </form>
          </>
        )}
      </>
    ),
  });
}

export interface AgencyFormValues {
  code: string;
  name: string;
  kind: string;
  parentId: string;
  address: string;
  phone: string;
  email: string;
  validFrom: string;
  validTo: string;
  successorCodes: string;
  revision: string;
}

export function agencyFormPage(opts: {
  user: PageUser;
  id: number | null;
  values: AgencyFormValues;
  problems: FieldProblem[];
  parents: AgencyWithParent[];
  message?: string;
}): string {
  const { id, values: v, problems } = opts;
  const err = (field: string) => problems.find((p) => p.field === field)?.message;
  const title = id === null ? 'Thêm cơ quan, đơn vị' : `Sửa: ${v.name}`;
  return renderPage({
    title,
    noindex: true,
    user: opts.user,
    children: (
      <>
        <Breadcrumbs items={[['/quan-tri/co-quan', 'Cơ quan, đơn vị']]} />
        <h1>{title}</h1>
        {opts.message && (
          <div class="error-summary" role="alert">
            <p>{opts.message}</p>
          </div>
        )}
        <ErrorSummary problems={problems} />
        <form method="post" action={id === null ? '/quan-tri/co-quan/moi' : `/quan-tri/co-quan/${id}`} novalidate>
          <Csrf token={opts.user.csrf} />
          <input type="hidden" name="revision" value={v.revision} />
          <TextInput name="name" label="Tên cơ quan, đơn vị" value={v.name} error={err('name')} />
          <Select
            name="kind"
            label="Loại"
            value={v.kind}
            error={err('kind')}
            options={agencyKinds.map((k) => ({ value: k, label: agencyKindLabels[k] }))}
          />
          <Select
            name="parentId"
            label="Cơ quan cấp trên"
            value={v.parentId}
            error={err('parentId')}
            emptyLabel="(Không có – cấp tỉnh)"
            options={opts.parents
              .filter((p) => p.id !== id)
              .map((p) => ({ value: String(p.id), label: p.code ? `${p.name} (${p.code})` : p.name }))}
          />
          <TextInput
            name="code"
            label="Mã định danh điện tử"
            hint="Theo Quyết định 20/2020/QĐ-TTg, lấy từ danh mục của Cổng Dịch vụ công quốc gia, ví dụ 000.17.22.H56. Phòng trực thuộc có thể để trống."
            value={v.code}
            error={err('code')}
          />
          <TextInput name="address" label="Địa chỉ" value={v.address} error={err('address')} />
          <TextInput name="phone" label="Điện thoại" type="tel" value={v.phone} error={err('phone')} />
          <TextInput name="email" label="Thư điện tử" type="email" value={v.email} error={err('email')} />
          <TextInput name="validFrom" label="Có hiệu lực từ ngày" type="date" value={v.validFrom} error={err('validFrom')} />
          <TextInput
            name="validTo"
            label="Hết hiệu lực từ ngày"
            hint="Chỉ nhập khi cơ quan giải thể, sáp nhập hoặc chia tách."
            type="date"
            value={v.validTo}
            error={err('validTo')}
          />
          <TextInput
            name="successorCodes"
            label="Mã các cơ quan kế thừa"
            hint="Khi sáp nhập hoặc chia tách: mã định danh của cơ quan tiếp nhận, cách nhau bởi dấu phẩy."
            value={v.successorCodes}
            error={err('successorCodes')}
          />
          <button class="button" type="submit">
            Lưu
          </button>
        </form>
      </>
    ),
  });
}
