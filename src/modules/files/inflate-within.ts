import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export type Inflated =
  { status: 'ok'; size: number; output: Buffer | null } | { status: 'over'; size: number } | { status: 'damaged'; size: number };

class OverBudget extends Error {}

/**
 * Inflates `data` (zlib-wrapped, or raw deflate for ZIP entries; `layers` times for PDF filter
 * chains) and counts the output without keeping it (unless `keep`, then up to `keep` bytes).
 * Stops at the first byte past `limit` ('over'), so memory and time stay bounded whatever the
 * input declares. Data that is not valid deflate, or ends early, is 'damaged'.
 */
export async function inflateWithin(
  data: Buffer,
  options: { limit: number; raw?: boolean; layers?: number; keep?: number },
): Promise<Inflated> {
  const small = smallInflate(data, options);
  if (small) return small;
  const make = () => (options.raw ? zlib.createInflateRaw({ chunkSize: 64 * 1024 }) : zlib.createInflate({ chunkSize: 64 * 1024 }));
  const stages = Array.from({ length: options.layers ?? 1 }, make);
  const kept: Buffer[] = [];
  let size = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.limit) return done(new OverBudget());
      if (options.keep && size <= options.keep) kept.push(chunk);
      done();
    },
  });
  try {
    await pipeline([Readable.from([data]), ...stages, counter]);
    return { status: 'ok', size, output: options.keep ? Buffer.concat(kept) : null };
  } catch (err) {
    return { status: err instanceof OverBudget ? 'over' : 'damaged', size };
  }
}

const syncCeiling = 4 * 1024 * 1024;

/** Most PDF streams and ZIP entries are small: inflating them synchronously (≤ 4 MiB out) is much faster than a pipeline. */
function smallInflate(data: Buffer, options: { limit: number; raw?: boolean; layers?: number; keep?: number }): Inflated | null {
  if ((options.layers ?? 1) !== 1 || data.length > 64 * 1024) return null;
  const ceiling = Math.min(options.limit, syncCeiling);
  try {
    const out = (options.raw ? zlib.inflateRawSync : zlib.inflateSync)(data, { maxOutputLength: Math.max(1, ceiling) });
    if (out.length > options.limit) return { status: 'over', size: out.length };
    return { status: 'ok', size: out.length, output: options.keep ? out.subarray(0, options.keep) : null };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return { status: 'damaged', size: 0 };
    return ceiling === options.limit ? { status: 'over', size: ceiling } : null;
  }
}
