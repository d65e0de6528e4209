import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { Lru } from '../../lib/lru.ts';
import { newPdf } from '../../lib/pdf.ts';
import type { Signature, SlipBlock, SlipContent } from './slip-content.ts';

/**
 * A slip as an A4 PDF: DejaVu Serif embedded (every Vietnamese letter, no
 * substitution by the reader's fonts), a QR code to the public lookup, bordered
 * tables that continue on the next page with their header row repeated, the
 * signature blocks kept whole on one page. The same content gives the same bytes.
 */

type Doc = PDFKit.PDFDocument;

const margin = { top: 36, bottom: 48, left: 57, right: 50 };
const size = { body: 10.5, small: 9, header: 11, title: 13.5 };
const qrSize = 72;
const gap = 3;

export function renderSlipPdf(content: SlipContent): Promise<Buffer> {
  // The same content gives the same bytes: a slip printed again, or downloaded again by its
  // applicant, is found by its content instead of laid out anew (45 ms of the CPU for a one-page receipt).
  const key = createHash('sha256').update(JSON.stringify(content)).digest('base64');
  let pdf = rendered.get(key);
  if (!pdf) {
    pdf = layOutSlipPdf(content);
    pdf.catch(() => rendered.delete(key));
    rendered.set(key, pdf);
  }
  return pdf;
}

const rendered = new Lru<string, Promise<Buffer>>(200);

/** The slip laid out anew, each time: what `renderSlipPdf` keeps. */
export async function layOutSlipPdf(content: SlipContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(content.lookupUrl, { type: 'png', margin: 1, scale: 6, errorCorrectionLevel: 'M' });
  const { doc, bytes: done } = newPdf({
    margins: margin,
    displayTitle: true,
    info: {
      Title: `${content.form} – ${content.title} – ${content.code}`,
      Subject: content.code,
      Creator: 'Một Cửa',
      CreationDate: content.issuedAt,
      ModDate: content.issuedAt,
    },
  });

  const left = margin.left;
  const width = doc.page.width - margin.left - margin.right;
  drawHeader(doc, content, left, width);

  // The QR code sits at the right of the first lines; text beside it is narrower until it is passed.
  const qrTop = doc.y;
  doc.image(qr, left + width - qrSize, qrTop, { width: qrSize, height: qrSize });
  const qrBottom = qrTop + qrSize + gap;
  const widthAt = () => (doc.y < qrBottom ? width - qrSize - 10 : width);
  doc.font('bold').fontSize(size.body + 1);
  doc.text('Mã hồ sơ: ', left, qrTop + 4, { width: widthAt(), continued: true }).text(content.code);
  doc.moveDown(0.3);

  for (const block of content.blocks) {
    if (block.kind === 'table') {
      doc.y = Math.max(doc.y, qrBottom);
      drawTable(doc, block, left, width);
    } else if (block.kind === 'note') {
      doc.font('italic').fontSize(size.small).text(block.text, left, doc.y, { width: widthAt(), lineGap: 1 });
      doc.moveDown(0.2);
    } else {
      const w = widthAt();
      block.runs.forEach((run, i) => {
        doc.font(run.bold ? 'bold' : 'regular').fontSize(size.body);
        const more = i < block.runs.length - 1;
        if (i === 0) doc.text(run.text, left, doc.y, { width: w, lineGap: 1, continued: more });
        else doc.text(run.text, { continued: more });
      });
      doc.moveDown(0.15);
    }
  }
  doc.y = Math.max(doc.y, qrBottom);
  drawSignatures(doc, content.signatures, left, width);
  numberPages(doc, content.code, left, width);
  doc.end();
  return done;
}

/** Agency and motto side by side, centred in their columns; then the number and the place-and-date line; then the title. */
function drawHeader(doc: Doc, c: SlipContent, left: number, width: number): void {
  doc.font('italic').fontSize(size.small).text(c.form, left, margin.top, { width, align: 'right' });
  const top = doc.y + 2;
  const leftW = width * 0.44;
  const rightW = width * 0.56;
  const rightX = left + width - rightW;

  const column = (lines: string[], x: number, w: number, sizes: number[]): number => {
    doc.y = top;
    lines.forEach((line, i) =>
      doc
        .font('bold')
        .fontSize(sizes[i] ?? size.header)
        .text(line, x, doc.y, { width: w, align: 'center' }),
    );
    const last = lines[lines.length - 1] ?? '';
    const rule = Math.min(doc.widthOfString(last), w) * 0.6;
    const y = doc.y + 4;
    doc
      .moveTo(x + (w - rule) / 2, y)
      .lineTo(x + (w + rule) / 2, y)
      .lineWidth(0.7)
      .stroke();
    return y + 6;
  };
  const leftEnd = column(c.agencyLines, left, leftW, [size.header - 0.5, size.header - 0.5]);
  const rightEnd = column(c.nationLines, rightX, rightW, [size.header - 0.5, size.header + 0.5]);
  const y = Math.max(leftEnd, rightEnd) + 2;

  if (c.number) doc.font('regular').fontSize(size.body).text(c.number, left, y, { width: leftW, align: 'center' });
  doc.font('italic').fontSize(size.body).text(c.placeDate, rightX, y, { width: rightW, align: 'center' });
  doc
    .font('bold')
    .fontSize(size.title)
    .text(c.title, left, doc.y + 14, { width, align: 'center' });
  doc.moveDown(0.6);
}

