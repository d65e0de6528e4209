import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { mustAuthorize } from '../accounts/policy.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { processPolicy } from './processes.policy.ts';
import * as repo from './processes.repository.ts';
import { reviewProcess } from './review-process.ts';

/**
 * An admin stores a new version of a procedure's internal process (the
 * province's default, or `agency`'s own variant) from its JSON text. Refused,
 * with every problem at once: a text that is not a process, a process whose end
 * cannot be reached or whose allotments do not add up to the legal time limit,
 * a step nobody can take (review-process.ts).
 * `expectedVersion` is the version the editor was opened on, so a save over
 * someone else's newer version is refused instead of replacing it. Dossiers
 * keep the version they started with.
 */
export async function saveProcess(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  input: { procedureCode: string; agency: { id: number; code: string } | null; expectedVersion: number; text: string },
  ip: string,
): Promise<number> {
  const agencyId = input.agency?.id ?? null;
  const grant = mustAuthorize(actor, processPolicy, 'edit', { agencyId }, index);
  const view = await findProcedureView(pool, input.procedureCode);
  if (!view) throw new AppError('not_found', `procedure ${input.procedureCode}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
  const { definition, problems } = await reviewProcess(pool, index, view.procedure, agencyId, input.text);
  if (!definition || problems.length) throw new AppError('validation_failed', 'process definition', { problems });
  return transaction(pool, async (db) => {
    const version = await repo.insertProcessVersion(
      db,
      input.procedureCode,
      agencyId,
      input.expectedVersion,
      definition,
      actor.staffId,
      input.text,
    );
    if (version === undefined)
      throw new AppError('conflict', `process of ${input.procedureCode} changed since version ${input.expectedVersion}`, {
        userMessage:
          'Quy trình vừa được người khác lưu phiên bản mới, nên bản của bạn chưa được lưu. Nội dung bạn đã gõ vẫn còn dưới đây: hãy sao chép, mở lại trang để xem phiên bản mới nhất rồi đưa thay đổi của bạn vào.',
      });
    await appendAudit(db, {
      actor: auditActorOf(actor, grant),
      action: 'process_saved',
      subjectType: 'procedure',
      subjectId: input.procedureCode,
      agencyId,
      detail: { version, agency: input.agency?.code ?? null },
      ip,
    });
    return version;
  });
}
