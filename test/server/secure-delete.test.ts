/**
 * An erasure leaves nothing readable in the SQLite files: not in the database file's free space
 * (secure_delete) and not in the write-ahead log (emptied after the erasure). Read as an attacker
 * with a copy of the disk would: the raw bytes of frontdesk.db and frontdesk.db-wal.
 * (PostgreSQL keeps dead rows until VACUUM: docs/privacy.md.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { routeEvents } from '../../src/server/notify/routing.js';
import { openStore, type Store } from '../../src/server/store/db.js';
import type { Availability } from '../../src/shared/api.js';
import { json } from '../support/json.js';
import { makeContext, testConfig, type TestContext } from '../support/stores.js';
import { scratchDir } from '../support/scratch.js';

const ADDRESS = 'zelda.quartermaine@example.org';
const SECRET_TEXT = 'Zelda-s private note: knee surgery 2019';

describe('erasure on SQLite, byte for byte', () => {
  const dir = scratchDir('erase');
  const path = join(dir, 'frontdesk.db');
  let store: Store;
  let t: TestContext;

  before(async () => {
    store = await openStore(`sqlite:${path}`);
    t = await makeContext(store, testConfig({ limits: { writesPerMinutePerClient: 1000 } }));
  });
  after(() => store.close());

  /** Whether the database file or its log holds `text` (UTF-8, as SQLite stores text). */
  function onDisk(text: string): string[] {
    const needle = Buffer.from(text, 'utf8');
    return [path, `${path}-wal`].filter((file) => existsSync(file) && readFileSync(file).includes(needle));
  }

  it('overwrites an erased address and its text in the file and leaves none in the log', async () => {
    const { slots } = await json<Availability>(await t.request('GET', '/api/v1/availability?service=cupping'));
    let booked = 0;
    for (const slot of slots) {
      const res = await t.request('POST', '/api/v1/bookings', {
        service: 'cupping',
        start: slot.start,
        name: 'Zelda Q',
        email: ADDRESS,
        notes: SECRET_TEXT,
      });
      if (res.status === 201 && ++booked === 3) break;
    }
    assert.equal(booked, 3);
    assert.equal((await t.request('POST', '/api/v1/messages', { name: 'Zelda Q', email: ADDRESS, message: SECRET_TEXT })).status, 201);
    // A comment others answered keeps its place (its text replaced), one nobody answered goes.
    const answered = await json<{ id: string }>(
      await t.owner('POST', '/api/v1/admin/testimonials', { author: 'Zelda Q', text: SECRET_TEXT, email: ADDRESS }),
    );
    assert.ok(answered.id);
    const comment = await json<{ id: string }>(
      await t.request('POST', '/api/v1/comments', { thread: '/z', author: 'Zelda Q', email: ADDRESS, text: SECRET_TEXT }),
    );
    assert.equal((await t.owner('PATCH', `/api/v1/admin/comments/${comment.id}`, { status: 'published' })).status, 200);
    assert.equal(
      (await t.owner('POST', '/api/v1/admin/comments', { thread: '/z', parentId: comment.id, text: 'Thank you, Zelda.' })).status,
      201,
    );
    // Someone else's records, on the same pages, stay.
    assert.equal(
      (await t.request('POST', '/api/v1/messages', { name: 'Other', email: 'other@example.org', message: 'Keep me' })).status,
      201,
    );
    await routeEvents(t.ctx);

    assert.deepEqual(onDisk(ADDRESS).length > 0, true, 'the test can see the address before the erasure');
    const res = await t.owner('POST', '/api/v1/admin/erase', { email: ADDRESS, confirm: ADDRESS });
    assert.equal(res.status, 200, await res.clone().text());

    assert.deepEqual(onDisk(ADDRESS), [], 'no copy of the address in the file or the log');
    assert.deepEqual(onDisk(SECRET_TEXT), [], 'nor of what Zelda wrote');
    assert.deepEqual(onDisk('Keep me').length > 0, true, 'the others\u2019 records are still there');
  });
});
