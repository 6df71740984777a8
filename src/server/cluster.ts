/**
 * FRONTDESK_WORKERS=N: N server processes on one port (node:cluster; the primary hands each new
 * connection to a worker in turn). The primary serves nothing itself:
 * - before any worker starts, it brings the store up to date (migrations, the owner's token), so
 *   workers never race to do it; a token it generated is shown once they all serve, and forgotten
 *   if they cannot (the next start makes and shows another);
 * - worker 1 runs the background jobs (the notification worker, calendar sync, SQLite's
 *   checkpointer); the others pass it a wake-up through the primary when they record events. A
 *   worker that dies is replaced in its place (worker 1's replacement takes the jobs over), after
 *   a delay that doubles while replacements keep dying young (a crash loop does not spin);
 * - GET /metrics, answered by whichever worker, asks the primary, which adds every worker's
 *   registry up (prom-client's AggregatorRegistry);
 * - SIGTERM or SIGINT: every worker finishes its requests in flight and closes the store, then
 *   the primary exits.
 * Background jobs are safe with several hosts on one PostgreSQL too: deliveries and events are
 * claimed with FOR UPDATE SKIP LOCKED (notify/outbox.ts, notify/routing.ts), each calendar is
 * synced under a lease (calendars/state.ts), and the limits are counted in the store or Redis.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { ServerLog } from './logger.js';
import { forgetToken, prepareOnly, type RunningServer, type ServerSettings, showToken, startServer } from './server.js';

const WAKE = 'frontdesk:wake';
const SCRAPE = 'frontdesk:scrape';
const SCRAPED = 'frontdesk:scraped';
/** The worker that runs the background jobs. */
const BACKGROUND_SLOT = 1;
/** A worker that lived this long before dying was not crash-looping: its replacement starts at once. */
const HEALTHY_MS = 10_000;
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 10_000;
const STOP_GRACE_MS = 15_000;

interface Message {
  type?: string;
  id?: number;
  text?: string;
  error?: string;
}

export interface ClusterPrimary {
  /** Resolves once every worker listens, with the URL they serve. */
  ready: Promise<string>;
  /** The workers' process ids, by slot (1..N). */
  pids(): number[];
  stop(): Promise<void>;
}

/** The primary: prepares the store, forks `count` workers and keeps them running. */
export async function runPrimary(settings: ServerSettings, count: number, log: ServerLog): Promise<ClusterPrimary> {
  const prepared = await prepareOnly(settings);
  const aggregator = new AggregatorRegistry();
  const slots = new Map<number, Worker>();
  const failures = new Map<number, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopping = false;
  let listening = 0;
  let resolveReady!: (url: string) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  }).then(
    (url) => {
      showToken(settings, prepared); // once every worker serves
      return url;
    },
    async (error: unknown) => {
      await forgetToken(settings, prepared); // a failed start keeps no token that was never shown
      throw error;
    },
  );

  function fork(slot: number): void {
    const worker = cluster.fork({ FRONTDESK_WORKER_SLOT: String(slot) });
    /** When it began serving: one that never did, or died soon after, was not healthy. */
    let serving: number | undefined;
    slots.set(slot, worker);
    worker.on('message', (message: Message) => void onMessage(worker, message));
    worker.once('listening', (address) => {
      serving = Date.now();
      const pid = worker.process.pid;
      if (++listening === count) resolveReady(`http://${settings.host ?? '127.0.0.1'}:${address.port}`);
      else if (listening > count) log.info(`worker ${slot} (pid ${pid}) is serving`, { worker: slot, workerPid: pid });
    });
    worker.once('exit', (code, signal) => {
      if (slots.get(slot) === worker) slots.delete(slot);
      if (stopping) return;
      if (listening < count && serving === undefined) {
        // A worker that cannot start before the others serve (a port in use, a store it cannot open)
        // will not start on a second try either: stop, with the worker's own message above.
        void stop().then(() => rejectReady(new Error(`worker ${slot} stopped before serving (${signal ?? `exit code ${code}`}).`)));
        return;
      }
      const young = serving === undefined || Date.now() - serving < HEALTHY_MS;
      const failed = young ? (failures.get(slot) ?? 0) + 1 : 0;
      failures.set(slot, failed);
      const delay = failed ? Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failed - 1)) : 0;
      log.warn(`worker ${slot} (pid ${worker.process.pid}) stopped (${signal ?? `exit code ${code}`}); a new one starts in ${delay} ms`, {
        worker: slot,
        workerPid: worker.process.pid,
        code,
        signal,
        restartInMs: delay,
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) fork(slot);
      }, delay);
      timers.add(timer);
    });
  }

  async function onMessage(from: Worker, message: Message): Promise<void> {
    if (message?.type === WAKE) {
      const background = slots.get(BACKGROUND_SLOT);
      if (background?.isConnected()) background.send({ type: WAKE });
    } else if (message?.type === SCRAPE) {
      try {
        const text = await aggregator.clusterMetrics();
        if (from.isConnected()) from.send({ type: SCRAPED, id: message.id, text });
      } catch (error) {
        if (from.isConnected()) from.send({ type: SCRAPED, id: message.id, error: (error as Error).message });
      }
    }
  }

  for (let slot = 1; slot <= count; slot++) fork(slot);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      const workers = [...slots.values()];
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              const force = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
              worker.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    })());
  return { ready, pids: () => [...slots.entries()].sort(([a], [b]) => a - b).map(([, w]) => w.process.pid!), stop };
}

/** A worker: a server like a single process, with background jobs only in worker 1. */
export async function runWorker(settings: ServerSettings): Promise<RunningServer> {
  const slot = Number(process.env.FRONTDESK_WORKER_SLOT ?? BACKGROUND_SLOT);
  const running = await startServer({
    ...settings,
    workers: Math.max(2, settings.workers ?? 2), // one of several: the limits are counted where all see them
    background: slot === BACKGROUND_SLOT,
    wakeBackground: () => process.send?.({ type: WAKE }),
    log: () => {}, // the primary says what there is to say
  });
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  process.on('message', (message: Message) => {
    if (message?.type === WAKE) running.wake();
    if (message?.type === SCRAPED && message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.text ?? '');
    }
  });
  const metrics = running.ctx.metrics;
  if (metrics) {
    new AggregatorRegistry(); // answers the primary's requests for this worker's metrics
    AggregatorRegistry.setRegistries([metrics.registry]);
    metrics.scrape = () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('The primary did not answer with the metrics.'));
        }, 10_000);
        pending.set(id, {
          resolve: (text) => (clearTimeout(timer), resolve(text)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        process.send?.({ type: SCRAPE, id });
      });
  }
  return running;
}

export const isWorker = () => cluster.isWorker;
