import { z } from 'zod';
import { placeDateLine } from '../slips/slip-content.ts';

/**
 * A result document (decision, certificate, notice) laid out as Decree
 * 30/2020 Annex I describes an administrative document: the issuing agency and
 * the national motto at the top, number and notation, place and date, the
 * title and subject, the body, the recipients and the signer block. A draft
 * has no number yet ("Số:      /QĐ-UBND"); the clerk's issuing gives one.
 */

export const resultKinds = { decision: 'Quyết định', certificate: 'Giấy chứng nhận', notice: 'Thông báo' } as const;
export type ResultKind = keyof typeof resultKinds;

export const resultDocumentSchema = z.object({
  kind: z.enum(Object.keys(resultKinds) as [ResultKind, ...ResultKind[]]),
  /** The governing body above the issuing agency, e.g. "ỦY BAN NHÂN DÂN TỈNH AN HÒA" (may be empty). */
  parentAgency: z.string().max(200),
  agency: z.string().min(1).max(200),
  /** The notation after the number, e.g. "QĐ-UBND". */
  notation: z.string().min(1).max(40),
  place: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  subject: z.string().max(500),
  body: z.array(z.string().max(5000)).min(1).max(100),
  recipients: z.array(z.string().max(300)).max(30),
  /** "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" and the signer's title and name. */
  signerCapacity: z.string().max(200),
  signerTitle: z.string().min(1).max(200),
  signerName: z.string().trim().min(1).max(200),
});
export type ResultDocument = z.infer<typeof resultDocumentSchema>;

/** The number line: a blank number on a draft, "Số: 15/QĐ-UBND" once issued. */
export function numberLine(doc: ResultDocument, number: number | null): string {
  // The blank holds a five-digit number at the line's size: an agency's numbers run all year.
  return number === null ? `Số:              /${doc.notation}` : `Số: ${number}/${doc.notation}`;
}

/** "An Hòa, ngày 07 tháng 12 năm 2026" in Vietnam time; a draft leaves the day blank. */
export function placeAndDate(doc: ResultDocument, date: Date | null): string {
  return date ? placeDateLine(doc.place, date) : `${doc.place}, ngày      tháng      năm`;
}

/** Words a reader never sees on an issued document, stamped on every page of a draft. */
export const DRAFT_MARK = 'DỰ THẢO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ';
