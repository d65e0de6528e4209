import { formatMoment, vietnamDate } from '../../lib/vietnamese.ts';
import { channelLabels } from '../dossiers/dossier-states.ts';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import { nationLines } from './sheet-content.ts';
import { componentName } from '../catalog/procedure.schema.ts';

/**
 * What a reception slip says, as plain values (regulations.md §2.2): Mẫu 01
 * for a received or returned dossier, Mẫu 02 for a supplement request, Mẫu 03
 * for a refusal. Pure: the same inputs always give the same content, so the
 * PDF made from it is the same too. Unknown values (a register number the
 * system does not keep) stay as dotted blanks for the officer's pen, as on paper.
 */

/** A piece of a line; bold pieces are the values a person looks for. */
export interface Run {
  text: string;
  bold?: boolean;
}

export type SlipBlock =
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'table'; columns: Array<{ title: string; width: number; align?: 'left' | 'center' }>; rows: string[][] }
  | { kind: 'note'; text: string };

export interface Signature {
  title: string;
  hint: string;
  name: string;
}

export type FormNumber = 'Mẫu 01' | 'Mẫu 02' | 'Mẫu 03';

export interface SlipContent {
  form: FormNumber;
  title: string;
  code: string;
  /** Left of the header: the receiving agency in upper case, then the one-stop desk. */
  agencyLines: string[];
  /** Right of the header: the national motto. */
  nationLines: string[];
  /** "Số: …/HDHS" on Mẫu 02, under the agency; absent elsewhere. */
  number: string | null;
  /** "…, ngày 07 tháng 12 năm 2026". */
  placeDate: string;
  blocks: SlipBlock[];
  /** Left then right; a lone signature (Mẫu 02: the officer who guides) stands on the right. */
  signatures: Signature[];
  /** The public lookup of the dossier, carried by the QR code. */
  lookupUrl: string;
  /** The moment the slip is about (reception, or the decision): the PDF's creation date. */
  issuedAt: Date;
}

export interface SlipInput {
  dossier: DossierRow;
  /** Items to supplement (Mẫu 02) or reasons for refusal (Mẫu 03); ignored on Mẫu 01. */
  reasons: string[];
  officer: string;
  /** The public lookup of the dossier; '' when the caller does not know it (the note then names the lookup page). */
  lookupUrl: string;
  /** When the slip's decision was taken; defaults to the reception time, then the creation time. */
  issuedAt?: Date;
  /** The place name of the date line (e.g. "Hà Nội"); dotted blank when unknown. */
  place?: string;
  /** "Thời gian giải quyết theo quy định", e.g. "05 ngày làm việc". */
  processingTime?: string;
  /** The catalogue's paper counts of each component (originals, copies), in the dossier's order. */
  paper?: Array<{ originals: number; copies: number }>;
  /** Sổ theo dõi hồ sơ: book and serial numbers. */
  register?: { book: string; serial: string };
}

const blank = '…………';

const titles: Record<FormNumber, string> = {
  'Mẫu 01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  'Mẫu 02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  'Mẫu 03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
};

const delivery: Record<DossierRow['resultDelivery'], string> = {
  counter: 'Bộ phận Một cửa',
  post: 'Qua dịch vụ bưu chính công ích',
  online: 'Trực tuyến (qua Cổng dịch vụ công)',
};

/** The form of a dossier's status: 02 for a supplement request, 03 for a refusal, 01 for everything else. */
export function formOf(status: DossierRow['status']): FormNumber {
  if (status === 'supplement_requested') return 'Mẫu 02';
  if (status === 'not_received') return 'Mẫu 03';
  return 'Mẫu 01';
}

/** "Hà Nội, ngày 07 tháng 12 năm 2026" for the Vietnamese calendar day of the instant. */
export function placeDateLine(place: string | undefined, instant: Date): string {
  const [y, m, d] = vietnamDate(instant).split('-');
  // Decree 30/2020, Annex I: a 0 before days under 10 and before months 1 and 2 only (no month 13
  // to forge from "3"), so "ngày 07 tháng 02", but "tháng 5".
  const month = Number(m) < 3 ? m : String(Number(m));
  return `${place?.trim() || blank}, ngày ${d} tháng ${month} năm ${y}`;
}

