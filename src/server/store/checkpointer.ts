/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread, so that the
 * server's own thread never waits for it. Left to itself, SQLite checkpoints inside whichever
 * commit crosses 1,000 log pages: that commit copies every page and syncs the file twice while
 * every request behind it waits (under a burst of bookings, several times a second).
 *
 * The worker holds its own connection and runs a PASSIVE checkpoint every `everyMs`: it never
 * blocks the writer, and when no commit came in while it ran, the next commit starts the log from
 * the beginning again (always, at a clinic's pace). Under a sustained burst commits keep arriving
 * during every checkpoint, so the log only grows: the server's connection keeps a far larger
 * automatic threshold, which then folds in the little the worker has not copied yet and lets the
 * log restart (a short stall every ~64 MB of writes rather than a long one every 4 MB), and which
 * is the safety net should the worker ever stop. Measured (BENCH_TRACE, bench:bookings): a
 * RESTART checkpoint from the worker at 4,000-16,000 pages instead made no difference beyond noise.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The server connection's own threshold, in pages (4 KiB each): only reached if the worker stops. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker. */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, everyMs = 250): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, module, everyMs } });
  worker.unref();
  // A failing worker only means the connection's own automatic checkpoints take over: say so once.
  worker.on('error', (error) => {
    process.emitWarning(`SQLite checkpoints fall back to the server's own thread (short stalls under load): ${error.message}`, 'FrontdeskWarning');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop() {
      worker.ref(); // the process waits for the last checkpoint
      worker.postMessage('stop');
      return exited;
    },
  };
}
