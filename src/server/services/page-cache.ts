/**
 * Rendered pages (JSON text) by key, least recently used out first. Bounded both in entries and in
 * characters, so a few huge pages cannot hold the process's memory.
 */
import { BoundedMap } from './bounded-map.js';

export class PageCache extends BoundedMap<string> {
  constructor(maxEntries = 1000, maxChars = 32 * 1024 * 1024) {
    super(maxEntries, maxChars, (page) => page.length);
  }
}
