import type pg from 'pg';
import { AppError } from '../../errors.ts';
import { transaction } from '../../db/pool.ts';
import * as files from '../files/files.repository.ts';
import type { AttachedFile } from '../files/receive-uploads.ts';
import { listResultsOfCitizen, type ResultRow } from './results.repository.ts';

/** The field of a form by which a citizen picks, for component field `field`, results from their store. */
export const reuseFieldOf = (field: string) => `reuse:${field}`;

/** How a result reads in the citizen's store and on the dossier it is reused in. */
export function resultLabel(r: Pick<ResultRow, 'number' | 'notation' | 'agencyName' | 'procedureName'>): string {
  return `Văn bản số ${r.number}/${r.notation} của ${r.agencyName} (${r.procedureName})`;
}

/** The citizen's e-data store: the results in force issued to them (their ID number), newest first. */
export async function storeOf(pool: pg.Pool, citizen: { citizenId: number; idNumber: string }): Promise<ResultRow[]> {
  return (await listResultsOfCitizen(pool, citizen)).filter((r) => r.ownerIdNumber !== '' && r.ownerIdNumber === citizen.idNumber);
}

/**
 * The results a citizen picked from their e-data store for a form's
 * components (`reuse:<field>` fields holding result ids), attached as the
 * citizen's uploads of the issued, signed files: nothing is uploaded again,
 * and the desk receives the very bytes the agency issued. Only results in the
 * citizen's own store can be picked, for the components of the procedure
 * (`file-0` … `file-<componentCount - 1>`); anything else is refused as a whole.
 */
export async function attachReusedResults(
  pool: pg.Pool,
  citizen: { citizenId: number; idNumber: string },
  componentCount: number,
  fields: Record<string, string[]>,
  attached: Record<string, AttachedFile[]>,
): Promise<void> {
  const picks = Object.entries(fields).filter(([name, ids]) => name.startsWith('reuse:') && ids.length);
  if (!picks.length) return;
  const known = new Set(Array.from({ length: componentCount }, (_, i) => reuseFieldOf(`file-${i}`)));
  if (picks.some(([name]) => !known.has(name)))
    throw new AppError('bad_request', 'reuse of a result for an unknown component', {
      userMessage: 'Giấy tờ được chọn không thuộc thủ tục này; hãy tải lại trang.',
    });
  const mine = new Map((await storeOf(pool, citizen)).map((r) => [String(r.id), r]));
  for (const [name, ids] of picks) {
    const field = name.slice('reuse:'.length);
    for (const id of new Set(ids)) {
      const result = mine.get(id);
      if (!result)
        throw new AppError('forbidden', `result ${id} is not citizen ${citizen.citizenId}'s`, {
          userMessage: 'Giấy tờ được chọn không có trong kho dữ liệu của bạn.',
        });
      const kept = (attached[field] ??= []);
      if (kept.some((f) => f.sha256 === result.sha256)) continue;
      const displayName = `${resultLabel(result)}.pdf`;
      const uploadId = await transaction(pool, (db) =>
        files.insertUpload(db, { sha256: result.sha256, displayName, by: { kind: 'citizen', id: citizen.citizenId } }),
      );
      kept.push({ uploadId, sha256: result.sha256, size: result.size, mediaType: 'application/pdf', displayName });
    }
  }
}
