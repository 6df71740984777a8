/**
 * Starts a Frontdesk server from settings (the environment, usually): opens the store, makes sure
 * the owner has a token, listens, and shuts down gracefully (in-flight requests finish, the store
 * closes) when stopped.
 */
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { createApp } from './app.js';
import { ownAddressProblems } from './calendars/config.js';
import { startCalendarSync } from './calendars/sync.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { startNotifier } from './notify/worker.js';
import { startDigest } from './notify/digest.js';
import { packageRoot } from './paths.js';
import { closeSessionsOfOtherTokens } from './services/admin-sessions.js';
import { logLine } from './log.js';
import { adminTokenProblem, ensureAdminToken, forgetAdminToken } from './services/admin-token.js';
import { seedDemo } from './services/demo-seed.js';
import { DEFAULT_DATABASE_URL, DEMO_DATABASE_URL, openStore, type Store } from './store/db.js';
import type { Limiter } from './limits/limiter.js';
import { openLimiter } from './limits/open.js';
import { createLog, type LogFormat } from './logger.js';
import { type Connections, trackConnections } from './http/connections.js';
import { observeReplays, ReadMemo } from './http/read-memo.js';
import { createMetrics } from './metrics/registry.js';

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
  /** REDIS_URL: the per-client limits counted in Redis rather than the store. */
  redisUrl?: string;
  /** FRONTDESK_METRICS_TOKEN: GET /metrics, for a scraper with this bearer token. */
  metricsToken?: string;
  /** FRONTDESK_LOG: `json` for one JSON line per request (and JSON startup lines). */
  logFormat?: LogFormat;
  /** FRONTDESK_WORKERS: server processes on one port (server/cluster.ts). */
  workers?: number;
  /**
   * Whether this process runs the background jobs (the notification worker, calendar sync, SQLite's
   * checkpointer); true unless it is a worker other than the one chosen for them.
   */
  background?: boolean;
  /** Without background jobs here: how to wake the process that has them when events are recorded. */
  wakeBackground?: () => void;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  ctx: AppContext;
  /** Wakes this process's notification worker, if it has one (events recorded by another process). */
  wake(): void;
  close(): Promise<void>;
}

