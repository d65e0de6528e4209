import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { mustAuthorize } from '../accounts/policy.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { parseDefinition } from './form-definition.ts';
import { formPolicy } from './forms.policy.ts';
import * as repo from './forms.repository.ts';

/**
 * An admin stores a new version of a procedure's e-form from its JSON text.
 * Every problem of the text is reported at once; `expectedVersion` is the
 * version the editor was opened on, so a save over someone else's newer
 * version is refused instead of silently replacing it. Dossiers keep the
 * version they were filled under; drafts are told the form changed.
 */
export async function saveForm(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  input: { procedureCode: string; expectedVersion: number; text: string },
  ip: string,
): Promise<number> {
  const grant = mustAuthorize(actor, formPolicy, 'edit', { agencyId: null }, index);
  const view = await findProcedureView(pool, input.procedureCode);
  if (!view) throw new AppError('not_found', `procedure ${input.procedureCode}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
  const parsed = parseDefinition(input.text);
  if (!('definition' in parsed)) throw new AppError('validation_failed', 'form definition', { problems: parsed.problems });
  return transaction(pool, async (db) => {
    const version = await repo.insertFormVersion(
      db,
      input.procedureCode,
      input.expectedVersion,
      parsed.definition,
      actor.staffId,
      input.text,
    );
    if (version === undefined)
      throw new AppError('conflict', `form of ${input.procedureCode} changed since version ${input.expectedVersion}`, {
        userMessage:
          'Biểu mẫu vừa được người khác lưu phiên bản mới, nên bản của bạn chưa được lưu. Nội dung bạn đã gõ vẫn còn dưới đây: hãy sao chép, mở lại trang để xem phiên bản mới nhất rồi đưa thay đổi của bạn vào.',
      });
    await appendAudit(db, {
      actor: auditActorOf(actor, grant),
      action: 'form_saved',
      subjectType: 'procedure',
      subjectId: input.procedureCode,
      detail: { version },
      ip,
    });
    return version;
  });
}
