import { renderToString } from 'preact-render-to-string';
import type { FieldProblem } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { Breadcrumbs } from '../../web/components.tsx';
import { JsonEditor } from '../../web/json-editor.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import { prefilledAnswers } from './answers.ts';
import { prefillSources, questionTypes, type FormDefinition } from './form-definition.ts';
import { FormFields } from './form-view.tsx';
import type { FormVersionRow } from './forms.repository.ts';

export function formListPage(v: {
  user: PageUser;
  forms: Array<{ procedureCode: string; procedureName: string; version: number; createdAt: Date }>;
}): string {
  return renderPage({
    title: 'Biểu mẫu điện tử',
    noindex: true,
    user: v.user,
    children: (
      <>
        <Breadcrumbs items={[['/quan-tri', 'Quản trị']]} />
        <h1>Biểu mẫu điện tử</h1>
        <p>
          Mỗi thủ tục có một biểu mẫu điện tử (tờ khai) mà người dân điền khi nộp hồ sơ trực tuyến. Mỗi lần lưu tạo một phiên bản mới; hồ sơ
          đã nộp giữ phiên bản lúc nộp.
        </p>
        <form method="get" action="/quan-tri/bieu-mau/mo" class="search-form">
          <label class="visually-hidden" for="code">
            Mã thủ tục
          </label>
          <input type="search" id="code" name="ma" placeholder="Mã thủ tục, ví dụ 1.001193" />
          <button class="button" type="submit">
            Mở trình soạn
          </button>
        </form>
        {v.forms.length === 0 ? (
          <p>Chưa thủ tục nào có biểu mẫu điện tử.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Mã</th>
                <th>Thủ tục</th>
                <th class="num">Phiên bản</th>
                <th>Lưu lúc</th>
              </tr>
            </thead>
            <tbody>
              {v.forms.map((f) => (
                <tr key={f.procedureCode}>
                  <td>{f.procedureCode}</td>
                  <td>
                    <a href={`/quan-tri/bieu-mau/${f.procedureCode}`}>{f.procedureName}</a>
                  </td>
                  <td class="num">{f.version}</td>
                  <td>{formatMoment(f.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  });
}

/** The preview of a definition as the citizen will see it (prefilled with a sample identity), or its problems. */
function FormPreview({ definition, problems }: { definition: FormDefinition | null; problems: FieldProblem[] }) {
  return (
    <div id="preview" aria-live="polite">
      {definition ? (
        <>
          <h2>{definition.title}</h2>
          <FormFields
            definition={definition}
            answers={prefilledAnswers(definition, { fullName: 'Nguyễn Văn Mẫu', idNumber: '099190000001' })}
            problems={[]}
          />
        </>
      ) : (
        <>
          <p class="muted">Sửa các lỗi sau để xem trước:</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The preview alone, for the editor's live-preview script. */
export function previewFragment(definition: FormDefinition | null, problems: FieldProblem[]): string {
  return renderToString(<FormPreview definition={definition} problems={problems} />);
}

export function formEditorPage(v: {
  user: PageUser;
  procedure: { code: string; name: string };
  baseVersion: number;
  text: string;
  preview: FormDefinition | null;
  problems: FieldProblem[];
  versions: FormVersionRow[];
  canEdit: boolean;
  saved?: number;
}): string {
  return renderPage({
    title: `Biểu mẫu: ${v.procedure.name}`,
    noindex: true,
    user: v.user,
    wide: true,
    children: (
      <>
        <Breadcrumbs
          items={[
            ['/quan-tri', 'Quản trị'],
            ['/quan-tri/bieu-mau', 'Biểu mẫu điện tử'],
          ]}
        />
        <span class="caption">
          {v.procedure.code} · {v.baseVersion ? `phiên bản ${v.baseVersion}` : 'chưa có biểu mẫu'}
        </span>
        <h1>{v.procedure.name}</h1>
        <JsonEditor
          action={`/quan-tri/bieu-mau/${v.procedure.code}`}
          previewUrl={`/quan-tri/bieu-mau/${v.procedure.code}/xem-truoc`}
          csrf={v.user.csrf}
          label="Định nghĩa biểu mẫu (JSON)"
          text={v.text}
          baseVersion={v.baseVersion}
          problems={v.problems}
          canEdit={v.canEdit}
          saved={v.saved ? { version: v.saved, note: 'Hồ sơ nộp từ bây giờ dùng phiên bản này.' } : undefined}
          preview={<FormPreview definition={v.preview} problems={v.problems} />}
          guide={<DefinitionGuide />}
          versions={v.versions}
        />
        <p>
          Lược đồ JSON (JSON Schema) của câu trả lời, dùng cho API:{' '}
          <a href={`/api/procedures/${v.procedure.code}/form`}>/api/procedures/{v.procedure.code}/form</a>
        </p>
      </>
    ),
  });
}

function DefinitionGuide() {
  return (
    <details>
      <summary>Cách viết định nghĩa biểu mẫu</summary>
      <p>
        Gốc gồm <code>title</code> (tên tờ khai) và <code>sections</code> (các phần). Mỗi phần có <code>id</code>, <code>title</code>,{' '}
        <code>hint</code> (không bắt buộc), <code>questions</code>; thêm <code>repeat</code> (<code>min</code>, <code>max</code>,{' '}
        <code>itemLabel</code>) để người khai thêm nhiều mục, và <code>when</code> để chỉ hỏi phần đó khi một câu trả lời trước đó thỏa điều
        kiện.
      </p>
      <p>
        Mỗi câu hỏi có <code>id</code> (chữ Latinh không dấu), <code>label</code>, <code>type</code>, và tùy chọn <code>hint</code>,{' '}
        <code>required</code>, <code>options</code> (cho câu hỏi có lựa chọn), <code>minLength</code>, <code>maxLength</code>,{' '}
        <code>min</code>, <code>max</code>, <code>pattern</code> với <code>patternMessage</code>, <code>prefill</code>, <code>when</code> (
        <code>{'{"question": "mã câu hỏi", "equals": "giá trị"}'}</code>).
      </p>
      <table>
        <thead>
          <tr>
            <th>type</th>
            <th>Dạng câu hỏi</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(questionTypes).map(([k, label]) => (
            <tr key={k}>
              <td>
                <code>{k}</code>
              </td>
              <td>{label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <code>prefill</code> điền sẵn từ tài khoản định danh của người nộp:{' '}
        {Object.entries(prefillSources).map(([k, label], i) => (
          <span key={k}>
            {i > 0 && ', '}
            <code>{k}</code> ({label.toLowerCase()})
          </span>
        ))}
        .
      </p>
    </details>
  );
}
