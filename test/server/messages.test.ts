import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AdminMessage } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

const message = { name: 'Ann Lee', email: 'ann@example.com', phone: '+1 555 0100', message: 'Do you treat migraines?\nThanks!' };

forEachStore(
  'messages API (contact mode)',
  (t) => {
    it('stores a message, records message.created and shows it to the owner', async () => {
      const res = await t().request('POST', '/api/v1/messages', { ...message, elapsedMs: 9000 });
      assert.equal(res.status, 201);
      const created = await json<{ id: string }>(res);
      assert.deepEqual(Object.keys(created), ['id']);

      const rows = await t().store.db.selectFrom('events').selectAll().where('type', '=', 'message.created').execute();
      assert.equal(rows.length, 1);
      const event = JSON.parse(rows[0]!.payload);
      assert.equal(event.id, created.id);
      assert.equal(event.message, message.message, 'line breaks kept');

      assert.equal((await t().request('GET', '/api/v1/admin/messages')).status, 401);
      const list = await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'));
      assert.deepEqual(list, [event]);
      assert.deepEqual(Object.keys(event).sort(), ['createdAt', 'email', 'id', 'message', 'name', 'phone']);
    });

    it('names bad fields, and answers a bot with 201 while storing nothing', async () => {
      const bad = await t().request('POST', '/api/v1/messages', { name: '', email: 'nope', phone: 'call me', message: '  ' });
      assert.equal(bad.status, 400);
      const error = await errorOf(bad);
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.fields, {
        name: 'Enter your name.',
        email: 'Enter a valid email address.',
        phone: 'Enter a valid phone number.',
        message: 'Enter your message.',
      });
      const before = (await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'))).length;
      assert.equal((await t().request('POST', '/api/v1/messages', { ...message, website: 'x' })).status, 201);
      assert.equal((await t().request('POST', '/api/v1/messages', { ...message, elapsedMs: 500 })).status, 201);
      assert.equal((await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'))).length, before);
    });

    it('stores one message for a retried Idempotency-Key', async () => {
      const headers = { 'Idempotency-Key': 'contact-1' };
      const a = await t().request('POST', '/api/v1/messages', { ...message, message: 'Once' }, headers);
      const b = await t().request('POST', '/api/v1/messages', { ...message, message: 'Once' }, headers);
      assert.deepEqual(await b.json(), await a.json());
      const list = await json<AdminMessage[]>(await t().owner('GET', '/api/v1/admin/messages'));
      assert.equal(list.filter((m: { message: string }) => m.message === 'Once').length, 1);
      assert.equal(list[0]!.message, 'Once', 'newest first');
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);
