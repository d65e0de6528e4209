import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../errors.ts';

/** Shared page components; later pages reuse these instead of writing their own markup. */

export function ErrorSummary({ problems }: { problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    // autofocus: the page opens on the list of problems, as the GOV.UK error summary does (without script).
    <div class="error-summary" role="alert" tabIndex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Có lỗi cần sửa</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.field}>
            <a href={`#${p.field}`}>{p.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

function FieldFrame({ name, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <label for={name}>{label}</label>
      {hint && (
        <div class="hint" id={`${name}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">Lỗi: </span>
          {error}
        </span>
      )}
      {children}
    </div>
  );
}

function describedBy({ name, hint, error }: FieldProps): string | undefined {
  const ids = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(
  props: FieldProps & {
    value?: string | null;
    type?: 'text' | 'search' | 'date' | 'email' | 'tel';
    autocomplete?: string;
    required?: boolean;
    /** The phone keyboard to offer (numeric for dates typed as dd/mm/yyyy). */
    inputmode?: 'numeric' | 'tel' | 'email';
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        type={props.type ?? 'text'}
        inputmode={props.inputmode}
        id={props.name}
        name={props.name}
        value={props.value ?? ''}
        class={props.error ? 'input-error' : undefined}
        aria-describedby={describedBy(props)}
        autocomplete={props.autocomplete}
        required={props.required}
      />
    </FieldFrame>
  );
}

/** Several lines of text (one item a line, a letter); linked to its hint and error like every field. */
export function Textarea(props: FieldProps & { value?: string | null; rows?: number; maxLength?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows}
        maxLength={props.maxLength}
        class={props.error ? 'input-error' : undefined}
        aria-describedby={describedBy(props)}
        value={props.value ?? ''}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: FieldProps & { options: Option[]; value?: string | null; emptyLabel?: string }) {
  return (
    <FieldFrame {...props}>
      <select id={props.name} name={props.name} class={props.error ? 'input-error' : undefined} aria-describedby={describedBy(props)}>
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function SummaryList({ rows }: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="summary">
      {rows
        .filter(([, value]) => value !== '' && value !== null && value !== undefined)
        .map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

export function Breadcrumbs({ items }: { items: Array<[string, string]> }) {
  return (
    <nav aria-label="Vị trí trang">
      <ol class="breadcrumbs">
        {items.map(([href, label]) => (
          <li key={href}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Numbered pages; `href(n)` builds the link of page n, keeping the other parameters. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (n: number) => string }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return (
    <nav aria-label="Phân trang">
      <ul class="pagination">
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              ‹ Trang trước
            </a>
          </li>
        )}
        {shown.map((n, i) => (
          <>
            {i > 0 && n - (shown[i - 1] ?? n) > 1 && (
              <li>
                <span>…</span>
              </li>
            )}
            <li key={n}>
              {n === page ? (
                <span aria-current="page">{n}</span>
              ) : (
                <a href={href(n)} aria-label={`Trang ${n}`}>
                  {n}
                </a>
              )}
            </li>
          </>
        ))}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              Trang sau ›
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

export function Tag({ children, tone }: { children: ComponentChildren; tone?: 'green' | 'grey' | 'yellow' | 'red' }) {
  return <strong class={tone ? `tag tag-${tone}` : 'tag'}>{children}</strong>;
}

/**
 * A table of records that a phone shows as one block per row, each cell headed by its column's
 * name (styles.css `stack-on-phone`), so that no column ends off-screen. The ARIA roles keep it a
 * table for screen readers once CSS has changed how its rows are displayed.
 */
export function StackedTable<T>({
  columns,
  rows,
  keyOf,
}: {
  /** Each column's name (shown on a phone before each value), its cell, and a heading to show instead of the name. */
  columns: Array<[label: string, cell: (row: T) => ComponentChildren, heading?: ComponentChildren]>;
  rows: T[];
  keyOf: (row: T) => string | number;
}) {
  return (
    <div class="table-wrap">
      <table class="stack-on-phone" role="table">
        <thead role="rowgroup">
          <tr role="row">
            {columns.map(([label, , heading]) => (
              <th key={label} scope="col" role="columnheader">
                {heading ?? label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr role="row" key={keyOf(row)}>
              {columns.map(([label, cell]) => (
                <td key={label} role="cell" data-label={label}>
                  {cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
