import type { Db } from '../../db/pool.ts';
import { PageCache, type CachedResponse } from '../../web/page-cache.ts';

/**
 * Inbox pages kept while nothing they list has changed: each page is stored
 * under the value the change sequence (migration 026) had before its data was
 * read, so any later change of a dossier, in any process, makes it unreachable.
 * Pages also expire every `ttlMs`: a dossier crosses from "near due" to
 * "overdue" without any write, staff and procedure names change rarely, and a
 * change committing while a page is being read (the sequence moves at the
 * commit, an instant before the change is visible) is shown at most that late.
 */
export class InboxCache {
  private readonly pages = new PageCache(2_000);

  constructor(private readonly ttlMs = 5_000) {}

  /** Read before the data: the state of the world a page is built from. */
  async mark(db: Db, now: Date): Promise<string> {
    const { rows } = await db.query<{ v: string }>(`SELECT last_value::text || ':' || is_called AS v FROM dossier_inbox_changes`);
    return `${rows[0]!.v}:${Math.floor(now.getTime() / this.ttlMs)}`;
  }

  get(mark: string, key: string): CachedResponse | undefined {
    return this.pages.get(`${mark}|${key}`);
  }

  put(mark: string, key: string, html: string): CachedResponse {
    return this.pages.put(`${mark}|${key}`, html);
  }
}
