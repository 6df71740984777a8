/**
 * Which failures are "the store is unavailable" (store/health.ts), what a request meets then (503
 * `unavailable`, Retry-After, the catalogue's words), and one log line per outage, not one per try.
 * The real outages (a PostgreSQL restart, a killed server) are in store-faults.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openStore } from '../../src/server/store/db.js';
import { isUnavailable, watchOutage } from '../../src/server/store/health.js';
import { freshDatabase, makeContext, testConfig } from '../support/stores.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store health', () => {
  it('tells the store going away from every other failure', () => {
    for (const error of [
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      coded('ECONNREFUSED'),
      coded('SQLITE_BUSY', 'database is locked'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      Object.assign(new AggregateError([coded('ECONNREFUSED')]), {}),
      new Error('wrapped', { cause: coded('57P01') }),
    ]) {
      assert.equal(isUnavailable(error), true, String((error as { code?: string }).code ?? error.message));
    }
    for (const error of [
      coded('23505', 'duplicate key'),
      coded('42P01', 'relation does not exist'),
      coded('SQLITE_CONSTRAINT'),
      new Error('boom'),
      undefined,
      'text',
    ]) {
      assert.equal(isUnavailable(error), false, String(error));
    }
  });

  it('writes one line when the store goes and one when it is back, whatever the number of tries', () => {
    const lines: string[] = [];
    const watch = watchOutage('The worker', (line) => lines.push(line));
    watch.succeeded();
    assert.equal(watch.failed(new Error('a bug')), false, 'another failure is not an outage');
    for (let i = 0; i < 50; i++) assert.equal(watch.failed(coded('ECONNREFUSED', 'connect ECONNREFUSED')), true);
    watch.succeeded();
    watch.succeeded();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /^The worker paused: the store cannot be reached/);
    assert.match(lines[1]!, /^The worker resumed/);
  });

  it('answers 503 unavailable with Retry-After and the catalogue message while SQLite stays locked past its busy timeout', async () => {
    const { url } = await freshDatabase('sqlite');
    const store = await openStore(url);
    const t = await makeContext(store, testConfig());
    const other = new SQLite(url.replace(/^sqlite:/, ''));
    try {
      other.exec('begin immediate'); // another process holding the write lock
      const res = await t.request(
        'POST',
        '/api/v1/messages',
        { name: 'Ana', email: 'ana@example.com', message: 'Hello' },
        { 'Accept-Language': 'de' },
      );
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unavailable');
      assert.match(body.error.message, /Ihre Eingaben bleiben erhalten/);
      other.exec('rollback');
      const again = await t.request('POST', '/api/v1/messages', { name: 'Ana', email: 'ana@example.com', message: 'Hello' });
      assert.equal(again.status, 201, 'served again as soon as the lock is gone');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('gives the page without JavaScript back as typed, with the catalogue message, while the store is locked; the same form goes through after', async () => {
    const { url } = await freshDatabase('sqlite');
    const store = await openStore(url);
    const t = await makeContext(store, testConfig());
    const other = new SQLite(url.replace(/^sqlite:/, ''));
    try {
      const page = await (await t.request('GET', '/contact')).text();
      const shown = /name="shown" value="([^"]+)"/.exec(page)![1]!;
      const form = new URLSearchParams({
        name: 'Ana',
        email: 'ana@example.com',
        message: 'Kept through the outage',
        key: 'k'.repeat(24),
        shown,
      }).toString();
      const send = () => t.request('POST', '/contact', form, { 'Content-Type': 'application/x-www-form-urlencoded' });
      await new Promise((r) => setTimeout(r, 2100)); // a person's pace: faster is taken for a bot
      other.exec('begin immediate');
      const refused = await send();
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const html = await refused.text();
      assert.match(html, /nothing you typed is lost/);
      assert.match(html, /Kept through the outage/, 'the message is still in the form');
      other.exec('rollback');
      const sent = await send();
      assert.equal(sent.status, 303);
      const list = (await (await t.owner('GET', '/api/v1/admin/messages')).json()) as { message: string }[];
      assert.deepEqual(
        list.map((m) => m.message),
        ['Kept through the outage'],
      );
    } finally {
      other.close();
      await store.close();
    }
  });
});
