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
 * Before it asks, the worker syncs the database file, copies once more and syncs again, all on its
 * own thread while writes go on. A PASSIVE checkpoint syncs the database file only when it has
 * copied the whole log, and under sustained writes a commit lands during nearly every copy: the
 * pages copied stayed unsynced in the operating system's cache, and the quiet moment's checkpoint
 * had to sync them all while writes waited. That grew with the file, as new rows touched ever more
 * scattered pages: under 150,000 free-slot bookings, quiet moments of 4 to 37 ms, 17-19 ms of them
 * in that one sync, and the p99 rising from 21 to 36 ms. Synced beforehand, they stay at 4-11 ms.
 *
 * The quiet moment's checkpoint is a RESTART: it holds the file's write lock while it copies, so
 * other processes on the file (the other workers of FRONTDESK_WORKERS, which run no checkpointer)
 * wait too, their group commits without holding up their threads (store/write-batch.ts). A
 * PASSIVE one there let the other workers' commits land through every quiet moment: under two
 * workers' sustained writes the log grew to the 64 MB fallback below. The connection keeps that
 * far larger automatic threshold as the safety net should the worker stop.
 *
 * The quiet moments are counted, with the time writes waited in them (`pauses()`, shown in /metrics as
 * frontdesk_sqlite_write_pauses_total and frontdesk_sqlite_write_pause_seconds_total), and each one's
 * length is published on the diagnostics channel `frontdesk:sqlite-quiet-moment` (`{ heldMs }`) for a
 * tracer such as bench/trace.ts.
 */
import { channel } from 'node:diagnostics_channel';
import { openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The server connection's own threshold, in pages (4 KiB each): only reached if the worker stops. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_000;
/** Log pages (4 KiB each) after which the worker asks for a quiet moment to start the log again. */
export const RESTART_PAGES = 4_000;
/** The longest the server's connection is held for the worker. */
const HOLD_LIMIT_MS = 1_000;
/** Each quiet moment's length, `{ heldMs }`, while someone subscribes (see above). */
const quietMoments = channel('frontdesk:sqlite-quiet-moment');

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const { fdatasyncSync } = require('node:fs');
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const sync = () => { try { if (workerData.file !== undefined) fdatasyncSync(workerData.file); } catch {} };
const checkpoint = (mode) => { try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch { return undefined; } };
let asked = -1;
const pass = () => {
  const done = checkpoint('PASSIVE');
  // Asks once per log size: after a quiet moment the log stays as long until the next commit restarts it.
  if (workerData.restartPages && done && done.log >= workerData.restartPages && done.log !== asked) {
    asked = done.log;
    // What is synced now, while writes go on, the quiet moment need not sync.
    sync();
    checkpoint('PASSIVE');
    sync();
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
  /** The quiet moments so far: how many, and the seconds writes waited in them all. */
  pauses(): WritePauses;
}

export interface WritePauses {
  count: number;
  seconds: number;
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

/** One descriptor per database file (by device and inode), opened here and never closed: see syncDescriptor. */
const syncDescriptors = new Map<string, number>();

/**
 * A descriptor on the database file for the worker's syncs (any descriptor of a file syncs all of it). It is
 * opened on this thread, since a worker's own are closed when it ends, and it is never closed: closing any
 * descriptor of a file drops every POSIX lock this process holds on it, SQLite's connections' among them, and
 * another process could then take the file for unused. So it stays open for the life of the process, one per
 * database file however often a store on it is opened. Undefined where it cannot be opened: the quiet moment
 * then syncs everything itself, as before.
 */
function syncDescriptor(path: string): number | undefined {
  try {
    const { dev, ino } = statSync(path);
    const key = `${dev}:${ino}`;
    let file = syncDescriptors.get(key);
    if (file === undefined) syncDescriptors.set(key, (file = openSync(path, 'r')));
    return file;
  } catch {
    return undefined;
  }
}

export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const { hold, everyMs = 250, restartPages = RESTART_PAGES } = options;
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const file = hold ? syncDescriptor(path) : undefined;
  const worker = new Worker(WORKER, { eval: true, workerData: { path, module, everyMs, restartPages: hold ? restartPages : 0, file } });
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
  const pauses: WritePauses = { count: 0, seconds: 0 };
  worker.on('message', (message) => {
    if (message === 'release') released?.();
    if (message !== 'hold' || !hold || holding) return;
    holding = true;
    hold(
      () =>
        new Promise<void>((resolve) => {
          const limit = setTimeout(done, HOLD_LIMIT_MS);
          const held = performance.now();
          function done() {
            clearTimeout(limit);
            released = undefined;
            const heldMs = performance.now() - held;
            pauses.count += 1;
            pauses.seconds += heldMs / 1000;
            if (quietMoments.hasSubscribers) quietMoments.publish({ heldMs });
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
    pauses: () => ({ ...pauses }),
    stop() {
      released?.();
      worker.ref(); // the process waits for the last checkpoint
      worker.postMessage('stop');
      return exited;
    },
  };
}
