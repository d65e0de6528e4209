import { Breadcrumbs, Pagination, Select, SummaryList, Tag } from '../../web/components.tsx';
import { compareVietnamese, formatDate } from '../../lib/vietnamese.ts';
import { renderPage } from '../../web/layout.tsx';
import type { AgencyRef, VersionSummary } from './catalog.repository.ts';
import { channelLabels, feeLabel, levelLabels, onlineLevelLabels, timeLimitLabel } from './labels.ts';
import type { Procedure } from './procedure.schema.ts';
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
        {view.error && (
          <div class="error-summary" role="alert">
            <h2>Có lỗi cần sửa</h2>
            <p>
              <a href="#q">{view.error}</a>
            </p>
          </div>
        )}
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

export function procedurePage(p: Procedure, version: number, versions: VersionSummary[], agencies: AgencyRef[], archived = false): string {
  const componentGroups = [...new Set(p.components.map((c) => c.group))];
  const hasNotes = p.channels.some((c) => c.description);
  return renderPage({
    title: p.name,
    children: (
      <>
        <Breadcrumbs
          items={[
            ['/', 'Trang chủ'],
            ['/thu-tuc', 'Thủ tục hành chính'],
            [`/thu-tuc?linh_vuc=${encodeURIComponent(p.field)}`, p.field || 'Lĩnh vực'],
          ]}
        />
        {archived && (
          <div class="notice" role="note">
            Đây là phiên bản {version}, không còn hiệu lực. <a href={`/thu-tuc/${p.code}`}>Xem phiên bản hiện hành</a>.
          </div>
        )}
        <span class="caption">Mã thủ tục {p.code}</span>
        <h1>{p.name}</h1>
        <SummaryList
          rows={[
            ['Lĩnh vực', p.field],
            ['Cấp thực hiện', p.levels.map((l) => levelLabels[l]).join(', ')],
            ['Mức độ trực tuyến', onlineLevelLabels[p.onlineLevel]],
            ['Đối tượng thực hiện', p.subjects.join(', ')],
            ['Cơ quan có thẩm quyền', p.competentAgency],
            ['Cơ quan thực hiện', p.implementingAgency],
            ['Cơ quan được ủy quyền', p.delegatedAgency],
            ['Cơ quan phối hợp', p.coordinatingAgency],
            ['Địa chỉ tiếp nhận', p.receivingAddress],
            ['Quyết định công bố', p.decisionNumber],
            ['Loại thủ tục', p.type],
          ]}
        />
        {agencies.length > 0 && (
          <>
            <h2>Nơi tiếp nhận, giải quyết tại tỉnh</h2>
            <ul>
              {[...agencies]
                .sort((a, b) => compareVietnamese(a.name, b.name))
                .map((a) => (
                  <li key={a.id}>{a.code ? <a href={`/co-quan/${a.code}`}>{a.name}</a> : a.name}</li>
                ))}
            </ul>
          </>
        )}
        <h2>Cách thức thực hiện, thời hạn và phí</h2>
        {p.channels.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Hình thức nộp</th>
                  <th scope="col">Thời hạn giải quyết</th>
                  <th scope="col">Phí, lệ phí</th>
                  {hasNotes && <th scope="col">Ghi chú</th>}
                </tr>
              </thead>
              <tbody>
                {p.channels.map((c) => (
                  <tr key={c.channel}>
                    <th scope="row">{channelLabels[c.channel]}</th>
                    <td>{timeLimitLabel(c.timeLimit)}</td>
                    <td>{c.fees.length ? c.fees.map((f, i) => <div key={i}>{feeLabel(f)}</div>) : 'Không có thông tin'}</td>
                    {hasNotes && <td>{c.description}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Chưa có thông tin.</p>
        )}
        <h2>Thành phần hồ sơ</h2>
        {componentGroups.length === 0 && <p>Chưa có thông tin.</p>}
        {componentGroups.map((group) => (
          <div key={group} class="table-wrap">
            <table>
              {group && <caption>{group}</caption>}
              <thead>
                <tr>
                  <th scope="col">Giấy tờ</th>
                  <th scope="col">Mẫu đơn, tờ khai</th>
                  <th scope="col" class="num">
                    Bản chính
                  </th>
                  <th scope="col" class="num">
                    Bản sao
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.components
                  .filter((c) => c.group === group)
                  .map((c, i) => (
                    <tr key={i}>
                      <td>{c.name.replace(/^[-+•]\s*/, '')}</td>
                      <td>{c.template ?? ''}</td>
                      <td class="num">{c.originals}</td>
                      <td class="num">{c.copies}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
        <h2>Trình tự thực hiện</h2>
        {p.steps.length ? (
          <ol class="steps">
            {p.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        ) : (
          <p>Chưa có thông tin.</p>
        )}
        {p.conditions.length > 0 && (
          <>
            <h2>Yêu cầu, điều kiện</h2>
            <ul>
              {p.conditions.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </>
        )}
        <h2>Kết quả</h2>
        {p.results.length ? (
          <ul>
            {p.results.map((r, i) => (
              <li key={i}>
                {r.name} {r.code && <span class="muted">(mã kết quả {r.code})</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có thông tin.</p>
        )}
        <h2>Căn cứ pháp lý</h2>
        {p.legalBasis.length ? (
          <ul>
            {p.legalBasis.map((l, i) => (
              <li key={i}>
                {l.title} {l.number && <strong>{l.number}</strong>}
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có thông tin.</p>
        )}
        <h2>Lịch sử phiên bản</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.version}>
              {v.version === version ? (
                <strong>Phiên bản {v.version}</strong>
              ) : (
                <a href={`/thu-tuc/${p.code}/phien-ban/${v.version}`}>Phiên bản {v.version}</a>
              )}
              {' – cập nhật ngày '}
              {formatDate(v.importedOn)}
            </li>
          ))}
        </ul>
        {p.sourceUrl && (
          <p class="muted">
            Nguồn: <a href={p.sourceUrl}>Cơ sở dữ liệu quốc gia về thủ tục hành chính</a>
          </p>
        )}
      </>
    ),
  });
}
