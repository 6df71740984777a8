/**
 * Seeing what the server does (CONTRACT 5.5): GET /metrics behind its token, counting what was
 * done; FRONTDESK_LOG=json, one line per request with a request id that also comes back in
 * X-Request-Id, and never a token, a key or a secret query string. Tried on `frontdesk serve` in a
 * child process, as an operator runs it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { createMetrics } from '../../src/server/metrics/registry.js';
import { startServer } from '../../src/server/server.js';
import { openStore } from '../../src/server/store/db.js';
import { freshDatabase, testConfig } from '../support/stores.js';
import { serveProcess, type ServeProcess } from '../support/serve-process.js';
import { scratchDir } from '../support/scratch.js';
import { type SmtpListener, startSmtpListener } from '../support/smtp.js';

const dir = scratchDir('observe');
const configPath = join(dir, 'clinic.json');
writeFileSync(
  configPath,
  JSON.stringify({ ...DEMO_CONFIG, allowedOrigins: ['https://clinic.example'], limits: { writesPerMinutePerClient: 1000 } }),
);
const METRICS_TOKEN = 'metrics-token-0123456789';
const ADMIN_TOKEN = 'test-admin-token-0123456789';
const visitor = { name: 'Ann Lee', email: 'ann@example.com', timezone: 'Europe/Paris' };
const json = { 'Content-Type': 'application/json', Origin: 'https://clinic.example' };

function metric(text: string, line: RegExp): number {
  const found = text.split('\n').find((l) => line.test(l));
  return found ? Number(found.split(' ').at(-1)) : 0;
}

describe('GET /metrics and FRONTDESK_LOG=json', () => {
  let server: ServeProcess;
  let url: string;
  before(async () => {
    const database = await freshDatabase('sqlite');
    server = serveProcess({
      DATABASE_URL: database.url,
      FRONTDESK_CONFIG: configPath,
      FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      FRONTDESK_METRICS_TOKEN: METRICS_TOKEN,
      FRONTDESK_LOG: 'json',
    });
    url = await server.ready;
  });
  after(() => server?.stop());
  const scrape = async () => {
    const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('answers only the metrics token: 401 without it or with another, never the owner\u2019s', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${ADMIN_TOKEN}`, METRICS_TOKEN]) {
      const res = await fetch(`${url}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
      assert.equal(res.status, 401, String(authorization));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthorized');
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('counts a booking and a comment made, by route pattern and status, with latency and process metrics', async () => {
    const before = await scrape();
    assert.equal(metric(before, /^frontdesk_bookings_created_total /), 0);
    const services = (await (await fetch(`${url}/api/v1/services`)).json()) as { id: string }[];
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const free = (await (await fetch(`${url}/api/v1/availability?service=${services[0]!.id}&from=${from}&to=${to}`)).json()) as {
      slots: { start: string }[];
    };
    const booked = await fetch(`${url}/api/v1/bookings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ service: services[0]!.id, start: free.slots[0]!.start, ...visitor }),
    });
    assert.equal(booked.status, 201);
    const commented = await fetch(`${url}/api/v1/comments`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ thread: '/blog/cupping', author: 'Ann', text: 'Does it hurt?' }),
    });
    assert.equal(commented.status, 201);
    // The owner's booking for a client on the phone is a booking made too.
    const byPhone = await fetch(`${url}/api/v1/admin/bookings`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ service: services[0]!.id, start: free.slots[5]!.start, name: 'Bo Phone', email: 'bo@example.com' }),
    });
    assert.equal(byPhone.status, 201, await byPhone.clone().text());

    const text = await scrape();
    assert.equal(metric(text, /^frontdesk_bookings_created_total /), 2);
    assert.equal(metric(text, /^frontdesk_comments_created_total /), 1);
    assert.equal(metric(text, /^frontdesk_http_requests_total\{method="POST",route="\/api\/v1\/bookings",status="201"\}/), 1);
    assert.equal(metric(text, /^frontdesk_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/bookings"\}/), 1);
    // By pattern, never by the raw path (a booking's id, a thread, a query string).
    assert.doesNotMatch(text, /route="[^"]*(\?|\d{4}-)/);
    assert.match(text, /^frontdesk_notifications_waiting \d+$/m);
    assert.match(text, /^frontdesk_notifications_failed 0$/m);
    assert.match(text, /^frontdesk_store_errors_total 0$/m);
    // SQLite: the checkpointer's quiet moments (a few writes make none: the log restarts only after 4,000 pages).
    assert.match(text, /^frontdesk_sqlite_write_pauses_total 0$/m);
    assert.match(text, /^frontdesk_sqlite_write_pause_seconds_total 0$/m);
    assert.match(text, /^frontdesk_nodejs_eventloop_lag_seconds /m);
  });

  it('counts and logs every read of a comment page, also those answered from memory (http/read-memo.ts)', async () => {
    const reads = async () =>
      metric(await scrape(), /^frontdesk_http_requests_total\{method="GET",route="\/api\/v1\/comments",status="200"\}/);
    const before = await reads();
    const ids = ['page-read-1', 'page-read-2', 'page-read-3'];
    for (const id of ids) {
      const res = await fetch(`${url}/api/v1/comments?thread=/blog/memo`, {
        headers: { Origin: 'https://clinic.example', 'X-Request-Id': id },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-request-id'), id);
      await res.arrayBuffer();
    }
    assert.equal(await reads(), before + 3);
    const lines = await server.waitForRecords((r) => ids.includes(String(r.requestId)), 3);
    for (const line of lines) {
      assert.equal(line.route, '/api/v1/comments');
      assert.equal(line.path, '/api/v1/comments');
      assert.equal(line.status, 200);
    }
  });

  it('logs one JSON line per request, with the id sent back in X-Request-Id (the caller\u2019s, if short and safe)', async () => {
    const own = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'lb-7f3a.2' } });
    assert.equal(own.headers.get('x-request-id'), 'lb-7f3a.2');
    const unsafe = await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'x'.repeat(65) } });
    const fresh = unsafe.headers.get('x-request-id')!;
    assert.match(fresh, /^[0-9a-f-]{36}$/);
    const [line] = await server.waitForRecords((r) => r.requestId === 'lb-7f3a.2', 1);
    assert.deepEqual(Object.keys(line!).sort(), [
      'durationMs',
      'level',
      'method',
      'msg',
      'path',
      'pid',
      'requestId',
      'route',
      'status',
      'time',
    ]);
    assert.equal(line!.method, 'GET');
    assert.equal(line!.route, '/healthz');
    assert.equal(line!.status, 200);
    assert.equal(typeof line!.durationMs, 'number');
    await server.waitForRecords((r) => r.requestId === fresh, 1);
  });

  it('never logs a manage link\u2019s token, a review link\u2019s token, the feed\u2019s key, a bearer token or a cookie', async () => {
    const secret = 'manage-secret-token-abcdef';
    const key = 'feed-secret-key-123456';
    const review = 'review-secret-token-987654';
    const ids: string[] = [];
    const go = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${url}${path}`, { headers });
      ids.push(res.headers.get('x-request-id')!);
    };
    await go(`/booking/some-id?token=${secret}`);
    await go(`/api/v1/bookings/some-id?token=${secret}`);
    await go(`/api/v1/feed/${key}.ics`);
    await go(`/review/${review}`);
    await go('/api/v1/admin/bookings', { Authorization: `Bearer ${ADMIN_TOKEN}`, Cookie: `frontdesk_admin=${secret}` });
    const lines = await server.waitForRecords((r) => ids.includes(String(r.requestId)), ids.length);
    const feed = lines.find((r) => r.route === '/api/v1/feed/:file');
    assert.equal(feed?.path, '/api/v1/feed/[redacted]');
    assert.equal(lines.find((r) => r.route === '/review/:token')?.path, '/review/[redacted]');
    assert.ok(lines.some((r) => r.route === '/booking/:id' && r.path === '/booking/some-id'));
    const output = server.output();
    for (const never of [secret, key, review, ADMIN_TOKEN, METRICS_TOKEN]) assert.ok(!output.includes(never), `${never} is not in the log`);
  });

  it('says at startup which store, config, URL and workers, as a JSON line', async () => {
    const startup = await server.waitForRecord((r) => typeof r.url === 'string');
    assert.equal(startup.url, url);
    assert.equal(startup.config, configPath);
    assert.equal(startup.workers, 1);
    assert.match(String(startup.store), /^sqlite:/);
  });
});

describe('GET /metrics without FRONTDESK_METRICS_TOKEN', () => {
  it('does not exist (404), whatever the token', async () => {
    const database = await freshDatabase('sqlite');
    const running = await startServer({ port: 0, databaseUrl: database.url, config: testConfig(), adminToken: ADMIN_TOKEN, log: () => {} });
    try {
      const res = await fetch(`${running.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('x-request-id'), null, 'no request ids without FRONTDESK_LOG=json');
    } finally {
      await running.close();
    }
  });
});

describe('an email server that refuses every email, as an operator sees it', () => {
  let smtp: SmtpListener;
  let server: ServeProcess;
  let url: string;
  before(async () => {
    smtp = await startSmtpListener({ refuse: () => 451 });
    const database = await freshDatabase('sqlite');
    server = serveProcess({
      DATABASE_URL: database.url,
      FRONTDESK_CONFIG: configPath,
      FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      FRONTDESK_METRICS_TOKEN: METRICS_TOKEN,
      SMTP_URL: smtp.url,
    });
    url = await server.ready;
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('says so in the log at once, and /metrics counts the emails waiting to be tried again', async () => {
    const slots = (await (await fetch(`${url}/api/v1/availability?service=follow-up`)).json()) as { slots: { start: string }[] };
    const res = await fetch(`${url}/api/v1/bookings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ service: 'follow-up', start: slots.slots[0]!.start, ...visitor }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const deadline = Date.now() + 20_000;
    let retrying = 0;
    while (Date.now() < deadline && !(retrying > 0 && /One delivery failed \(the last: email, to be tried again\)/.test(server.output()))) {
      await new Promise((r) => setTimeout(r, 100));
      const text = await (await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      retrying = metric(text, /^frontdesk_notifications_retrying /);
    }
    assert.ok(retrying > 0, 'frontdesk_notifications_retrying counts them');
    assert.match(server.output(), /One delivery failed \(the last: email, to be tried again\): .*451.*Notifications\./);
  });

  it('refuses to start on an SMTP_URL that names no mail server, and says how one looks', async () => {
    const database = await freshDatabase('sqlite');
    const typo = serveProcess({ DATABASE_URL: database.url, FRONTDESK_CONFIG: configPath, SMTP_URL: 'smtp//mail.example.com:587' });
    assert.notEqual(await typo.exited, 0);
    assert.match(typo.output(), /SMTP_URL must start with smtp:\/\/ or smtps:\/\/ and name the mail server/);
  });
});

describe('GET /metrics while the store cannot be read', () => {
  it('still answers, the store\u2019s counts at their last reading', async () => {
    const database = await freshDatabase('sqlite');
    const store = await openStore(database.url);
    const metrics = createMetrics({ store, config: testConfig() }, METRICS_TOKEN);
    assert.match(await metrics.scrape(), /^frontdesk_notifications_waiting 0$/m);
    await store.close(); // every read of the store now fails, as during an outage
    const text = await metrics.scrape();
    assert.match(text, /^frontdesk_notifications_waiting 0$/m);
    assert.match(text, /^frontdesk_notifications_retrying 0$/m);
    await database.drop();
  });
});
