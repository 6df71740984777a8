/**
 * A map kept in memory with two bounds: a number of entries, and a total the caller measures (a
 * page's characters, an answer's bytes), so a few huge values cannot hold the process's memory.
 * Past either bound the least recently used entries go first. `get` and `set` make an entry the
 * most recently used; `peek` reads it without that, for a caller whose order is the order kept.
 * A value larger than the total bound alone is not kept.
 */
export class BoundedMap<V> {
  readonly #entries = new Map<string, V>();
  #total = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxTotal: number,
    private readonly measure: (value: V) => number,
  ) {}

  /** The number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Most recently used last: re-inserting moves it to the end of the Map's order.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  peek(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    const amount = this.measure(value);
    if (amount > this.maxTotal) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#total -= this.measure(old);
    }
    this.#entries.set(key, value);
    this.#total += amount;
    for (const [k, v] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#total <= this.maxTotal) break;
      this.#entries.delete(k);
      this.#total -= this.measure(v);
    }
  }

  delete(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.delete(key);
    this.#total -= this.measure(old);
  }

  clear(): void {
    this.#entries.clear();
    this.#total = 0;
  }
}
