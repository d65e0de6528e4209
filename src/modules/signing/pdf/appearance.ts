import PDFDocument from 'pdfkit';
import { useDejaVu } from '../../../lib/pdf-fonts.ts';
import { vietnamIso } from './pdf-time.ts';

/**
 * What a signature looks like on the page (Decree 30/2020, Annex I), drawn with pdfkit into a
 * one-page PDF of the rectangle's size, which the signer then places on the page as the
 * signature's appearance:
 * - a person (the leader): the signature image if one is given (blue PNG, transparent
 *   background), else the name in blue italics; under it "Ký bởi", the agency and the time;
 * - an organisation: the red seal (the PNG if given, else a drawn round seal with the agency's
 *   name) on the left, and "Ký bởi", the document number and the time (ISO 8601, Vietnam time).
 * DejaVu Serif is embedded (subset), so every Vietnamese letter shows in any reader.
 */
export interface AppearanceContent {
  kind: 'person' | 'organisation';
  /** The certificate's common name: the officer's full name, or the agency's name. */
  signer: string;
  /** The certificate's organisation. */
  organisation: string | null;
  signedAt: Date;
  documentNumber: string | null;
  image: Buffer | null;
}

const blue = '#1f3fa8';
const red = '#d0021b';

export async function renderAppearance(content: AppearanceContent, width: number, height: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: [width, height], margin: 0, compress: true, info: { Producer: 'Một Cửa', Creator: 'Một Cửa' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useDejaVu(doc);
  const pad = Math.min(4, width / 20, height / 20);
  if (content.kind === 'person') drawPerson(doc, content, pad, width - 2 * pad, height - 2 * pad);
  else drawOrganisation(doc, content, pad, width - 2 * pad, height - 2 * pad);
  doc.end();
  return done;
}

function drawPerson(doc: PDFKit.PDFDocument, c: AppearanceContent, pad: number, w: number, h: number): void {
  const lines = [
    `Ký bởi: ${c.signer}`,
    ...(c.organisation ? [`Cơ quan: ${c.organisation}`] : []),
    `Thời gian ký: ${vietnamIso(c.signedAt)}`,
  ];
  const textHeight = h * 0.45;
  const top = h - textHeight;
  if (c.image) doc.image(c.image, pad, pad, { fit: [w, top - 2], align: 'center', valign: 'center' });
  else {
    doc.font('italic').fillColor(blue);
    const size = fitSize(doc, [c.signer], w, top - 2, Math.min(18, top * 0.6));
    doc.fontSize(size).text(c.signer, pad, pad + Math.max(0, (top - 2 - doc.heightOfString(c.signer, { width: w })) / 2), {
      width: w,
      align: 'center',
      lineBreak: true,
    });
  }
  drawLines(doc, lines, pad, pad + top, w, textHeight, blue);
}

function drawOrganisation(doc: PDFKit.PDFDocument, c: AppearanceContent, pad: number, w: number, h: number): void {
  const seal = Math.min(h, w * 0.45);
  if (c.image) doc.image(c.image, pad, pad + (h - seal) / 2, { fit: [seal, seal], align: 'center', valign: 'center' });
  else drawSeal(doc, c.organisation ?? c.signer, pad + seal / 2, pad + h / 2, seal / 2);
  const lines = [
    `Ký bởi: ${c.organisation ?? c.signer}`,
    ...(c.documentNumber ? [`Số: ${c.documentNumber}`] : []),
    `Thời gian ký: ${vietnamIso(c.signedAt)}`,
  ];
  drawLines(doc, lines, pad + seal + 4, pad, w - seal - 4, h, red, true);
}

/** A round red seal: two rings and the agency's name inside, as a stamp leaves it. */
function drawSeal(doc: PDFKit.PDFDocument, agency: string, cx: number, cy: number, r: number): void {
  doc
    .save()
    .lineWidth(Math.max(0.8, r / 18))
    .strokeColor(red)
    .circle(cx, cy, r - 1)
    .stroke();
  doc
    .lineWidth(Math.max(0.4, r / 40))
    .circle(cx, cy, r * 0.78)
    .stroke();
  const box = r * 1.1;
  doc.font('bold').fillColor(red);
  const text = agency.toUpperCase();
  const size = fitSize(doc, [text], box, box, r / 3.2);
  doc.fontSize(size);
  const th = doc.heightOfString(text, { width: box, align: 'center' });
  doc.text(text, cx - box / 2, cy - th / 2, { width: box, align: 'center', height: box });
  doc.restore();
}

function drawLines(
  doc: PDFKit.PDFDocument,
  lines: string[],
  x: number,
  y: number,
  w: number,
  h: number,
  color: string,
  middle = false,
): void {
  doc.font('regular').fillColor(color);
  const size = fitSize(doc, lines, w, h, 9);
  doc.fontSize(size);
  const total = lines.reduce((sum, l) => sum + doc.heightOfString(l, { width: w }), 0);
  let at = middle ? y + Math.max(0, (h - total) / 2) : y;
  for (const line of lines) {
    doc.text(line, x, at, { width: w, height: y + h - at, ellipsis: true });
    at += doc.heightOfString(line, { width: w });
  }
}

/** The largest font size up to `max` at which the lines, wrapped to `w`, fit in `h`. */
function fitSize(doc: PDFKit.PDFDocument, lines: string[], w: number, h: number, max: number): number {
  let size = Math.max(4, max);
  for (; size > 4; size -= 0.5) {
    doc.fontSize(size);
    if (lines.reduce((sum, l) => sum + doc.heightOfString(l, { width: w }), 0) <= h) break;
  }
  return size;
}
