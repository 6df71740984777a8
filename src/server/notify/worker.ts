/**
 * The notification worker: routes recorded events into deliveries, claims the due ones, sends
 * them (email through SMTP_URL, webhooks, bookings written to the owner's CalDAV calendars) and
 * marks them sent; a failure is retried with exponential backoff and jitter up to a ceiling, and
 * given up ('failed', shown to the owner) after `giveUpAfterMs` or `maxAttempts`. It wakes when a
 * service records events and polls for due retries. Without SMTP_URL, emails wait in the
 * database. `stop()` waits for sends in flight.
 */
import type { AppContext } from '../context.js';
import type { EventType } from '../services/events.js';
import type { OwnerMessages } from '../i18n.js';
import { composeEmail, oneLine, type StoredEvent } from './email.js';
import { isUpcoming } from '../services/bookings.js';
import { prepareReviewRequest } from '../services/reviews.js';
import { writeBooking } from '../calendars/writeback.js';
import { claimDue, type ClaimedDelivery, drop, extendLease, markFailed, markSent, postpone } from './outbox.js';
import { subscriberEmail } from './reply-emails.js';
import { routeEvents } from './routing.js';
import { logLine } from '../log.js';
import { watchOutage } from '../store/health.js';
import { isPermanentSmtpError, type Mailer, smtpTransport } from './smtp.js';
import { postWebhook, webhookData } from './webhooks.js';

