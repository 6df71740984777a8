/**
 * The comment threads' heads (shown count and version: the key of cached pages) this process keeps,
 * so that reading an unchanged thread asks the store nothing. Trusted only while the store's change
 * watch (store/changes.ts) says so; forgotten when it reports a change to the thread, or to anything.
 */
import type { StoreChanges } from '../store/changes.js';

export interface ThreadHead {
  published: number;
  version: number;
}

export class ThreadHeads {
  /** null: the thread has no row (nothing was ever shown there). */
  private readonly heads = new Map<string, ThreadHead | null>();

  constructor(
    private readonly changes: StoreChanges,
    /** Bounded: a client may ask for any number of threads that do not exist. */
    readonly maxEntries = 10_000,
  ) {
    changes.subscribe((thread) => (thread === undefined ? this.heads.clear() : this.heads.delete(thread)));
  }

  /** `thread`'s head, from memory when trusted, else from `load` (kept unless a change was seen meanwhile). */
  async get(thread: string, load: () => Promise<ThreadHead | undefined>): Promise<ThreadHead | undefined> {
    if (this.changes.check()) {
      const kept = this.heads.get(thread);
      if (kept !== undefined) return kept ?? undefined;
    }
    const epoch = this.changes.epoch;
    const head = await load();
    // A change seen while the store answered may be newer than the answer: then keep nothing.
    if (this.changes.check() && epoch === this.changes.epoch) {
      if (this.heads.size >= this.maxEntries) this.heads.delete(this.heads.keys().next().value!);
      this.heads.set(thread, head ?? null);
    }
    return head;
  }
}
