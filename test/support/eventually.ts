/**
 * Waiting for what a background worker does (the outbox, deliveries): one poll loop for the tests
 * that need it, so a timeout always names what was awaited.
 */

/** Polls `check` every 25 ms until it is true, or fails after `timeoutMs`, naming `what`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000, what = 'the condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
