import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AdminTestimonial, Testimonial } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

type Posted = { id: string; status: string };

const katie = { author: 'Katie F.', rating: 5, text: 'I originally started seeing Kiya about 3 months ago.' };

forEachStore('testimonials API', (t) => {
  it('keeps a visitor\u2019s testimonial pending and off the wall until the owner approves it; dated the day it came in, with the writer\u2019s own fields only', async () => {
    // Half past eleven at night in New York, already the 5th in UTC: the clinic's date is the 4th.
    t().ctx.now = () => Date.parse('2027-01-04T23:30:00-05:00');
    // A date, a source, a picture and a wall sent with it are not the writer's to choose: the wall says when it was
    // given, and shows neither a "Google" badge nor an image from an address the writer picked.
    const posted = await t().request('POST', '/api/v1/testimonials', {
      ...katie,
      date: '2019-05-01',
      source: 'Google',
      avatar: 'https://tracker.example/pixel.gif',
      tag: 'homepage',
    });
    t().ctx.now = undefined;
    assert.equal(posted.status, 201);
    const { id, status } = await json<Posted>(posted);
    assert.equal(status, 'pending');
    assert.deepEqual(await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials')), []);

    const pending = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials?status=pending'));
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.author, 'Katie F.');
    assert.equal(pending[0]!.tag, undefined);

    const approved = await t().owner('PATCH', `/api/v1/admin/testimonials/${id}`, { status: 'published' });
    assert.equal(approved.status, 200);
    const wall = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials'));
    assert.deepEqual(wall, [{ id, author: 'Katie F.', rating: 5, text: katie.text, date: '2027-01-04' }]);
    assert.deepEqual(await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials?tag=homepage')), []);
  });

  it('publishes the owner\u2019s own testimonial at once, and filters the wall by tag and limit', async () => {
    for (const tag of ['back', 'back', 'stress']) {
      const res = await t().owner('POST', '/api/v1/admin/testimonials', { author: 'A. Client', text: `About ${tag}`, tag });
      assert.equal(res.status, 201);
      assert.equal((await json<AdminTestimonial>(res)).status, 'published');
    }
    const back = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials?tag=back'));
    assert.equal(back.length, 2);
    const one = await json<Testimonial[]>(await t().request('GET', '/api/v1/testimonials?limit=1'));
    assert.equal(one.length, 1);
    assert.equal((await t().request('GET', '/api/v1/testimonials?limit=abc')).status, 400);
  });

  it('rejects a bad testimonial with field messages, and the owner can reject one', async () => {
    const bad = await t().request('POST', '/api/v1/testimonials', { author: ' ', text: '', rating: 4.3 });
    assert.equal(bad.status, 400);
    const error = await errorOf(bad);
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(Object.keys(error.fields!).sort(), ['author', 'rating', 'text']);
    const badPicture = await t().owner('POST', '/api/v1/admin/testimonials', { ...katie, avatar: 'javascript:alert(1)' });
    assert.deepEqual(Object.keys((await errorOf(badPicture)).fields!), ['avatar']);

    const { id } = await json<Posted>(await t().request('POST', '/api/v1/testimonials', katie));
    const rejected = await t().owner('PATCH', `/api/v1/admin/testimonials/${id}`, { status: 'rejected' });
    assert.equal((await json<AdminTestimonial>(rejected)).status, 'rejected');
    const wrong = await t().owner('PATCH', `/api/v1/admin/testimonials/${id}`, { status: 'maybe' });
    assert.equal(wrong.status, 400);
    assert.equal((await t().owner('PATCH', '/api/v1/admin/testimonials/999999', { status: 'published' })).status, 404);
  });

  it('drops a testimonial with the honeypot filled or sent too fast, while answering 201', async () => {
    const before = (await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'))).length;
    const bot1 = await t().request('POST', '/api/v1/testimonials', { ...katie, website: 'http://spam.example' });
    const bot2 = await t().request('POST', '/api/v1/testimonials', { ...katie, elapsedMs: 300 });
    assert.equal(bot1.status, 201);
    assert.equal(bot2.status, 201);
    const human = await t().request('POST', '/api/v1/testimonials', { ...katie, elapsedMs: 15000 });
    assert.equal(human.status, 201);
    const afterCount = (await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'))).length;
    assert.equal(afterCount, before + 1);
  });
});
