import type { FinishedTimeliness, PendingTimeliness } from '../calendar/due-date.ts';
import type { Signature, SlipBlock } from './slip-content.ts';

/**
 * What the control sheet (Mẫu 06), the dossier register (Mẫu 07) and the
 * letters to the applicant (Mẫu 04, Mẫu 05) say, as plain values: the same
 * header as the slips (agency, national motto; a letter's number and its place
 * and date under them), a title, then paragraphs, tables and notes, and a
 * letter's signer. The PDF (render-sheet-pdf.ts) and the printable page
 * (sheet.page.tsx) are both drawn from it, so they say the same things in the
 * same order. A table cell may hold several lines ("\n").
 */
export type SheetForm = 'Mẫu 04' | 'Mẫu 05' | 'Mẫu 06' | 'Mẫu 07';

export interface SheetContent {
  form: SheetForm;
  title: string;
  /** Left of the header: the agency in upper case, then the one-stop desk. */
  agencyLines: string[];
  nationLines: string[];
  /** A letter's "Số: …" under the agency, for the clerk's pen. */
  number?: string;
  /** A letter's "…, ngày 07 tháng 12 năm 2026" under the motto. */
  placeDate?: string;
  blocks: SlipBlock[];
  /** A letter's signers after the blocks (a lone one on the right, as on paper). */
  signatures?: Signature[];
  /** A4 portrait for the control sheet, landscape for the register's many columns. */
  orientation: 'portrait' | 'landscape';
  /** What each page's foot names when the sheet runs over one page ("Mã hồ sơ …", "Sổ theo dõi hồ sơ …"). */
  footer: string;
  /** The PDF's title and file name. */
  name: string;
  /** The moment the sheet is about (its creation date in the PDF): the same content gives the same bytes. */
  issuedAt: Date;
}

export const nationLines: [string, string] = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

/** How the forms word the result of a stage or a dossier (Mẫu 06 column "Kết quả"; Circular 09/2026 Biểu 07). */
export const timelinessLabels: Record<FinishedTimeliness | PendingTimeliness, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  within_time: 'Đang giải quyết, trong hạn',
  overdue: 'Đang giải quyết, quá hạn',
};

/** The one-stop desk of an agency, as the sheets name it. */
export function deskOf(agencyName: string): string {
  return `Bộ phận Một cửa – ${agencyName}`;
}

/** A person as the log names them ("Full Name (username)" for staff actions at reception), without the user name. */
export function personName(actorName: string): string {
  return actorName.replace(/ \([^)]*\)$/, '');
}

export const blank = '…………';
