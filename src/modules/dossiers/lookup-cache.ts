import { PageCache, type CachedResponse } from '../../web/page-cache.ts';

/**
 * Public lookup answers kept until their dossier changes. A lookup that read
 * the database before a change was heard of must not store what it read:
 * `mark()` before reading, and `put` keeps the answer only if no change of
 * that code (or a reset) was heard since the mark.
 */
export class LookupCache {
  private readonly pages = new PageCache(50_000);
  private heard = 0;
  /** Anything read before this mark is stale (a reset, or the record of changes pruned). */
  private floor = 0;
  private readonly changedAt = new Map<string, number>();

  private static key(kind: string, code: string): string {
    return `${kind}:${code.trim().toUpperCase()}`;
  }

  get(kind: 'page' | 'api', code: string): CachedResponse | undefined {
    return this.pages.get(LookupCache.key(kind, code));
  }

  mark(): number {
    return this.heard;
  }

  /** The answer as an entry to send; kept for the next lookups only if still current. */
  put(kind: 'page' | 'api', code: string, asked: number, body: string, contentType?: string): CachedResponse {
    const key = LookupCache.key(kind, code);
    const entry = this.pages.put(key, body, contentType);
    if (asked < this.floor || (this.changedAt.get(code) ?? -1) > asked) this.pages.delete(key);
    return entry;
  }

  changed(code: string): void {
    this.heard++;
    if (this.changedAt.size >= 10_000) {
      this.changedAt.clear();
      this.floor = this.heard;
    }
    this.changedAt.set(code, this.heard);
    this.pages.delete(LookupCache.key('page', code));
    this.pages.delete(LookupCache.key('api', code));
  }

  clear(): void {
    this.heard++;
    this.floor = this.heard;
    this.changedAt.clear();
    this.pages.invalidate();
  }
}
