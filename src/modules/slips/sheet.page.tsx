import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../errors.ts';
import { ErrorSummary, TextInput } from '../../web/components.tsx';
import { renderPage, type PageUser } from '../../web/layout.tsx';
import type { Signature, SlipBlock } from './slip-content.ts';
import type { SheetContent } from './sheet-content.ts';

/**
 * A control sheet (Mẫu 06), register (Mẫu 07) or letter (Mẫu 04, 05) as a printable page, drawn
 * from the same content as its PDF and in the same order, so the two say the
 * same things in the same words. What is only for the screen (the PDF link,
 * the period form) stays outside the printed article or in `.no-print`.
 */
export function sheetPage(v: {
  user: PageUser;
  content: SheetContent;
  pdfHref: string;
  /** Links shown above the sheet on screen only. */
  links: Array<[href: string, label: string]>;
}): string {
  return renderPage({
    title: `${v.content.form} – ${v.content.title.toLocaleLowerCase('vi')}`,
    noindex: true,
    user: v.user,
    children: (
      <Sheet content={v.content} pdfHref={v.pdfHref}>
        <p>
          {v.links.map(([href, label], i) => (
            <>
              {i > 0 && ' · '}
              <a href={href}>{label}</a>
            </>
          ))}
        </p>
      </Sheet>
    ),
  });
}

/**
 * The register of an agency with the form that chooses its period (GET, so the address can be kept
 * and shared); when the period typed is wrong, the form with every problem and no register.
 */
export function registerPage(v: {
  user: PageUser;
  agencyId: number;
  agencyName: string;
  values: { tu: string; den: string };
  problems: FieldProblem[];
  content: SheetContent | null;
  pdfHref: string;
}): string {
  const error = (field: string) => v.problems.find((p) => p.field === field)?.message;
  const form = (
    <form method="get" action="/so-theo-doi" class="filters">
      <ErrorSummary problems={v.problems} />
      <input type="hidden" name="co_quan" value={String(v.agencyId)} />
      <TextInput name="tu" label="Từ ngày (ngày/tháng/năm)" value={v.values.tu} error={error('tu')} />
      <TextInput name="den" label="Đến ngày (ngày/tháng/năm)" value={v.values.den} error={error('den')} />
      <button class="button" type="submit">
        Xem sổ
      </button>
    </form>
  );
  return renderPage({
    title: `Sổ theo dõi hồ sơ – ${v.agencyName}`,
    noindex: true,
    user: v.user,
    wide: true,
    children: v.content ? (
      <Sheet content={v.content} pdfHref={v.pdfHref}>
        {form}
      </Sheet>
    ) : (
      <>
        <h1>Sổ theo dõi hồ sơ – {v.agencyName}</h1>
        {form}
      </>
    ),
  });
}

function Sheet({ content: c, pdfHref, children }: { content: SheetContent; pdfHref: string; children?: ComponentChildren }) {
  const landscape = c.orientation === 'landscape';
  return (
    <>
      {landscape && <style>{'@page { size: A4 landscape; margin: 12mm; }'}</style>}
      <div class="no-print">
        {children}
        <p>
          Dùng lệnh In của trình duyệt (Ctrl+P) để in, hoặc <a href={pdfHref}>tải bản PDF khổ A4</a>.
        </p>
      </div>
      <article class={landscape ? 'sheet' : 'slip sheet'}>
        <p class="muted">{c.form}</p>
        <div class="slip-head">
          <div>
            {c.agencyLines.map((line, i) => (
              <div key={i}>
                <strong>{line}</strong>
              </div>
            ))}
          </div>
          <div>
            {c.nationLines.map((line, i) => (
              <div key={i}>
                <strong>{line}</strong>
              </div>
            ))}
          </div>
        </div>
        {(c.number || c.placeDate) && (
          <div class="slip-head">
            <div>{c.number}</div>
            <div>
              <em>{c.placeDate}</em>
            </div>
          </div>
        )}
        <h1 class="slip-title">{c.title}</h1>
        {c.blocks.map((b, i) => (
          <Block key={i} block={b} />
        ))}
        {c.signatures?.length ? <Signatures signatures={c.signatures} /> : null}
      </article>
    </>
  );
}

/** Side by side as on the PDF; a lone signature keeps the right-hand place, as on the paper form. */
export function Signatures({ signatures }: { signatures: Array<Pick<Signature, 'title' | 'hint' | 'name'>> }) {
  return (
    <div class="slip-signatures">
      {signatures.length === 1 && <div />}
      {signatures.map((s) => (
        <div key={s.title}>
          <strong>{s.title}</strong>
          <div class="muted">{s.hint}</div>
          <p class="sign-name">{s.name}</p>
        </div>
      ))}
    </div>
  );
}

/** A cell's lines, one under the other as in the PDF. */
function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

/** A block of a slip or sheet as the PDF draws it: a note, a paragraph, or a table with its columns' widths. */
export function Block({ block }: { block: SlipBlock }) {
  if (block.kind === 'note') return <p class="muted">{block.text}</p>;
  if (block.kind === 'paragraph') return <p>{block.runs.map((r) => (r.bold ? <strong>{r.text}</strong> : r.text))}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {block.columns.map((col) => (
              <th scope="col" style={{ width: `${(col.width * 100).toFixed(1)}%` }}>
                {col.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell) => (
                <td>
                  <Lines text={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
