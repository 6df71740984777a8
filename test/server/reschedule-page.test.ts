import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { STRICT_CSP } from '../../src/server/routes/assets.js';
import { json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00');

async function book(t: TestContext, start: string) {
  const res = await t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: 'Ann Lee', email: 'ann@example.com' });
  assert.equal(res.status, 201);
  return json<{ id: string; token: string }>(res);
}

/** The page's own form post, as Chromium sends it. */
const submit = (t: TestContext, path: string, start: string) =>
  t.app.request(path, {
    method: 'POST',
    headers: { Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ start }).toString(),
  });

forEachStore('the manage page\u2019s Pick another time (no JavaScript needed)', (t) => {
  before(() => {
    t().ctx.now = () => NOW;
  });

  it('lists a week of free times as radio buttons under a strict CSP, and moves the booking with the form', async () => {
    const b = await book(t(), '2027-01-12T10:00:00-05:00');
    const manage = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
    assert.match(manage, new RegExp(`<a href="/booking/${b.id}/reschedule\\?token=${b.token}">Pick another time</a>`));

    const res = await t().app.request(`/booking/${b.id}/reschedule?token=${b.token}&week=2027-01-11`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), STRICT_CSP);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    const page = await res.text();
    assert.match(page, /<h1>Pick another time<\/h1>/);
    assert.match(page, /Tuesday, January 12, 2027, 10:00\s–\s11:00\sAM/);
    assert.ok(page.includes('value="2027-01-13T14:00:00-05:00"'), 'Wednesday 2 PM is offered');
    assert.ok(!page.includes('value="2027-01-12T10:00:00-05:00"'), 'its own time is not');
    assert.ok(page.includes('value="2027-01-12T10:30:00-05:00"'), 'half an hour later is (only the booking itself is in its way)');
    assert.ok(!/<script|style=/i.test(page));
    const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');

    const moved = await submit(t(), action, '2027-01-13T14:00:00-05:00');
    assert.equal(moved.status, 303);
    const location = moved.headers.get('location')!;
    assert.match(location, new RegExp(`/booking/${b.id}\\?token=${b.token}&moved$`));
    const after = await (await t().app.request(location)).text();
    assert.match(after, /Your booking has moved to its new time\./);
    assert.match(after, /Wednesday, January 13, 2027, 2:00\s–\s3:00\sPM/);
  });

  it('shows a visitor elsewhere their own time beside each of the clinic’s', async () => {
    const res = await t().request('POST', '/api/v1/bookings', {
      service: 'follow-up',
      start: '2027-01-12T10:00:00-05:00',
      name: 'Jo',
      email: 'jo@example.com',
      timezone: 'Asia/Tokyo',
    });
    const b = await json<{ id: string; token: string }>(res);
    const page = await (await t().app.request(`/booking/${b.id}/reschedule?token=${b.token}&week=2027-01-11`)).text();
    assert.match(page, /Times are in the clinic’s time zone: Eastern Standard Time\. In brackets, your own time: Japan Standard Time\./);
    // Tuesday 2 PM in New York is Wednesday 4 AM in Tokyo.
    assert.match(page, /value="2027-01-12T14:00:00-05:00"\s+required>2:00\sPM <span class="muted">\(Wed 4:00\sAM\)<\/span><\/label>/);
  });

  it('names the zones as they are in the week shown: a week after the clocks change says Daylight Time, a week they change in neither', async () => {
    t().ctx.now = () => Date.parse('2027-03-01T12:00:00-05:00');
    try {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-03-16T10:00:00-04:00',
        name: 'Jo',
        email: 'jo@example.com',
        timezone: 'Europe/Paris',
      });
      assert.equal(res.status, 201);
      const b = await json<{ id: string; token: string }>(res);
      const week = async (date: string) =>
        (await (await t().app.request(`/booking/${b.id}/reschedule?token=${b.token}&week=${date}`)).text()).match(/Times are in[^<]+/)![0];
      assert.equal(
        await week('2027-03-15'),
        'Times are in the clinic’s time zone: Eastern Daylight Time. In brackets, your own time: Central European Standard Time.',
      );
      assert.match(await week('2027-03-01'), /Eastern Standard Time\./);
      // The week from Wednesday the 10th: New York's clocks change on Sunday the 14th, Paris's on the 28th.
      assert.equal(
        await week('2027-03-10'),
        'Times are in the clinic’s time zone: Eastern Time. In brackets, your own time: Central European Standard Time.',
      );
    } finally {
      t().ctx.now = () => NOW;
    }
  });

  it('answers a taken time with 409 and the reason next to the times, a past one with 400; nothing changes', async () => {
    const b = await book(t(), '2027-01-14T13:00:00-05:00');
    await book(t(), '2027-01-15T10:00:00-05:00');
    const path = `/booking/${b.id}/reschedule?token=${b.token}`;
    const taken = await submit(t(), path, '2027-01-15T10:00:00-05:00');
    assert.equal(taken.status, 409);
    const page = await taken.text();
    assert.match(page, /<p class="field-error" id="f-start-error">Sorry, that time was just booked by someone else/);
    assert.match(page, /role="alert"/);
    const none = await submit(t(), path, '');
    assert.equal(none.status, 400);
    assert.match(await none.text(), /f-start-error/);
    const seen = await json<{ start: string }>(await t().request('GET', `/api/v1/bookings/${b.id}?token=${b.token}`));
    assert.equal(seen.start, '2027-01-14T13:00:00-05:00');
  });

  it('a wrong token is the not-found page; a cancelled booking goes back to the manage page', async () => {
    const b = await book(t(), '2027-01-19T10:00:00-05:00');
    const other = await book(t(), '2027-01-19T14:00:00-05:00');
    assert.equal((await t().app.request(`/booking/${b.id}/reschedule?token=${other.token}`)).status, 404);
    assert.equal((await submit(t(), `/booking/${b.id}/reschedule?token=${other.token}`, '2027-01-20T10:00:00-05:00')).status, 404);
    await t().request('POST', `/api/v1/bookings/${b.id}/cancel?token=${b.token}`);
    const res = await t().app.request(`/booking/${b.id}/reschedule?token=${b.token}`);
    assert.equal(res.status, 303);
    const refused = await submit(t(), `/booking/${b.id}/reschedule?token=${b.token}`, '2027-01-20T10:00:00-05:00');
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /This booking is cancelled, so it cannot be moved\./);
  });
});
