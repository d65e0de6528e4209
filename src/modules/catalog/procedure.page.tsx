import { compareVietnamese, formatDate } from '../../lib/vietnamese.ts';
import { Breadcrumbs, SummaryList } from '../../web/components.tsx';
import { renderPage } from '../../web/layout.tsx';
import type { AgencyRef, VersionSummary } from './catalog.repository.ts';
import { channelLabels, feeLabel, levelLabels, onlineLevelLabels, timeLimitLabel } from './labels.ts';
import type { Procedure } from './procedure.schema.ts';
import { componentName } from './procedure.schema.ts';

/** The public page of one procedure: everything a person needs to know before applying. */
export function procedurePage(p: Procedure, version: number, versions: VersionSummary[], agencies: AgencyRef[], archived = false): string {
  const componentGroups = [...new Set(p.components.map((c) => c.group))];
  const hasNotes = p.channels.some((c) => c.description);
  // The national record's level, unless the province takes the procedure online here anyway.
  const takenOnline = agencies.length > 0 && !archived;
  const onlineLevel =
    p.onlineLevel === 'none' && takenOnline
      ? 'Tỉnh tiếp nhận hồ sơ trực tuyến trên cổng này (Cơ sở dữ liệu quốc gia ghi: chưa cung cấp trực tuyến)'
      : onlineLevelLabels[p.onlineLevel];
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
            ['Mức độ trực tuyến', onlineLevel],
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
        {takenOnline && (
          <p>
            <a class="button" href={`/cong-dan/nop/${p.code}`}>
              Nộp hồ sơ trực tuyến
            </a>
          </p>
        )}
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
                      <td>{componentName(c.name)}</td>
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
