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
