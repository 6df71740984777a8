/** Slot starts that bookings can all take at once: none blocks another (the service plus its buffer). */
import assert from 'node:assert/strict';

/** The first `count` of `starts` (ISO instants, in order) each at least `blockMs` after the one before. */
export function apartStarts(starts: ReadonlyArray<string>, blockMs: number, count: number): string[] {
  const apart: string[] = [];
  let free = 0;
  for (const start of starts) {
    if (Date.parse(start) < free) continue;
    apart.push(start);
    free = Date.parse(start) + blockMs;
  }
  assert.ok(apart.length >= count, `only ${apart.length} starts apart`);
  return apart.slice(0, count);
}