/** A bordered table over the full width; a row never splits, the header row repeats on every page. */
function drawTable(doc: Doc, block: Extract<SlipBlock, { kind: 'table' }>, left: number, width: number): void {
  const widths = block.columns.map((c) => c.width * width);
  const pad = 3;
  const bottom = () => doc.page.height - margin.bottom;

  const heightOf = (cells: string[], face: 'regular' | 'bold'): number => {
    doc.font(face).fontSize(face === 'bold' ? size.small : size.body);
    const heights = cells.map((cell, i) => (cell ? doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * pad, lineGap: 1 }) : 0));
    return Math.max(...heights, doc.currentLineHeight()) + 2 * pad;
  };
  const drawRow = (cells: string[], face: 'regular' | 'bold', y: number, h: number): void => {
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.lineWidth(0.6).rect(x, y, w, h).stroke();
      const align = face === 'bold' ? 'center' : (block.columns[i]?.align ?? 'left');
      if (cell)
        doc
          .font(face)
          .fontSize(face === 'bold' ? size.small : size.body)
          .text(cell, x + pad, y + pad, { width: w - 2 * pad, align, lineGap: 1 });
      x += w;
    });
  };

  const head = block.columns.map((c) => c.title);
  const headH = heightOf(head, 'bold');
  let y = doc.y + 2;
  let needHead = true;
  for (const row of block.rows) {
    const h = heightOf(row, 'regular');
    if (y + (needHead ? headH : 0) + h > bottom()) {
      doc.addPage();
      y = margin.top;
      needHead = true;
    }
    if (needHead) {
      drawRow(head, 'bold', y, headH);
      y += headH;
      needHead = false;
    }
    drawRow(row, 'regular', y, h);
    y += h;
  }
  if (needHead) {
    drawRow(head, 'bold', y, headH);
    y += headH;
  }
  doc.x = left;
  doc.y = y + 6;
}

/**
 * Each signature in its half of the width (a lone one in the right half, as on the forms): title,
 * hint, room to sign, full name; all on one page. The letters (render-sheet-pdf.ts) sign the same way.
 */
export function drawSignatures(doc: Doc, signatures: Signature[], left: number, width: number): void {
  const room = 50;
  const w = width / Math.max(signatures.length, 2);
  // The block's real height (a fixed guess pushed it alone onto a second page when it would have fit).
  const tallest = (face: 'bold' | 'italic', points: number, texts: string[]) =>
    Math.max(
      ...texts.map((t) =>
        doc
          .font(face)
          .fontSize(points)
          .heightOfString(t || ' ', { width: w }),
      ),
    );
  const needed =
    tallest(
      'bold',
      size.body,
      signatures.map((s) => s.title),
    ) +
    tallest(
      'italic',
      size.small,
      signatures.map((s) => s.hint),
    ) +
    room +
    tallest(
      'bold',
      size.body,
      signatures.map((s) => s.name),
    );
  if (doc.y + 10 + needed > doc.page.height - margin.bottom) doc.addPage();
  const top = doc.y + 10;
  const first = left + width - signatures.length * w;
  signatures.forEach((s, i) => {
    const x = first + i * w;
    doc.font('bold').fontSize(size.body).text(s.title, x, top, { width: w, align: 'center' });
    doc.font('italic').fontSize(size.small).text(s.hint, x, doc.y, { width: w, align: 'center' });
    doc
      .font('bold')
      .fontSize(size.body)
      .text(s.name || ' ', x, doc.y + room, { width: w, align: 'center' });
  });
  doc.x = left;
}

/** "Mã hồ sơ … – Trang 1/2" at the foot of every page, only when the slip runs over one page. */
function numberPages(doc: Doc, code: string, left: number, width: number): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    doc
      .font('italic')
      .fontSize(size.small)
      .text(`Mã hồ sơ ${code} – Trang ${i + 1}/${range.count}`, left, doc.page.height - margin.bottom + 18, { width, align: 'right' });
    doc.page.margins.bottom = keep;
  }
}
