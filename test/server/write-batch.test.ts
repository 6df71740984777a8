/**
 * SQLite's group commit (store/write-batch.ts): writes that arrive together are committed together,
 * yet each one is answered as its own transaction would be. A write that fails is undone alone; a
 * commit that fails fails every write of it and stores none; a write waits for a transaction of the
 * Kysely side to end rather than run inside it; while another process holds the file's write lock,
 * the server's thread goes on working and the batch commits once the lock is free.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { eventRow } from '../../src/server/services/events.js';
import { openStore, type Store } from '../../src/server/store/db.js';
import { insertRow } from '../../src/server/store/prepared.js';
import type { Database } from '../../src/server/store/tables.js';
import { writeBatch } from '../../src/server/store/write-batch.js';
import { scratchDir } from '../support/scratch.js';

/** How many turns the event loop makes in `ms`: a thread asleep in SQLite's busy handler makes none. */
async function turnsDuring(ms: number): Promise<number> {
  let turns = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 1));
    turns++;
  }
  return turns;
}

describe('SQLite group commit', () => {
  let store: Store;
  before(async () => {
    store = await openStore(`sqlite:${join(scratchDir('batch'), 'frontdesk.db')}`);
  });
  after(() => store.close());

  const types = async () => (await store.db.selectFrom('events').select('type').orderBy('id').execute()).map((r) => r.type);
  const event = (type: string) => insertRow(store.db, 'events', eventRow(type as 'booking.created', { type }));
  const key = (k: string) =>
    insertRow(store.db, 'idempotency_keys', {
      key: k,
      scope: '/test',
      body_hash: 'h',
      status: 201,
      response: '{}',
      created_at: Date.now(),
    });

  it('writes the writes of one moment in one transaction, and undoes only the one that failed', async () => {
    await store.db.deleteFrom('events').execute();
    const batch = store.batch!;
    const results = await Promise.allSettled([
      batch.write((run) => (run(event('first')), run(key('same')), 'first')),
      batch.write((run) => (run(event('second')), run(key('same')), 'second')), // the key is taken by the first
      batch.write((run) => (run(event('third')), 'third')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed: idempotency_keys/);
    // The second's event went with its failure: nothing of a failed write is stored.
    assert.deepEqual(await types(), ['first', 'third']);
  });

  it('fails every write of a commit that fails, and stores none of them', async () => {
    await store.db.deleteFrom('events').execute();
    const batch = store.batch!;
    const orphan = insertRow(store.db, 'deliveries', {
      event_id: 999_999_999, // no such event: refused at commit, the check being deferred
      channel: 'email',
      audience: 'owner',
      target: 'owner@example.com',
      status: 'pending',
      next_at: 0,
      created_at: 0,
      updated_at: 0,
    } as never);
    const results = await Promise.allSettled([
      batch.write((run) => (run(event('kept?')), 'ok')),
      batch.write((run) => {
        run(sql`pragma defer_foreign_keys = on`.compile(store.db));
        run(orphan);
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.match(String((results[0] as PromiseRejectedResult).reason), /FOREIGN KEY/);
    assert.deepEqual(await types(), []);
    // And the store takes the next write as usual.
    await batch.write((run) => run(event('after')));
    assert.deepEqual(await types(), ['after']);
  });

  it('waits for a transaction of the Kysely side to end instead of writing inside it', async () => {
    await store.db.deleteFrom('events').execute();
    let written: Promise<unknown> | undefined;
    await assert.rejects(
      store.db.transaction().execute(async (trx) => {
        await trx.executeQuery(event('undone'));
        written = store.batch!.write((run) => run(event('own')));
        await new Promise((r) => setTimeout(r, 30)); // the batch's turn comes meanwhile
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await written;
    assert.deepEqual(await types(), ['own']);
  });

  it("keeps the server's thread working while another process holds the write lock, and commits once it is free", async () => {
    await store.db.deleteFrom('events').execute();
    // Another connection to the file: to SQLite's locks, the same as another server process.
    const other = new SQLite(store.url.replace(/^sqlite:/, ''));
    other.pragma('busy_timeout = 5000');
    other.exec('begin immediate');
    let settled = false;
    const written = store.batch!.write((run) => (run(event('waited')), 'ok')).finally(() => (settled = true));
    // 300 ms: before, the thread slept in SQLite's busy handler for all of it, without one turn.
    const turns = await turnsDuring(300);
    assert.ok(turns > 50, `the event loop turned ${turns} times in 300 ms while the lock was held`);
    assert.equal(settled, false, 'nothing is answered while the write cannot be stored');
    // Reads go on meanwhile (WAL): a page read does not wait for the other writer.
    assert.deepEqual(await types(), []);
    other.exec('commit');
    other.close();
    assert.equal(await written, 'ok');
    assert.deepEqual(await types(), ['waited']);
  });

  it('gives up after the busy timeout with SQLITE_BUSY, and stores nothing of the batch', async () => {
    const path = join(scratchDir('batch-busy'), 'busy.db');
    const database = new SQLite(path);
    database.pragma('journal_mode = WAL');
    database.exec('create table notes (text text)');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const batch = writeBatch(db, {
      prepare: (text) => database.prepare(text),
      get inTransaction() {
        return database.inTransaction;
      },
      busyTimeoutMs: 200,
    });
    const other = new SQLite(path);
    other.exec('begin immediate');
    const note = (text: string) => sql`insert into notes (text) values (${text})`.compile(db);
    const started = Date.now();
    const results = await Promise.allSettled([batch.write((run) => run(note('a'))), batch.write((run) => run(note('b')))]);
    const waited = Date.now() - started;
    other.exec('rollback');
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(((results[0] as PromiseRejectedResult).reason as { code?: string }).code, 'SQLITE_BUSY');
    assert.ok(waited >= 200 && waited < 2000, `gave up after ${waited} ms`);
    // The lock free again, the next write goes through.
    await batch.write((run) => run(note('c')));
    assert.deepEqual(database.prepare('select text from notes').pluck().all(), ['c']);
    other.close();
    await db.destroy();
  });
});
