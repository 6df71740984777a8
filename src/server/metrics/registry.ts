/**
 * The server's metrics (GET /metrics, Prometheus text format), one registry per server:
 * - `frontdesk_http_requests_total{method,route,status}` and `frontdesk_http_request_duration_seconds`
 *   (a histogram), by route pattern (`/api/v1/bookings/:id`), never the raw path;
 * - `frontdesk_bookings_created_total`, `frontdesk_comments_created_total`;
 * - `frontdesk_store_errors_total`: requests that failed on a store error;
 * - SQLite: `frontdesk_sqlite_write_pauses_total` and `frontdesk_sqlite_write_pause_seconds_total`, the
 *   checkpointer's quiet moments (writes held while the log starts again), read from the store when scraped;
 * - `frontdesk_notifications_waiting`, `frontdesk_notifications_retrying`, `frontdesk_notifications_failed`,
 *   `frontdesk_calendar_last_sync_timestamp_seconds{calendar}` and `frontdesk_calendar_sync_ok{calendar}`:
 *   read from the store when scraped (the counts stop at COUNT_LIMIT, services/operations.ts; a store that
 *   cannot be read leaves them at their last reading, and the scrape still answers);
 * - prom-client's default process metrics, the event loop's lag among them.
 * With several workers the primary adds the workers' registries up (metrics/cluster.ts); the
 * values read from the store are the same in every worker, so they are merged by `max`, not summed.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { listCalendars } from '../calendars/sync.js';
import type { AppContext } from '../context.js';
import type { EventType } from '../services/events.js';
import { hashToken } from '../services/admin-token.js';
import { COUNT_LIMIT, type NotificationCounts, notificationCounts } from '../services/operations.js';

const LIMIT = COUNT_LIMIT.toLocaleString('en');

export interface Metrics {
  registry: Registry;
  /** sha256 of FRONTDESK_METRICS_TOKEN (hex). */
  tokenHash: string;
  /** The text a scrape answers: this registry's, or, under workers, every worker's added up (metrics/cluster.ts). */
  scrape(): Promise<string>;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  storeErrors: Counter;
  /** Counts what a recorded event says was created (a booking, a comment). */
  recordEvent(type: EventType): void;
}

export function createMetrics(ctx: Pick<AppContext, 'store' | 'config' | 'now'>, token: string): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'frontdesk_' });
  const requests = new Counter({
    name: 'frontdesk_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'frontdesk_http_request_duration_seconds',
    help: 'Time from a request reaching the app to its answer, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const bookings = new Counter({ name: 'frontdesk_bookings_created_total', help: 'Bookings made.', registers: [registry] });
  const comments = new Counter({ name: 'frontdesk_comments_created_total', help: 'Comments and replies posted.', registers: [registry] });
  const storeErrors = new Counter({
    name: 'frontdesk_store_errors_total',
    help: 'Requests that failed on a store error.',
    registers: [registry],
  });

  const { writePauses } = ctx.store;
  if (writePauses) {
    new Counter({
      name: 'frontdesk_sqlite_write_pauses_total',
      help: "SQLite: the checkpointer's quiet moments, when writes wait while the write-ahead log starts again.",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(writePauses().count);
      },
    });
    new Counter({
      name: 'frontdesk_sqlite_write_pause_seconds_total',
      help: "SQLite: the seconds writes waited in the checkpointer's quiet moments.",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(writePauses().seconds);
      },
    });
  }

  // Read once per scrape by the first of these gauges to be collected, then shared. A store that cannot
  // be read (down, restarting) leaves them at their last reading: the scrape still answers, with the
  // request counts and frontdesk_store_errors_total that tell of the outage.
  let notifications: Promise<NotificationCounts | undefined> | undefined;
  const counts = () =>
    (notifications ??= notificationCounts(ctx.store.db)
      .catch(() => undefined)
      .finally(() => setImmediate(() => (notifications = undefined))));
  const countGauge = (name: string, help: string, pick: keyof NotificationCounts) =>
    new Gauge({
      name,
      help,
      aggregator: 'max',
      registers: [registry],
      async collect() {
        const read = await counts();
        if (read) this.set(read[pick]);
      },
    });
  countGauge('frontdesk_notifications_waiting', `Notifications due and not sent yet (counted up to ${LIMIT}).`, 'waiting');
  countGauge(
    'frontdesk_notifications_retrying',
    `Notifications that failed and wait to be tried again: an email server that refuses shows here first (counted up to ${LIMIT}).`,
    'retrying',
  );
  countGauge(
    'frontdesk_notifications_failed',
    `Notifications given up (the owner can send them again from /admin; counted up to ${LIMIT}).`,
    'failed',
  );
  // The calendars' state, as the counts above: the last reading kept while the store cannot be read.
  const calendarList = () => listCalendars(ctx as AppContext).catch(() => undefined);
  new Gauge({
    name: 'frontdesk_calendar_last_sync_timestamp_seconds',
    help: "When each of the owner's calendars was last read successfully (0: never).",
    labelNames: ['calendar'] as const,
    aggregator: 'max',
    registers: [registry],
    async collect() {
      if (!ctx.config.calendars.length) return;
      const calendars = await calendarList();
      if (!calendars) return;
      this.reset();
      for (const calendar of calendars) {
        this.set({ calendar: calendar.id }, calendar.lastSyncAt ? Date.parse(calendar.lastSyncAt) / 1000 : 0);
      }
    },
  });
  new Gauge({
    name: 'frontdesk_calendar_sync_ok',
    help: "1 when a calendar's last read succeeded, 0 when it ended in an error (shown in /admin).",
    labelNames: ['calendar'] as const,
    aggregator: 'min',
    registers: [registry],
    async collect() {
      if (!ctx.config.calendars.length) return;
      const calendars = await calendarList();
      if (!calendars) return;
      this.reset();
      for (const calendar of calendars) this.set({ calendar: calendar.id }, calendar.lastError ? 0 : 1);
    },
  });

  return {
    registry,
    tokenHash: hashToken(token),
    scrape: () => registry.metrics(),
    requests,
    duration,
    storeErrors,
    recordEvent(type) {
      if (type === 'booking.created') bookings.inc();
      else if (type === 'comment.created') comments.inc();
    },
  };
}
