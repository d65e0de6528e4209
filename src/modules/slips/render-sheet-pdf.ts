import { newPdf } from '../../lib/pdf.ts';
import { drawSignatures } from './render-pdf.ts';
import type { SlipBlock } from './slip-content.ts';
import type { SheetContent } from './sheet-content.ts';

/**
 * A control sheet, register or letter as an A4 PDF (landscape when the content asks):
 * the slips' header (agency and motto side by side, a letter's number and place and date
 * under them, the form number, the title) in DejaVu Serif (tables in its condensed cut),
 * then paragraphs, notes and bordered tables whose rows never split and whose header row
 * repeats on every page, then a letter's signers; "… – Trang 1/2" at the foot
 * when it runs over one page. Everything is drawn in reading order, so a text
 * extractor reads it as the printable page shows it. Same content, same bytes.
 */

type Doc = PDFKit.PDFDocument;
type Table = Extract<SlipBlock, { kind: 'table' }>;

const margin = { top: 36, bottom: 48, left: 50, right: 42 };
const size = { body: 10.5, cell: 8, head: 8, small: 9, header: 11, title: 13.5 };
const pad = 3.5;

export async function renderSheetPdf(content: SheetContent): Promise<Buffer> {
  const { doc, bytes: done } = newPdf({
    layout: content.orientation,
    margins: margin,
    displayTitle: true,
    info: { Title: content.name, Creator: 'Một Cửa', CreationDate: content.issuedAt, ModDate: content.issuedAt },
  });

  const left = margin.left;
  const width = doc.page.width - margin.left - margin.right;
  drawHeader(doc, content, left, width);
  for (const block of content.blocks) {
    if (block.kind === 'table') drawTable(doc, block, left, width);
    else if (block.kind === 'note') {
      doc.font('italic').fontSize(size.small).text(block.text, left, doc.y, { width, lineGap: 1 });
      doc.moveDown(0.2);
    } else {
      block.runs.forEach((run, i) => {
        doc.font(run.bold ? 'bold' : 'regular').fontSize(size.body);
        const more = i < block.runs.length - 1;
        if (i === 0) doc.text(run.text, left, doc.y, { width, lineGap: 1.5, continued: more });
        else doc.text(run.text, { continued: more });
      });
      doc.moveDown(0.2);
    }
  }
  if (content.signatures?.length) drawSignatures(doc, content.signatures, left, width);
  numberPages(doc, content.footer, left, width);
  doc.end();
  return done;
}

/** The form number, agency and motto in their columns with a short rule under each, a letter's number and place and date, then the title. */
function drawHeader(doc: Doc, c: SheetContent, left: number, width: number): void {
  doc.font('italic').fontSize(size.small).text(c.form, left, margin.top, { width, align: 'right' });
  const top = doc.y + 2;
  const leftW = width * 0.44;
  const rightW = width * 0.56;
  const column = (lines: string[], x: number, w: number, sizes: number[]): number => {
    doc.y = top;
    lines.forEach((line, i) =>
      doc
        .font('bold')
        .fontSize(sizes[i] ?? size.header)
        .text(line, x, doc.y, { width: w, align: 'center' }),
    );
    const rule = Math.min(doc.widthOfString(lines[lines.length - 1] ?? ''), w) * 0.6;
    const y = doc.y + 4;
    doc
      .moveTo(x + (w - rule) / 2, y)
      .lineTo(x + (w + rule) / 2, y)
      .lineWidth(0.7)
      .stroke();
    return y + 6;
  };
  const leftEnd = column(c.agencyLines, left, leftW, [size.header - 0.5, size.header - 0.5]);
  const rightEnd = column(c.nationLines, left + width - rightW, rightW, [size.header - 0.5, size.header + 0.5]);
  // A letter's number and its place and date share the line under both columns (after them, as the page reads).
  const under = Math.max(leftEnd, rightEnd) + 2;
  let end = under;
  if (c.number) {
    doc.font('regular').fontSize(size.body).text(c.number, left, under, { width: leftW, align: 'center' });
    end = Math.max(end, doc.y);
  }
  if (c.placeDate) {
    doc
      .font('italic')
      .fontSize(size.body)
      .text(c.placeDate, left + width - rightW, under, { width: rightW, align: 'center' });
    end = Math.max(end, doc.y);
  }
  doc
    .font('bold')
    .fontSize(size.title)
    .text(c.title, left, end + (end > under ? 10 : 12), { width, align: 'center' });
  doc.moveDown(0.6);
}

/** A bordered table over the full width; a row never splits, the header row repeats on every page. */
function drawTable(doc: Doc, block: Table, left: number, width: number): void {
  const widths = block.columns.map((c) => c.width * width);
  const bottom = () => doc.page.height - margin.bottom;
  const faceOf = (head: boolean) => (head ? { font: 'cellBold', size: size.head } : { font: 'cell', size: size.cell });

  const heightOf = (cells: string[], head: boolean): number => {
    const face = faceOf(head);
    doc.font(face.font).fontSize(face.size);
    const heights = cells.map((cell, i) => (cell ? doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * pad, lineGap: 0.5 }) : 0));
    return Math.max(...heights, doc.currentLineHeight()) + 2 * pad;
  };
  const drawRow = (cells: string[], head: boolean, y: number, h: number): void => {
    const face = faceOf(head);
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.lineWidth(0.5).rect(x, y, w, h).stroke();
      const align = head ? 'center' : (block.columns[i]?.align ?? 'left');
      if (cell)
        doc
          .font(face.font)
          .fontSize(face.size)
          .text(cell, x + pad, y + pad, { width: w - 2 * pad, align, lineGap: 0.5 });
      x += w;
    });
  };

  const head = block.columns.map((c) => c.title);
  const headH = heightOf(head, true);
  let y = doc.y + 2;
  let needHead = true;
  for (const row of block.rows) {
    const h = heightOf(row, false);
    if (y + (needHead ? headH : 0) + h > bottom()) {
      doc.addPage();
      y = margin.top;
      needHead = true;
    }
    if (needHead) {
      drawRow(head, true, y, headH);
      y += headH;
      needHead = false;
    }
    drawRow(row, false, y, h);
    y += h;
  }
  if (needHead) {
    if (y + headH > bottom()) {
      doc.addPage();
      y = margin.top;
    }
    drawRow(head, true, y, headH);
    y += headH;
  }
  doc.x = left;
  doc.y = y + 6;
}

/** "<footer> – Trang 1/2" at the foot of every page, only when the sheet runs over one page. */
function numberPages(doc: Doc, footer: string, left: number, width: number): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    doc
      .font('italic')
      .fontSize(size.small)
      .text(`${footer} – Trang ${i + 1}/${range.count}`, left, doc.page.height - margin.bottom + 18, { width, align: 'right' });
    doc.page.margins.bottom = keep;
  }
}
