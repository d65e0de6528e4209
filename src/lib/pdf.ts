import PDFDocument from 'pdfkit';
import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * DejaVu Serif for every PDF the system writes: every Vietnamese letter is in
 * the font, embedded, so no reader substitutes its own. Read from the
 * dejavu-fonts-ttf package once per process.
 */
const require = createRequire(import.meta.url);
const files = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  // Tables: the condensed cuts keep a dossier code or a date on one line of a narrow column.
  cell: 'DejaVuSerifCondensed.ttf',
  cellBold: 'DejaVuSerifCondensed-Bold.ttf',
} as const;
export type Face = keyof typeof files;
let fonts: Record<Face, Buffer> | undefined;

export function pdfFonts(): Record<Face, Buffer> {
  fonts ??= Object.fromEntries(
    (Object.keys(files) as Face[]).map((f) => [f, fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${files[f]}`))]),
  ) as Record<Face, Buffer>;
  return fonts;
}

/** Registers the faces under their names: `regular`, `bold`, `italic`, and the condensed `cell`, `cellBold` (only those used are embedded). */
export function useDejaVu(doc: PDFKit.PDFDocument): void {
  const f = pdfFonts();
  for (const face of Object.keys(f) as Face[]) doc.registerFont(face, f[face]);
}

/**
 * An A4 pdfkit document with the DejaVu faces registered and its bytes collected: `bytes` settles
 * once the caller has called `doc.end()`. Pages are buffered, so a renderer may go back to a page
 * (repeated headers, page numbers, marks on every page).
 */
export function newPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', bufferPages: true, lang: 'vi-VN', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useDejaVu(doc);
  return { doc, bytes };
}
