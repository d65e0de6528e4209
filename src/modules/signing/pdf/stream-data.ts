import zlib from 'node:zlib';
import { isName, PdfDict, type PdfStream, PdfSyntaxError, type PdfValue } from './pdf-syntax.ts';

/**
 * The decoded data of a stream, for the streams signing must read (cross-reference and object
 * streams, the appearance's content): FlateDecode with or without PNG predictors. Output is
 * capped so that a small "zip bomb" stream cannot exhaust memory.
 */
const maxOutput = 64 * 1024 * 1024;

export function decodeStream(stream: PdfStream, resolve: (v: PdfValue | undefined) => PdfValue | undefined = (v) => v): Buffer {
  const filters = asList(resolve(stream.dict.get('Filter')));
  const params = asList(resolve(stream.dict.get('DecodeParms') ?? stream.dict.get('DP')));
  let data = stream.data;
  filters.forEach((f, i) => {
    if (!isName(f, 'FlateDecode') && !isName(f, 'Fl')) throw new PdfSyntaxError(`unsupported filter ${JSON.stringify(f)}`);
    data = inflate(data);
    const p = resolve(params[i]);
    if (p instanceof PdfDict) data = unpredict(data, p);
  });
  return data;
}

function asList(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function inflate(data: Buffer): Buffer {
  try {
    // A stream cut short is still read as far as it goes, as viewers do.
    return zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxOutput });
  } catch (err) {
    throw new PdfSyntaxError(`bad FlateDecode data: ${(err as Error).message}`);
  }
}

/** PNG predictors (10–15), row by row; TIFF predictor 2 is not used by the streams read here. */
function unpredict(data: Buffer, params: PdfDict): Buffer {
  const predictor = Number(params.get('Predictor') ?? 1);
  if (predictor === 1) return data;
  if (predictor < 10) throw new PdfSyntaxError(`unsupported predictor ${predictor}`);
  const colors = Number(params.get('Colors') ?? 1);
  const bits = Number(params.get('BitsPerComponent') ?? 8);
  const columns = Number(params.get('Columns') ?? 1);
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((colors * bits * columns) / 8);
  if (!(rowLength > 0 && rowLength < 1 << 20)) throw new PdfSyntaxError('bad predictor parameters');
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) v = raw + paeth(left, up, upLeft);
      else throw new PdfSyntaxError(`bad PNG row type ${type}`);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
