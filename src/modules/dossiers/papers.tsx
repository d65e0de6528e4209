import { componentName } from '../catalog/procedure.schema.ts';
import { ComponentGuidance } from './component-guidance.tsx';
import type { ComponentRecord } from './dossiers.repository.ts';

/**
 * A dossier's papers with their files, then the procedure's guidance folded under one line. For
 * staff, every paper with whether it was received, and a check of each PDF's signatures; for the
 * applicant, what they handed in. A guidance row holding a file (accepted before guidance rows were
 * refused) stays among the papers, so that no file of a dossier is ever hidden.
 */
export function Papers({ components, base, staff }: { components: ComponentRecord[]; base: string; staff: boolean }) {
  const shown = components.filter((c) => {
    const held = c.received || (c.files ?? []).length > 0;
    return c.guidance ? held : staff || held;
  });
  return (
    <>
      <ul>
        {shown.map((c, i) => (
          <li key={i}>
            {componentName(c.name)}
            {staff && (c.received ? ' – đã nhận' : ' – chưa nhận')}
            {staff && c.paper && c.paper.originals + c.paper.copies > 0 && ` (${c.paper.originals} bản chính, ${c.paper.copies} bản sao)`}
            {(c.files ?? []).map((f) => (
              <div key={f.uploadId}>
                <a href={`${base}/tep/${f.uploadId}`}>{f.displayName}</a> <span class="muted">({Math.ceil(f.size / 1024)} KB)</span>
                {staff && f.mediaType === 'application/pdf' && (
                  <>
                    {' '}
                    <a href={`${base}/tep/${f.uploadId}/chu-ky`}>Kiểm tra chữ ký số</a>
                  </>
                )}
              </div>
            ))}
          </li>
        ))}
      </ul>
      <ComponentGuidance components={components.filter((c) => !shown.includes(c))} />
    </>
  );
}
