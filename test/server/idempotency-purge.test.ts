/**
 * The once-a-minute purge of day-old Idempotency-Keys (http/idempotency.ts) reads only the expired
 * keys, through idempotency_keys_created_idx (migration 011d), not the whole table: a full read held
 * the server's thread over 100 ms once a minute under bench:soak, with every request of that moment waiting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/server/store/db.js';
import { freshDatabase } from '../support/stores.js';

describe('the purge of old Idempotency-Keys', () => {
  let store: Store;
  before(async () => {
    store = await openStore((await freshDatabase('sqlite')).url);
  });
  after(() => store.close());

  it('reads the expired keys through the created_at index, not every key kept', async () => {
    const { rows } = await sql<{
      detail: string;
    }>`explain query plan delete from idempotency_keys where created_at < ${Date.now()}`.execute(store.db);
    const plan = rows.map((r) => r.detail).join('; ');
    assert.match(plan, /USING (COVERING )?INDEX idempotency_keys_created_idx/, plan);
  });
});
