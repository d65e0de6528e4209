import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { placeDateLine, type Run, type SlipBlock } from './slip-content.ts';
import { blank, deskOf, nationLines, type SheetContent } from './sheet-content.ts';
import { componentName } from '../catalog/procedure.schema.ts';

/**
 * The letters a dossier's log calls for, addressed to the applicant, as plain
 * values drawn like the control sheet (render-sheet-pdf.ts, sheet.page.tsx).
 * Pure: the same dossier and log always give the same letter.
 *
 * - Mẫu 04, Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Circular
 *   03/2025; regulations.md E-08 and §2.2): from the `extend` entry, the
 *   agency whose step runs late apologises, gives the reason and the new due
 *   date, and its head signs.
 * - Mẫu 05, Thông báo dừng giải quyết hồ sơ (regulations.md E-12 and §2.2, the
 *   fields inferred [L]): from the `stop` entry (a stop at the applicant's
 *   request; the 15-day closure of an unanswered supplement request is
 *   `close_unanswered`, not this), the one-stop desk tells the applicant the
 *   reason, where the dossier stood, and what becomes of the documents and fees.
 *
 * Each is null when the log has no such entry. Unknown values stay as dotted
 * blanks for the pen, as on paper (the number, the place, the signer's name).
 */

/** Where a step of the dossier's process is handled: its name, its unit, the agency the unit belongs to and the body above that agency ('' for none). */
export interface StepPlace {
  name: string;
  unit: string;
  agency: string;
  parent: string;
  /** Where that agency sits (agencies/place-name.ts), for the date line of what it signs. */
  place?: string | undefined;
}

export interface LetterInput {
  dossier: DossierRow;
  log: ActionRow[];
  /** The steps of the process the dossier follows, by step id. */
  steps: Record<string, StepPlace>;
  /** The body above the receiving agency ('' for none): Mẫu 04's header when no step is known. */
  receivingParent: string;
  /** Where the receiving agency sits, the place of the date line (e.g. "Đông Thành"); a dotted blank when unknown. */
  place?: string | undefined;
}

export type LetterForm = 'Mẫu 04' | 'Mẫu 05';

/** Each letter's address under its dossier: /ho-so/<code>/mau-04 (and .pdf). */
export const letterSlugs: Record<LetterForm, string> = { 'Mẫu 04': 'mau-04', 'Mẫu 05': 'mau-05' };

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const linesOf = (v: unknown): string[] =>
  str(v)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
/** A moment the log kept (a JSON string once stored), or null. */
const momentOf = (v: unknown): Date | null => {
  const d = v instanceof Date ? v : typeof v === 'string' && v ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};
const upper = (s: string) => s.toLocaleUpperCase('vi');
const p = (...runs: Run[]): SlipBlock => ({ kind: 'paragraph', runs });
const unitOf = (s: StepPlace) => (s.unit === s.agency ? s.agency : `${s.unit} – ${s.agency}`);

/**
 * The processing entry of this kind in the log (the rules allow one extension and one stop; should a log
 * hold more, the last stands), with the entry before it.
 */
export function letterEntry<E extends Pick<ActionRow, 'action' | 'detail'>>(log: E[], kind: 'extend' | 'stop') {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i]!;
    const work = e.detail.work as Record<string, unknown> | undefined;
    if (e.action === kind && work && typeof work === 'object' && work.kind === kind) return { entry: e, work, before: log[i - 1] };
  }
  return null;
}

/** Which letters the log calls for, in form order. */
export function lettersOf(log: Array<Pick<ActionRow, 'action' | 'detail'>>): LetterForm[] {
  return [...(letterEntry(log, 'extend') ? (['Mẫu 04'] as const) : []), ...(letterEntry(log, 'stop') ? (['Mẫu 05'] as const) : [])];
}

/** The addressee and the dossier, as both letters open. */
function opening(d: DossierRow): SlipBlock[] {
  return [
    p({ text: 'Kính gửi: ' }, { text: `Ông/Bà ${d.applicant.fullName}`, bold: true }),
    p({ text: `Địa chỉ: ${d.applicant.address || blank}` }),
    p({ text: 'Mã hồ sơ: ' }, { text: d.code, bold: true }),
    p({ text: 'Tên thủ tục hành chính: ' }, { text: d.procedureName, bold: true }),
    p({ text: `Thời gian nhận hồ sơ: ${d.receivedAt ? formatMoment(d.receivedAt) : blank}` }),
  ];
}

/** "Lý do …: first line", then each further line of the officer's text as its own paragraph. */
function reasonBlocks(label: string, reason: unknown): SlipBlock[] {
  const [first = blank, ...more] = linesOf(reason);
  return [p({ text: label }, { text: first, bold: true }), ...more.map((line) => p({ text: line }))];
}

