import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { routeEvents } from '../../src/server/notify/routing.js';
import type { AdminNotification } from '../../src/shared/api.js';
import { csvCell, type ErasedCounts, type ExportRow, toCsv } from '../../src/server/services/privacy.js';
import type { AdminComment, Availability, CommentPage } from '../../src/shared/api.js';
import { errorOf } from '../support/json.js';
import { up as upEmailKeys } from '../../src/server/store/migrations/006a_email_keys.js';
import { ADMIN_TOKEN, asMigrationDb, forEachStore, type TestContext } from '../support/stores.js';

const ANN = 'Ann.Lee@example.com';
const BOB = 'bob@example.com';

/** The JSON of a successful answer, in the shape the caller names. */
async function json<T>(res: Response | Promise<Response>): Promise<T> {
  const r = await res;
  assert.ok(r.status < 300, `${r.status} ${await r.clone().text()}`);
  return (await r.json()) as T;
}

type Posted = { id: string; status: string };

async function bookFirstFree(t: TestContext, name: string, email: string, skip = 0, headers?: Record<string, string>) {
  const { slots } = await json<Availability>(t.request('GET', '/api/v1/availability?service=initial'));
  for (const slot of slots.slice(skip)) {
    const res = await t.request('POST', '/api/v1/bookings', { service: 'initial', start: slot.start, name, email }, headers);
    if (res.status === 201) return res.json();
  }
  throw new Error('no free slot');
}

