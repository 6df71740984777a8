/**
 * A @web/test-runner plugin: browser tests call `executeServerCommand('frontdesk-server', {config})`
 * and get the URL of a real Frontdesk server on a fresh SQLite file, allowing the test page's
 * origin. `frontdesk-server-stop` stops it; every server stops when the run ends.
 * `frontdesk-server-lock-store` holds its SQLite file's write lock from another connection (as a
 * second process would), so its writes answer 503 `unavailable` once the busy timeout passes;
 * `frontdesk-server-unlock-store` lets go. `frontdesk-time-zone` sets the page's time zone, as Chromium's
 * DevTools do (`{zone: null}` puts the machine's back): a visitor elsewhere on this one machine.
 * `frontdesk-hook-receiver` starts (or, given its `url`, sets) a webhook receiver answering `status`.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import type { NotifyTiming } from '../../src/server/notify/worker.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { scratchDir } from './scratch.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

interface StartPayload {
  /** Merged over the demo clinic's config. */
  config?: Record<string, unknown>;
  /** A fixed port (e.g. to bring a stopped server back at the same URL); default: any free one. */
  port?: number;
  /** Raw SQL-free seeding through the API is done by the test itself. */
  demo?: boolean;
  /** The notification worker's timings (e.g. `{maxAttempts: 1}`: a delivery fails at its first error). */
  notify?: Partial<NotifyTiming>;
}

/** What the command gets of the test's page: @web/test-runner-chrome's launcher gives its puppeteer page. */
interface Session {
  id: string;
  browser: { getPage(id: string): { emulateTimezone(zone?: string): Promise<void> } };
}

export function serverCommandPlugin() {
  const servers = new Map<string, RunningServer>();
  const locks = new Map<string, SQLite.Database>();
  const hookReceivers = new Map<string, WebhookReceiver>();
  return {
    name: 'frontdesk-server-command',
    async executeCommand({ command, payload, session }: { command: string; payload?: unknown; session: Session }) {
      if (command === 'frontdesk-time-zone') {
        await session.browser.getPage(session.id).emulateTimezone((payload as { zone: string | null }).zone ?? undefined);
        return true;
      }
      if (command === 'frontdesk-server') {
        const p = (payload ?? {}) as StartPayload;
        const started = Date.now();
        const dir = scratchDir('wtr');
        const config = parseConfig({
          ...DEMO_CONFIG,
          allowedOrigins: ['*'],
          limits: { writesPerMinutePerClient: 1000 },
          ...(p.config ?? {}),
        });
        const server = await startServer({
          port: p.port ?? 0,
          databaseUrl: `sqlite:${join(dir, 'frontdesk.db')}`,
          config,
          adminToken: TEST_ADMIN_TOKEN,
          demo: p.demo ?? true,
          ...(p.notify ? { notify: p.notify } : {}),
          log: () => {},
        });
        servers.set(server.url, server);
        if (Date.now() - started > 2000) console.error(`[frontdesk-server] ${server.url} took ${Date.now() - started} ms to start`);
        return { url: server.url, adminToken: TEST_ADMIN_TOKEN };
      }
      if (command === 'frontdesk-server-lock-store') {
        const url = (payload as { url: string }).url;
        const lock = new SQLite(servers.get(url)!.store.url.replace(/^sqlite:/, ''));
        lock.exec('begin immediate');
        locks.set(url, lock);
        return true;
      }
      if (command === 'frontdesk-server-unlock-store') {
        const url = (payload as { url: string }).url;
        locks.get(url)?.close(); // closing ends the transaction, and the lock with it
        locks.delete(url);
        return true;
      }
      if (command === 'frontdesk-hook-receiver') {
        // A webhook receiver the test turns on and off: `{status}` is what it answers from then on.
        const { url, status } = (payload ?? {}) as { url?: string; status: number };
        const receiver = url ? hookReceivers.get(url)! : await startWebhookReceiver();
        receiver.status = status;
        hookReceivers.set(receiver.url, receiver);
        return { url: receiver.url };
      }
      if (command === 'frontdesk-server-stop') {
        const url = (payload as { url: string }).url;
        const started = Date.now();
        await servers.get(url)?.close();
        servers.delete(url);
        // A slow stop is a defect to find (a hook waits for it): said in the run's output, with how long.
        if (Date.now() - started > 2000) console.error(`[frontdesk-server-stop] ${url} took ${Date.now() - started} ms to close`);
        return true;
      }
      return undefined;
    },
    async serverStop() {
      for (const lock of locks.values()) lock.close();
      await Promise.all([...hookReceivers.values()].map((r) => r.close()));
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
