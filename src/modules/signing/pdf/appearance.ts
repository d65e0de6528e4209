import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { vietnamIso } from './pdf-time.ts';

/**
 * What a signature looks like on the page (Decree 30/2020, Annex I), drawn with pdfkit into a
 * one-page PDF of the rectangle's size, which the signer then places on the page as the
 * signature's appearance:
 * - a person (the leader): the signature image if one is given (blue PNG, transparent
 *   background), else the name in blue italics; under it "Ký bởi", the agency and the time;
 * - an organisation: the red seal (the PNG if given, else a drawn round seal with the agency's
 *   name), with "Ký bởi", the document number and the time (ISO 8601, Vietnam time) beside it in a
 *   wide rectangle or under it otherwise; placed over the left third of the leader's signature.
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
  return drawn(width, height, (doc) => {
    const pad = Math.min(4, width / 20, height / 20);
    if (content.kind === 'person') drawPerson(doc, content, pad, width - 2 * pad, height - 2 * pad);
    else drawOrganisation(doc, content, pad, width - 2 * pad, height - 2 * pad);
  });
}

/**
 * Words the signature writes elsewhere on the page, in the document's own type (DejaVu Serif,
 * black, 12 pt, smaller only if they would not fit), right-aligned in a box of the size of the
 * line they complete: the issued number on the header's "Số: ……/notation" line ends at the slash.
 */
export async function renderStamp(text: string, width: number, height: number): Promise<Buffer> {
  return drawn(width, height, (doc) => {
    doc.font('regular').fillColor('black');
    const size = Math.min(12, (12 * width) / (doc.fontSize(12).widthOfString(text) + 0.5));
    doc.fontSize(size).text(text, 0, 0, { width, align: 'right', lineBreak: false });
  });
}

/** A one-page PDF of the given size, drawn by `draw` with DejaVu Serif's faces registered. */
function drawn(width: number, height: number, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: [width, height], margin: 0, compress: true, info: { Producer: 'Một Cửa', Creator: 'Một Cửa' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [face, font] of Object.entries(dejaVu())) doc.registerFont(face, font as unknown as Buffer);
  draw(doc);
  doc.end();
  return done;
}

const require = createRequire(import.meta.url);
const files = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf' } as const;
let faces: Record<keyof typeof files, fontkit.Font> | undefined;

/** DejaVu Serif parsed once per process: pdfkit takes a parsed font as well as a file, and parsing is most of the cost. */
function dejaVu(): Record<keyof typeof files, fontkit.Font> {
  const open = (file: string) => fontkit.create(fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))) as fontkit.Font;
  faces ??= { regular: open(files.regular), bold: open(files.bold), italic: open(files.italic) };
  return faces;
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
  const agency = c.organisation ?? c.signer;
  // A wide rectangle: the seal on the left, the text beside it; otherwise the text under the seal.
  const wide = w > 1.6 * h;
  const time = vietnamIso(c.signedAt);
  const number = c.documentNumber ? [`Số: ${c.documentNumber}`] : [];
  const lines = [`Ký bởi: ${agency}`, ...number, ...(wide ? [`Thời gian ký: ${time}`] : ['Thời gian ký:', time])];
  const seal = wide ? Math.min(h, w * 0.45) : Math.min(w, h * 0.62);
  const sealX = wide ? pad : pad + (w - seal) / 2;
  if (c.image) doc.image(c.image, sealX, pad, { fit: [seal, seal], align: 'center', valign: 'center' });
  else drawSeal(doc, agency, sealX + seal / 2, pad + seal / 2, seal / 2);
  if (wide) drawLines(doc, lines, pad + seal + 4, pad, w - seal - 4, h, red, true);
  else drawLines(doc, lines, pad, pad + seal + 2, w, h - seal - 2, red);
}

/** A round red seal as a stamp leaves it: two rings, the agency's name along the upper ring, a star in the middle. */
function drawSeal(doc: PDFKit.PDFDocument, agency: string, cx: number, cy: number, r: number): void {
  doc
    .save()
    .lineWidth(Math.max(0.8, r / 18))
    .strokeColor(red)
    .fillColor(red);
  doc.circle(cx, cy, r - 1).stroke();
  doc
    .lineWidth(Math.max(0.4, r / 40))
    .circle(cx, cy, r * 0.62)
    .stroke();
  const text = agency.toUpperCase();
  const ring = r * 0.8;
  doc.font('bold');
  // The largest size at which the name spans at most 300° of the ring.
  let size = r * 0.24;
  for (; size > 3; size -= 0.25) if (doc.fontSize(size).widthOfString(text) <= ring * (300 / 180) * Math.PI) break;
  doc.fontSize(size);
  let angle = -doc.widthOfString(text) / ring / 2;
  for (const ch of text) {
    const cw = doc.widthOfString(ch);
    const mid = angle + cw / ring / 2;
    doc.save().rotate((mid * 180) / Math.PI, { origin: [cx, cy] });
    doc.text(ch, cx - cw / 2, cy - ring - size * 0.55, { lineBreak: false });
    doc.restore();
    angle += cw / ring;
  }
  const star = r * 0.36;
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const d = i % 2 ? star * 0.4 : star;
    points.push([cx + d * Math.cos(a), cy + d * Math.sin(a)]);
  }
  doc.polygon(...points).fill();
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
  // The last line (the time) is never broken: the font is made small enough for it to fit whole.
  const whole = w / doc.fontSize(1).widthOfString(lines[lines.length - 1]!);
  const size = fitSize(doc, lines, w, h, Math.min(9, whole * 0.98));
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