export interface NotifyTiming {
  /** How often to look for due retries and expired leases. */
  pollMs: number;
  /** How long a claim holds before another process may take the delivery (renewed while sending). */
  leaseMs: number;
  /** The first retry's delay; each next one doubles, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A delivery still failing this long after it was made, or after maxAttempts, is given up. */
  giveUpAfterMs: number;
  maxAttempts: number;
  /** Deliveries claimed (and sent in parallel) at once. */
  batch: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_TIMING: NotifyTiming = {
  pollMs: 1500,
  leaseMs: 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  giveUpAfterMs: 86_400_000,
  maxAttempts: 30,
  batch: 10,
  webhookTimeoutMs: 10_000,
};

/** How long a wake-up waits, so that the events of one burst are routed and sent together. */
const WAKE_DELAY_MS = 20;

export interface Notifier {
  wake(): void;
  stop(): Promise<void>;
}

/** The origin links in emails are built from: FRONTDESK_PUBLIC_URL, else the server's own URL. */
export function linkOrigin(ctx: AppContext): string | undefined {
  return (ctx.publicUrl ?? ctx.serverUrl)?.replace(/\/+$/, '');
}

/** Stable across attempts and unique across databases: the event's id and creation instant. */
export function eventKey(event: { id: number; createdAt: number }): string {
  return `${event.id}.${event.createdAt.toString(36)}`;
}

export function messageId(deliveryId: number, event: StoredEvent, from: string): string {
  const domain = /@([a-z0-9.-]+)/i.exec(from)?.[1] ?? 'frontdesk.invalid';
  return `<delivery-${deliveryId}.event-${eventKey(event)}@${domain}>`;
}

/** The delay before retry number `attempts` (1-based): doubling from base, capped, half of it jittered. */
export function retryDelay(attempts: number, timing: Pick<NotifyTiming, 'retryBaseMs' | 'retryMaxMs'>): number {
  const ceiling = Math.min(timing.retryMaxMs, timing.retryBaseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function startNotifier(ctx: AppContext): Notifier {
  const timing: NotifyTiming = { ...DEFAULT_TIMING, ...ctx.notify };
  const { store } = ctx;
  let mailer: Mailer | undefined;
  let mailerUrl: string | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const outage = watchOutage('The notification worker', logLine);
  // A delivery that fails is said in the log at once, then at most once a minute with a count: a mail
  // server that refuses every email (a wrong password, a stopped server) is seen without opening /admin.
  let failuresUnsaid = 0;
  let failureSaidAt = -Infinity;
  function sayFailure(channel: string, message: string, giveUp: boolean): void {
    failuresUnsaid++;
    if (Date.now() - failureSaidAt < 60_000) return;
    logLine(
      `${failuresUnsaid === 1 ? 'One delivery' : `${failuresUnsaid} deliveries`} failed (the last: ${channel}, ` +
        `${giveUp ? 'given up' : 'to be tried again'}): ${message.replace(/\.+$/, '')}. The owner's /admin lists them under Notifications.`,
    );
    failuresUnsaid = 0;
    failureSaidAt = Date.now();
  }

  async function loadEvents(ids: number[]): Promise<Map<number, StoredEvent>> {
    const rows = await store.db
      .selectFrom('events')
      .select(['id', 'type', 'payload', 'created_at'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    const events = new Map<number, StoredEvent>();
    for (const row of rows) {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(row.payload) as Record<string, unknown>;
      } catch {
        /* sent with what there is */
      }
      events.set(Number(row.id), { id: Number(row.id), type: row.type as EventType, data, createdAt: Number(row.created_at) });
    }
    return events;
  }

  /** Sends one delivery; false when it is no longer wanted (a reply email whose reply or subscription is gone). */
  async function send(delivery: ClaimedDelivery, event: StoredEvent, reviewToken?: string): Promise<boolean | void> {
    if (delivery.channel === 'calendar') return writeBooking(ctx, delivery.target, String(event.data.id ?? ''));
    if (delivery.channel === 'webhook') {
      const hook = ctx.config.webhooks.find((h) => h.url === delivery.target && (h.events as readonly string[]).includes(event.type));
      if (!hook) throw Object.assign(new Error('This webhook is no longer in the config.'), { permanent: true });
      await postWebhook({
        url: hook.url,
        secret: hook.secret,
        eventId: `evt_${eventKey(event)}`,
        event: event.type,
        data: webhookData(event.data),
        timeoutMs: timing.webhookTimeoutMs,
      });
      return;
    }
    const origin = linkOrigin(ctx)!;
    const { business } = ctx.config;
    const settings = {
      business,
      origin,
      messages: ctx.config.messages as OwnerMessages,
      services: ctx.config.services,
      ...(reviewToken ? { reviewToken } : {}),
    };
    const audience =
      delivery.audience === 'visitor' || delivery.audience === 'reminder' || delivery.audience === 'review' ? delivery.audience : 'owner';
    const content =
      delivery.audience === 'subscriber' ? await subscriberEmail(store.db, event, settings) : composeEmail(event, audience, settings);
    if (!content) return false;
    const from = ctx.mailFrom ?? business.email;
    if (!mailer || mailerUrl !== ctx.smtpUrl) {
      mailer?.close();
      mailerUrl = ctx.smtpUrl!;
      mailer = smtpTransport(mailerUrl);
    }
    await mailer.sendMail({
      from: ctx.mailFrom ? ctx.mailFrom : { name: oneLine(business.name, 80), address: business.email },
      to: delivery.target,
      subject: content.subject,
      text: content.text,
      html: content.html,
      ...(content.replyTo ? { replyTo: content.replyTo } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      messageId: messageId(delivery.id, event, from),
      headers: { 'X-Frontdesk-Event': event.type, ...content.headers },
    });
  }

  async function deliver(delivery: ClaimedDelivery, event: StoredEvent | undefined, claim: string): Promise<void> {
    // An erased event takes its deliveries with it (ON DELETE CASCADE): nothing is left to send.
    if (!event) return;
    // A reminder goes only for a booking still confirmed and still ahead; otherwise it is dropped.
    if (
      delivery.audience === 'reminder' &&
      !(await isUpcoming(
        store.db,
        String(event.data.id ?? ''),
        Date.now(),
        String(event.data.start ?? ''),
        Number(event.data.sequence ?? 0),
      ))
    ) {
      await drop(store, delivery.id, claim);
      return;
    }
    // A review request: decided against the booking as it is now, and claimed (services/reviews.ts).
    let reviewToken: string | undefined;
    if (delivery.audience === 'review') {
      const step = await prepareReviewRequest(store.db, ctx.config, String(event.data.id ?? ''), delivery, event.data.end);
      if (step.action === 'drop') return drop(store, delivery.id, claim);
      if (step.action === 'later') return postpone(store, delivery.id, claim, step.at);
      reviewToken = step.token;
    }
    try {
      if ((await send(delivery, event, reviewToken)) === false) {
        await drop(store, delivery.id, claim);
        return;
      }
    } catch (error) {
      const e = error as Error & { permanent?: boolean };
      const giveUp =
        e.permanent === true ||
        isPermanentSmtpError(e) ||
        delivery.attempts >= timing.maxAttempts ||
        Date.now() - delivery.created_at >= timing.giveUpAfterMs;
      const message = oneLine(e.message || String(e), 500);
      await markFailed(store, delivery.id, claim, message, giveUp ? null : Date.now() + retryDelay(delivery.attempts, timing));
      sayFailure(delivery.channel, message, giveUp);
      return;
    }
    await markSent(store, delivery.id, claim);
  }

  /** Claims and sends one batch; returns how many were claimed. */
  async function deliverBatch(): Promise<number> {
    const channels = ctx.smtpUrl && linkOrigin(ctx) ? (['email', 'webhook', 'calendar'] as const) : (['webhook', 'calendar'] as const);
    const { claim, rows } = await claimDue(store, { channels: [...channels], leaseMs: timing.leaseMs, limit: timing.batch });
    if (!rows.length) return 0;
    const heartbeat = setInterval(() => void extendLease(store, claim, timing.leaseMs).catch(() => {}), Math.max(50, timing.leaseMs / 3));
    try {
      const events = await loadEvents(rows.map((r) => r.event_id));
      await Promise.all(rows.map((row) => deliver(row, events.get(row.event_id), claim).catch(() => {})));
    } finally {
      clearInterval(heartbeat);
    }
    return rows.length;
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          // New events are routed between batches, so a backlog does not hold them back.
          while (!stopped) {
            const routed = await routeEvents(ctx);
            if ((await deliverBatch()) === 0 && routed === 0) break;
          }
          outage.succeeded();
        } catch (error) {
          // The store is unreachable or busy for now (one line says so, one when it is back): the
          // next poll tries again. Each delivery's own failure is recorded on it, for the owner to see.
          outage.failed(error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  }

  const poll = setInterval(run, timing.pollMs);
  poll.unref();
  setImmediate(run);

  // A burst of bookings wakes the worker once, a moment later, rather than once per booking.
  let soon: ReturnType<typeof setTimeout> | undefined;
  const wake = () => {
    soon ??= setTimeout(() => {
      soon = undefined;
      run();
    }, WAKE_DELAY_MS);
  };

  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(soon);
      await running;
      mailer?.close();
    },
  };
}
