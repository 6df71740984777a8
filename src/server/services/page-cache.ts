/**
 * A bounded least-recently-used map of rendered pages (JSON text), by key. Bounded both in entries
 * and in characters, so a few huge pages cannot hold the process's memory.
 */
export class PageCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(
    readonly maxEntries = 1000,
    readonly maxChars = 32 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last: re-inserting moves it to the end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxChars) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.chars -= old.length;
    }
    this.entries.set(key, value);
    this.chars += value.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(k);
      this.chars -= v.length;
    }
  }
}
