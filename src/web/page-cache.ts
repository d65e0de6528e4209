import { createHash } from 'node:crypto';
import { encode, type Encoding } from './compress.ts';

/**
 * Rendered public pages kept in memory with their compressed forms, so that a
 * popular page costs one lookup. `generation` changes whenever the data behind
 * the pages changes (in this process at once, in other processes when their
 * revision poll sees it); entries of an older generation are never served.
 */
interface Entry {
  generation: number;
  etag: string;
  forms: Partial<Record<Encoding, Buffer>>;
  body: Buffer;
}

export class PageCache {
  private entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly maxEntries = 20_000) {}

  /** Forget everything: called when the catalogue or agencies change. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.generation !== this.generation) return undefined;
    return entry;
  }

  put(key: string, html: string): Entry {
    const body = Buffer.from(html);
    const entry: Entry = {
      generation: this.generation,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      forms: { identity: body },
      body,
    };
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest entry: Map keeps insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
    return entry;
  }

  static form(entry: Entry, encoding: Encoding): Buffer {
    let form = entry.forms[encoding];
    if (!form) {
      form = encode(entry.body, encoding);
      entry.forms[encoding] = form;
    }
    return form;
  }
}
