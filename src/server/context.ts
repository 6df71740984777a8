/** What every route module receives: the validated config, the store and the owner's credentials. */
import type { Config } from './config.js';
import type { Limiter } from './limits/limiter.js';
import type { Metrics } from './metrics/registry.js';
import type { Logger } from 'pino';
import type { EventType } from './services/events.js';
import type { NotifyTiming } from './notify/worker.js';
import type { Store } from './store/db.js';

export interface AppContext {
  config: Config;
  store: Store;
  /** sha256 of the owner's bearer token (hex). */
  adminTokenHash: string;
  /** FRONTDESK_PUBLIC_URL, if set: the origin used in links inside emails. */
  publicUrl?: string;
  /** Where the built bundles are (dist/); the demo and admin pages are served from the repo. */
  distDir: string;
  /** Where demo/ is; unset to serve no demo site. */
  demoDir?: string;
  /** SMTP_URL and FRONTDESK_MAIL_FROM, for the notification worker. */
  smtpUrl?: string;
  mailFrom?: string;
  /**
   * Called after a transaction that recorded events commits (wakes the notification worker); `type`
   * names what was created, for the metrics.
   */
  onEvents?: (type?: EventType) => void;
  /** The server's own URL (http://HOST:PORT), for links in emails when publicUrl is unset. */
  serverUrl?: string;
  /** The notification worker's timings (tests shorten them); defaults in notify/worker.ts. */
  notify?: Partial<NotifyTiming>;
  /** Calendar reads' deadlines (tests shorten them); defaults in calendars/fetch.ts and expand-in-worker.ts. */
  calendarTiming?: { fetchTimeoutMs?: number; expandTimeoutMs?: number };
  /** The per-client limits' counters (limits/): the store's unless the server chose Redis. */
  limiter?: Limiter;
  /** GET /metrics and the request counters, when FRONTDESK_METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** One JSON line per request, when FRONTDESK_LOG=json. */
  requestLogger?: Logger;
  /** The clock the booking rules read (tests set a fixed one); Date.now when unset. */
  now?: () => number;
}
