import type { Db } from './pool.ts';

/**
 * Values stored once and never changed (versions: migrations 028, 029), read at most once per pool
 * and key and then kept: what was read is true for good. A key not found is read again next time.
 */
export class KeptPerPool<V> {
  private readonly kept = new WeakMap<Db, Map<string, V>>();

  async get(db: Db, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    let known = this.kept.get(db);
    if (!known) this.kept.set(db, (known = new Map()));
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const found = await read();
    if (found !== undefined) known.set(key, found);
    return found;
  }
}
