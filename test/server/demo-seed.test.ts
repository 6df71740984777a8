import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seedDemo } from '../../src/server/services/demo-seed.js';
import type { Testimonial } from '../../src/shared/api.js';
import { json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

forEachStore('demo seed', (t) => {
  it('fills an empty wall once, and never again', async () => {
    assert.equal(await seedDemo(t().store.db), 3);
    assert.equal(await seedDemo(t().store.db), 0);
    const wall = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials'));
    assert.deepEqual(
      wall.map((w: { author: string }) => w.author),
      ['Priya S.', 'James R.', 'Maria L.'],
    );
    assert.equal(wall[1]!.rating, 4.5);
  });
});

forEachStore('demo seed on a used database', (t) => {
  it('adds nothing when the owner already has testimonials', async () => {
    await t().owner('POST', '/api/v1/admin/testimonials', { author: 'A. Client', text: 'Real words.' });
    assert.equal(await seedDemo(t().store.db), 0);
    const wall = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials'));
    assert.deepEqual(
      wall.map((w: { author: string }) => w.author),
      ['A. Client'],
    );
  });
});
