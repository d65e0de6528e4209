import type pg from 'pg';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import type { CitizenActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { findAgencyById } from '../agencies/agencies.repository.ts';
import { agenciesOfProcedure, findProcedureView } from '../catalog/catalog.repository.ts';
import { findCurrentForm } from '../forms/forms.repository.ts';
import type { Answers } from '../forms/answers.ts';
import { PHONE_PATTERN } from '../forms/json-schema.ts';
import { validateAnswers } from '../forms/validate-answers.ts';
import * as repo from './dossiers.repository.ts';
import { receivedComponents } from './received-components.ts';
import { recordDossier } from './record-dossier.ts';

export interface OnlineSubmission {
  procedureCode: string;
  agencyId: number;
  /** The one-time key of the form page (or the API's Idempotency-Key). */
  key: string;
  /** The API's hash of its request body: the same key with another body is refused. */
  requestHash?: string;
  /** The e-form version the answers were typed under (null when the procedure had no form). */
  formVersion: number | null;
  answers: unknown;
  phone: string;
  email: string;
  address: string;
  resultDelivery: 'online' | 'post' | 'counter';
  files: NonNullable<repo.ComponentRecord['files']>[];
}

/** Computes the latest moment the desk must answer an online dossier (8 working hours). */
export type AcceptanceRule = (submittedAt: Date) => Promise<Date>;

/**
 * A signed-in citizen submits a dossier online to an agency that performs the
 * procedure. The applicant is the signed-in person (name and ID number from
 * the identity provider, never typed). The dossier is new (status 1) with its
 * code at once and waits for the desk, which must answer within 8 working
 * hours. Submitting the same form again (double click, retry) returns the
 * first dossier instead of making a second. The answers are checked against
 * the procedure's current e-form; answers typed under an older version are
 * refused (the person is shown the new form with what still fits). The
 * citizen's draft of the procedure goes with the dossier's transaction.
 */
export async function submitOnline(
  pool: pg.Pool,
  citizen: CitizenActor,
  input: OnlineSubmission,
  acceptBy: AcceptanceRule,
  ip: string,
  now = new Date(),
): Promise<{ code: string; repeated: boolean }> {
  const earlier = await repo.findSubmission(pool, input.key, citizen.citizenId);
  if (earlier) return repeatOf(earlier, input.requestHash);
  const view = await findProcedureView(pool, input.procedureCode);
  if (!view) throw new AppError('not_found', `procedure ${input.procedureCode}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
  const performing = (await agenciesOfProcedure(pool, view.procedure.code)).map((a) => a.id);
  const agency = performing.includes(input.agencyId) ? await findAgencyById(pool, input.agencyId) : undefined;
  const problems: FieldProblem[] = [];
  if (!agency?.code) problems.push({ field: 'agencyId', message: 'Chọn cơ quan giải quyết hồ sơ.' });
  if (!input.phone.trim()) problems.push({ field: 'phone', message: 'Nhập số điện thoại để cơ quan liên hệ khi cần.' });
  else if (!new RegExp(PHONE_PATTERN).test(input.phone.trim()))
    problems.push({ field: 'phone', message: 'Số điện thoại không đúng: chỉ gồm chữ số (có thể có dấu cách, +, -), từ 8 đến 20 ký tự.' });
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
    problems.push({ field: 'email', message: 'Thư điện tử không đúng định dạng.' });
  if (input.resultDelivery === 'post' && !input.address.trim())
    problems.push({ field: 'address', message: 'Nhập địa chỉ nhận kết quả qua bưu chính.' });
  const papers = receivedComponents(
    view.procedure.components,
    view.procedure.components.map(() => false),
    input.files,
  );
  problems.push(...papers.problems);
  // Said of the papers as a whole: under one of them, it read as if that paper were the one required.
  if (!papers.components.some((c) => c.received))
    problems.push({ field: 'components', message: 'Tải lên ít nhất một giấy tờ của hồ sơ, ở giấy tờ tương ứng.' });
  const form = await findCurrentForm(pool, view.procedure.code);
  if ((form?.version ?? null) !== input.formVersion)
    throw new AppError('conflict', `form of ${view.procedure.code} is v${form?.version} not v${input.formVersion}`, {
      userMessage: 'Biểu mẫu của thủ tục vừa được cập nhật. Những câu trả lời còn phù hợp đã được giữ lại; vui lòng kiểm tra lại rồi nộp.',
    });
  let answers: Answers = {};
  if (form) {
    const checked = validateAnswers(form, input.answers);
    if ('answers' in checked) answers = checked.answers;
    else problems.push(...checked.problems);
  }
  if (problems.length) throw new AppError('validation_failed', 'online submission', { problems });

  const deadline = await acceptBy(now);
  const record = async () => {
    const { code } = await recordDossier(pool, {
      dossier: {
        agencyCode: agency!.code!,
        procedureCode: view.procedure.code,
        procedureVersion: view.version,
        receivingAgencyId: agency!.id,
        channel: 'online',
        applicant: {
          fullName: citizen.fullName,
          idNumber: citizen.idNumber,
          phone: input.phone.trim(),
          email: input.email.trim(),
          address: input.address.trim(),
        },
        representative: null,
        resultDelivery: input.resultDelivery,
        postalTracking: null,
        components: papers.components,
        receivedAt: null,
        dueAt: null,
        status: 'new',
        acceptBy: deadline,
        citizenId: citizen.citizenId,
        formVersion: form?.version ?? null,
        answers,
      },
      first: { action: 'submit_online', by: auditActorOf(citizen), ip },
      at: now,
      // The key, and the saved draft this replaces, go with the dossier: a repeat finds the first dossier.
      submission: { key: input.key, citizenId: citizen.citizenId, requestHash: input.requestHash ?? null },
    });
    return { code, repeated: false };
  };
  try {
    return await record();
  } catch (err) {
    // The same form sent twice at once: the second transaction meets the first's key and rolls
    // back whole (its code is given back), and the person is shown the first dossier.
    if (!isUniqueViolation(err)) throw err;
    const first = await repo.findSubmission(pool, input.key, citizen.citizenId);
    if (!first) throw err;
    return repeatOf(first, input.requestHash);
  }
}

function repeatOf(first: { code: string; requestHash: string | null }, requestHash: string | undefined) {
  if (requestHash !== undefined && first.requestHash !== requestHash)
    throw new AppError('conflict', 'idempotency key reused with another body', {
      userMessage: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; mỗi hồ sơ mới cần một khóa mới.',
    });
  return { code: first.code, repeated: true };
}