/** Rows of a CSV as the owner's spreadsheet reads them (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

forEachStore('exports and erasure', (t) => {
  let annComment = '';
  let annBooking: { start: string; end: string };
  before(async () => {
    annBooking = (await bookFirstFree(t(), 'Ann Lee', ANN)) as { start: string; end: string };
    await bookFirstFree(t(), 'Bob Stone', BOB, 3);
    await json(
      t().request('POST', '/api/v1/messages', {
        name: 'Ann Lee',
        email: ANN,
        phone: '+1 555 0199',
        message: '=1+1 "quoted", and\nsecond line',
      }),
    );
    await json(t().request('POST', '/api/v1/messages', { name: 'Bob Stone', email: BOB, message: 'Hello' }));
    annComment = (
      await json<Posted>(
        t().request('POST', '/api/v1/comments', { thread: '/p', author: 'Ann', email: ANN.toUpperCase(), text: 'Answered one' }),
      )
    ).id;
    const lonely = (
      await json<Posted>(t().request('POST', '/api/v1/comments', { thread: '/p', author: 'Ann', email: ANN, text: 'Nobody answered' }))
    ).id;
    for (const id of [annComment, lonely])
      await json<AdminComment>(t().owner('PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' }));
    const reply = await json<Posted>(
      t().request('POST', '/api/v1/comments', { thread: '/p', parentId: annComment, author: 'Bob', email: BOB, text: 'I agree' }),
    );
    await json<AdminComment>(t().owner('PATCH', `/api/v1/admin/comments/${reply.id}`, { status: 'published' }));
    await json(t().request('POST', '/api/v1/testimonials', { author: 'Ann', text: 'Great care.', email: ANN }));
    await json(t().request('POST', '/api/v1/testimonials', { author: 'Bob', text: 'Lovely.', email: BOB }));
    await routeEvents(t().ctx);
  });

  it('quotes CSV cells as RFC 4180 says and neutralises formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    const quoted = (cell: string) => (cell[0] === '"' ? cell[1] : cell[0]) === "'";
    for (const f of [
      '=SUM(A1)',
      "+1+cmd|' /C calc'!A0",
      '-2+3',
      '+A1',
      '-HYPERLINK("http://x")',
      '@cmd',
      '\tx',
      '\r=1',
      '+1 555 0199\n=cmd|x',
    ]) {
      assert.ok(quoted(csvCell(f)), f);
    }
    // A number or a phone number is data, not a formula: exported as the owner typed it.
    for (const f of ['+1 555 0199', '+44 (0)20 7946 0958', '+1-555-0199', '-12.5', '-3', '+33 1.23.45.67.89']) assert.equal(csvCell(f), f);
    assert.equal(csvCell(-2), '-2');
    assert.equal(csvCell(null), '');
    assert.equal(
      toCsv([
        { a: 1, b: 'x' },
        { b: 'y', c: true },
      ]),
      'a,b,c\r\n1,x,\r\n,y,true\r\n',
    );
  });

  it('exports messages as CSV a spreadsheet reads back, formulas defused', async () => {
    const res = await t().owner('GET', '/api/v1/admin/export?format=csv&what=messages');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="frontdesk-messages-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(await res.text());
    const header = rows[0]!;
    assert.deepEqual(header.slice(0, 2), ['id', 'name']);
    const ann = rows.find((r) => r[header.indexOf('name')] === 'Ann Lee')!;
    assert.equal(ann[header.indexOf('message')], `'=1+1 "quoted", and\nsecond line`);
    assert.equal(ann[header.indexOf('phone')], '+1 555 0199', 'a phone number keeps its plus, without a quote');
    assert.match(ann[header.indexOf('createdAt')]!, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(rows.length, 3);
  });

  it('exports bookings as JSON with the clinic\u2019s times, and without the visitor\u2019s secret token or the store\u2019s bookkeeping', async () => {
    const rows = await json<ExportRow[]>(t().owner('GET', '/api/v1/admin/export?format=json&what=bookings'));
    assert.equal(rows.length, 2);
    const ann = rows.find((r) => r.email === ANN.toLowerCase())!;
    assert.equal(ann.name, 'Ann Lee');
    assert.equal(ann.service, 'initial');
    // As the API and her calendar give it: her clock's time, with its offset (the test clinic is in New York).
    assert.equal(ann.start, annBooking.start);
    assert.equal(ann.end, annBooking.end);
    assert.match(String(ann.start), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00-0[45]:00$/);
    assert.match(String(ann.createdAt), /-0[45]:00$/);
    assert.ok(!Object.keys(ann).some((k) => /token|sequence|blockedUntil/i.test(k)), Object.keys(ann).join());
    const comments = await json<ExportRow[]>(t().owner('GET', '/api/v1/admin/export?what=comments'));
    assert.equal(comments.length, 3);
    assert.ok(!('visible' in comments[0]!) && !('rootId' in comments[0]!), Object.keys(comments[0]!).join());
    assert.equal(comments[0]!.status, 'published');
  });

  it('exports a booking marked completed with status "completed", as /admin shows it, and rows in the order they came in', async () => {
    const walkIn = await json<{ id: string }>(
      t().owner('POST', '/api/v1/admin/bookings', {
        service: 'initial',
        start: new Date(Date.now() - 86_400_000).toISOString(),
        name: 'Walk In',
        force: true,
      }),
    );
    await json(t().owner('PATCH', `/api/v1/admin/bookings/${walkIn.id}`, { status: 'completed' }));
    const rows = await json<ExportRow[]>(t().owner('GET', '/api/v1/admin/export?format=json&what=bookings'));
    const row = rows.find((r) => r.id === walkIn.id)!;
    assert.equal(row.status, 'completed');
    assert.ok(!('outcome' in row));
    const arrived = rows.map((r) => Date.parse(String(r.createdAt)));
    assert.deepEqual(
      arrived,
      [...arrived].sort((a, b) => a - b),
      'oldest first',
    );
    assert.equal(rows.at(-1)!.id, walkIn.id);
  });

  it('exports one person’s records alone, however the address is typed', async () => {
    const asked = encodeURIComponent(` ${ANN.toUpperCase()} `);
    for (const [what, count] of [
      ['bookings', 1],
      ['messages', 1],
      ['comments', 2],
      ['testimonials', 1],
    ] as const) {
      const rows = await json<ExportRow[]>(t().owner('GET', `/api/v1/admin/export?format=json&what=${what}&email=${asked}`));
      assert.deepEqual(
        rows.map((r) => r.email),
        Array(count).fill(ANN.toLowerCase()),
        what,
      );
    }
    const csv = parseCsv(await (await t().owner('GET', `/api/v1/admin/export?format=csv&what=messages&email=${asked}`)).text());
    assert.equal(csv.length, 2, 'the header and Ann’s one message');
    const none = await json<ExportRow[]>(t().owner('GET', '/api/v1/admin/export?what=bookings&email=nobody%40example.com'));
    assert.deepEqual(none, []);
    const bad = await t().owner('GET', '/api/v1/admin/export?what=bookings&email=ann%40example.com%3Fbcc%3Dx%40y.z');
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys((await errorOf(bad)).fields ?? {}), ['email']);
  });

  it('refuses a bad export with 400 and anyone but the owner with 401', async () => {
    assert.equal((await t().owner('GET', '/api/v1/admin/export?what=passwords')).status, 400);
    assert.equal((await t().owner('GET', '/api/v1/admin/export?what=messages&format=xlsx')).status, 400);
    assert.equal((await t().owner('GET', '/api/v1/admin/export')).status, 400);
    assert.equal((await t().request('GET', '/api/v1/admin/export?what=messages')).status, 401);
  });

  it('erases only after the address is confirmed', async () => {
    const res = await t().owner('POST', '/api/v1/admin/erase', { email: ANN, confirm: BOB });
    assert.equal(res.status, 400);
    assert.equal((await errorOf(res)).fields!.confirm, 'Type the same email address again to confirm.');
    assert.equal((await t().owner('POST', '/api/v1/admin/erase', { email: 'nope' })).status, 400);
    assert.equal((await t().request('POST', '/api/v1/admin/erase', { email: ANN, confirm: ANN })).status, 401);
  });

  it('erases everything about one address, in any case, and leaves everyone else', async () => {
    const notesBefore = await json<AdminNotification[]>(t().owner('GET', '/api/v1/admin/notifications'));
    assert.ok(notesBefore.some((n: { to: string }) => n.to === ANN.toLowerCase()));
    const res = await json<{ erased: ErasedCounts }>(t().owner('POST', '/api/v1/admin/erase', { email: ANN.toLowerCase(), confirm: ANN }));
    assert.deepEqual(
      { ...res.erased, notifications: res.erased.notifications > 0, events: res.erased.events > 0 },
      {
        bookings: 1,
        messages: 1,
        comments: 2,
        testimonials: 1,
        notifications: true,
        events: true,
      },
    );

    const everything = JSON.stringify(
      await Promise.all(
        ['bookings', 'messages', 'comments', 'testimonials'].map((what) => json(t().owner('GET', `/api/v1/admin/export?what=${what}`))),
      ),
    ).toLowerCase();
    assert.ok(!everything.includes(ANN.toLowerCase()));
    assert.ok(everything.includes(BOB));
    const notes = JSON.stringify(await json(t().owner('GET', '/api/v1/admin/notifications'))).toLowerCase();
    assert.ok(!notes.includes(ANN.toLowerCase()));
    assert.ok(notes.includes(BOB));
    const { db } = t().store;
    const events = await db.selectFrom('events').select('payload').execute();
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => !e.payload.toLowerCase().includes(ANN.toLowerCase())));
    // Bob's reply's event quoted what it answered (inReplyTo): Ann's words went with her.
    assert.ok(events.some((e) => e.payload.includes('I agree')));
    assert.ok(events.every((e) => !e.payload.includes('Answered one')));

    // Bob's reply still reads under a comment with nothing of Ann left; her unanswered one is gone.
    const page = await json<CommentPage>(t().request('GET', '/api/v1/comments?thread=/p'));
    assert.equal(page.count, 2);
    assert.deepEqual(
      page.comments.map((c: { author: string; text: string }) => [c.author, c.text]),
      [
        ['Erased', 'This comment was erased at its author\u2019s request.'],
        ['Bob', 'I agree'],
      ],
    );
    assert.equal(page.comments[0]!.id, annComment);
  });
});

/** Élodie as she typed it on different days: capitals, and once with the accent as a separate mark (NFD). */
const ELODIE = ['ÉLODIE@Example.fr', 'E\u0301lodie@EXAMPLE.FR', ' élodie@example.fr ', 'ÉLODIE@EXAMPLE.FR'];

