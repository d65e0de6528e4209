import { Readable } from 'node:stream';
import type pg from 'pg';
import { isUniqueViolation } from '../../db/errors.ts';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import type { RoleGrant, StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import type { Role } from '../accounts/roles.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { Procedure } from '../catalog/procedure.schema.ts';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import * as files from '../files/files.repository.ts';
import { limits } from '../files/limits.ts';
import type { AttachedFile } from '../files/receive-uploads.ts';
import { storeStream } from '../files/store-file.ts';
import { agenciesFor } from '../processes/work-actor.ts';
import { renderResultPdf } from './render-result-pdf.ts';
import { resultDocumentSchema, type ResultDocument } from './result-document.ts';
import * as repo from './results.repository.ts';

/**
 * The first draft a specialist sees for a dossier: a decision of the
 * receiving agency on the procedure, its legal basis and the applicant, in the
 * Decree 30 layout, for them to edit.
 */
export function defaultDocument(
  d: DossierRow,
  procedure: Procedure,
  agency: { name: string; parent: string; leaderName: string },
  place: string,
): ResultDocument {
  const result = procedure.results[0]?.name ?? 'kết quả giải quyết thủ tục hành chính';
  const people = /^ủy ban nhân dân/i.test(agency.name.normalize('NFC'));
  return {
    kind: 'decision',
    parentAgency: agency.parent,
    agency: agency.name,
    notation: `QĐ-${agencyAbbreviation(agency.name)}`,
    place,
    title: 'Quyết định',
    subject: `Về việc ${procedure.name.replace(/^Thủ tục /, '').toLowerCase()} cho ${d.applicant.fullName}`,
    body: [
      ...procedure.legalBasis.slice(0, 3).map((b) => `Căn cứ ${b.title}${b.number ? ` (${b.number})` : ''};`),
      `Xét hồ sơ số ${d.code} của ${d.applicant.fullName} và đề nghị của cơ quan chuyên môn,`,
      `Điều 1. Cấp ${result} cho ${d.applicant.fullName}, số định danh cá nhân ${d.applicant.idNumber}.`,
      'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.',
    ],
    recipients: ['Như Điều 1', 'Lưu: VT'],
    // A people's committee decides collectively (TM.), its chair signs; a department's director signs in their own name.
    signerCapacity: people ? 'TM. Ủy ban nhân dân' : '',
    signerTitle: people ? 'Chủ tịch' : /^sở /i.test(agency.name) ? 'Giám đốc' : 'Thủ trưởng cơ quan',
    signerName: agency.leaderName,
  };
}

/**
 * The issuing agency's abbreviation in a document's notation (Decree 30 Annex I): the initials of
 * its name without the place, "Sở Tư pháp tỉnh An Hòa" → "STP", "Ủy ban nhân dân phường Đông Thành" → "UBND".
 */
export function agencyAbbreviation(name: string): string {
  const own = name.normalize('NFC').split(/\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+/i)[0]!;
  return (
    own
      .split(/\s+/)
      .filter(Boolean)
      // Tone and vowel marks go; Đ stays Đ, as official notations write it.
      .map((w) =>
        w[0]!
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toUpperCase(),
      )
      .join('')
  );
}

const drafters: readonly Role[] = ['specialist', 'unit_head', 'agency_leader'];

/**
 * The grant with which `actor` may draft the dossier's result, or null: only
 * staff processing the dossier draft, a specialist, unit head or agency leader
 * of the agency or unit of its current step (within that agency, as
 * sign-result.ts `grantFor` counts it). Reading the dossier is not enough.
 */
export function drafterGrant(actor: StaffActor, index: AgencyIndex, d: DossierRow): RoleGrant | null {
  if (d.stepAgencyId === null) return null;
  const where = agenciesFor(index, d.stepAgencyId);
  return actor.roles.find((g) => drafters.includes(g.role) && where.includes(g.agencyId)) ?? null;
}

const notDrafting = (d: DossierRow) =>
  d.stepAgencyId === null
    ? 'Hồ sơ không ở bước xử lý nào nên không soạn được dự thảo kết quả.'
    : 'Chỉ chuyên viên, lãnh đạo phòng hoặc lãnh đạo cơ quan đang xử lý hồ sơ ở bước hiện tại mới soạn được dự thảo kết quả.';

/** Why `actor` may not draft the dossier's result now, in Vietnamese; null when they may. */
export function draftRefusal(actor: StaffActor, index: AgencyIndex, d: DossierRow): string | null {
  return drafterGrant(actor, index, d) ? null : notDrafting(d);
}

/** `drafterGrant`, or a refusal (403) with `draftRefusal`'s reason. */
export function mustDraft(actor: StaffActor, index: AgencyIndex, d: DossierRow): RoleGrant {
  const grant = drafterGrant(actor, index, d);
  if (!grant) throw new AppError('forbidden', `${actor.staffId} cannot draft the result of ${d.code}`, { userMessage: notDrafting(d) });
  return grant;
}

const fieldNames: Record<string, string> = {
  agency: 'cơ quan ban hành',
  notation: 'ký hiệu văn bản',
  place: 'địa danh',
  title: 'tên loại văn bản',
  subject: 'trích yếu',
  body: 'nội dung văn bản',
  signerTitle: 'chức vụ người ký',
  signerName: 'họ tên người ký',
};

/**
 * A specialist (or unit head, agency leader) processing the dossier
 * (`mustDraft`) saves a new version of a dossier's result draft: from the
 * template's fields (rendered to a PDF marked DỰ THẢO, without number or date)
 * or from an uploaded PDF. Versions are kept with who made them and why;
 * drafts are staff-only and never reach the applicant.
 */
export async function saveDraft(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  filesDir: string,
  d: DossierRow,
  input: { content: unknown; upload: AttachedFile | null; comment: string },
  ip: string,
): Promise<number> {
  const grant = mustDraft(actor, index, d);
  let content: ResultDocument | null = null;
  let sha256: string;
  if (input.upload) {
    if (input.upload.mediaType !== 'application/pdf')
      throw new AppError('unsupported_media_type', `draft upload ${input.upload.mediaType}`, {
        userMessage: 'Dự thảo tải lên phải là tệp PDF.',
      });
    sha256 = input.upload.sha256;
  } else {
    const parsed = resultDocumentSchema.safeParse(input.content);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'body')))];
      throw new AppError('validation_failed', 'result draft fields', {
        problems: fields.map((field) => ({ field, message: `Nhập ${fieldNames[field] ?? 'đúng mục này'} (không quá dài).` })),
      });
    }
    content = parsed.data;
    const { bytes } = await renderResultPdf(content, null);
    const stored = await storeStream(filesDir, Readable.from(bytes), {
      maxBytes: limits.defaultMaxBytes,
      displayName: `du-thao-${d.code}.pdf`,
    });
    await files.insertFile(pool, stored);
    sha256 = stored.sha256;
  }
  try {
    return await transaction(pool, async (db) => {
      const version = await repo.insertDraft(db, {
        dossierId: d.id,
        content,
        sha256,
        comment: input.comment.trim(),
        createdBy: actor.staffId,
      });
      await appendAudit(db, {
        actor: auditActorOf(actor, grant),
        action: 'result_draft_saved',
        subjectType: 'dossier',
        subjectId: d.code,
        agencyId: d.receivingAgencyId,
        detail: { version },
        ip,
      });
      return version;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError('conflict', `draft of ${d.code} saved twice at once`, {
      userMessage: 'Một người khác vừa lưu bản dự thảo mới của hồ sơ này; hãy xem bản mới nhất rồi lưu lại.',
    });
  }
}
