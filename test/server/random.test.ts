/** services/random.ts: the pooled random bytes behind a booking's id and token. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pooledRandomBytes } from '../../src/server/services/random.js';

it('never hands out the same bytes twice, across refills, and what it gave stays as it was', () => {
  const given = Array.from({ length: 1000 }, () => pooledRandomBytes(44)); // 44,000 bytes: ten refills
  const copies = given.map((b) => Buffer.from(b).toString('hex'));
  assert.equal(new Set(copies).size, 1000);
  assert.ok(given.every((b) => b.length === 44));
  pooledRandomBytes(5000); // larger than the pool: its own bytes
  assert.deepEqual(
    given.map((b) => b.toString('hex')),
    copies,
    'later draws and refills change nothing given before',
  );
});