export function extensionLetterContent(input: LetterInput): SheetContent | null {
  const found = letterEntry(input.log, 'extend');
  if (!found) return null;
  const { entry: e, work } = found;
  const d = input.dossier;
  // The agency whose step runs late apologises and signs; without a known step, the receiving agency.
  const step = input.steps[str(e.detail.fromStep)];
  const agency = step?.agency ?? d.receivingAgencyName;
  const parent = step ? step.parent : input.receivingParent;
  const previous = momentOf(e.detail.previousDueAt);
  const until = str(work.until);
  return {
    form: 'Mẫu 04',
    title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    agencyLines: [...(parent ? [upper(parent)] : []), upper(agency)],
    nationLines,
    number: `Số: ${blank}`,
    placeDate: placeDateLine(step ? step.place : input.place, e.at),
    blocks: [
      ...opening(d),
      p({ text: 'Thời gian hẹn trả kết quả trước khi gia hạn: ' }, { text: previous ? formatMoment(previous) : blank, bold: true }),
      p({ text: `${agency} không thể giải quyết xong hồ sơ của Ông/Bà trong thời hạn đã hẹn.` }),
      ...reasonBlocks('Lý do chậm giải quyết: ', work.reason),
      p({
        text: `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} thành thật xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ sơ.`,
      }),
      p({ text: 'Thời gian hẹn trả kết quả mới: ' }, { text: `ngày ${until ? formatDate(until) : blank}`, bold: true }),
      p({ text: 'Kính mong Ông/Bà thông cảm. Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.' }),
      {
        kind: 'note',
        text: `Nơi nhận: Như trên; ${deskOf(d.receivingAgencyName)} (để cập nhật thời hạn và thông báo cho người nộp hồ sơ); Lưu: VT.`,
      },
    ],
    signatures: [{ title: 'THỦ TRƯỞNG CƠ QUAN', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' }],
    orientation: 'portrait',
    footer: `Mã hồ sơ ${d.code}`,
    name: `Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn – ${d.code}`,
    issuedAt: e.at,
  };
}

export function stopNoticeContent(input: LetterInput): SheetContent | null {
  const found = letterEntry(input.log, 'stop');
  if (!found) return null;
  const { entry: e, work, before } = found;
  const d = input.dossier;
  const desk = deskOf(d.receivingAgencyName);
  const step = input.steps[str(e.detail.fromStep)];
  const where = step ? `bước «${step.name}» tại ${unitOf(step)}` : '';
  const state =
    before?.toStatus === 'supplement_requested'
      ? `đang chờ Ông/Bà bổ sung, hoàn thiện hồ sơ${where ? ` (${where})` : ''}`
      : where
        ? `đang được giải quyết ở ${where}`
        : 'đang được giải quyết';
  const documents = d.components
    .filter((c) => c.received)
    .map((c, i) => [String(i + 1), componentName(c.name), c.files?.length ? 'Bản điện tử' : 'Bản giấy']);
  const returnAt =
    d.resultDelivery === 'post' ? `qua dịch vụ bưu chính công ích theo địa chỉ ${d.applicant.address || blank}` : `tại ${desk}`;
  return {
    form: 'Mẫu 05',
    title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    agencyLines: [upper(d.receivingAgencyName), 'BỘ PHẬN MỘT CỬA'],
    nationLines,
    number: `Số: ${blank}`,
    placeDate: placeDateLine(input.place, e.at),
    blocks: [
      ...opening(d),
      p({ text: `Thời gian hẹn trả kết quả: ${d.dueAt ? formatMoment(d.dueAt) : blank}` }),
      p(
        { text: 'Theo đề nghị của Ông/Bà, hồ sơ nêu trên đã được dừng giải quyết từ ' },
        { text: formatMoment(e.at), bold: true },
        { text: '.' },
      ),
      ...reasonBlocks('Lý do dừng giải quyết: ', work.reason),
      p({
        text: `Tình trạng hồ sơ khi dừng: ${state}. Hồ sơ không tiếp tục được giải quyết; quá trình giải quyết được lưu trong hệ thống.`,
      }),
      p({ text: 'Giấy tờ Ông/Bà đã nộp:' }),
      {
        kind: 'table',
        columns: [
          { title: 'TT', width: 0.07, align: 'center' },
          { title: 'Tên giấy tờ', width: 0.73 },
          { title: 'Hình thức', width: 0.2, align: 'center' },
        ],
        rows: documents.length ? documents : [['1', blank, '']],
      },
      p({
        text:
          `Bản chính giấy tờ Ông/Bà đã nộp (nếu có) được trả lại ${returnAt}. ` +
          'Phí, lệ phí Ông/Bà đã nộp (nếu có) được hoàn trả theo quy định của pháp luật chuyên ngành.',
      }),
      p({ text: `Nếu có vướng mắc, Ông/Bà liên hệ ${desk} để được hướng dẫn. Xin thông báo để Ông/Bà được biết.` }),
    ],
    signatures: [{ title: 'ĐẠI DIỆN BỘ PHẬN MỘT CỬA', hint: '(Ký và ghi rõ họ tên)', name: '' }],
    orientation: 'portrait',
    footer: `Mã hồ sơ ${d.code}`,
    name: `Mẫu 05 – Thông báo dừng giải quyết hồ sơ – ${d.code}`,
    issuedAt: e.at,
  };
}
