import zlib from 'node:zlib';

/** The encodings we send, best first, and how to make each one. */
export type Encoding = 'br' | 'gzip' | 'identity';

// Browsers send a handful of distinct headers: remembering the answer keeps the hot path free of parsing.
const picked = new Map<string, Encoding>();

/** Picks brotli, then gzip, from an Accept-Encoding header (q=0 means "never"). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const known = picked.get(acceptEncoding);
  if (known) return known;
  const encoding = parseAcceptEncoding(acceptEncoding);
  if (picked.size < 1000) picked.set(acceptEncoding, encoding);
  return encoding;
}

function parseAcceptEncoding(acceptEncoding: string): Encoding {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

export function encode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') {
    // Quality 5 compresses HTML almost as well as 11 at a tenth of the cost.
    return zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  if (encoding === 'gzip') return zlib.gzipSync(body, { level: 6 });
  return body;
}
