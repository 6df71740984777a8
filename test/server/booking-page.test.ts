import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { STRICT_CSP } from '../../src/server/routes/assets.js';
import type { Availability } from '../../src/shared/api.js';
import { json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

const NOW = Date.parse('2027-01-04T12:00:00-05:00');

async function book(t: TestContext, start: string, name = 'Ann Lee') {
  const res = await t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, name, email: 'ann@example.com' });
  assert.equal(res.status, 201);
  return (await res.json()) as { id: string; token: string };
}

/** As the browser sends it from the page itself: a same-origin form post. */
function submitCancel(t: TestContext, action: string, origin = 'http://localhost', site?: string) {
  const headers: Record<string, string> = { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' };
  if (site) headers['Sec-Fetch-Site'] = site;
  return t.app.request(action, { method: 'POST', headers, body: '' });
}

forEachStore(
  'the visitor\u2019s manage page',
  (t) => {
    before(() => {
      t().ctx.now = () => NOW;
    });

    it('shows the booking in the clinic\u2019s time, with a calendar link and a cancel form, under a strict CSP', async () => {
      const b = await book(t(), '2027-01-12T10:00:00-05:00');
      const res = await t().app.request(`/booking/${b.id}?token=${b.token}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      assert.equal(res.headers.get('content-security-policy'), STRICT_CSP);
      // The token never reaches another site as a referrer; our own form post still names its origin.
      assert.equal(res.headers.get('referrer-policy'), 'same-origin');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const page = await res.text();
      assert.match(page, /Follow-up treatment/);
      assert.match(page, /Tuesday, January 12, 2027, 10:00\s–\s11:00\sAM \(Eastern Standard Time\)/);
      assert.match(page, /12 Elm St, Springfield/);
      // Where the emails and this page's link went, as the widget's confirmation shows it: a typo shows.
      assert.match(page, /<dt>Email<\/dt><dd><bdi>ann@example\.com<\/bdi><\/dd>/);
      assert.ok(!/<script|<style|style=/i.test(page), 'no inline script or style');
      const css = /<link rel="stylesheet" href="([^"]+)">/.exec(page)![1]!;
      const sheet = await t().app.request(css);
      assert.equal(sheet.status, 200);
      assert.match(sheet.headers.get('content-type')!, /^text\/css/);

      const calendar = /<a href="([^"]+)" download>Add to calendar<\/a>/.exec(page)![1]!.replaceAll('&amp;', '&');
      const ics = await t().app.request(calendar);
      assert.equal(ics.status, 200);
      assert.match(await ics.text(), /BEGIN:VCALENDAR/);
      // Cancel is a question first: the link cancels nothing (a stray tap, a mail scanner following links).
      assert.ok(!page.includes('<form'), 'no form on the manage page');
      const question = /<a href="([^"]+\/cancel\?token=[^"]+)">Cancel this booking<\/a>/.exec(page)![1]!.replaceAll('&amp;', '&');
      const asked = await t().app.request(question);
      assert.equal(asked.status, 200);
      assert.equal(asked.headers.get('content-security-policy'), STRICT_CSP);
      const text = await asked.text();
      assert.match(text, /<h1>Cancel this booking\?<\/h1>/);
      assert.match(text, /Tuesday, January 12, 2027, 10:00\s–\s11:00\sAM/);
      assert.match(text, /<form method="post" action="[^"]+\/cancel\?token=[^"]+"><button type="submit">Yes, cancel it<\/button><\/form>/);
      assert.match(text, /<a href="[^"]*\/booking\/[^"/]+\?token=[^"]+">Keep my booking<\/a>/);
      const kept = await t().app.request(`/booking/${b.id}?token=${b.token}`);
      assert.match(await kept.text(), /Confirmed/, 'asking cancelled nothing');
    });

    it('cancels from the form: says so, drops the form, and frees the slot', async () => {
      const start = '2027-01-13T10:00:00-05:00';
      const b = await book(t(), start);
      const page = await (await t().app.request(`/booking/${b.id}/cancel?token=${b.token}`)).text();
      const action = /<form method="post" action="([^"]+)">/.exec(page)![1]!.replaceAll('&amp;', '&');

      const foreign = await submitCancel(t(), action, 'https://evil.example');
      assert.equal(foreign.status, 403, 'another site cannot post the form');
      const res = await submitCancel(t(), action);
      // Answered with the manage page's address (a reload there posts nothing again), which says it is done.
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/booking/${b.id}?token=${b.token}`);
      const done = await (await t().app.request(res.headers.get('location')!)).text();
      assert.match(done, /Your booking is cancelled\./);
      assert.ok(!done.includes('<form'), 'nothing left to cancel');
      assert.match(done, /Update your calendar/);
      assert.match(done, /<a href="\/book">Book another time<\/a>/, 'and a way to book again');

      const again = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
      assert.match(again, /Your booking is cancelled\./);
      const slots = await json<Availability>(
        await t().request('GET', '/api/v1/availability?service=follow-up&from=2027-01-13&to=2027-01-13'),
      );
      assert.ok(slots.slots.some((s: { start: string }) => s.start === start));
      assert.equal((await submitCancel(t(), action)).status, 303, 'a second submit is harmless');
      const asked = await t().app.request(`/booking/${b.id}/cancel?token=${b.token}`);
      assert.equal(asked.status, 303, 'nothing left to ask about: back to the manage page');
      assert.equal(asked.headers.get('location'), `/booking/${b.id}?token=${b.token}`);
    });

    it('tells the visitor why the clinic cancelled, in the clinic\u2019s words, escaped', async () => {
      const b = await book(t(), '2027-01-13T15:00:00-05:00');
      await t().owner('POST', `/api/v1/admin/bookings/${b.id}/cancel`, { reason: 'Kiya is ill <b>today</b>.' });
      const page = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
      assert.match(page, /<dt>Reason<\/dt><dd><bdi>Kiya is ill &lt;b&gt;today&lt;\/b&gt;\.<\/bdi><\/dd>/);
      assert.match(page, /Book another time/);
    });

    it('accepts its own form post when the browser hides the origin (Origin: null), and no other site\u2019s', async () => {
      const b = await book(t(), '2027-01-13T14:00:00-05:00');
      const action = `/booking/${b.id}/cancel?token=${b.token}`;
      // A sandboxed or privacy-minded page of another site also sends Origin: null, but never same-origin.
      for (const site of [undefined, 'cross-site', 'same-site', 'none']) {
        const res = await submitCancel(t(), action, 'null', site);
        assert.equal(res.status, 403, `Origin: null, Sec-Fetch-Site: ${site}`);
      }
      const own = await submitCancel(t(), action, 'null', 'same-origin');
      assert.equal(own.status, 303);
      assert.match(await (await t().app.request(own.headers.get('location')!)).text(), /Your booking is cancelled\./);
    });

    it('reads as its language writes it: Arabic separators, and left-to-right text kept whole in a right-to-left page', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-01-12T14:00:00-05:00',
        name: 'نور',
        email: 'noor@example.com',
        locale: 'ar',
        timezone: 'Asia/Dubai',
      });
      const b = (await res.json()) as { id: string; token: string };
      const page = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
      assert.match(page, /<html lang="ar" dir="rtl">/);
      // Intl's own range: "الثلاثاء، 12 يناير 2027، 2:00–3:00 م" (no Latin comma run into it).
      assert.match(page, /الثلاثاء، 12 يناير 2027، 2:00/);
      assert.match(page, /توقيت الخليج، بتوقيتك/);
      // "12 Elm St, Springfield" would show as "Elm St, Springfield 12" without its isolation.
      assert.match(page, /<bdi>12 Elm St, Springfield<\/bdi>/);
    });

    it('sets the day off from the hours in Brazilian Portuguese too (its range data runs them together)', async () => {
      const res = await t().request('POST', '/api/v1/bookings', {
        service: 'follow-up',
        start: '2027-01-15T11:00:00-05:00',
        name: 'Ana',
        email: 'ana@example.com',
        locale: 'pt-BR',
      });
      assert.equal(res.status, 201, await res.clone().text());
      const b = (await res.json()) as { id: string; token: string };
      const page = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
      assert.match(page, /sexta-feira, 15 de janeiro de 2027, 11:00\s–\s12:00/);
    });

    it('escapes everything the visitor typed', async () => {
      const b = await book(t(), '2027-01-14T13:00:00-05:00', '<script>alert(1)</script> & "Bo"');
      const page = await (await t().app.request(`/booking/${b.id}?token=${b.token}`)).text();
      assert.ok(!page.includes('<script>alert(1)'));
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bo&quot;'));
    });

    it('says "not found" for a wrong or missing token, without telling whether the booking exists', async () => {
      const b = await book(t(), '2027-01-14T15:00:00-05:00');
      const wrong = await t().app.request(`/booking/${b.id}?token=nope`);
      const missing = await t().app.request(`/booking/${b.id}`);
      const unknown = await t().app.request(`/booking/unknown?token=${b.token}`);
      assert.deepEqual([wrong.status, missing.status, unknown.status], [404, 404, 404]);
      const texts = await Promise.all([wrong.text(), missing.text(), unknown.text()]);
      assert.ok(
        texts.every((x) => x === texts[0]),
        'the same page whatever was wrong',
      );
      assert.match(texts[0]!, /Booking not found/);
      assert.equal((await submitCancel(t(), `/booking/${b.id}/cancel?token=nope`)).status, 404);
      assert.equal((await t().app.request(`/booking/${b.id}/cancel?token=nope`)).status, 404);
    });

    it('shows why a late cancellation is refused, and keeps the booking', async () => {
      const b = await book(t(), '2027-01-05T16:00:00-05:00');
      t().ctx.config.booking.cancelNoticeHours = 48;
      try {
        const res = await submitCancel(t(), `/booking/${b.id}/cancel?token=${b.token}`);
        assert.equal(res.status, 400);
        const page = await res.text();
        assert.match(page, /role="alert">Bookings can be cancelled online up to 48 hours before/);
        assert.match(page, /Confirmed/);
      } finally {
        t().ctx.config.booking.cancelNoticeHours = 0;
      }
    });
  },
  { config: { limits: { writesPerMinutePerClient: 10_000 } } },
);
