/**
 * The embedded SQLite store keeps its write-ahead log folded into the database file by a worker
 * thread, so no request waits for a checkpoint: what was written shows up in the database file on
 * its own, and after close the file alone holds everything.
 */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { copyFileSync, existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { recordEvent } from '../../src/server/services/events.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from '../../src/server/store/checkpointer.js';
import { type Db, openStore } from '../../src/server/store/db.js';
import { scratchDir } from '../support/scratch.js';

/** Rows in `events` of a copy of the database file alone, without its log (as a plain `cp` would take it). */
function eventsInFileAlone(path: string): number {
  const copy = join(scratchDir('copy'), 'copy.db');
  copyFileSync(path, copy);
  const db = new SQLite(copy, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from events').get() as { n: number }).n;
  } catch {
    return 0; // not even the table has reached the file yet
  } finally {
    db.close();
  }
}

/** This process's open file descriptors on `path` (from /proc/self/fd; Linux, where the tests run). */
function openDescriptorsOf(path: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed meanwhile (the readdir's own descriptor)
    }
  });
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

test('writes reach the database file without any request checkpointing, and close leaves the file complete', async () => {
  const path = join(scratchDir('store'), 'frontdesk.db');
  const store = await openStore(`sqlite:${path}`);
  try {
    // Far fewer log pages than the connection's own automatic threshold: only the worker can fold them in.
    for (let i = 0; i < 300; i++) await recordEvent(store.db, 'message.created', { id: `m${i}`, message: 'x'.repeat(200) });
    assert.ok(existsSync(`${path}-wal`), 'the store runs with a write-ahead log');
    assert.ok(await until(() => eventsInFileAlone(path) === 300, 5000), 'the 300 events are in the database file itself within 5 s');
  } finally {
    await store.close();
  }
  assert.equal(existsSync(`${path}-wal`), false, 'closing removes the log');
  assert.equal(eventsInFileAlone(path), 300);

  // And the store opens again on that file.
  const again = await openStore(`sqlite:${path}`);
  try {
    const rows = await again.db
      .selectFrom('events')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 300);
  } finally {
    await again.close();
  }
});

test('opening and closing a store on one file again and again keeps at most one descriptor on it open', async () => {
  // The checkpointer's descriptor for syncing the file is kept for the life of the process (closing it would drop
  // SQLite's locks): one per file, not one per opening.
  const path = join(scratchDir('store'), 'frontdesk.db');
  for (let i = 0; i < 5; i++) {
    const store = await openStore(`sqlite:${path}`);
    await recordEvent(store.db, 'message.created', { id: `m${i}`, message: 'x' });
    await store.close();
  }
  assert.ok(openDescriptorsOf(path).length <= 1, `descriptors still open on the file: ${openDescriptorsOf(path).length}`);
});

test('a transaction holds the write lock from its start: no other process writes between its reads and its writes', async () => {
  // What a reservation in lanes (services/reserve-lanes.ts) relies on: it reads who is free, then writes.
  const path = join(scratchDir('store'), 'frontdesk.db');
  const store = await openStore(`sqlite:${path}`, { checkpointer: false });
  const other = new SQLite(path);
  other.pragma('busy_timeout = 0');
  const write = () => other.prepare(`insert into events (type, payload, created_at) values ('message.created', '{}', 0)`).run();
  try {
    await store.db.transaction().execute(async (trx) => {
      await trx.selectFrom('events').select('id').execute(); // a read, nothing written yet
      assert.throws(write, (error: { code?: string }) => error.code === 'SQLITE_BUSY');
    });
    write(); // and once it has committed, the other process writes
  } finally {
    other.close();
    await store.close();
  }
});

/** The largest size the store's write-ahead log reaches while watched, sampled every 20 ms. */
function watchLog(path: string) {
  const largest = {
    bytes: 0,
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    try {
      largest.bytes = Math.max(largest.bytes, statSync(`${path}-wal`).size);
    } catch {
      /* before the first write there is no log yet */
    }
  }, 20);
  return largest;
}

