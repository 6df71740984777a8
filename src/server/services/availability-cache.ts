/**
 * Availability answers kept in memory (issue 14, item 8): a 62-day answer costs milliseconds of CPU,
 * and the widget asks the same question of every visitor. An entry holds the free slots of one
 * service over one range of dates before the notice and advance rules (which move with the clock
 * and are applied to each answer), under the schedule version it was computed at; a read first
 * reads the version (one statement), so an entry is never used after any process changed a
 * booking, a closure or a busy time. Bounded in entries and in slots, least recently used out first.
 */
import type { Slot } from '../../shared/api.js';
import { BoundedMap } from './bounded-map.js';

export interface CachedSlots {
  /** Slot starts, epoch ms, ascending; `slots[i]` starts at `starts[i]`. */
  starts: number[];
  slots: Slot[];
}

interface Entry {
  version: number;
  value: CachedSlots;
}

export class AvailabilityCache {
  readonly #entries: BoundedMap<Entry>;

  constructor(maxEntries = 2000, maxSlots = 250_000) {
    this.#entries = new BoundedMap(maxEntries, maxSlots, (entry) => entry.value.slots.length);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `key`, if it was computed at `version`; one computed at another version is dropped. */
  get(key: string, version: number): CachedSlots | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.version !== version) this.#entries.delete(key);
    return entry?.version === version ? entry.value : undefined;
  }

  set(key: string, version: number, value: CachedSlots): void {
    this.#entries.set(key, { version, value });
  }
}
