import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../errors.ts';
import { formatMoment } from '../lib/vietnamese.ts';
import { editorScript } from './assets.ts';
import { ErrorSummary } from './components.tsx';
import { Csrf } from './forms.tsx';

/**
 * The editor of a versioned JSON definition (e-forms, processes): the text on the left, its
 * preview on the right ("Xem trước" posts the page; with JavaScript the preview follows the
 * typing through `previewUrl`), the version it was opened on (so a save over a newer version is
 * refused), and the list of versions.
 */
export function JsonEditor(v: {
  action: string;
  previewUrl: string;
  csrf: string;
  label: string;
  text: string;
  baseVersion: number;
  problems: FieldProblem[];
  canEdit: boolean;
  saved?: { version: number; note: string } | undefined;
  preview: ComponentChildren;
  guide: ComponentChildren;
  versions: Array<{ version: number; createdAt: Date; createdBy: string | null }>;
}) {
  return (
    <>
      {v.saved && (
        <div class="notice notice-success" role="status">
          Đã lưu phiên bản {v.saved.version}. {v.saved.note}
        </div>
      )}
      <ErrorSummary problems={v.problems} />
      <div class="editor">
        <form method="post" action={v.action} data-preview={v.previewUrl}>
          <Csrf token={v.csrf} />
          <input type="hidden" name="baseVersion" value={String(v.baseVersion)} />
          <div class={v.problems.length ? 'form-group form-group-error' : 'form-group'}>
            <label for="definition">{v.label}</label>
            <div class="hint" id="definition-hint">
              Phần xem trước bên cạnh cập nhật khi bạn bấm «Xem trước» (hoặc ngay khi gõ, nếu trình duyệt bật JavaScript).
            </div>
            <textarea id="definition" name="definition" spellcheck={false} aria-describedby="definition-hint">
              {v.text}
            </textarea>
          </div>
          <button class="button button-secondary" type="submit" name="intent" value="preview">
            Xem trước
          </button>{' '}
          {v.canEdit && (
            <button class="button" type="submit" name="intent" value="save">
              Lưu phiên bản mới
            </button>
          )}
        </form>
        <section aria-labelledby="preview-title">
          <h2 id="preview-title" class="caption">
            Xem trước
          </h2>
          {v.preview}
        </section>
      </div>
      {v.guide}
      <h2>Các phiên bản</h2>
      {v.versions.length === 0 ? (
        <p>Chưa có phiên bản nào.</p>
      ) : (
        <ul>
          {v.versions.map((x) => (
            <li key={x.version}>
              Phiên bản {x.version}: {formatMoment(x.createdAt)}
              {x.createdBy ? `, ${x.createdBy}` : ''}
            </li>
          ))}
        </ul>
      )}
      <script src={editorScript.path} defer></script>
    </>
  );
}
