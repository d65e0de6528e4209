import { renderToString } from 'preact-render-to-string';
import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs, SummaryList, TextInput } from '../../web/components.tsx';
import { JsonEditor } from '../../web/json-editor.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { roleLabels } from '../accounts/roles.ts';
import { channelLabels } from '../catalog/labels.ts';
import { formatHours, mainPath, pathHours, type LegalLimit } from './check-process.ts';
import { allotmentUnits, stepKinds, transitionOutcomes, type ProcessDefinition } from './process-definition.ts';
import { ProcessDiagram, StepTable } from './process-diagram.tsx';
import type { ProcessListRow, ProcessVersionRow } from './processes.repository.ts';

/** The editor's address for a procedure's default process or an agency's variant. */
export const editorPath = (code: string, agencyCode: string | null) =>
  `/quan-tri/quy-trinh/${encodeURIComponent(code)}${agencyCode ? `?co_quan=${encodeURIComponent(agencyCode)}` : ''}`;

export function processListPage(v: { user: PageUser; processes: ProcessListRow[] }): string {
  return renderPage({
    title: 'Quy trình nội bộ',
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[['/quan-tri', 'Quản trị']]} />
        <h1>Quy trình nội bộ</h1>
        <p>
          Mỗi thủ tục có một quy trình nội bộ chung của tỉnh; một cơ quan có thể có quy trình riêng. Thời gian các bước phải cộng lại đúng
          bằng thời hạn giải quyết theo quy định. Mỗi lần lưu tạo một phiên bản mới; hồ sơ giữ phiên bản lúc bắt đầu xử lý.
        </p>
        <form method="get" action="/quan-tri/quy-trinh/mo">
          <TextInput name="ma" label="Mã thủ tục" hint="Ví dụ 1.000426" />
          <TextInput
            name="co_quan"
            label="Mã cơ quan (không bắt buộc)"
            hint="Để trống để mở quy trình chung của tỉnh; ghi mã định danh của cơ quan, ví dụ 000.00.31.H99, để mở quy trình riêng của cơ quan đó."
          />
          <button class="button" type="submit">
            Mở trình soạn
          </button>
        </form>
        {v.processes.length === 0 ? (
          <p>Chưa thủ tục nào có quy trình nội bộ.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Mã</th>
                <th>Thủ tục</th>
                <th>Áp dụng cho</th>
                <th class="num">Phiên bản</th>
                <th>Lưu lúc</th>
              </tr>
            </thead>
            <tbody>
              {v.processes.map((p) => (
                <tr key={`${p.procedureCode} ${p.agencyCode ?? ''}`}>
                  <td>{p.procedureCode}</td>
                  <td>
                    <a href={editorPath(p.procedureCode, p.agencyCode)}>{p.procedureName}</a>
                  </td>
                  <td>{p.agencyName ?? 'Toàn tỉnh'}</td>
                  <td class="num">{p.version}</td>
                  <td>{formatMoment(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  });
}

export interface PreviewView {
  definition: ProcessDefinition | null;
  problems: FieldProblem[];
  limit: LegalLimit | null;
  names: Map<string, string>;
}

/** The sum of the main path's allotments beside the legal limit, as the law reads it. */
function Sums({ definition, limit }: { definition: ProcessDefinition; limit: LegalLimit | null }) {
  const path = mainPath(definition);
  const total = path.reachesEnd ? formatHours(pathHours(path.steps)) : 'không tính được (đường chính không tới kết thúc)';
  const legal = limit ? `${limit.text} (hồ sơ nộp ${channelLabels[limit.channel].toLowerCase()})` : 'thủ tục không quy định thời hạn';
  const fits = path.reachesEnd && limit?.workingHours != null && Math.abs(pathHours(path.steps) - limit.workingHours) < 1e-6;
  return (
    <SummaryList
      rows={[
        ['Tổng thời gian các bước', total],
        ['Thời hạn giải quyết theo quy định', legal],
        ['Đối chiếu', limit?.workingHours == null ? 'Không đối chiếu' : fits ? 'Khớp với thời hạn' : 'Chưa khớp với thời hạn'],
      ]}
    />
  );
}

/** The process drawn, its steps and its sums; or what keeps it from being drawn or saved. */
function ProcessPreview({ definition, problems, limit, names }: PreviewView) {
  const nameOf = (code: string) => names.get(code) ?? `mã ${code}`;
  return (
    <div id="preview" aria-live="polite">
      {problems.length > 0 && (
        <>
          <p class="muted">{definition ? 'Sửa các lỗi sau để lưu được:' : 'Sửa các lỗi sau để xem trước:'}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </>
      )}
      {definition && (
        <>
          <h3>{definition.title}</h3>
          <Sums definition={definition} limit={limit} />
          <div class="process-diagram-wrap">
            <ProcessDiagram definition={definition} names={nameOf} />
          </div>
          <StepTable definition={definition} names={nameOf} />
        </>
      )}
    </div>
  );
}

/** The preview alone, for the editor's live-preview script. */
export function previewFragment(v: PreviewView): string {
  return renderToString(<ProcessPreview {...v} />);
}

export function processEditorPage(v: {
  user: PageUser;
  procedure: { code: string; name: string };
  agency: { code: string; name: string } | null;
  baseVersion: number;
  text: string;
  preview: PreviewView;
  problems: FieldProblem[];
  versions: ProcessVersionRow[];
  canEdit: boolean;
  saved?: number;
}): string {
  const action = editorPath(v.procedure.code, v.agency?.code ?? null);
  const preview = `/quan-tri/quy-trinh/${encodeURIComponent(v.procedure.code)}/xem-truoc${v.agency ? `?co_quan=${encodeURIComponent(v.agency.code)}` : ''}`;
  return renderPage({
    title: `Quy trình: ${v.procedure.name}`,
    noindex: true,
    user: v.user,
    wide: true,
    children: (
      <>
        <Breadcrumbs
          items={[
            ['/quan-tri', 'Quản trị'],
            ['/quan-tri/quy-trinh', 'Quy trình nội bộ'],
          ]}
        />
        <span class="caption">
          {v.procedure.code} · {v.agency ? `quy trình riêng của ${v.agency.name}` : 'quy trình chung của tỉnh'} ·{' '}
          {v.baseVersion ? `phiên bản ${v.baseVersion}` : 'chưa có quy trình'}
        </span>
        <h1>{v.procedure.name}</h1>
        <JsonEditor
          action={action}
          previewUrl={preview}
          csrf={v.user.csrf}
          label="Định nghĩa quy trình (JSON)"
          text={v.text}
          baseVersion={v.baseVersion}
          problems={v.problems}
          canEdit={v.canEdit}
          saved={
            v.saved
              ? { version: v.saved, note: 'Hồ sơ bắt đầu xử lý từ bây giờ theo phiên bản này; hồ sơ đang xử lý giữ phiên bản cũ.' }
              : undefined
          }
          preview={<ProcessPreview {...v.preview} />}
          guide={<ProcessGuide />}
          versions={v.versions}
        />
      </>
    ),
  });
}

const codes = (o: Record<string, string>) =>
  Object.entries(o).map(([k, label], i) => (
    <span key={k}>
      {i > 0 && ', '}
      <code>{k}</code> ({label.toLowerCase()})
    </span>
  ));

function ProcessGuide() {
  return (
    <details>
      <summary>Cách viết định nghĩa quy trình</summary>
      <p>
        Gốc gồm <code>title</code> và <code>steps</code> (các bước, bước đầu tiên là nơi hồ sơ bắt đầu). Mỗi bước có <code>id</code> (chữ
        Latinh không dấu), <code>name</code>, <code>kind</code>, <code>responsible</code> (<code>agency</code>: mã định danh của cơ quan,
        đơn vị, hoặc <code>receiving</code> cho cơ quan tiếp nhận hồ sơ; <code>role</code>: vai trò), <code>allotment</code> (
        <code>amount</code>, <code>unit</code>) và <code>next</code> (<code>on</code>, <code>to</code>: mã bước tiếp theo hoặc{' '}
        <code>end</code> khi có kết quả).
      </p>
      <p>Loại bước (kind): {codes(stepKinds)}.</p>
      <p>Đơn vị thời gian (unit): {codes(allotmentUnits)}; một ngày làm việc tính 8 giờ làm việc.</p>
      <p>
        Chuyển tiếp (on): {codes(transitionOutcomes)}. Bước phê duyệt có cả <code>approved</code> và <code>refused</code>; các bước khác
        dùng <code>done</code>.
      </p>
      <p>Vai trò (role): {codes(roleLabels)}.</p>
      <p>
        Bước liên thông (<code>joint</code>) có <code>tasks</code>: việc của từng cơ quan phối hợp (<code>agency</code>, <code>role</code>,{' '}
        <code>task</code>, <code>allotment</code>), chạy song song trong thời gian của bước.
      </p>
      <p>
        Thời gian các bước trên đường chính (từ bước đầu tiên, theo <code>done</code>/<code>approved</code>, tới <code>end</code>) phải cộng
        lại đúng bằng thời hạn giải quyết của thủ tục. Thời hạn tính theo ngày (ngày lịch) được đổi ra số ngày làm việc ít nhất có trong
        khoảng đó theo cách tính của Bộ luật Dân sự.
      </p>
    </details>
  );
}
