import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * DejaVu Serif for every PDF the system writes: every Vietnamese letter is in
 * the font, embedded, so no reader substitutes its own. Read from the
 * dejavu-fonts-ttf package once per process.
 */
const require = createRequire(import.meta.url);
const files = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf' } as const;
export type Face = keyof typeof files;
let fonts: Record<Face, Buffer> | undefined;

export function pdfFonts(): Record<Face, Buffer> {
  fonts ??= {
    regular: fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${files.regular}`)),
    bold: fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${files.bold}`)),
    italic: fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${files.italic}`)),
  };
  return fonts;
}

/** Registers the three faces under the names `regular`, `bold`, `italic`. */
export function useDejaVu(doc: PDFKit.PDFDocument): void {
  const f = pdfFonts();
  for (const face of Object.keys(f) as Face[]) doc.registerFont(face, f[face]);
}