/**
 * The store every command uses (serve, backup, import): DATABASE_URL, else the clinic's default file,
 * or the demo clinic's own (data/demo.db) when no FRONTDESK_CONFIG says which clinic this is.
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || (env.FRONTDESK_CONFIG ? DEFAULT_DATABASE_URL : DEMO_DATABASE_URL);
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    port: wholeNumberFrom('PORT', env.PORT, 0, 65535, 8787),
    host: env.HOST || '127.0.0.1',
    databaseUrl: databaseUrlFromEnv(env),
    ...(env.FRONTDESK_CONFIG ? { configPath: env.FRONTDESK_CONFIG } : {}),
    ...(env.FRONTDESK_ADMIN_TOKEN ? { adminToken: env.FRONTDESK_ADMIN_TOKEN } : {}),
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    ...(env.FRONTDESK_MAIL_FROM ? { mailFrom: env.FRONTDESK_MAIL_FROM } : {}),
    ...(env.FRONTDESK_PUBLIC_URL ? { publicUrl: env.FRONTDESK_PUBLIC_URL } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.FRONTDESK_METRICS_TOKEN ? { metricsToken: env.FRONTDESK_METRICS_TOKEN } : {}),
    logFormat: logFormatFrom(env.FRONTDESK_LOG),
    workers: wholeNumberFrom('FRONTDESK_WORKERS', env.FRONTDESK_WORKERS, 1, 64, 1),
  };
}

function logFormatFrom(value: string | undefined): LogFormat {
  if (!value || value === 'plain') return 'plain';
  if (value === 'json') return 'json';
  throw new ConfigError(`FRONTDESK_LOG must be "json" or "plain" (it is "${value.slice(0, 40)}").`);
}

/** A whole number from the environment variable `name`, within [min, max]; `fallback` when it is unset. */
function wholeNumberFrom(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (it is "${value.slice(0, 40)}").`);
  return n;
}

/** Checks what can be checked before opening anything: a problem here stops the start with a message. */
function checkSettings(settings: ServerSettings, config: Config): void {
  const ownAddress = ownAddressProblems(config.calendars, {
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
  });
  if (ownAddress.length) throw new ConfigError(`Invalid config:\n${ownAddress.join('\n')}`);
  const tokenProblem = settings.adminToken === undefined ? undefined : adminTokenProblem(settings.adminToken);
  if (tokenProblem) throw new ConfigError(`FRONTDESK_ADMIN_TOKEN ${tokenProblem}`);
  const metricsProblem =
    settings.metricsToken === undefined ? undefined : adminTokenProblem(settings.metricsToken, 'leave it unset to turn /metrics off');
  if (metricsProblem) throw new ConfigError(`FRONTDESK_METRICS_TOKEN ${metricsProblem}`);
  if (settings.publicUrl !== undefined && !/^https?:\/\/[^/?#]/i.test(settings.publicUrl)) {
    throw new ConfigError('FRONTDESK_PUBLIC_URL must be the address visitors use, with its scheme: https://book.example.com.');
  }
  const pool = process.env.PG_POOL_SIZE;
  if (pool !== undefined && !/^[1-9]\d{0,3}$/.test(pool)) {
    throw new ConfigError(`PG_POOL_SIZE must be a whole number of connections, 1 or more (it is "${pool}").`);
  }
  if (settings.redisUrl !== undefined && !/^rediss?:\/\//.test(settings.redisUrl)) {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
  }
  // Else nodemailer reads `smtp//host` as nothing and sends every email to localhost:587, quietly retried for a day.
  if (settings.smtpUrl !== undefined && !/^smtps?:\/\/[^/?#]/i.test(settings.smtpUrl)) {
    throw new ConfigError(
      'SMTP_URL must start with smtp:// or smtps:// and name the mail server: smtp://user:password@mail.example.com:587.',
    );
  }
}

/** The owner's token as the store keeps it (its hash), and itself when this start generated it. */
export interface PreparedToken {
  tokenHash: string;
  /** Generated by this start: shown once the server serves (`showToken`), forgotten if the start fails. */
  generatedToken?: string;
}

/**
 * Brings the store to where a server can start on it: the schema up to date, the owner's token
 * (generated if there is none), the demo clinic's sample wall. Run once by a single server, or by
 * the primary before its workers start (server/cluster.ts), so that workers never race to migrate
 * or to generate a token.
 */
export async function prepareStore(settings: ServerSettings, store: Store): Promise<PreparedToken> {
  const token = await ensureAdminToken(store.db, settings.adminToken);
  await closeSessionsOfOtherTokens(store.db, token.hash); // a new admin token signs every browser out
  if (servesDemo(settings) && !settings.config && !settings.configPath) await seedDemo(store.db); // the demo clinic's sample wall
  return { tokenHash: token.hash, ...(token.generated ? { generatedToken: token.generated } : {}) };
}

/** Shows a generated token, once, when the server serves: the only time it is ever shown. */
export function showToken(settings: ServerSettings, prepared: PreparedToken): void {
  if (!prepared.generatedToken) return;
  const log = settings.log ?? ((line: string) => console.log(line));
  log(`\nYour admin token (shown once; keep it safe, it signs you in at /admin):\n\n    ${prepared.generatedToken}\n`);
}

/** After a failed start: a token it generated is forgotten, so the next start makes and shows one. */
export async function forgetToken(settings: ServerSettings, prepared: PreparedToken): Promise<void> {
  if (!prepared.generatedToken) return;
  const store = await openStore(settings.databaseUrl ?? DEFAULT_DATABASE_URL, { checkpointer: false });
  try {
    await forgetAdminToken(store.db, prepared.tokenHash);
  } finally {
    await store.close();
  }
}

const servesDemo = (settings: ServerSettings) => settings.demo ?? !settings.configPath;

/**
 * How long a stop waits for a request still arriving before it closes its connection: under the 10 s a
 * worker gives itself to stop (cli.ts), so that a stop held by a stalled client still ends cleanly.
 */
const STOP_CUT_MS = 8_000;

/**
 * Loads and checks the config and the settings, and prepares the store, then closes it (the primary
 * of several workers, which shows a generated token once they serve, or forgets it if they cannot).
 */
export async function prepareOnly(settings: ServerSettings): Promise<PreparedToken> {
  const config = settings.config ?? loadConfig(settings.configPath);
  checkSettings(settings, config);
  const store = await openStore(settings.databaseUrl ?? DEFAULT_DATABASE_URL, { checkpointer: false });
  try {
    // Redis answers before a token is generated.
    if (settings.redisUrl) await (await openLimiter(store, { redisUrl: settings.redisUrl, sharedStore: true })).close();
    return await prepareStore(settings, store);
  } finally {
    await store.close();
  }
}

export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const config = settings.config ?? loadConfig(settings.configPath);
  checkSettings(settings, config);
  const background = settings.background ?? true;
  const store = await openStore(settings.databaseUrl ?? DEFAULT_DATABASE_URL, { checkpointer: background });
  let limiter: Limiter | undefined;
  let prepared: PreparedToken;
  try {
    // The limiter first: a Redis that does not answer stops the start before a token is generated.
    limiter = await openLimiter(store, { redisUrl: settings.redisUrl, sharedStore: (settings.workers ?? 1) > 1 });
    prepared = await prepareStore(settings, store);
  } catch (error) {
    await limiter?.close();
    await store.close();
    throw error;
  }
  const root = packageRoot();
  const ctx: AppContext = {
    config,
    store,
    limiter,
    adminTokenHash: prepared.tokenHash,
    distDir: join(root, 'dist'),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    ...(servesDemo(settings) ? { demoDir: join(root, 'demo') } : {}),
    ...(settings.smtpUrl ? { smtpUrl: settings.smtpUrl } : {}),
    ...(settings.mailFrom ? { mailFrom: settings.mailFrom } : {}),
    ...(settings.notify ? { notify: settings.notify } : {}),
  };
  if (settings.metricsToken) ctx.metrics = createMetrics(ctx, settings.metricsToken);
  if (settings.logFormat === 'json') ctx.requestLogger = createLog('json').json;
  // The background jobs start once the port is ours (below): a start that fails leaves nothing running.
  let notifier: ReturnType<typeof startNotifier> | undefined;
  ctx.onEvents = (type) => {
    if (type) ctx.metrics?.recordEvent(type);
    if (notifier) notifier.wake();
    else settings.wakeBackground?.();
  };
  const app = createApp(ctx);

  // Comment pages the app has made, replayed before it while no thread changes (http/read-memo.ts).
  const memo = new ReadMemo(store.changes, undefined, undefined, observeReplays(ctx.metrics, ctx.requestLogger));

  // Handlers still running (a client that hung up does not stop them) keep the store open on close.
  let running = 0;
  let idle: (() => void) | undefined;
  const fetch = async (request: Request, env: HttpBindings) => {
    running++;
    try {
      const incoming = env.incoming;
      if (!memo.eligible(incoming)) return await app.fetch(request, env);
      const epoch = memo.epoch;
      return await memo.keep(incoming, epoch, await app.fetch(request, env));
    } finally {
      if (--running === 0) idle?.();
    }
  };
  const listener = getRequestListener(fetch as (request: Request, env: unknown) => Promise<Response>, {
    hostname: settings.host ?? '127.0.0.1',
  });

  let stopping = false;
  let connections: Connections | undefined;
  let server: Server;
  try {
    server = await new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        connections!.requestStarted(req);
        // Once stopping, a client's kept-alive connection closes after the answer it gets.
        if (stopping) res.setHeader('Connection', 'close');
        if (!memo.serve(req, res)) void listener(req, res);
      });
      connections = trackConnections(s);
      s.listen(settings.port ?? 8787, settings.host ?? '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    // The port taken, say: nothing keeps running, and a token generated for this start is undone.
    if (prepared.generatedToken) await forgetAdminToken(store.db, prepared.tokenHash);
    await limiter.close();
    await store.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (settings.port ?? 8787);
  const url = `http://${settings.host ?? '127.0.0.1'}:${port}`;
  ctx.serverUrl = url;
  if (background) notifier = startNotifier(ctx);
  const digest = background ? startDigest(ctx) : undefined;
  // Started once the port is known: a calendar must never be this server itself.
  const calendarSync = background ? startCalendarSync(ctx) : undefined;
  showToken(settings, prepared);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      // How long each step of the stop took, said should the whole take over 2 s (what held it up).
      const steps: string[] = [];
      let mark = Date.now();
      const started = mark;
      const step = (name: string) => {
        const now = Date.now();
        steps.push(`${name} ${now - mark} ms`);
        mark = now;
      };
      await new Promise<void>((resolve) => {
        // In-flight requests still finish. A connection with none (kept alive after its last answer,
        // or opened ahead of need and never used) would hold close() open until the client lets it
        // go: each is closed as soon as it has no request in progress (http/connections.ts).
        const quiet = setInterval(() => connections!.closeQuiet(), 100);
        // One that never finishes its request (a client that sent half a body and waits) would hold the stop
        // until the process is killed: after STOP_CUT_MS it is cut, unanswered, and the stop goes on.
        const cut = setTimeout(() => {
          logLine(`Stopping: the connections still in the middle of a request after ${STOP_CUT_MS / 1000} s were closed unanswered`);
          server.closeAllConnections();
        }, STOP_CUT_MS);
        server.close(() => {
          clearInterval(quiet);
          clearTimeout(cut);
          resolve();
        });
        connections!.closeQuiet();
      });
      step('connections');
      if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
      step('requests in flight');
      const timed = (name: string, job: Promise<void> | undefined) =>
        job?.then(() => steps.push(`${name} done at ${Date.now() - mark} ms`));
      await Promise.all([
        timed('digest', digest?.stop()),
        timed('notifications', notifier?.stop()),
        timed('calendar sync', calendarSync?.stop()),
        timed('limits', limiter.close()),
      ]);
      step('background jobs');
      await store.close();
      step('store');
      if (Date.now() - started > 2000) logLine(`Stopping took ${Date.now() - started} ms: ${steps.join(', ')}`);
    })());
  return { url, port, store, ctx, wake: () => notifier?.wake(), close };
}
