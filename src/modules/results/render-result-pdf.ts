import QRCode from 'qrcode';
import { newPdf } from '../../lib/pdf.ts';
import { nationLines } from '../slips/sheet-content.ts';
import { DRAFT_MARK, numberLine, placeAndDate, type ResultDocument } from './result-document.ts';

/**
 * A result document as an A4 PDF in the layout of Decree 30/2020 (Times-like
 * serif, 13–14 pt body, the header in two columns, the signer block on the
 * right with room for the signature and the seal). A draft carries no number,
 * no date and the word DỰ THẢO on every page; an issued document has both and
 * the area where the signatures go stays free (`signatureArea`).
 */
export interface RenderedResult {
  bytes: Buffer;
  /** The free space of the signer block where the signatures' images go: page index (0-based) and rectangle in PDF points (origin bottom-left). */
  signatureBox: Box;
  /**
   * The blank of the header's "Số:        /notation" line, from after "Số: " to the slash, one
   * line high: where the organisation's signature writes the number it issues.
   */
  numberBox: Box;
}

type Box = { page: number; x: number; y: number; width: number; height: number };

/**
 * `null` renders a draft; `{ date }` the document a leader signs: dated, its number left blank (the
 * clerk issues the number with the organisation's signature, which writes it in `numberBox`).
 * `verifyUrl` prints, at the foot of the first page, the QR code and address of the document's
 * public verification, inside what the signatures cover.
 */
export async function renderResultPdf(
  doc: ResultDocument,
  issue: { number: number | null; date: Date; verifyUrl?: string } | null,
): Promise<RenderedResult> {
  const { doc: pdf, bytes: done } = newPdf({
    // A signed document keeps 30 mm at the foot for its QR code, clear of where printers cannot print.
    margins: { top: 57, bottom: issue?.verifyUrl ? 85 : 57, left: 85, right: 57 },
    info: { Title: `${doc.title} ${doc.subject}`.trim(), Creator: 'Một Cửa', CreationDate: issue?.date ?? new Date(0) },
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const col = width * 0.4;
  // One line each, as the layout asks: the size shrinks until the words fit their column.
  const fit = (text: string, face: 'regular' | 'bold', columnWidth: number, largest: number) => {
    pdf.font(face).fontSize(largest);
    return Math.min(largest, (largest * columnWidth) / (pdf.widthOfString(text) + 2));
  };
  const top = pdf.y;
  // Left column: the agency; right column: the national motto.
  const parent = doc.parentAgency.toUpperCase();
  pdf
    .font('regular')
    .fontSize(fit(parent, 'regular', col, 12))
    .text(parent, left, top, { width: col, align: 'center' });
  pdf.font('bold').fontSize(12).text(doc.agency.toUpperCase(), { width: col, align: 'center' });
  const numbered = numberLine(doc, issue?.number ?? null);
  pdf.font('regular').fontSize(12);
  // Where the centred line puts its blank (the same arithmetic as pdfkit's centring).
  const lineLeft = left + (col - pdf.widthOfString(numbered)) / 2;
  const blankLeft = lineLeft + pdf.widthOfString('Số: ');
  const numberBox = {
    page: 0,
    x: blankLeft,
    y: pdf.page.height - pdf.y - pdf.currentLineHeight(true),
    width: lineLeft + pdf.widthOfString(numbered.slice(0, numbered.indexOf('/'))) - blankLeft,
    height: pdf.currentLineHeight(true),
  };
  pdf.text(numbered, { width: col, align: 'center' });
  const leftBottom = pdf.y;
  const [motto, mottoLine] = nationLines;
  pdf
    .font('bold')
    .fontSize(fit(motto, 'bold', width - col, 12.5))
    .text(motto, left + col, top, { width: width - col, align: 'center' });
  pdf.fontSize(12.5).text(mottoLine, { width: width - col, align: 'center', underline: true });
  pdf.moveDown(0.6);
  pdf
    .font('italic')
    .fontSize(12.5)
    .text(placeAndDate(doc, issue?.date ?? null), { width: width - col, align: 'center' });
  pdf.x = left;
  pdf.y = Math.max(leftBottom, pdf.y) + 24;
  pdf.font('bold').fontSize(14).text(doc.title.toUpperCase(), left, pdf.y, { width, align: 'center' });
  if (doc.subject) pdf.font('bold').fontSize(13.5).text(doc.subject, { width, align: 'center' });
  pdf.moveDown(1);
  pdf.font('regular').fontSize(13.5);
  for (const paragraph of doc.body) pdf.text(paragraph, { width, align: 'justify', indent: 28, paragraphGap: 6, lineGap: 2 });
  pdf.moveDown(1);
  // The signer block needs about 150 pt: start a new page rather than split it.
  if (pdf.y + 150 > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  const blockTop = pdf.y;
  pdf.font('bold').fontSize(11).text('Nơi nhận:', left, blockTop, { width: col });
  pdf.font('regular').fontSize(10);
  for (const r of doc.recipients) pdf.text(`- ${r};`, { width: col });
  pdf
    .font('bold')
    .fontSize(13)
    .text(doc.signerCapacity.toUpperCase(), left + col, blockTop, { width: width - col, align: 'center' });
  pdf.text(doc.signerTitle.toUpperCase(), { width: width - col, align: 'center' });
  const boxTop = pdf.y + 4;
  pdf.y += 80; // the signature and the seal go here
  pdf.text(doc.signerName, left + col, pdf.y, { width: width - col, align: 'center' });
  const signaturePage = pdf.bufferedPageRange().count - 1;
  const signatureBox = { page: signaturePage, x: left + col, y: pdf.page.height - boxTop - 72, width: width - col, height: 72 };
  if (issue?.verifyUrl) await printVerification(pdf, issue.verifyUrl);
  if (!issue) {
    const range = pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      pdf.switchToPage(i);
      pdf.save().rotate(-30, { origin: [pdf.page.width / 2, pdf.page.height / 2] });
      pdf
        .font('bold')
        .fontSize(40)
        .fillColor('#c0c0c0', 0.35)
        .text(DRAFT_MARK, 0, pdf.page.height / 2 - 20, { width: pdf.page.width, align: 'center' });
      pdf.restore();
      // And in words at the top of the page, which every reader and text extractor shows plainly.
      pdf
        .font('bold')
        .fontSize(10)
        .fillColor('#b10e1e', 1)
        .text(DRAFT_MARK, 0, 24, { width: pdf.page.width, align: 'center', lineBreak: false });
      pdf.fillColor('black');
    }
  }
  pdf.end();
  return { bytes: await done, signatureBox, numberBox };
}

/** The QR code and the address in the bottom margin of the first page, where no text of the document goes. */
async function printVerification(pdf: PDFKit.PDFDocument, url: string): Promise<void> {
  const qr = await QRCode.toBuffer(url, { type: 'png', margin: 1, scale: 4, errorCorrectionLevel: 'M' });
  pdf.switchToPage(pdf.bufferedPageRange().start);
  const { left, bottom } = pdf.page.margins;
  // Text in the margin would otherwise start a new page.
  pdf.page.margins.bottom = 0;
  const size = 50;
  const top = pdf.page.height - bottom + 8;
  pdf.image(qr, left, top, { width: size, height: size });
  pdf
    .font('regular')
    .fontSize(8)
    .fillColor('black')
    .text('Xác thực văn bản điện tử: quét mã QR hoặc truy cập', left + size + 6, top + 14, { lineBreak: false })
    .text(url, left + size + 6, top + 25, { lineBreak: false });
  pdf.page.margins.bottom = bottom;
}
