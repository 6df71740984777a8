/**
 * Availability answers kept in memory (issue 14, item 8): a 62-day answer costs milliseconds of CPU,
 * and the widget asks the same question of every visitor. An entry holds the free slots of one
 * service over one range of dates before the notice and advance rules (which move with the clock
 * and are applied to each answer), under the schedule version it was computed at; a read first
 * reads the version (one statement), so an entry is never used after any process changed a
 * booking, a closure or a busy time. Bounded in entries and in slots, least recently used out first.
 */
import type { Slot } from '../../shared/api.js';

export interface CachedSlots {
  /** Slot starts, epoch ms, ascending; `slots[i]` starts at `starts[i]`. */
  starts: number[];
  slots: Slot[];
}

export class AvailabilityCache {
  private readonly entries = new Map<string, { version: number; value: CachedSlots }>();
  private slotCount = 0;

  constructor(
    readonly maxEntries = 2000,
    readonly maxSlots = 250_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number): CachedSlots | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) {
      this.slotCount -= entry.value.slots.length;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used last
    return entry.value;
  }

  set(key: string, version: number, value: CachedSlots): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.slotCount -= old.value.slots.length;
    }
    this.entries.set(key, { version, value });
    this.slotCount += value.slots.length;
    for (const [k, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.slotCount <= this.maxSlots) break;
      this.entries.delete(k);
      this.slotCount -= entry.value.slots.length;
    }
  }
}
