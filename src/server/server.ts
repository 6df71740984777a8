/**
 * Starts a Frontdesk server from settings (the environment, usually): opens the store, makes sure
 * the owner has a token, listens, and shuts down gracefully (in-flight requests finish, the store
 * closes) when stopped.
 */
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { ownAddressProblems } from './calendars/config.js';
import { startCalendarSync } from './calendars/sync.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { startNotifier } from './notify/worker.js';
import { startDigest } from './notify/digest.js';
import { packageRoot } from './paths.js';
import { closeSessionsOfOtherTokens } from './services/admin-sessions.js';
import { adminTokenProblem, ensureAdminToken } from './services/admin-token.js';
import { seedDemo } from './services/demo-seed.js';
import { DEFAULT_DATABASE_URL, openStore, type Store } from './store/db.js';

export interface ServerSettings {
  port?: number;
  host?: string;
  databaseUrl?: string;
  /** A config object (tests) or FRONTDESK_CONFIG's path. */
  config?: Config;
  configPath?: string;
  adminToken?: string;
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
  /** The notification worker's timings (tests shorten them). */
  notify?: AppContext['notify'];
  /** Serve the demo site at / (the default when the demo config is used). */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  ctx: AppContext;
  close(): Promise<void>;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    port: env.PORT ? Number(env.PORT) : 8787,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    ...(env.FRONTDESK_CONFIG ? { configPath: env.FRONTDESK_CONFIG } : {}),
    ...(env.FRONTDESK_ADMIN_TOKEN ? { adminToken: env.FRONTDESK_ADMIN_TOKEN } : {}),
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    ...(env.FRONTDESK_MAIL_FROM ? { mailFrom: env.FRONTDESK_MAIL_FROM } : {}),
    ...(env.FRONTDESK_PUBLIC_URL ? { publicUrl: env.FRONTDESK_PUBLIC_URL } : {}),
  };
}

export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const log = settings.log ?? ((line: string) => console.log(line));
  const config = settings.config ?? loadConfig(settings.configPath);
  const ownAddress = ownAddressProblems(config.calendars, { ...(settings.port ? { port: settings.port } : {}), ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}) });
  if (ownAddress.length) throw new ConfigError(`Invalid config:\n${ownAddress.join('\n')}`);
  const tokenProblem = settings.adminToken === undefined ? undefined : adminTokenProblem(settings.adminToken);
  if (tokenProblem) throw new ConfigError(`FRONTDESK_ADMIN_TOKEN ${tokenProblem}`);
  const store = await openStore(settings.databaseUrl ?? DEFAULT_DATABASE_URL);
  const token = await ensureAdminToken(store.db, settings.adminToken);
  await closeSessionsOfOtherTokens(store.db, token.hash); // a new admin token signs every browser out
  if (token.generated) {
    log(`\nYour admin token (shown once; keep it safe, it signs you in at /admin):\n\n    ${token.generated}\n`);
  }
  const root = packageRoot();
  const ctx: AppContext = {
    config,
    store,
    adminTokenHash: token.hash,
    distDir: join(root, 'dist'),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    ...(settings.demo ?? !settings.configPath ? { demoDir: join(root, 'demo') } : {}),
    ...(settings.smtpUrl ? { smtpUrl: settings.smtpUrl } : {}),
    ...(settings.mailFrom ? { mailFrom: settings.mailFrom } : {}),
    ...(settings.notify ? { notify: settings.notify } : {}),
  };
  if (ctx.demoDir && !settings.config && !settings.configPath) await seedDemo(store.db); // the demo clinic's sample wall
  const notifier = startNotifier(ctx);
  ctx.onEvents = () => notifier.wake();
  const digest = startDigest(ctx);
  const app = createApp(ctx);

  // Handlers still running (a client that hung up does not stop them) keep the store open on close.
  let running = 0;
  let idle: (() => void) | undefined;
  const fetch = async (request: Request, env: unknown) => {
    running++;
    try {
      return await app.fetch(request, env);
    } finally {
      if (--running === 0) idle?.();
    }
  };

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch, port: settings.port ?? 8787, hostname: settings.host ?? '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (settings.port ?? 8787);
  const url = `http://${settings.host ?? '127.0.0.1'}:${port}`;
  ctx.serverUrl = url;
  // Started once the port is known: a calendar must never be this server itself.
  const calendarSync = startCalendarSync(ctx);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
      await Promise.all([digest.stop(), notifier.stop(), calendarSync.stop()]);
      await store.close();
    })());
  return { url, port, store, ctx, close };
}
