/**
 * A map that keeps at most `budget` of what its values weigh (`weigh`: 1 each unless told, or their
 * bytes), the least recently read or written dropped first. For values that are only worth keeping
 * while they are asked for: rendered documents, compressed copies.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly budget: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: moved to the end, it is the last to go.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.weight += this.weigh(key, value);
    for (const [k, v] of this.entries) {
      if (this.weight <= this.budget) break;
      this.entries.delete(k);
      this.weight -= this.weigh(k, v);
    }
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.weight -= this.weigh(key, value);
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
