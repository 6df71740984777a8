/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread, so that the
 * server's own thread never waits for it. Left to itself, SQLite checkpoints inside whichever
 * commit crosses 1,000 log pages: that commit copies every page and syncs the file twice while
 * every request behind it waits.
 *
 * The worker holds its own connection and runs a PASSIVE checkpoint every `everyMs`: it never
 * blocks the writer, and when no commit came in while it ran, the next commit starts the log from
 * the beginning again (always, at a clinic's pace). Under sustained writes a commit lands during
 * every checkpoint, so the log could never start again on its own: it would grow until the
 * connection's own threshold made one commit copy and sync on the server's thread (measured under
 * bench:soak: a 30-50 ms stall of every request every 3 s, longer as the file grew).
 *
 * So once the log holds `restartPages` pages, the worker asks for a quiet moment: the server's
 * thread takes its connection (`hold`: writes wait, the thread itself goes on parsing requests
 * and answering from memory), the worker copies the few pages written since its last pass and
 * syncs, and gives the connection back. Nothing is left to copy, so the next commit starts the log
 * from the beginning. The hold lasts the copy of at most `everyMs` of writes plus one sync; it is
 * given up after HOLD_LIMIT_MS whatever happens.
 *
 * The quiet moment's checkpoint is a RESTART: it holds the file's write lock while it copies, so
 * other processes on the file (the other workers of FRONTDESK_WORKERS, which run no checkpointer)
 * wait too, their group commits without holding up their threads (store/write-batch.ts). A
 * PASSIVE one there let the other workers' commits land through every quiet moment: under two
 * workers' sustained writes the log grew to the 64 MB fallback below. The connection keeps that
 * far larger automatic threshold as the safety net should the worker stop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The server connection's own threshold, in pages (4 KiB each): only reached if the worker stops. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_000;
/** Log pages (4 KiB each) after which the worker asks for a quiet moment to start the log again. */
export const RESTART_PAGES = 4_000;
/** The longest the server's connection is held for the worker. */
const HOLD_LIMIT_MS = 1_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => { try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch { return undefined; } };
let asked = -1;
const pass = () => {
  const done = checkpoint('PASSIVE');
  // Asks once per log size: after a quiet moment the log stays as long until the next commit restarts it.
  if (workerData.restartPages && done && done.log >= workerData.restartPages && done.log !== asked) {
    asked = done.log;
    parentPort.postMessage('hold');
  }
};
const timer = setInterval(pass, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'held') {
    checkpoint('RESTART');
    parentPort.postMessage('release');
    return;
  }
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /**
   * Runs `quiet` with the server's connection held (no other statement on it meanwhile) and
   * resolves when it has. Without it, the worker never asks, and the fallback threshold restarts the log.
   */
  hold?: (quiet: () => Promise<void>) => Promise<void>;
  everyMs?: number;
  restartPages?: number;
}

export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const { hold, everyMs = 250, restartPages = RESTART_PAGES } = options;
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, module, everyMs, restartPages: hold ? restartPages : 0 } });
  worker.unref();
  // A failing worker only means the connection's own automatic checkpoints take over: say so once.
  worker.on('error', (error) => {
    process.emitWarning(
      `SQLite checkpoints fall back to the server's own thread (short stalls under load): ${error.message}`,
      'FrontdeskWarning',
    );
  });
  let released: (() => void) | undefined;
  let holding = false;
  worker.on('message', (message) => {
    if (message === 'release') released?.();
    if (message !== 'hold' || !hold || holding) return;
    holding = true;
    hold(
      () =>
        new Promise<void>((resolve) => {
          const limit = setTimeout(done, HOLD_LIMIT_MS);
          function done() {
            clearTimeout(limit);
            released = undefined;
            resolve();
          }
          released = done;
          worker.postMessage('held');
        }),
    )
      .catch(() => {}) // the store is closing: nothing to hold any more
      .finally(() => (holding = false));
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop() {
      released?.();
      worker.ref(); // the process waits for the last checkpoint
      worker.postMessage('stop');
      return exited;
    },
  };
}
