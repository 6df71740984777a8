/**
 * FRONTDESK_WORKERS and limits shared across processes (CONTRACT 5.5), tried as an operator would:
 * `frontdesk serve` in child processes, on a real SQLite file, the real PostgreSQL and the real
 * Redis. A limit of 10 writes a minute lets exactly 10 of 30 concurrent writes through, whichever
 * process each one reaches; a worker killed is replaced while the port keeps answering; SIGTERM
 * stops every process.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { apartStarts } from '../support/apart-starts.js';
import { freshDatabase, postgresReachable } from '../support/stores.js';
import { serveProcess, type ServeProcess } from '../support/serve-process.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cluster');
const configPath = join(dir, 'clinic.json');
writeFileSync(
  configPath,
  JSON.stringify({
    ...DEMO_CONFIG,
    allowedOrigins: ['https://clinic.example'],
    limits: { writesPerMinutePerClient: 10 },
    trustProxy: true,
  }),
);
const METRICS_TOKEN = 'metrics-token-0123456789';
const ADMIN_TOKEN = 'test-admin-token-0123456789';
const base = {
  FRONTDESK_CONFIG: configPath,
  FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
  FRONTDESK_METRICS_TOKEN: METRICS_TOKEN,
  FRONTDESK_LOG: 'json',
};

/**
 * A client address of its own for each call: counts from another test never meet it (consecutive
 * addresses from a random first one, so no two calls of this run share one), nor, mostly, those of an
 * earlier run still in Redis's window. Drawn at random each time, two bursts met once in 250 runs.
 */
let lastIp = Math.floor(Math.random() * 250);
const clientIp = () => `198.51.100.${1 + (++lastIp % 250)}`;

/** One request on a connection of its own (a connection to a killed worker is never reused). */
function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer from ${method} ${url}`)));
    req.end(body);
  });
}

/** 30 testimonials posted at once by one client, spread over `urls`; the statuses, counted. */
async function burst(urls: string[], ip: string, n = 30): Promise<Record<number, number>> {
  const body = JSON.stringify({ author: 'Katie F.', text: 'Kiya helped my back.', rating: 5 });
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      send(
        `${urls[i % urls.length]}/api/v1/testimonials`,
        'POST',
        { 'Content-Type': 'application/json', Origin: 'https://clinic.example', 'X-Forwarded-For': ip },
        body,
      ),
    ),
  );
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** `n` offered follow-up starts that do not overlap one another (the buffer included). */
async function freeStarts(url: string, n: number): Promise<string[]> {
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 50 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = JSON.parse((await send(`${url}/api/v1/availability?service=follow-up&from=${from}&to=${to}`, 'GET')).text) as {
    slots: Array<{ start: string }>;
  };
  return apartStarts(
    slots.map((s) => s.start),
    75 * 60_000,
    n,
  );
}

/** A booking of each of `starts` at once by one client, spread over `urls`; the statuses, counted. */
async function bookingBurst(urls: string[], ip: string, starts: string[]): Promise<Record<number, number>> {
  const answers = await Promise.all(
    starts.map((start, i) =>
      send(
        `${urls[i % urls.length]}/api/v1/bookings`,
        'POST',
        { 'Content-Type': 'application/json', Origin: 'https://clinic.example', 'X-Forwarded-For': ip },
        JSON.stringify({ service: 'follow-up', start, name: 'Ann Lee', email: 'ann@example.com' }),
      ),
    ),
  );
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function metric(text: string, line: RegExp): number {
  const found = text.split('\n').find((l) => line.test(l));
  return found ? Number(found.split(' ').at(-1)) : 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('FRONTDESK_WORKERS=2 on SQLite', () => {
  let server: ServeProcess;
  after(() => server?.stop('SIGKILL'));

  it('shares one write limit between the workers: exactly 10 of 30 concurrent writes, and /metrics adds both workers up', async () => {
    const database = await freshDatabase('sqlite');
    server = serveProcess({ ...base, DATABASE_URL: database.url, FRONTDESK_WORKERS: '2' });
    const url = await server.ready;
    const startup = await server.waitForRecord((r) => typeof r.url === 'string');
    assert.equal(startup.workers, 2);
    assert.equal((startup.workerPids as number[]).length, 2);

    const counts = await burst([url], clientIp());
    assert.deepEqual(counts, { 201: 10, 429: 20 });

    // Both workers answered some of them (each request's line names its process).
    const posts = await server.waitForRecords((r) => r.route === '/api/v1/testimonials' && r.method === 'POST', 30);
    assert.ok(new Set(posts.map((r) => r.pid)).size === 2, 'both workers served the burst');

    const scraped = await send(`${url}/metrics`, 'GET', { Authorization: `Bearer ${METRICS_TOKEN}` });
    assert.equal(scraped.status, 200);
    assert.equal(metric(scraped.text, /^frontdesk_http_requests_total\{method="POST",route="\/api\/v1\/testimonials",status="201"\}/), 10);
    assert.equal(metric(scraped.text, /^frontdesk_http_requests_total\{method="POST",route="\/api\/v1\/testimonials",status="429"\}/), 20);
  });

  it('replaces a worker killed with SIGKILL while the port keeps answering', async () => {
    const url = await server.ready;
    const startup = await server.waitForRecord((r) => typeof r.url === 'string');
    const [, second] = startup.workerPids as number[];
    process.kill(second!, 'SIGKILL');
    const replaced = server.waitForRecord((r) => typeof r.msg === 'string' && /^worker 2 \(pid \d+\) is serving/.test(r.msg));
    let settled = false;
    void replaced.finally(() => (settled = true)).catch(() => {});
    // Once the primary knows (a connection handed to the worker at the instant it died is lost with
    // it: node:cluster's limit, docs/operations.md), every request is answered, by worker 1 until
    // worker 2 is back.
    const stopped = await server.waitForRecord((r) => r.workerPid === second);
    assert.equal(stopped.signal, 'SIGKILL');
    let answered = 0;
    while (!settled) {
      assert.equal((await send(`${url}/healthz`, 'GET')).status, 200);
      answered++;
    }
    const fresh = (await replaced).workerPid as number;
    assert.notEqual(fresh, second);
    assert.ok(alive(fresh));
    assert.ok(answered > 0);
    for (let i = 0; i < 4; i++) assert.equal((await send(`${url}/healthz`, 'GET')).status, 200);
  });

  it('stops every process on SIGTERM', async () => {
    const startup = await server.waitForRecord((r) => typeof r.url === 'string');
    const workers = server
      .records()
      .flatMap((r) => (typeof r.workerPid === 'number' ? [r.workerPid] : []))
      .concat(startup.workerPids as number[]);
    await server.stop('SIGTERM');
    assert.equal(await server.exited, 0);
    for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} stopped`);
  });
});

