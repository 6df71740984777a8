/**
 * The limits' counters in this process's memory: for a server that is the only one on its store (one
 * process on a SQLite file, limits/open.ts), where counting in the store would add a write
 * transaction to every counted request for nothing. A hit is a map lookup; a window that ended
 * starts again at 1. Windows long over are dropped once a minute, so the map holds about a minute's
 * worth of clients.
 */
import type { Hit, Limiter } from './limiter.js';

const SWEEP_MS = 60_000;

export function memoryLimiter(now: () => number = Date.now): Limiter {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  let lastSweep = now();
  return {
    kind: 'memory',
    async hit(key: string, windowMs: number): Promise<Hit> {
      const at = now();
      if (at - lastSweep > SWEEP_MS) {
        lastSweep = at;
        for (const [k, w] of windows) if (w.start + w.windowMs <= at) windows.delete(k);
      }
      let window = windows.get(key);
      if (!window || window.start + window.windowMs <= at) windows.set(key, (window = { start: at, count: 0, windowMs }));
      window.count++;
      return { count: window.count, resetAt: window.start + window.windowMs };
    },
    async close() {
      windows.clear();
    },
  };
}
