import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * The stylesheet, read once and served under a content-hashed name so that
 * browsers keep it for a year and a new release is fetched at once.
 */
const css = fs.readFileSync(new URL('./styles.css', import.meta.url));
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

export const stylesheet = {
  path: `/assets/styles.${hash}.css`,
  body: css,
  brotli: zlib.brotliCompressSync(css, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: zlib.gzipSync(css, { level: 9 }),
};

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
