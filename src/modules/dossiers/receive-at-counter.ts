import type pg from 'pg';
import { AppError, type FieldProblem } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { mustAuthorize } from '../accounts/policy.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { findProcedureView, type ProcedureView } from '../catalog/catalog.repository.ts';
import type { ChannelTerms } from '../catalog/procedure.schema.ts';
import { hasDueDate, outcomeStatus, receivesDossier, type ReceptionOutcome } from './dossier-states.ts';
import { dossierPolicy } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';
import { receivedComponents, type CountedPaper } from './received-components.ts';
import { recordDossier } from './record-dossier.ts';

export interface CounterReception {
  agencyId: number;
  procedureCode: string;
  /** The procedure as the caller already read it (a route that showed the form), so it is not read twice. */
  procedure?: ProcedureView | undefined;
  channel: 'counter' | 'post';
  postalTracking: string;
  applicant: repo.Person;
  representative: repo.Person | null;
  resultDelivery: 'counter' | 'post' | 'online';
  /** For each component of the procedure, in the catalogue's order: presented or not. */
  received: boolean[];
  /** For each component, the files attached to it (a component with files counts as presented). */
  files: NonNullable<repo.ComponentRecord['files']>[];
  /** For each component, the paper copies the desk counted (absent: the catalogue's counts). */
  counted?: CountedPaper[];
  outcome: ReceptionOutcome;
  /** Supplement: what is missing or wrong, each with its reason. Refusal: the reasons. */
  reasons: string[];
}

/** Computes the appointment from the reception moment and the channel's time limit (the working calendar). */
export type DueDateRule = (receivedAt: Date, limit: NonNullable<ChannelTerms['timeLimit']>) => Promise<Date>;

export interface Reception {
  code: string;
  dossierId: number;
  dueAt: Date | null;
}

/** Every problem of a reception form at once, in Vietnamese, by field. Pure. */
export function receptionProblems(r: CounterReception, componentCount: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!r.applicant.fullName.trim()) problems.push({ field: 'applicant.fullName', message: 'Nhập họ và tên người nộp hồ sơ.' });
  if (r.applicant.idNumber && !/^(\d{9}|\d{12})$/.test(r.applicant.idNumber)) {
    problems.push({
      field: 'applicant.idNumber',
      message: 'Số định danh cá nhân gồm 12 chữ số (hoặc số chứng minh nhân dân cũ 9 chữ số).',
    });
  }
  if (r.applicant.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.applicant.email))
    problems.push({ field: 'applicant.email', message: 'Thư điện tử không đúng định dạng.' });
  if (r.representative && !r.representative.fullName.trim())
    problems.push({ field: 'representative.fullName', message: 'Nhập họ và tên người được ủy quyền, hoặc bỏ chọn nộp thay.' });
  if (r.channel === 'post' && !r.postalTracking.trim())
    problems.push({ field: 'postalTracking', message: 'Nhập mã bưu gửi của hồ sơ nhận qua bưu chính.' });
  if (r.resultDelivery === 'post' && !r.applicant.address.trim())
    problems.push({ field: 'applicant.address', message: 'Nhập địa chỉ để trả kết quả qua bưu chính.' });
  if (r.received.length !== componentCount)
    problems.push({ field: 'components', message: 'Danh sách giấy tờ không khớp với thủ tục; vui lòng tải lại trang.' });
  const reasons = r.reasons.map((x) => x.trim()).filter(Boolean);
  if (r.outcome === 'request_supplement' && reasons.length === 0)
    problems.push({ field: 'reasons', message: 'Ghi rõ từng giấy tờ cần bổ sung, hoàn thiện và lý do (yêu cầu một lần, đầy đủ).' });
  if (r.outcome === 'refuse' && reasons.length === 0) problems.push({ field: 'reasons', message: 'Ghi rõ lý do từ chối tiếp nhận.' });
  return problems;
}

/**
 * A desk officer records a dossier presented at the counter or arriving by
 * post, with one of the outcomes of reception. Every outcome records the
 * dossier (nothing presented is ever lost): it gets its code, its log entry and
 * its audit entry in one transaction, so a code is never used twice nor skipped.
 * `now` is the moment of the desk's act; it becomes the reception time only
 * when the dossier is taken in (received, or returned on the spot).
 */
export async function receiveAtCounter(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  input: CounterReception,
  dueDateOf: DueDateRule,
  ip: string,
  now = new Date(),
): Promise<Reception> {
  const grant = mustAuthorize(actor, dossierPolicy, 'receive', { agencyId: input.agencyId }, index);
  const home = index.homeOf(input.agencyId);
  const agency = { id: home, code: index.codeOf(home) };
  const view =
    input.procedure?.procedure.code === input.procedureCode ? input.procedure : await findProcedureView(pool, input.procedureCode);
  if (!view) throw new AppError('not_found', `procedure ${input.procedureCode}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
  if (!agency.code)
    throw new AppError('validation_failed', 'receiving agency has no code', {
      userMessage: 'Cơ quan tiếp nhận chưa có mã định danh điện tử; liên hệ quản trị.',
    });
  const { components, problems: paperProblems } = receivedComponents(view.procedure.components, input.received, input.files, input.counted);
  const problems = [...receptionProblems(input, view.procedure.components.length), ...paperProblems];
  if (problems.length) throw new AppError('validation_failed', 'reception form', { problems });

  const limit = view.procedure.channels.find((c) => c.channel === input.channel)?.timeLimit ?? null;
  const dueAt = hasDueDate(input.outcome) && limit ? await dueDateOf(now, limit) : input.outcome === 'return_now' ? now : null;
  const status = outcomeStatus[input.outcome];
  const reasons = input.reasons.map((x) => x.trim()).filter(Boolean);
  const by = auditActorOf(actor, grant);

  const { code, dossierId } = await recordDossier(pool, {
    dossier: {
      agencyCode: agency.code!,
      procedureCode: view.procedure.code,
      procedureVersion: view.version,
      receivingAgencyId: agency.id,
      channel: input.channel,
      applicant: input.applicant,
      representative: input.representative,
      resultDelivery: input.resultDelivery,
      postalTracking: input.channel === 'post' ? input.postalTracking.trim() : null,
      components,
      // A dossier sent back for completion or refused is not received: no reception time, no clock.
      receivedAt: receivesDossier(input.outcome) ? now : null,
      dueAt,
      status,
    },
    first: { action: input.outcome, by, detail: { reasons, channel: input.channel }, ip },
    at: now,
  });
  return { code, dossierId, dueAt };
}
