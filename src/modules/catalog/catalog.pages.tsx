import { ErrorSummary, Pagination, Select, Tag } from '../../web/components.tsx';
import { compareVietnamese } from '../../lib/vietnamese.ts';
import { renderPage } from '../../web/layout.tsx';
import type { AgencyRef } from './catalog.repository.ts';
import { levelLabels, onlineLevelLabels } from './labels.ts';
import { levelSchema, onlineLevelSchema } from './procedure.schema.ts';
import type { SearchPage } from './search-procedures.ts';
import { pageSize } from './search-query.ts';

function SearchBox({ q, label }: { q: string; label: string }) {
  return (
    <form class="search-form" method="get" action="/thu-tuc" role="search">
      <label class="visually-hidden" for="q">
        {label}
      </label>
      <input type="search" id="q" name="q" value={q} maxLength={200} placeholder="Ví dụ: đăng ký khai sinh" />
      <button class="button" type="submit">
        Tìm kiếm
      </button>
    </form>
  );
}

export function homePage(fields: Array<{ value: string; count: number }>, total: number): string {
  const sorted = [...fields].sort((a, b) => compareVietnamese(a.value, b.value));
  return renderPage({
    title: 'Tra cứu thủ tục hành chính',
    children: (
      <>
        <h1>Tra cứu thủ tục hành chính</h1>
        <p class="lead">Tìm thủ tục bạn cần làm để biết giấy tờ phải chuẩn bị, nơi nộp, thời hạn giải quyết và phí, lệ phí.</p>
        <SearchBox q="" label="Tên hoặc mã thủ tục" />
        <h2>Theo lĩnh vực</h2>
        <p class="muted">{total} thủ tục trong danh mục.</p>
        <ul>
          {sorted.map((f) => (
            <li key={f.value}>
              <a href={`/thu-tuc?linh_vuc=${encodeURIComponent(f.value)}`}>{f.value}</a> <span class="muted">({f.count})</span>
            </li>
          ))}
        </ul>
        <p>
          <a href="/co-quan">Danh bạ cơ quan giải quyết thủ tục</a>
        </p>
      </>
    ),
  });
}

export interface ResultsView {
  q: string;
  field: string;
  level: string;
  agency: string;
  online: string;
  page: number;
  error?: string;
}

export function resultsPage(
  view: ResultsView,
  result: SearchPage,
  facets: { fields: Array<{ value: string }>; agencies: AgencyRef[] },
): string {
  const pages = Math.max(1, Math.ceil(result.total / pageSize));
  const href = (n: number) => {
    const params = new URLSearchParams();
    if (view.q) params.set('q', view.q);
    if (view.field) params.set('linh_vuc', view.field);
    if (view.level) params.set('cap', view.level);
    if (view.agency) params.set('co_quan', view.agency);
    if (view.online) params.set('truc_tuyen', view.online);
    if (n > 1) params.set('trang', String(n));
    return `/thu-tuc?${params}`;
  };
  const title = view.q ? `Kết quả tìm kiếm “${view.q}”` : 'Danh mục thủ tục hành chính';
  return renderPage({
    title,
    children: (
      <>
        <h1>{title}</h1>
        <ErrorSummary problems={view.error ? [{ field: 'q', message: view.error }] : []} />
        <SearchBox q={view.q} label="Tên hoặc mã thủ tục" />
        <div class="layout" style="margin-top:1.5rem">
          <form class="filters" method="get" action="/thu-tuc" aria-label="Lọc kết quả">
            <input type="hidden" name="q" value={view.q} />
            <Select
              name="linh_vuc"
              label="Lĩnh vực"
              value={view.field}
              emptyLabel="Tất cả"
              options={[...facets.fields]
                .sort((a, b) => compareVietnamese(a.value, b.value))
                .map((f) => ({ value: f.value, label: f.value }))}
            />
            <Select
              name="cap"
              label="Cấp thực hiện"
              value={view.level}
              emptyLabel="Tất cả"
              options={levelSchema.options.map((l) => ({ value: l, label: levelLabels[l] }))}
            />
            <Select
              name="co_quan"
              label="Cơ quan thực hiện"
              value={view.agency}
              emptyLabel="Tất cả"
              options={[...facets.agencies]
                .sort((a, b) => compareVietnamese(a.name, b.name))
                .map((a) => ({ value: String(a.id), label: a.name }))}
            />
            <Select
              name="truc_tuyen"
              label="Mức độ trực tuyến"
              value={view.online}
              emptyLabel="Tất cả"
              options={onlineLevelSchema.options.map((l) => ({ value: l, label: onlineLevelLabels[l] }))}
            />
            <button class="button button-secondary" type="submit">
              Lọc
            </button>
          </form>
          <div>
            <p role="status">
              {result.total === 0
                ? 'Không tìm thấy thủ tục nào. Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.'
                : `Tìm thấy ${result.total} thủ tục${pages > 1 ? `, trang ${view.page}/${pages}` : ''}.`}
              {result.correctedTo &&
                result.total > 0 &&
                ` Không có thủ tục khớp đúng từ khóa đã nhập; kết quả dưới đây tìm theo “${result.correctedTo}”.`}
            </p>
            <ul class="results">
              {result.hits.map((h) => (
                <li key={h.code}>
                  <h2>
                    <a href={`/thu-tuc/${h.code}`}>{h.name}</a>
                  </h2>
                  <span class="muted">
                    {h.code} · {h.field} · {h.levels.map((l) => levelLabels[l]).join(', ')}
                  </span>{' '}
                  {h.onlineLevel !== 'none' && (
                    <Tag tone="green">{h.onlineLevel === 'full' ? 'Trực tuyến toàn trình' : 'Trực tuyến một phần'}</Tag>
                  )}
                </li>
              ))}
            </ul>
            <Pagination page={view.page} pages={pages} href={href} />
          </div>
        </div>
      </>
    ),
  });
}
