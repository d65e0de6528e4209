import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * A static file read once and served under a content-hashed name, so that
 * browsers keep it for a year and a new release is fetched at once.
 */
export interface Asset {
  path: string;
  contentType: string;
  body: Buffer;
  brotli: Buffer;
  gzip: Buffer;
}

function asset(file: string, contentType: string): Asset {
  const body = fs.readFileSync(new URL(file, import.meta.url));
  const [name, ext] = file.replace(/^.*\//, '').split('.');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return {
    path: `/assets/${name}.${hash}.${ext}`,
    contentType,
    body,
    brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: zlib.gzipSync(body, { level: 9 }),
  };
}

export const stylesheet = asset('./styles.css', 'text/css; charset=utf-8');
/** The only script: live preview in the e-form and process editors; the editors work without it. */
export const editorScript = asset('./scripts/form-editor.js', 'text/javascript; charset=utf-8');
export const assets: readonly Asset[] = [stylesheet, editorScript];
const css = stylesheet.body;

/**
 * Names the code that renders pages: a hash of the stylesheet and every source
 * file. Pages stored by another release are rendered again, never served.
 */
export const renderVersion = (() => {
  const h = createHash('sha256').update(css);
  const walk = (dir: URL) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
      else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.includes('.test.'))
        h.update(entry.name).update(fs.readFileSync(new URL(entry.name, dir)));
    }
  };
  walk(new URL('../', import.meta.url));
  return h.digest('hex').slice(0, 16);
})();
