/**
 * The upload part of a form field: its error, the files already uploaded (kept
 * across a refused attempt or a draft through ticked `kept:<field>` boxes, so
 * nothing must be chosen again, and a wrong file is dropped by unticking it),
 * and the file input for more.
 */
export function FileField(v: {
  field: string;
  kept: Array<{ uploadId: number; displayName: string; size: number }>;
  error?: string | undefined;
  label?: string;
}) {
  return (
    <>
      {v.error && (
        <span class="error-message" id={`${v.field}-error`}>
          <span class="visually-hidden">Lỗi: </span>
          {v.error}
        </span>
      )}
      {v.kept.map((f) => (
        <div key={f.uploadId}>
          <label>
            <input type="checkbox" name={`kept:${v.field}`} value={String(f.uploadId)} checked />{' '}
            {`Đã tải lên: ${f.displayName} (${Math.ceil(f.size / 1024)} KB)`} <span class="muted">– bỏ chọn để không nộp tệp này</span>
          </label>
        </div>
      ))}
      {v.label && (
        <label class="visually-hidden" for={v.field}>
          {v.label}
        </label>
      )}
      <input
        type="file"
        id={v.field}
        name={v.field}
        multiple
        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        aria-describedby={v.error ? `${v.field}-error` : undefined}
      />
    </>
  );
}