/** The applicant and the request, as the three forms state them. */
function applicantBlocks(d: DossierRow): SlipBlock[] {
  const a = d.applicant;
  return [
    { kind: 'paragraph', runs: [{ text: `Bộ phận Một cửa – ${d.receivingAgencyName} tiếp nhận hồ sơ của:` }] },
    { kind: 'paragraph', runs: [{ text: 'Ông/Bà: ' }, { text: a.fullName, bold: true }] },
    { kind: 'paragraph', runs: [{ text: `Địa chỉ: ${a.address || blank}` }] },
    { kind: 'paragraph', runs: [{ text: `Số điện thoại: ${a.phone || blank}      Thư điện tử: ${a.email || blank}` }] },
    { kind: 'paragraph', runs: [{ text: 'Nội dung yêu cầu giải quyết: ' }, { text: d.procedureName, bold: true }] },
  ];
}

function receiptBlocks(input: SlipInput): SlipBlock[] {
  const d = input.dossier;
  const two = (n: number) => String(n).padStart(2, '0');
  const rows = d.components
    .map((c, i) => ({ c, paper: input.paper?.[i] }))
    .filter(({ c }) => c.received)
    .map(({ c, paper: asked }, i) => {
      const files = c.files?.length ?? 0;
      if (files && !c.paper) return [String(i + 1), componentName(c.name), 'Bản điện tử', two(files)];
      // On paper: the kinds and counts the desk counted, else those the catalogue asks for ("Bản chính, bản sao", "01, 01").
      const paper = c.paper ?? asked;
      const kinds: string[] = [];
      const counts: string[] = [];
      for (const [kind, n] of [
        ['bản chính', paper?.originals ?? 0],
        ['bản sao', paper?.copies ?? 0],
      ] as const) {
        if (!n) continue;
        kinds.push(kind);
        counts.push(two(n));
      }
      if (files) {
        kinds.push('bản điện tử');
        counts.push(two(files));
      }
      const form = kinds.join(', ') || 'bản giấy';
      return [String(i + 1), componentName(c.name), form.charAt(0).toUpperCase() + form.slice(1), counts.join(', ')];
    });
  const where = d.resultDelivery === 'post' ? `${delivery.post} (${d.applicant.address || blank})` : delivery[d.resultDelivery];
  const p = (...runs: Run[]): SlipBlock => ({ kind: 'paragraph', runs });
  // How the dossier came in; a postal item is traced by its tracking number (regulations.md I-03).
  const channel: Run[] = [{ text: 'Hình thức nộp hồ sơ: ' }, { text: channelLabels[d.channel], bold: true }];
  if (d.channel === 'post') channel.push({ text: ' – Số hiệu bưu gửi: ' }, { text: d.postalTracking || blank, bold: true });
  return [
    ...applicantBlocks(d),
    p(...channel),
    p({ text: '1. Thành phần hồ sơ nộp gồm:' }),
    {
      kind: 'table',
      columns: [
        { title: 'TT', width: 0.06, align: 'center' },
        { title: 'Tên giấy tờ', width: 0.64 },
        { title: 'Hình thức', width: 0.18, align: 'center' },
        { title: 'Số lượng', width: 0.12, align: 'center' },
      ],
      rows,
    },
    p({ text: '2. Số lượng hồ sơ: ' }, { text: '01', bold: true }, { text: ' (bộ)' }),
    p({ text: `3. Thời gian giải quyết hồ sơ theo quy định: ${input.processingTime || blank}` }),
    p({ text: `4. Thời gian nhận hồ sơ: ${d.receivedAt ? formatMoment(d.receivedAt) : blank}` }),
    p({ text: '5. Thời gian trả kết quả giải quyết hồ sơ: ' }, { text: d.dueAt ? formatMoment(d.dueAt) : blank, bold: true }),
    p({ text: `6. Đăng ký nhận kết quả tại: ${where}` }),
    p({ text: `Vào Sổ theo dõi hồ sơ, Quyển số: ${input.register?.book || blank}, Số thứ tự: ${input.register?.serial || blank}` }),
  ];
}

