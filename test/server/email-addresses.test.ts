import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { bookingCalendar } from '../../src/server/services/ics.js';
import type { Availability } from '../../src/shared/api.js';
import { isEmail, mailtoHref, replyHref } from '../../src/shared/email.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { errorOf, json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

/** Addresses a person would not type, each of which a mail client or parser could read as more than one recipient. */
const NOT_PLAIN = [
  'client@gmail.com?bcc=spy%40evil.example&subject=Invoice',
  'client@gmail.com?cc=spy@evil.example',
  'client%40gmail.com@evil.example',
  '"Ann" <ann@example.com>',
  'ann@example.com, bob@example.com',
  'ann@example.com;bob@example.com',
  'ann@example.com\nBcc: spy@evil.example',
  'ann@exa mple.com',
  'ann@example.com#x',
  'ann&bob@example.com',
  'ann/x@example.com',
  'ann@example',
  'ann@.com',
  '@example.com',
  `${'a'.repeat(250)}@example.com`,
];
const PLAIN = [
  'ann@example.com',
  'ann.lee+clinic@example.co.uk',
  "o'brien@example.ie",
  'élodie@exemple.fr',
  'пётр@пример.рф',
  '用户@例子.广告',
  'a-b_c@x-y.example',
];

describe('what counts as an email address', () => {
  it('accepts plain addresses in any script and nothing a mail client could split or extend', () => {
    for (const address of PLAIN) assert.equal(isEmail(address), true, address);
    for (const address of NOT_PLAIN) assert.equal(isEmail(address), false, address);
  });

  it('makes mailto: links that reach exactly one address, even for an address stored before the rule', () => {
    assert.equal(mailtoHref('ann@example.com'), 'mailto:ann@example.com');
    assert.equal(mailtoHref('ann.lee+clinic@example.com'), 'mailto:ann.lee%2Bclinic@example.com');
    const legacy = mailtoHref('client@gmail.com?bcc=spy%40evil.example&subject=Invoice');
    assert.doesNotMatch(legacy, /[?&#]/, legacy);
    const url = new URL(legacy);
    assert.equal(url.search, '');
    assert.equal(decodeURIComponent(url.pathname), 'client@gmail.com?bcc=spy%40evil.example&subject=Invoice');
  });

  it('refuses a config whose business email is not plain, naming the field', () => {
    assert.throws(
      () => parseConfig({ ...DEMO_CONFIG, business: { ...DEMO_CONFIG.business, email: 'owner@example.com?bcc=spy@evil.example' } }),
      (error: Error) => error instanceof ConfigError && /business\.email: Enter a valid email address\./.test(error.message),
    );
  });

  it('answers a message with a mailto: link to its one address, the message quoted, nothing in it made a header', () => {
    const href = replyHref('ann+x@example.com', 'Re: your message to Kiya', 'Hi?\nCan I come &bcc=eve@evil.test\r\nat 5?');
    const url = new URL(href);
    assert.equal(url.protocol, 'mailto:');
    assert.equal(url.pathname, 'ann%2Bx@example.com');
    assert.deepEqual([...url.searchParams.keys()], ['subject', 'body']);
    assert.equal(url.searchParams.get('subject'), 'Re: your message to Kiya');
    assert.equal(url.searchParams.get('body'), '\r\n\r\n> Hi?\r\n> Can I come &bcc=eve@evil.test\r\n> at 5?');
    const long = new URL(replyHref('ann@example.com', 'Re', 'x'.repeat(5000))).searchParams.get('body')!;
    assert.equal(long, '\r\n\r\n> ' + 'x'.repeat(1500) + '…', 'a long message quoted in part, so mail programs take the link');
    // Cut by what the link holds: a long Japanese message gives a link as short, and an emoji at the cut is never halved.
    for (const message of ['予約'.repeat(2500), 'a'.repeat(1499) + '😀' + 'b'.repeat(3000), 'ok \ud800 lone', 'line\n'.repeat(2000)]) {
      const href = replyHref('ann@example.com', 'Re', message);
      assert.ok(href.length < 2000, `a link of ${href.length} characters`);
      assert.ok(new URL(href).searchParams.get('body')!.startsWith('\r\n\r\n> ' + message.slice(0, 2).replace('\n', '\r\n> ')));
    }
    assert.equal(new URL(replyHref('a@example.com', 'Re', 'ok \ud800 lone')).searchParams.get('body'), '\r\n\r\n> ok  lone');
    // A flag (two code points) or a family (five, joined) at the cut goes whole or not at all: never a lone 🇫 or 👨.
    for (const [emoji, room] of [
      ['🇫🇷', 1488],
      ['👨‍👩‍👧', 1480],
    ] as const) {
      const body = new URL(replyHref('a@example.com', 'Re', 'a'.repeat(room) + emoji + 'b'.repeat(100))).searchParams.get('body')!;
      assert.equal(body, '\r\n\r\n> ' + 'a'.repeat(room) + '…', emoji);
    }
  });

  it('writes the calendar file\u2019s organizer, and a cancellation\u2019s attendee, as one mailto: address; a published event names no attendee', () => {
    const booking = {
      id: 'b1',
      start: '2027-01-04T14:00:00Z',
      end: '2027-01-04T15:00:00Z',
      serviceName: 'Follow-up',
      status: 'confirmed',
      name: 'Ann',
      email: 'ann+x@example.com',
    };
    const business = parseConfig(DEMO_CONFIG).business;
    const published = bookingCalendar(booking, business);
    assert.match(published, /METHOD:PUBLISH\r\n/);
    assert.match(published, /ORGANIZER;CN="Kiya Hunter Acupuncture":mailto:owner@example\.com\r\n/);
    // With the visitor as an attendee, Outlook and Apple Calendar offer to answer it as an invitation (RFC 5546 3.2.1).
    assert.doesNotMatch(published, /ATTENDEE/);
    const cancelled = bookingCalendar({ ...booking, status: 'cancelled' }, business);
    assert.match(cancelled, /METHOD:CANCEL\r\n/);
    assert.match(cancelled, /ATTENDEE;CN="Ann";ROLE=REQ-PARTICIPANT:mailto:ann%2Bx@example\.com\r\n/);
  });
});

async function firstSlot(t: TestContext): Promise<string> {
  return (await json<Availability>(await t.request('GET', '/api/v1/availability?service=cupping'))).slots[0]!.start;
}

forEachStore(
  'email addresses in every form',
  (t) => {
    /** Every form that takes an email, as its caller sends it. */
    const forms: [string, (t: TestContext, email: string) => Promise<Response>][] = [
      [
        'POST /bookings',
        async (t, email) => t.request('POST', '/api/v1/bookings', { service: 'cupping', start: await firstSlot(t), name: 'Ann', email }),
      ],
      ['POST /messages', (t, email) => t.request('POST', '/api/v1/messages', { name: 'Ann', email, message: 'Hello' })],
      ['POST /comments', (t, email) => t.request('POST', '/api/v1/comments', { thread: '/emails', author: 'Ann', email, text: 'Hi' })],
      ['POST /testimonials', (t, email) => t.request('POST', '/api/v1/testimonials', { author: 'Ann', email, text: 'Kind.' })],
      ['POST /admin/testimonials', (t, email) => t.owner('POST', '/api/v1/admin/testimonials', { author: 'Ann', email, text: 'Kind.' })],
      ['POST /admin/erase', (t, email) => t.owner('POST', '/api/v1/admin/erase', { email, confirm: email })],
    ];

    for (const [name, send] of forms) {
      it(`${name} refuses an address with mailto parameters or a second recipient`, async () => {
        for (const email of NOT_PLAIN.slice(0, 7)) {
          const res = await send(t(), email);
          assert.equal(res.status, 400, `${name} ${email}`);
          const error = await errorOf(res);
          assert.equal(error.code, 'validation_failed');
          assert.equal(error.fields?.email, 'Enter a valid email address.', `${name} ${email}`);
        }
      });
    }

    it('accepts a plain address in another script', async () => {
      const res = await t().request('POST', '/api/v1/messages', { name: 'Пётр', email: 'пётр@пример.рф', message: 'Здравствуйте' });
      assert.equal(res.status, 201, await res.clone().text());
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000 } } },
);
