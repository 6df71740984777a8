/**
 * PostgreSQL's group commit (store/moment-batch.ts): at most CALLS_AT_ONCE calls run at once per
 * store, and the writes that arrive while they run go together in the next call, in the order they
 * came, each answered with its own result; calls that stop answering (a database gone quiet) no
 * longer hold the others back after CALL_STUCK_MS. The calls here are plain functions that end when the test
 * says, so what is being checked is when each call starts and what it carries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../../src/server/store/db.js';
import { CALL_STUCK_MS, CALLS_AT_ONCE, momentBatch, type Waiting } from '../../src/server/store/moment-batch.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('PostgreSQL group commit', () => {
  it('sends the writes of one moment in one call, and those that arrive while calls run in the next', async () => {
    const calls: Array<{ items: number[]; end(): void }> = [];
    const write = momentBatch<number, string>((_db, waiting: Array<Waiting<number, string>>) => {
      return new Promise<void>((end) => {
        calls.push({
          items: waiting.map((w) => w.item),
          end() {
            for (const w of waiting) w.resolve(`stored ${w.item}`);
            end();
          },
        });
      });
    });
    const db = {} as Db;
    const answers: Array<Promise<string>> = [];
    const send = (...items: number[]) => answers.push(...items.map((item) => write(db, item)));

    send(1, 2);
    await turn();
    assert.deepEqual(
      calls.map((c) => c.items),
      [[1, 2]],
      'the first moment goes at once, in one call',
    );
    for (let started = 1; started < CALLS_AT_ONCE; started++) {
      send(10 + started);
      await turn();
    }
    assert.equal(calls.length, CALLS_AT_ONCE);
    send(3);
    await turn();
    send(4, 5);
    await turn();
    assert.equal(calls.length, CALLS_AT_ONCE, 'no call starts while CALLS_AT_ONCE run');

    calls[0]!.end();
    await turn();
    await turn();
    assert.deepEqual(calls.at(-1)!.items, [3, 4, 5], 'what waited goes together, in the order it came');
    for (const call of calls) call.end();
    assert.deepEqual((await Promise.all(answers)).slice(0, 2), ['stored 1', 'stored 2']);
    assert.equal((await Promise.all(answers)).at(-1), 'stored 5');
  });

  it('sends the writes waiting behind calls that stopped answering in a call of their own', { timeout: 5000 }, async () => {
    const calls: number[][] = [];
    const write = momentBatch<number, number>((_db, waiting) => {
      calls.push(waiting.map((w) => w.item));
      if (waiting[0]!.item < 100) return new Promise<void>(() => {}); // never answers
      for (const w of waiting) w.resolve(w.item);
      return Promise.resolve();
    });
    const db = {} as Db;
    for (let i = 0; i < CALLS_AT_ONCE; i++) {
      void write(db, i);
      await turn();
    }
    const started = Date.now();
    const answers = Promise.all([write(db, 100), write(db, 101)]);
    await turn();
    assert.equal(calls.length, CALLS_AT_ONCE, 'the writes wait while the calls are young');
    // The store's timer does not keep a process alive (a server that is closing does not wait for it); the test's does.
    const alive = setInterval(() => {}, 100);
    try {
      assert.deepEqual(await answers, [100, 101]);
    } finally {
      clearInterval(alive);
    }
    assert.ok(Date.now() - started >= CALL_STUCK_MS - 5, 'they waited for the calls to count as stuck');
    assert.deepEqual(calls.at(-1), [100, 101]);
  });

  it('waits for the next call to turn stuck without a timer a millisecond while an older one already is', { timeout: 5000 }, async () => {
    const write = momentBatch<number, number>((_db, waiting) => {
      if (waiting[0]!.item < 100) return new Promise<void>(() => {}); // never answers
      for (const w of waiting) w.resolve(w.item);
      return Promise.resolve();
    });
    const db = {} as Db;
    const alive = setInterval(() => {}, 100);
    const realSetTimeout = globalThis.setTimeout;
    let armed = 0;
    try {
      void write(db, 0);
      await new Promise((r) => setTimeout(r, CALL_STUCK_MS + 50)); // the first call is stuck
      for (let i = 1; i <= CALLS_AT_ONCE; i++) {
        void write(db, i);
        await turn();
      }
      globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
        armed++;
        return realSetTimeout(...args);
      }) as typeof setTimeout;
      assert.equal(await write(db, 100), 100);
    } finally {
      globalThis.setTimeout = realSetTimeout;
      clearInterval(alive);
    }
    assert.ok(armed <= 2, `one timer for the wait, not one a millisecond (${armed} armed)`);
  });

  it('fails the writes of a call that throws or rejects, and goes on with the next', async () => {
    let broken: 'throws' | 'rejects' | undefined = 'throws';
    const write = momentBatch<number, number>((_db, waiting) => {
      if (broken === 'throws') throw new Error('the statement could not be built');
      if (broken === 'rejects') return Promise.reject(new Error('the call broke'));
      for (const w of waiting) w.resolve(w.item);
      return Promise.resolve();
    });
    const db = {} as Db;
    await assert.rejects(write(db, 1), /could not be built/);
    broken = 'rejects';
    await assert.rejects(Promise.all([write(db, 2), write(db, 3)]), /the call broke/);
    broken = undefined;
    assert.deepEqual(await Promise.all([write(db, 4), write(db, 5), write(db, 6)]), [4, 5, 6]);
  });
});
