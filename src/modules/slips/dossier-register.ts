import { formatDate } from '../../lib/vietnamese.ts';
import { timeliness } from '../calendar/due-date.ts';
import type { LocalDate } from '../calendar/local-time.ts';
import { statusLabels, type Status } from '../dossiers/dossier-states.ts';
import type { DossierRow, Person } from '../dossiers/dossiers.repository.ts';
import type { SlipBlock } from './slip-content.ts';
import { nationLines, timelinessLabels, type SheetContent } from './sheet-content.ts';

/**
 * The dossier register of an agency for a period (Sổ theo dõi hồ sơ, Circular
 * 03/2025 Mẫu 07; regulations.md D-13): one line per dossier received in the
 * period, in the order received. Pure.
 *
 * The result column says how the dossier was settled against its appointment:
 * settled means the result was ready (status 9: the last step done, or a
 * refusal after appraisal), or returned at reception for an immediate result;
 * a dossier still open is within time or overdue now; the time waiting for a
 * supplement is not counted (D118 Art. 19), so such a dossier has no result yet.
 */

export interface RegisterEntry {
  code: string;
  procedureName: string;
  applicant: Pick<Person, 'fullName' | 'address' | 'phone'>;
  receivedAt: Date;
  dueAt: Date | null;
  status: Status;
  resultDelivery: DossierRow['resultDelivery'];
  /** The unit the desk forwarded the dossier to (its first step), once forwarded. */
  handedTo: string | null;
  /** When the result was ready (status 9), and when it was returned (status 10). */
  processedAt: Date | null;
  returnedAt: Date | null;
  /** Refused after appraisal: the result is a refusal notice. */
  refused: boolean;
}

export interface RegisterInput {
  agencyName: string;
  from: LocalDate;
  to: LocalDate;
  entries: RegisterEntry[];
  /** Set when more dossiers were received in the period than the register lists. */
  omitted: number;
  now: Date;
}

const deliveryLabels: Record<DossierRow['resultDelivery'], string> = {
  counter: 'Tại Bộ phận Một cửa',
  post: 'Qua bưu chính công ích',
  online: 'Trực tuyến',
};

type Outcome = keyof typeof timelinessLabels | 'waiting' | 'stopped';

/** How a dossier stands against its appointment (see the file's comment). */
export function outcomeOf(e: RegisterEntry, now: Date): Outcome | null {
  if (e.status === 'stopped') return 'stopped';
  if (e.status === 'supplement_requested') return 'waiting';
  if (!e.dueAt) return null;
  const settled = e.processedAt ?? e.returnedAt;
  return settled ? timeliness(e.dueAt, settled, settled) : timeliness(e.dueAt, null, now);
}

const outcomeLabels: Record<Outcome, string> = {
  ...timelinessLabels,
  waiting: 'Chờ bổ sung (không tính thời gian)',
  stopped: 'Dừng giải quyết',
};

export function registerContent(input: RegisterInput): SheetContent {
  const outcomes = input.entries.map((e) => outcomeOf(e, input.now));
  const rows = input.entries.map((e, i) => {
    const a = e.applicant;
    const note = e.refused ? 'Từ chối giải quyết' : e.status === 'returned' ? '' : statusLabels[e.status];
    const outcome = outcomes[i];
    return [
      String(i + 1),
      e.code,
      e.procedureName,
      [a.fullName, a.address, a.phone].filter(Boolean).join('\n'),
      e.handedTo ?? '',
      formatDate(e.receivedAt),
      e.dueAt ? formatDate(e.dueAt) : '',
      e.returnedAt ? formatDate(e.returnedAt) : '',
      deliveryLabels[e.resultDelivery],
      outcome ? outcomeLabels[outcome] : '',
      '',
      note,
    ];
  });
  const count = (...which: Outcome[]) => outcomes.filter((o) => o !== null && which.includes(o)).length;
  const summary =
    `Tổng số: ${input.entries.length} hồ sơ. Đã giải quyết: ${count('early', 'on_time', 'late')} ` +
    `(trước hạn ${count('early')}, đúng hạn ${count('on_time')}, quá hạn ${count('late')}). ` +
    `Đang giải quyết: ${count('within_time', 'overdue')} (quá hạn ${count('overdue')}). ` +
    `Chờ bổ sung: ${count('waiting')}. Dừng giải quyết: ${count('stopped')}.`;
  const blocks: SlipBlock[] = [
    { kind: 'paragraph', runs: [{ text: `Từ ngày ${formatDate(input.from)} đến ngày ${formatDate(input.to)}` }] },
    {
      kind: 'table',
      columns: [
        { title: 'TT', width: 0.03, align: 'center' },
        { title: 'Mã hồ sơ', width: 0.15 },
        { title: 'Tên thủ tục hành chính', width: 0.15 },
        { title: 'Người nộp hồ sơ (địa chỉ, số điện thoại)', width: 0.135 },
        { title: 'Chuyển xử lý đến', width: 0.105 },
        { title: 'Ngày nhận', width: 0.066, align: 'center' },
        { title: 'Ngày hẹn trả', width: 0.066, align: 'center' },
        { title: 'Ngày trả kết quả', width: 0.066, align: 'center' },
        { title: 'Hình thức nhận kết quả', width: 0.07 },
        { title: 'Kết quả giải quyết', width: 0.075 },
        { title: 'Ký nhận', width: 0.037 },
        { title: 'Ghi chú', width: 0.05 },
      ],
      rows,
    },
    { kind: 'note', text: summary },
  ];
  if (input.omitted > 0)
    blocks.push({
      kind: 'note',
      text: `Còn ${input.omitted} hồ sơ khác nhận trong khoảng thời gian này không hiện ở đây; hãy chọn khoảng thời gian ngắn hơn.`,
    });
  return {
    form: 'Mẫu 07',
    title: 'SỔ THEO DÕI HỒ SƠ',
    agencyLines: [input.agencyName.toLocaleUpperCase('vi'), 'BỘ PHẬN MỘT CỬA'],
    nationLines,
    blocks,
    orientation: 'landscape',
    footer: `Sổ theo dõi hồ sơ từ ${formatDate(input.from)} đến ${formatDate(input.to)}`,
    name: `Mẫu 07 – Sổ theo dõi hồ sơ – ${formatDate(input.from)}–${formatDate(input.to)}`,
    issuedAt: input.now,
  };
}