describe('several processes on one PostgreSQL database', async () => {
  const reachable = await postgresReachable();
  if (!reachable && process.env.CI !== 'true') {
    it('PostgreSQL is not reachable: skipped', { skip: true }, () => {});
    return;
  }
  const servers: ServeProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  after(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await drop?.();
  });

  it('two workers of one host and a second host share one write limit: exactly 10 of 30, bookings too', async () => {
    const database = await freshDatabase('postgres');
    drop = database.drop;
    const first = serveProcess({ ...base, DATABASE_URL: database.url, FRONTDESK_WORKERS: '2' });
    servers.push(first);
    const a = await first.ready;
    const second = serveProcess({ ...base, DATABASE_URL: database.url });
    servers.push(second);
    const b = await second.ready;
    assert.deepEqual(await burst([a, b], clientIp()), { 201: 10, 429: 20 });
    // Another client still has its own 10.
    assert.deepEqual(await burst([b, a], clientIp(), 12), { 201: 10, 429: 2 });
    // A booking's hit is counted in the booking's own call to PostgreSQL: the same one limit.
    assert.deepEqual(await bookingBurst([a, b], clientIp(), await freeStarts(a, 30)), { 201: 10, 429: 20 });
    // The startup line names the store without its password.
    assert.ok(first.output().includes(database.url.replace(/:[^:@/]*@/, ':****@')) || !/:[^:@/]+@/.test(database.url));
  });
});

describe('REDIS_URL: the limits counted in Redis', () => {
  const servers: ServeProcess[] = [];
  after(() => Promise.all(servers.map((s) => s.stop('SIGKILL'))));

  it('two processes on stores of their own share one write limit through Redis: exactly 10 of 30', async () => {
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const database = await freshDatabase('sqlite');
      const server = serveProcess({
        ...base,
        DATABASE_URL: database.url,
        REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
      });
      servers.push(server);
      urls.push(await server.ready);
    }
    assert.deepEqual(await burst(urls, clientIp()), { 201: 10, 429: 20 });
    assert.match(servers[0]!.output(), /"limits":"Redis"/);
  });
});

describe('a first start that fails leaves no token half-made', () => {
  const servers: ServeProcess[] = [];
  after(() => Promise.all(servers.map((s) => s.stop('SIGKILL'))));

  /** The process's exit code, or a failure should it still run after `ms` (a failed start must not linger). */
  const exitWithin = (server: ServeProcess, ms: number) =>
    Promise.race([
      server.exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${server.output()}`)), ms).unref()),
    ]);

  const causes: Record<string, () => Promise<{ env: Record<string, string>; message: RegExp; done?: () => void }>> = {
    'Redis does not answer': async () => ({ env: { REDIS_URL: 'redis://127.0.0.1:1' }, message: /REDIS_URL: Redis did not answer/ }),
    'the port is taken': async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const { port } = taken.address() as AddressInfo;
      return { env: { PORT: String(port) }, message: /EADDRINUSE/, done: () => taken.close() };
    },
  };
  for (const [cause, make] of Object.entries(causes)) {
    for (const workers of ['1', '2']) {
      it(`${cause}, FRONTDESK_WORKERS=${workers}: the process exits 1 saying why, shows no token, and the next start shows one`, async () => {
        const database = await freshDatabase('sqlite');
        const { FRONTDESK_ADMIN_TOKEN: _set, ...withoutToken } = base;
        const env = { ...withoutToken, FRONTDESK_LOG: 'plain', FRONTDESK_WORKERS: workers, DATABASE_URL: database.url };
        const failure = await make();
        const server = serveProcess({ ...env, ...failure.env });
        servers.push(server);
        try {
          assert.equal(await exitWithin(server, 30_000), 1);
        } finally {
          failure.done?.();
        }
        assert.match(server.output(), failure.message);
        assert.doesNotMatch(server.output(), /admin token/);
        // The cause gone, the next start shows the owner a token, once.
        const fixed = serveProcess(env);
        servers.push(fixed);
        await fixed.ready;
        assert.match(fixed.output(), /Your admin token \(shown once/);
      });
    }
  }
});