forEachStore('erasing an address however it was typed', (t) => {
  it('finds and erases every record of an address with non-ASCII capitals, and says so when nothing is left', async () => {
    // Her booking's answer, remembered under its Idempotency-Key, names no one but tells its time.
    const booked = (await bookFirstFree(t(), 'Élodie', ELODIE[0]!, 0, { 'Idempotency-Key': 'elodie-booking' })) as { id: string };
    await json(t().request('POST', '/api/v1/messages', { name: 'Élodie', email: ELODIE[1], message: 'Bonjour' }));
    await json(t().request('POST', '/api/v1/comments', { thread: '/fr', author: 'Élodie', email: ELODIE[2], text: 'Merci' }));
    // The owner's answer to this one (with the address) is remembered under its Idempotency-Key.
    const added = await t().request(
      'POST',
      '/api/v1/admin/testimonials',
      { author: 'Élodie', text: 'Très bien.', email: ELODIE[3] },
      {
        Authorization: `Bearer ${ADMIN_TOKEN}`,
        'Idempotency-Key': 'elodie-testimonial',
      },
    );
    assert.equal(added.status, 201);
    await routeEvents(t().ctx);

    const res = await json<{ erased: ErasedCounts }>(
      t().owner('POST', '/api/v1/admin/erase', { email: 'élodie@example.fr', confirm: 'ÉLODIE@example.FR' }),
    );
    assert.deepEqual(
      { ...res.erased, notifications: res.erased.notifications > 0, events: res.erased.events > 0 },
      {
        bookings: 1,
        messages: 1,
        comments: 1,
        testimonials: 1,
        notifications: true,
        events: true,
      },
    );
    const { db } = t().store;
    const left = JSON.stringify([
      await db.selectFrom('bookings').selectAll().execute(),
      await db.selectFrom('messages').selectAll().execute(),
      await db.selectFrom('comments').selectAll().execute(),
      await db.selectFrom('testimonials').selectAll().execute(),
      await db.selectFrom('events').selectAll().execute(),
      await db.selectFrom('deliveries').selectAll().execute(),
      await db.selectFrom('idempotency_keys').selectAll().execute(),
    ])
      .normalize('NFC')
      .toLowerCase();
    assert.ok(!left.includes('élodie@'), left);
    assert.ok(!left.includes(booked.id.toLowerCase()), `no record, remembered answer included, holds her booking ${booked.id}`);

    const again = await t().owner('POST', '/api/v1/admin/erase', { email: 'elodie@example.fr', confirm: 'elodie@example.fr' });
    assert.equal(again.status, 404, 'nothing erased is not reported as a success');
    const error = await errorOf(again);
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /Nothing is stored about that address/);
  });

  it('takes off the thread\u2019s count only the erased comments the page showed', async () => {
    const thread = '/erase-count';
    const publish = async (id: string) =>
      assert.equal((await t().owner('PATCH', `/api/v1/admin/comments/${id}`, { status: 'published' })).status, 200);
    const top = await json<Posted>(t().request('POST', '/api/v1/comments', { thread, author: 'Ann', text: 'Top' }));
    await publish(top.id);
    const hiddenReply = await json<Posted>(
      t().request('POST', '/api/v1/comments', { thread, parentId: top.id, author: 'Bob', text: 'Soon hidden' }),
    );
    await publish(hiddenReply.id);
    const under = await json<Posted>(
      t().request('POST', '/api/v1/comments', {
        thread,
        parentId: hiddenReply.id,
        author: 'Hugo',
        email: 'hugo@example.net',
        text: 'Under it',
      }),
    );
    await publish(under.id);
    const shownToo = await json<Posted>(
      t().request('POST', '/api/v1/comments', { thread, parentId: top.id, author: 'Hugo', email: 'hugo@example.net', text: 'Shown' }),
    );
    await publish(shownToo.id);
    assert.equal((await t().owner('PATCH', `/api/v1/admin/comments/${hiddenReply.id}`, { status: 'rejected' })).status, 200);
    const count = async () => (await json<CommentPage>(t().request('GET', `/api/v1/comments?thread=${thread}`))).count;
    assert.equal(await count(), 2);
    await json(t().owner('POST', '/api/v1/admin/erase', { email: 'hugo@example.net', confirm: 'hugo@example.net' }));
    assert.equal(await count(), 1, 'only the shown one was counted, so only it comes off');
    assert.deepEqual(
      (await json<CommentPage>(t().request('GET', `/api/v1/comments?thread=${thread}`))).comments.map((c) => c.author),
      ['Ann'],
    );
  });

  it('migration 006a brings addresses stored before it to the same form, so an erase finds them', async () => {
    const { db, kind } = t().store;
    const now = Date.now();
    // Rows as an earlier version stored them: the address as typed, everywhere it was copied.
    await db
      .insertInto('messages')
      .values({ name: 'Zoë', email: 'ZOË@Example.NL', phone: null, message: 'Hallo', created_at: now })
      .execute();
    await db
      .insertInto('testimonials')
      .values({ author: 'Zoë', text: 'Goed.', email: 'Zoe\u0308@example.nl', status: 'pending', created_at: now, updated_at: now })
      .execute();
    const event = await db
      .insertInto('events')
      .values({
        type: 'message.created',
        payload: JSON.stringify({ id: '9', name: 'Zoë', email: 'ZOË@Example.NL', message: 'Hallo' }),
        created_at: now,
        routed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('deliveries')
      .values({
        event_id: Number(event.id),
        channel: 'email',
        audience: 'visitor',
        target: 'ZOË@Example.NL',
        status: 'failed',
        next_at: now,
        claim: null,
        last_error: 'x',
        created_at: now,
        updated_at: now,
        sent_at: null,
      })
      .execute();
    await db
      .insertInto('idempotency_keys')
      .values({
        key: 'zoe',
        scope: '/api/v1/admin/testimonials',
        body_hash: 'h',
        status: 201,
        response: JSON.stringify({ id: '5', author: 'Zoë', email: 'ZOË@EXAMPLE.NL' }),
        created_at: now,
      })
      .execute();

    await upEmailKeys(asMigrationDb(db), kind);
    assert.deepEqual(
      (await db.selectFrom('messages').select('email').where('name', '=', 'Zoë').execute()).map((r) => r.email),
      ['zoë@example.nl'],
    );
    assert.deepEqual(
      (await db.selectFrom('testimonials').select('email').where('author', '=', 'Zoë').execute()).map((r) => r.email),
      ['zoë@example.nl'],
    );
    const payload = await db.selectFrom('events').select('payload').where('id', '=', event.id).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(payload.payload).email, 'zoë@example.nl');
    assert.equal(JSON.parse(payload.payload).name, 'Zoë', 'only addresses change');

    const res = await json<{ erased: ErasedCounts }>(
      t().owner('POST', '/api/v1/admin/erase', { email: 'zoë@example.nl', confirm: 'zoë@example.nl' }),
    );
    assert.deepEqual(res.erased, { bookings: 0, messages: 1, comments: 0, testimonials: 1, notifications: 1, events: 1 });
    const answers = await db.selectFrom('idempotency_keys').select('key').where('key', '=', 'zoe').execute();
    assert.deepEqual(answers, [], 'the remembered answer that named her is gone too');
  });
});