/** `count` events of 3 KB through the store, one per timer turn. */
async function writeSteadily(db: Db, count: number): Promise<void> {
  const text = 'x'.repeat(3000);
  for (let i = 0; i < count; i++) {
    await recordEvent(db, 'message.created', { id: `m${i}`, message: text });
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** About 60 MB written: the log grew, and started again well before the connection's 64 MB fallback. */
function assertLogStayedShort(bytes: number): void {
  assert.ok(bytes > 8 * 1024 * 1024, `the writes made a log of some size (${bytes} bytes)`);
  assert.ok(bytes < 32 * 1024 * 1024, `the log stayed under 32 MB (largest ${(bytes / 1048576).toFixed(1)} MB)`);
}

test('under writes that never stop, the log still starts again from the beginning: it stays near 16 MB, not the 64 MB fallback', async () => {
  // Every commit lands while the worker's last pass still runs, so only its quiet moment (the
  // server's connection held for one short pass) lets the log start again; without it the log
  // grows to the connection's own threshold (16,000 pages), which then stalls one commit.
  const path = join(scratchDir('store'), 'frontdesk.db');
  const quietMoments: number[] = [];
  const listen = (message: unknown) => quietMoments.push((message as { heldMs: number }).heldMs);
  subscribe('frontdesk:sqlite-quiet-moment', listen);
  const store = await openStore(`sqlite:${path}`);
  const largestLog = watchLog(path);
  let pauses = { count: 0, seconds: 0 };
  try {
    // About 60 MB of log in all, at about 10 MB/s, as requests keep coming.
    await writeSteadily(store.db, 5_000);
  } finally {
    largestLog.stop();
    await store.close();
    pauses = store.writePauses!(); // after close: a quiet moment under way then is ended and counted by it
    unsubscribe('frontdesk:sqlite-quiet-moment', listen);
  }
  assertLogStayedShort(largestLog.bytes);
  // Each quiet moment is published for tracers, and each ended when the worker was done, not at the 1 s limit.
  assert.ok(quietMoments.length >= 2, `quiet moments were published (${quietMoments.length})`);
  // And counted for /metrics (frontdesk_sqlite_write_pauses_total, frontdesk_sqlite_write_pause_seconds_total).
  assert.equal(pauses.count, quietMoments.length);
  assert.ok(Math.abs(pauses.seconds - quietMoments.reduce((a, b) => a + b, 0) / 1000) < 1e-6, `${pauses.seconds} s`);
  assert.ok(
    Math.max(...quietMoments) < 1000,
    `every quiet moment ended before the limit (${quietMoments.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
  );
});

/** Another writer on the file, as another worker process is: a thread with its own connection, writing 3 KB events until told to stop; stop() answers how many. */
function otherWriter(path: string) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.pragma('busy_timeout = 5000');
    db.pragma('wal_autocheckpoint = ' + workerData.fallbackPages); // as a worker without the checkpointer (store/db.ts)
    const insert = db.prepare("insert into events (type, payload, created_at) values ('message.created', ?, 0)");
    const text = 'y'.repeat(3000);
    let stop = false, written = 0;
    parentPort.on('message', () => (stop = true));
    (function next() {
      if (stop) { db.close(); parentPort.postMessage(written); parentPort.close(); return; }
      insert.run(JSON.stringify({ id: 'o' + written++, message: text }));
      setTimeout(next, 0);
    })();
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3'), fallbackPages: FALLBACK_AUTOCHECKPOINT_PAGES },
  });
  return {
    stop: () =>
      new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

test('with another process writing too, the log still starts again: the quiet moment keeps every writer out, not only this one', async () => {
  // FRONTDESK_WORKERS on SQLite: one worker runs the checkpointer, the others write on their own
  // clock. Before, they wrote through its quiet moment and the log grew to the 64 MB fallback.
  const path = join(scratchDir('store'), 'frontdesk.db');
  const store = await openStore(`sqlite:${path}`);
  const other = otherWriter(path);
  const largestLog = watchLog(path);
  let othersWrites = 0;
  try {
    // About 60 MB of log in all, about half from each writer, as requests keep coming to both.
    await writeSteadily(store.db, 2_500);
  } finally {
    largestLog.stop();
    othersWrites = await other.stop();
    await store.close();
  }
  assert.ok(othersWrites > 1000, `the other writer kept writing (${othersWrites} events)`);
  assertLogStayedShort(largestLog.bytes);
});
