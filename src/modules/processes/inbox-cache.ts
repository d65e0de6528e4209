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

  private readonly building = new Map<string, Promise<CachedResponse>>();

  /**
   * The page kept under `mark` and `key`, or the one `build` makes and keeps. Requests that miss
   * together (the moment the mark moves, every open tab of a person asks again) share one build
   * instead of each running the inbox query.
   */
  async getOrBuild(mark: string, key: string, build: () => Promise<string>): Promise<CachedResponse> {
    const full = `${mark}|${key}`;
    const hit = this.pages.get(full);
    if (hit) return hit;
    let pending = this.building.get(full);
    if (!pending) {
      pending = build()
        .then((html) => this.pages.put(full, html))
        .finally(() => this.building.delete(full));
      this.building.set(full, pending);
    }
    return pending;
  }
}
