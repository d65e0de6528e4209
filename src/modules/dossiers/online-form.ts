import type pg from 'pg';
import { AppError } from '../../errors.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import type { CitizenActor } from '../accounts/actor.ts';
import { agenciesOfProcedure, findProcedureView } from '../catalog/catalog.repository.ts';
import type { AttachedFile } from '../files/receive-uploads.ts';
import { answersFromFields, carryOver, prefilledAnswers, type Answers } from '../forms/answers.ts';
import type { StoredForm } from '../forms/form-definition.ts';
import { findCurrentForm, findFormVersion } from '../forms/forms.repository.ts';
import * as drafts from './drafts.repository.ts';
import type { OnlineFormState } from './online.pages.tsx';

/** The page's own fields, besides the e-form's answers. */
export const contactFields = ['agencyId', 'phone', 'email', 'address', 'resultDelivery'] as const;

/** A procedure open for online submission: its current version, e-form and performing agencies. */
export async function onlineProcedure(pool: pg.Pool, code: string) {
  const view = await findProcedureView(pool, code);
  if (!view) throw new AppError('not_found', `procedure ${code}`, { userMessage: 'Không tìm thấy thủ tục có mã này.' });
  const agencies = await agenciesOfProcedure(pool, view.procedure.code);
  if (agencies.length === 0)
    throw new AppError('not_found', `procedure ${code} has no agency`, {
      userMessage: 'Thủ tục này chưa được tiếp nhận trực tuyến tại tỉnh.',
    });
  return { procedure: view.procedure, agencies, form: (await findCurrentForm(pool, view.procedure.code)) ?? null };
}

export const changedNotice = (dropped: number) =>
  'Biểu mẫu của thủ tục đã được cập nhật từ khi bạn lưu nháp. Những câu trả lời còn phù hợp đã được giữ lại' +
  (dropped ? `; ${dropped} câu trả lời không còn trong biểu mẫu mới đã được bỏ đi` : '') +
  '. Vui lòng kiểm tra lại trước khi nộp.';

/**
 * What the form shows when a citizen opens it: their draft if they saved one
 * (carried over to the current form, with a notice, when the form changed
 * since), otherwise the answers their identity fills in.
 */
export async function openingState(pool: pg.Pool, citizen: CitizenActor, code: string, form: StoredForm | null): Promise<OnlineFormState> {
  const draft = await drafts.findDraft(pool, citizen.citizenId, code);
  if (!draft) return { contact: {}, answers: form ? prefilledAnswers(form.definition, citizen) : {}, files: {}, problems: [] };
  const state: OnlineFormState = {
    contact: draft.content.contact,
    answers: draft.content.answers,
    files: draft.content.files,
    problems: [],
  };
  if ((draft.formVersion ?? null) === (form?.version ?? null))
    return { ...state, notice: `Bạn đang tiếp tục bản nháp lưu lúc ${formatMoment(draft.savedAt)}.` };
  const carried = form ? carryOver(form.definition, draft.content.answers) : { answers: {}, dropped: Object.keys(draft.content.answers) };
  return { ...state, answers: carried.answers, notice: changedNotice(carried.dropped.length) };
}

/**
 * The answers of a posted page, read with the form version the page was
 * rendered with and carried over to the current form if it changed meanwhile.
 */
export async function postedAnswers(
  pool: pg.Pool,
  code: string,
  postedVersion: number | null,
  current: StoredForm | null,
  fields: Record<string, string[]>,
): Promise<{ answers: Answers; changed: boolean; dropped: number }> {
  const typedUnder =
    postedVersion === null ? null : postedVersion === current?.version ? current : await findFormVersion(pool, code, postedVersion);
  const typed = typedUnder ? answersFromFields(typedUnder.definition, fields) : {};
  if ((typedUnder?.version ?? null) === (current?.version ?? null)) return { answers: typed, changed: false, dropped: 0 };
  const carried = current ? carryOver(current.definition, typed) : { answers: {}, dropped: Object.keys(typed) };
  return { answers: carried.answers, changed: true, dropped: carried.dropped.length };
}

/** Saves what the citizen typed so far; returns when it was saved. */
export async function saveOnlineDraft(
  pool: pg.Pool,
  citizen: CitizenActor,
  code: string,
  formVersion: number | null,
  state: { contact: Record<string, string>; answers: Answers; files: Record<string, AttachedFile[]> },
): Promise<Date> {
  return drafts.saveDraft(pool, citizen.citizenId, code, formVersion, state);
}

export async function deleteOnlineDraft(pool: pg.Pool, citizen: CitizenActor, code: string): Promise<void> {
  await drafts.deleteDraft(pool, citizen.citizenId, code);
}
