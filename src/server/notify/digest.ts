/**
 * Asks every minute whether the owner's daily digest is due (services/digest.ts), when
 * `notifications.digestHour` is set; wakes the notification worker when it recorded one. Every
 * process runs it; the day's mark lets only one of them record the digest.
 */
import type { AppContext } from '../context.js';
import { recordDigestIfDue } from '../services/digest.js';

export const DIGEST_CHECK_MS = 60_000;

export function startDigest(ctx: AppContext, everyMs = DIGEST_CHECK_MS): { stop(): Promise<void> } {
  if (ctx.config.notifications.digestHour === undefined) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const check = () => {
    running ??= recordDigestIfDue(ctx.store.db, ctx.config, (ctx.now ?? Date.now)())
      .then((recorded) => (recorded ? ctx.onEvents?.() : undefined))
      .catch(() => {
        /* the store is unreachable for now: the next minute tries again */
      })
      .finally(() => (running = undefined));
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  setImmediate(check);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