function supplementBlocks(input: SlipInput): SlipBlock[] {
  const d = input.dossier;
  return [
    ...applicantBlocks(d),
    { kind: 'paragraph', runs: [{ text: 'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:' }] },
    reasonsTable('Nội dung cần bổ sung, hoàn thiện và lý do', input.reasons),
    {
      kind: 'paragraph',
      runs: [
        {
          text:
            'Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần, đầy đủ các nội dung trên. Trong quá trình hoàn thiện hồ sơ, ' +
            `nếu có vướng mắc, Ông/Bà liên hệ ${input.officer || blank} tại Bộ phận Một cửa – ${d.receivingAgencyName} để được hướng dẫn.`,
        },
      ],
    },
  ];
}

function refusalBlocks(input: SlipInput): SlipBlock[] {
  return [
    ...applicantBlocks(input.dossier),
    {
      kind: 'paragraph',
      runs: [
        { text: 'Sau khi xem xét, đối chiếu hồ sơ, Bộ phận Một cửa từ chối tiếp nhận giải quyết hồ sơ này với lý do cụ thể như sau:' },
      ],
    },
    reasonsTable('Lý do từ chối', input.reasons),
    { kind: 'paragraph', runs: [{ text: 'Xin thông báo để Ông/Bà được biết và thực hiện.' }] },
  ];
}

function reasonsTable(title: string, reasons: string[]): SlipBlock {
  const rows = reasons.map((r, i) => [String(i + 1), r]);
  return {
    kind: 'table',
    columns: [
      { title: 'TT', width: 0.07, align: 'center' },
      { title, width: 0.93 },
    ],
    rows: rows.length ? rows : [['1', blank]],
  };
}

/**
 * Who signs, as on the forms (regulations.md §2.2): the receipt is signed by the submitter and the
 * receiving officer; the supplement request only by the officer who guides the applicant.
 */
function signaturesOf(form: FormNumber, applicant: string, officer: string): Signature[] {
  const hint = '(Ký và ghi rõ họ tên)';
  if (form === 'Mẫu 02') return [{ title: 'NGƯỜI HƯỚNG DẪN', hint, name: officer }];
  return [
    { title: 'NGƯỜI NỘP HỒ SƠ', hint, name: applicant },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint, name: officer },
  ];
}

/** The whole slip of a dossier in its current status (see formOf). */
export function slipContent(input: SlipInput): SlipContent {
  const d = input.dossier;
  const form = formOf(d.status);
  const issuedAt = input.issuedAt ?? d.receivedAt ?? d.createdAt;
  const body = form === 'Mẫu 01' ? receiptBlocks(input) : form === 'Mẫu 02' ? supplementBlocks(input) : refusalBlocks(input);
  const where = input.lookupUrl ? `: ${input.lookupUrl}` : ' trang “Tra cứu hồ sơ”.';
  const notes: SlipBlock[] = [{ kind: 'note', text: `Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR tại${where}` }];
  if (form === 'Mẫu 01')
    notes.unshift({
      kind: 'note',
      text:
        'Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên giao cho người nộp hồ sơ; ' +
        '01 liên chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ và lưu tại Bộ phận Một cửa.',
    });
  return {
    form,
    title: titles[form],
    code: d.code,
    agencyLines: [d.receivingAgencyName.toLocaleUpperCase('vi'), 'BỘ PHẬN MỘT CỬA'],
    nationLines,
    number: form === 'Mẫu 02' ? `Số: ${blank}/HDHS` : null,
    placeDate: placeDateLine(input.place, issuedAt),
    blocks: [...body, ...notes],
    signatures: signaturesOf(form, d.applicant.fullName, input.officer),
    lookupUrl: input.lookupUrl,
    issuedAt,
  };
}
