import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { Lru } from '../lib/lru.ts';
import { encode, type Encoding } from './compress.ts';

/**
 * Public responses kept in memory with their compressed forms, so that a
 * popular page costs one lookup, and values derived from public data (search
 * facets, the search vocabulary) kept the same way. `generation` changes
 * whenever the data behind them changes (in this process at once, in other
 * processes when their revision poll sees it); nothing of an older generation
 * is ever served.
 */
export interface CachedResponse {
  generation: number;
  etag: string;
  contentType: string;
  forms: Partial<Record<Encoding, Buffer>>;
}

export class PageCache {
  private readonly entries: Lru<string, CachedResponse>;
  private values = new Map<string, Promise<unknown>>();
  private generation = 0;

  constructor(maxEntries = 20_000) {
    this.entries = new Lru(maxEntries);
  }

  /** Forget everything: called when public data (catalogue, agencies) changes. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.values.clear();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.generation !== this.generation) return undefined;
    return entry;
  }

  /** Keeps a rendered body; `compressed` lets a caller hand over a brotli form it already has. */
  put(
    key: string,
    body: Buffer | string,
    contentType = 'text/html; charset=utf-8',
    compressed?: { br: Buffer; etag: string },
  ): CachedResponse {
    const identity = typeof body === 'string' ? Buffer.from(body) : body;
    const entry: CachedResponse = {
      generation: this.generation,
      etag: compressed?.etag ?? etagOf(identity),
      contentType,
      forms: compressed ? { br: compressed.br } : { identity },
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** A value computed once per generation (the first caller computes, the others wait for it). */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.values.set(key, value);
      const generation = this.generation;
      value.catch(() => {
        if (this.generation === generation) this.values.delete(key);
      });
    }
    return value;
  }

  /** The entry in `encoding`, made from another form the first time it is asked for. */
  static form(entry: CachedResponse, encoding: Encoding): Buffer {
    let form = entry.forms[encoding];
    if (!form) {
      const identity = entry.forms.identity ?? zlib.brotliDecompressSync(entry.forms.br!);
      entry.forms.identity = identity;
      form = encode(identity, encoding);
      entry.forms[encoding] = form;
    }
    return form;
  }
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
}
