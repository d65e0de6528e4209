import type pg from 'pg';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { bumpPublicRevision } from '../../web/public-revision.ts';
import { forgetStoredPages } from '../catalog/catalog.repository.ts';
import { codePlacementProblem } from './agency-code.ts';
import type { AgencyInput } from './agency.schema.ts';
import * as repo from './agencies.repository.ts';

export interface SaveAgencyInput extends Omit<AgencyInput, 'parentCode'> {
  parentId: number | null;
}

/**
 * Adds an agency or unit (id null) or changes one (id and the revision the
 * editor saw). Every rule is checked and every problem reported at once, in
 * Vietnamese, by field; nothing is written unless all pass. Must run inside a
 * transaction (`db` a client), which the callers open.
 */
export async function saveAgency(db: pg.PoolClient, id: number | null, revision: number | null, input: SaveAgencyInput): Promise<number> {
  const problems: FieldProblem[] = [];
  const parent = input.parentId === null ? undefined : await repo.findAgencyById(db, input.parentId);
  if (input.parentId !== null && !parent) problems.push({ field: 'parentId', message: 'Cơ quan cấp trên không tồn tại.' });
  if (id !== null && parent && (await isSelfOrDescendant(db, parent.id, id))) {
    problems.push({ field: 'parentId', message: 'Không thể đặt cơ quan làm cấp dưới của chính nó.' });
  }

  const code = input.code ? input.code.toUpperCase() : null;
  if (!code && input.kind !== 'unit') {
    problems.push({ field: 'code', message: 'Nhập mã định danh điện tử của cơ quan (chỉ phòng, đơn vị trực thuộc mới được để trống).' });
  }
  if (code && (!parent || parent.code)) {
    const problem = codePlacementProblem(code, parent?.code ?? null);
    if (problem) problems.push({ field: 'code', message: problem });
  }
  if (code && parent && !parent.code) {
    problems.push({ field: 'code', message: 'Đơn vị thuộc một phòng chưa có mã định danh thì không thể có mã riêng.' });
  }
  if (code) {
    const holder = await repo.findAgencyByCode(db, code);
    if (holder && holder.id !== id) problems.push({ field: 'code', message: `Mã ${code} đã được dùng cho "${holder.name}".` });
  }
  // Without a start date a new agency starts today and an existing one keeps its stored start.
  const validFrom = input.validFrom ?? (id !== null ? (await repo.findAgencyById(db, id))?.validFrom : undefined) ?? (await today(db));
  if (input.validTo === null || input.validTo >= validFrom) {
    const clash = input.validTo === null ? await repo.findNameClash(db, input.name, input.kind, input.parentId, id) : undefined;
    if (clash) problems.push({ field: 'name', message: `Tên "${input.name}" trùng với một cơ quan đang hoạt động.` });
  } else {
    problems.push({ field: 'validTo', message: 'Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.' });
  }

  const successorIds: number[] = [];
  for (const successorCode of input.successorCodes) {
    const successor = await repo.findAgencyByCode(db, successorCode);
    if (!successor || successor.id === id) {
      problems.push({ field: 'successorCodes', message: `Cơ quan kế thừa có mã ${successorCode} không hợp lệ.` });
    } else successorIds.push(successor.id);
  }
  if (input.successorCodes.length && input.validTo === null) {
    problems.push({ field: 'validTo', message: 'Cơ quan đã sáp nhập hoặc chia tách phải có ngày hết hiệu lực.' });
  }
  if (problems.length) throw new AppError('validation_failed', `agency rejected: ${problems.map((p) => p.field).join(', ')}`, { problems });

  const row: repo.AgencyRow = { ...input, code };
  let savedId: number;
  if (id === null) {
    savedId = await repo.insertAgency(db, row).catch(raceLost);
  } else {
    if (!(await repo.updateAgency(db, id, revision, row).catch(raceLost))) {
      throw new AppError('conflict', `agency ${id} changed since revision ${revision}`, {
        userMessage: 'Cơ quan này vừa được người khác sửa. Hãy tải lại trang để xem bản mới rồi sửa lại.',
      });
    }
    savedId = id;
  }
  await repo.replaceSuccessors(db, savedId, successorIds);
  // Procedure pages list the agencies that perform them: every stored one may now be out of date.
  await forgetStoredPages(db);
  await bumpPublicRevision(db);
  return savedId;
}

async function today(db: Db): Promise<string> {
  const { rows } = await db.query<{ today: string }>('SELECT CURRENT_DATE AS today');
  return rows[0]!.today;
}

/** Another save took the same code or name between our check and our write. */
function raceLost(err: unknown): never {
  if (!isUniqueViolation(err)) throw err;
  throw new AppError('conflict', 'agency code or name taken concurrently', {
    userMessage: 'Mã hoặc tên này vừa được dùng cho một cơ quan khác. Hãy tải lại trang và kiểm tra.',
  });
}

async function isSelfOrDescendant(db: Db, candidate: number, id: number): Promise<boolean> {
  const { rows } = await db.query(
    `WITH RECURSIVE up AS (SELECT id, parent_id FROM agencies WHERE id = $1
       UNION SELECT a.id, a.parent_id FROM agencies a JOIN up ON a.id = up.parent_id)
     SELECT 1 FROM up WHERE id = $2`,
    [candidate, id],
  );
  return rows.length > 0;
}
