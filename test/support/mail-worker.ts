/**
 * A suite whose server sends real email: a real SMTP listener, and the notification worker started
 * on the suite's context (fast timings), woken by every event as in production; both stopped after.
 */
import { after, before } from 'node:test';
import { type Notifier, startNotifier } from '../../src/server/notify/worker.js';
import { type SmtpListener, startSmtpListener } from './smtp.js';
import type { TestContext } from './stores.js';

/**
 * The suite's SMTP listener (once `before` has run); `wake` is for a test that moves the outbox's
 * clock itself, since only a new event wakes the worker on its own.
 */
export interface MailWorker {
  (): SmtpListener;
  wake(): void;
}

export function withMailWorker(t: () => TestContext, opts: { now?: () => number; publicUrl?: string } = {}): MailWorker {
  let smtp: SmtpListener | undefined;
  let notifier: Notifier | undefined;
  before(async () => {
    smtp = await startSmtpListener();
    const { ctx } = t();
    if (opts.now) ctx.now = opts.now;
    ctx.smtpUrl = `smtp://frontdesk:pass@127.0.0.1:${smtp.port}`;
    ctx.publicUrl = opts.publicUrl ?? 'https://book.example.com';
    ctx.notify = { pollMs: 50, leaseMs: 3000, retryBaseMs: 200, retryMaxMs: 400 };
    const worker = startNotifier(ctx);
    notifier = worker;
    ctx.onEvents = () => worker.wake();
  });
  after(async () => {
    await notifier?.stop();
    await smtp?.close();
  });
  return Object.assign(() => smtp!, { wake: () => notifier!.wake() });
}
