/**
 * npm run bench:bookings — POST /api/v1/bookings against a real Frontdesk server (its own process,
 * `startServer` from the build, as `frontdesk serve` runs it: bench/support.ts `built`), on a fresh
 * SQLite file and a fresh PostgreSQL database, with autocannon at 10 connections. First the same free-slot requests go to a bare node:http server
 * (bench/bare-bookings-server.ts) that only reads and parses them: the ceiling this machine and load
 * generator allow, which each store's free-slot rate is given as a share of. Each server first takes
 * BENCH_WARMUP free-slot bookings (default 10,000), unmeasured: until V8 has compiled its hot code it
 * answers 10-15% slower. Then, per store:
 *   1. free slots: every request books a different free 5-minute slot (clinic open 24x7), each with
 *      its own Idempotency-Key as the widget sends it; reports accepted bookings/s, p50, p99;
 *   2. contention: the same number of requests spread over only 10 slots: 10 must be accepted,
 *      every other answer must be 409 slot_taken;
 *   3. paced: free slots again, but offered at a steady rate (BENCH_RATE, default 1,000/s, on SQLite;
 *      BENCH_PG_RATE, default 500/s, on PostgreSQL) rather than as fast as the server answers: the
 *      latency at the target rate, not at saturation;
 *   4. reschedules under contention: POST /bookings/{id}/reschedule?token=, each request moving another
 *      booking of round 1 onto one of only 10 free slots: 10 moves must succeed, every other answer must be
 *      409 slot_taken, and no booking may be lost or doubled (reschedules/s is the answers' rate);
 * then counts overlapping confirmed bookings with a query over every row (must be 0); and, to tell
 * the booking logic's cost from the HTTP stack's, times the service alone (bookings.create on the
 * same store, in this process, one at a time).
 * Stops by itself: each round is a fixed number of requests.
 *
 * Env: BENCH_BOOKINGS (requests per round, default 5000), BENCH_CONNECTIONS (default 10), BENCH_WARMUP (default 10000),
 * BENCH_RATE, BENCH_PG_RATE,
 * BENCH_IDEMPOTENCY (default on; "off" sends no Idempotency-Key),
 * BENCH_STAFF (default 0: one practitioner; N: N staff members giving the service, which needs a shared room of
 * capacity N - 1 (1 when N is 1), so each contended slot takes min(N, N - 1) bookings; overlaps counted per person and per room unit),
 * BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip), BENCH_SQLITE ("off" to skip SQLite),
 * BENCH_NOTIFIER ("wake", the default: every booking wakes the notification worker as in production;
 * "poll": a diagnostic that leaves it to its 1.5 s poll, to tell the booking path's cost from the worker's),
 * BENCH_TRACE=1 (the server prints per-second timings, bench/trace.ts), BENCH_PROFILE=DIR (the server
 * writes a CPU profile there), BENCH_NODE_FLAGS (extra node flags for the server, e.g. "--max-semi-space-size=64").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { cpuSeconds, loadAverage, postgresCpuSeconds } from './processes.js';
import { traceServer } from './trace.js';
import { built, freshPostgres, WARMUP } from './support.js';
import { openStore } from '../src/server/store/db.js';

const REQUESTS = Number(process.env.BENCH_BOOKINGS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY !== 'off';
const NOTIFIER = process.env.BENCH_NOTIFIER === 'poll' ? 'poll' : 'wake';
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SLOT_MS = 5 * 60_000;
/**
 * The paced round's offered rate: on SQLite the target throughput, to show the latency at it; on
 * PostgreSQL (slower here: three synced commits per booking) a rate it keeps up with, since an
 * open loop above capacity only measures a growing queue.
 */
const PACED_RATE: Record<string, number> = {
  SQLite: Number(process.env.BENCH_RATE ?? 1000),
  PostgreSQL: Number(process.env.BENCH_PG_RATE ?? 500),
};
const DAY = ['00:00', '24:00'];

const STAFF = Number(process.env.BENCH_STAFF ?? 0);
const ROOM = Math.max(1, STAFF - 1);
/** Bookings one contended slot takes: one, or with staff as many as the room holds. */
const PER_SLOT = STAFF ? Math.min(STAFF, ROOM) : 1;

const CONFIG = {
  business: { name: 'Bench Clinic', timezone: 'America/New_York', email: 'owner@example.com', address: '1 Main St' },
  allowedOrigins: ['*'],
  services: [{ id: 'quick', name: 'Quick visit', durationMinutes: 5, ...(STAFF ? { resources: ['room'] } : {}) }],
  ...(STAFF
    ? {
        staff: Array.from({ length: STAFF }, (_, i) => ({ id: `s${i + 1}`, name: `Staff ${i + 1}` })),
        resources: [{ id: 'room', name: 'Room', capacity: ROOM }],
      }
    : {}),
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [DAY]])),
  booking: { slotIntervalMinutes: 5, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 3650 },
  limits: { writesPerMinutePerClient: 100_000_000 },
};

// Child mode: `bookings.ts serve <DATABASE_URL>` runs the real Frontdesk server and prints its URL.
if (process.argv[2] === 'serve') {
  const traced = process.env.BENCH_TRACE ? await traceServer() : undefined;
  const { parseConfig } = await built<typeof import('../src/server/config.js')>('server/config.js');
  const { startServer } = await built<typeof import('../src/server/server.js')>('server/server.js');
  const server = await startServer({
    port: 0,
    databaseUrl: process.argv[3]!,
    config: parseConfig(CONFIG),
    adminToken: 'bench-admin-token',
    demo: false,
    log: () => {},
  });
  if (NOTIFIER === 'poll') server.ctx.onEvents = () => {};
  traced?.start();
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else {
  await main();
}

function child(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE] : []),
      '--import',
      'tsx',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (url) => resolve({ proc, url }));
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/** Fires `amount` POST /bookings; the i-th request books slot `slotOf(i)` after `base`. */
async function round(url: string, amount: number, base: number, slotOf: (i: number) => number, pid?: number) {
  let i = 0;
  let lastAnswer = 0;
  const cpuBefore = pid ? cpuSeconds(pid) : NaN;
  const postgresBefore = postgresCpuSeconds();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/bookings',
        setupRequest: (req) => {
          const n = i++;
          const body = JSON.stringify({
            service: 'quick',
            start: new Date(base + slotOf(n) * SLOT_MS).toISOString(),
            name: `Visitor ${n}`,
            email: `visitor${n}@example.com`,
          });
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (IDEMPOTENCY) headers['idempotency-key'] = randomUUID();
          return { ...req, body, headers };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  // Until the last answer: autocannon only notices it is done on its next one-second tick, so its
  // own duration (and the time it takes to resolve) is rounded up to whole seconds.
  const seconds = (lastAnswer - started) / 1000;
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  return {
    seconds,
    codes,
    accepted: codes['201'] ?? 0,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    /** Server CPU milliseconds per request: what the figures would be on an idle machine is about 1000 / this per core. */
    cpuMsPerRequest: (((pid ? cpuSeconds(pid) : NaN) - cpuBefore) * 1000) / result.requests.total,
    /** PostgreSQL's processes' CPU (on SQLite, what the machine's PostgreSQL did meanwhile: about 0). */
    postgresCpuMsPerRequest: ((postgresCpuSeconds() - postgresBefore) * 1000) / result.requests.total,
    /** The load generator's own CPU (it shares the machine's two cores with the server). */
    clientCpuMsPerRequest: ((u) => (u.user + u.system) / 1000 / result.requests.total)(process.cpuUsage(clientBefore)),
  };
}

/**
 * Open loop: request i is due at start + i / rate, whatever the answers before it (autocannon's own
 * rate limit sends each second's budget in a burst). At most CONNECTIONS requests are on the wire;
 * a request waiting for a free connection waits on the clock, and its latency counts from when it
 * was due, so a slow server cannot hide its queue.
 */
async function pacedRound(url: string, amount: number, rate: number, base: number, slotOf: (i: number) => number, pid?: number) {
  const { Agent, request } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL('/api/v1/bookings', url);
  const latencies: number[] = [];
  /** How late the generator itself sent each request (its own event loop, GC): part of the latencies. */
  const lags: number[] = [];
  const codes: Record<string, number> = {};
  let errors = 0;
  const cpuBefore = pid ? cpuSeconds(pid) : NaN;
  const started = performance.now();
  const one = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({
        service: 'quick',
        start: new Date(base + slotOf(n) * SLOT_MS).toISOString(),
        name: `Visitor ${n}`,
        email: `visitor${n}@example.com`,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      if (IDEMPOTENCY) headers['idempotency-key'] = randomUUID();
      const req = request(target, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          codes[res.statusCode!] = (codes[res.statusCode!] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const pending: Promise<void>[] = [];
  for (let n = 0; n < amount; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lags.push(performance.now() - due);
    pending.push(one(n, due));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const at = (q: number, list = latencies) => Math.round(list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? NaN);
  return {
    accepted: codes['201'] ?? 0,
    codes,
    p50: at(0.5),
    p99: at(0.99),
    lagP99: at(0.99, lags),
    lagMax: at(1, lags),
    errors,
    cpuMsPerRequest: (((pid ? cpuSeconds(pid) : NaN) - cpuBefore) * 1000) / amount,
  };
}

/** The id and token of the bookings starting in [fromMs, toMs), soonest first (to move them). */
async function bookingKeys(url: string, fromMs: number, toMs: number): Promise<Array<{ id: string; token: string }>> {
  const store = await openStore(url);
  try {
    return await store.db
      .selectFrom('bookings')
      .select(['id', 'token'])
      .where('start_ms', '>=', fromMs)
      .where('start_ms', '<', toMs)
      .orderBy('start_ms')
      .execute();
  } finally {
    await store.close();
  }
}

/** Fires one POST /bookings/{id}/reschedule per booking of `keys`: the i-th moves onto slot `slotOf(i)` after `base`. */
async function rescheduleRound(
  url: string,
  keys: Array<{ id: string; token: string }>,
  base: number,
  slotOf: (i: number) => number,
  pid?: number,
) {
  let i = 0;
  let lastAnswer = 0;
  const cpuBefore = pid ? cpuSeconds(pid) : NaN;
  const started = performance.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: keys.length,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = i++;
          const { id, token } = keys[n % keys.length]!;
          const body = JSON.stringify({ start: new Date(base + slotOf(n) * SLOT_MS).toISOString() });
          return {
            ...req,
            path: `/api/v1/bookings/${id}/reschedule?token=${encodeURIComponent(token)}`,
            body,
            headers: { 'content-type': 'application/json' },
          };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  return {
    seconds,
    codes,
    moved: codes['200'] ?? 0,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: (((pid ? cpuSeconds(pid) : NaN) - cpuBefore) * 1000) / result.requests.total,
  };
}

/**
 * Confirmed bookings that start before an earlier one's blocked range ends (running maximum), per
 * person (staff_id; '' without staff), and the same per room unit.
 */
async function overlapping(url: string): Promise<{ confirmed: number; overlaps: number; roomOverlaps: number }> {
  const store = await openStore(url);
  try {
    const { rows } = await sql<{ n: number | string; c: number | string }>`
      select count(*) as c, coalesce(sum(case when prev_until > start_ms then 1 else 0 end), 0) as n from (
        select start_ms, max(blocked_until_ms) over (partition by staff_id order by start_ms, id rows between unbounded preceding and 1 preceding) as prev_until
        from bookings where status = 'confirmed'
      ) as ordered`.execute(store.db);
    const { rows: room } = await sql<{ n: number | string }>`
      select coalesce(sum(case when prev_until > start_ms then 1 else 0 end), 0) as n from (
        select start_ms, max(blocked_until_ms) over (partition by resource, unit order by start_ms, booking_id rows between unbounded preceding and 1 preceding) as prev_until
        from booking_resources where status = 'confirmed'
      ) as ordered`.execute(store.db);
    return { confirmed: Number(rows[0]!.c), overlaps: Number(rows[0]!.n), roomOverlaps: Number(room[0]!.n) };
  } finally {
    await store.close();
  }
}

/** bookings.create() alone (the build, as the server runs it), sequentially: CPU and wall milliseconds per booking. */
async function serviceOnly(url: string, base: number, count: number): Promise<{ cpuMs: number; wallMs: number }> {
  const { parseConfig } = await built<typeof import('../src/server/config.js')>('server/config.js');
  const bookings = await built<typeof import('../src/server/services/bookings.js')>('server/services/bookings.js');
  const { openStore } = await built<typeof import('../src/server/store/db.js')>('server/store/db.js');
  const store = await openStore(url);
  const config = parseConfig(CONFIG);
  const input = (i: number) => ({
    service: 'quick',
    start: new Date(base + i * SLOT_MS).toISOString(),
    name: `Direct ${i}`,
    email: 'direct@example.com',
  });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) await bookings.create(store, config, input(i), Date.now());
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000 / count, wallMs: (performance.now() - started) / count };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  const file = join(dir, 'bookings.db');
  const postgres = await freshPostgres(PG_URL, 'frontdesk_bench_bookings');
  const targets: Array<[string, string]> = [
    ...(process.env.BENCH_SQLITE === 'off' ? [] : [['SQLite', `sqlite:${file}`] as [string, string]]),
    ...(postgres ? [['PostgreSQL', postgres.url] as [string, string]] : []),
  ];
  console.log(
    `POST /api/v1/bookings, ${REQUESTS} requests per round at ${CONNECTIONS} connections after ${WARMUP} unmeasured (BENCH_WARMUP), the server from the build, ` +
      `Idempotency-Key ${IDEMPOTENCY ? 'on' : 'off'}, ${STAFF ? `${STAFF} staff sharing a room of ${ROOM}` : 'one practitioner'}, notification worker ${NOTIFIER === 'wake' ? 'woken by every booking' : 'polling only (diagnostic)'}; load average before: ${loadAverage()}\n`,
  );
  const lines: string[] = [];
  let failed = false;
  // The limit the free-slot rate compares with: the same requests to a bare node:http server.
  const bare = await child(['bench/bare-bookings-server.ts']);
  let ceiling = NaN;
  try {
    const base = Math.ceil((Date.now() + 3_600_000) / SLOT_MS) * SLOT_MS;
    await round(bare.url, WARMUP, base, (i) => i);
    const top = await round(bare.url, REQUESTS, base, (i) => i, bare.proc.pid);
    ceiling = top.rps;
    const line =
      `Ceiling, bare node:http (reads and parses the same POSTs, answers a fixed 201; no store, no checks): ${Math.round(top.rps)} answers/s, ` +
      `p50 ${top.p50} ms, p99 ${top.p99} ms, server CPU ${top.cpuMsPerRequest.toFixed(2)} ms/request (load generator ${top.clientCpuMsPerRequest.toFixed(2)})`;
    console.log(line);
    lines.push(line);
  } finally {
    bare.proc.kill('SIGTERM');
    await new Promise((r) => bare.proc.once('exit', r));
  }
  try {
    for (const [name, url] of targets) {
      const server = await child(['bench/bookings.ts', 'serve', url]);
      try {
        // Slots on the 5-minute grid, from an hour from now; the rounds never share a slot.
        const base = Math.ceil((Date.now() + 3_600_000) / SLOT_MS) * SLOT_MS;
        await round(server.url, WARMUP, base, (i) => i); // warm-up, not counted
        const pid = server.proc.pid;
        const free = await round(server.url, REQUESTS, base, (i) => WARMUP + i, pid);
        // With staff, a contended slot takes PER_SLOT bookings, whatever the interleaving.
        const contention = await round(server.url, REQUESTS, base, (i) => WARMUP + REQUESTS + (i % 10), pid);
        const paced = await pacedRound(server.url, REQUESTS, PACED_RATE[name]!, base, (i) => WARMUP + REQUESTS + 10 + i, pid);
        const direct = await serviceOnly(url, base + (WARMUP + 2 * REQUESTS + 10) * SLOT_MS, Math.min(REQUESTS, 3000));
        // Round 1's bookings, each moved once, onto 10 slots past every other round's.
        const keys = await bookingKeys(url, base + WARMUP * SLOT_MS, base + (WARMUP + REQUESTS) * SLOT_MS);
        const moves = await rescheduleRound(server.url, keys, base, (i) => WARMUP + 3 * REQUESTS + 20 + (i % 10), pid);
        const check = await overlapping(url);
        const freeLine =
          `${name}, free slots:  ${Math.round(free.accepted / free.seconds)} accepted bookings/s ` +
          `(${free.accepted}/${REQUESTS} in ${free.seconds.toFixed(2)} s), p50 ${free.p50} ms, p99 ${free.p99} ms, ` +
          `server CPU ${free.cpuMsPerRequest.toFixed(2)} ms/booking (load generator ${free.clientCpuMsPerRequest.toFixed(2)}` +
          `${name === 'PostgreSQL' ? `, PostgreSQL's processes ${free.postgresCpuMsPerRequest.toFixed(2)}` : ''}), ` +
          `${(free.accepted / free.seconds / ceiling).toFixed(2)} of the bare server's rate, statuses ${JSON.stringify(free.codes)}`;
        // What the machine's cores allow at this much CPU per booking, all of it counted (server, store, generator).
        const machineMs = free.cpuMsPerRequest + free.clientCpuMsPerRequest + (name === 'PostgreSQL' ? free.postgresCpuMsPerRequest : 0);
        const cpuLine =
          `${name}, CPU bound:   ${machineMs.toFixed(2)} ms of CPU per booking on this machine in all, so ${availableParallelism()} cores allow at most ` +
          `${Math.round((availableParallelism() * 1000) / machineMs)} bookings/s with every core busy and nothing else running`;
        const contentionLine =
          `${name}, contention:  ${Math.round(contention.rps)} answers/s, ${contention.accepted} accepted of ${REQUESTS} for 10 slots (${10 * PER_SLOT} expected), ` +
          `p50 ${contention.p50} ms, p99 ${contention.p99} ms, server CPU ${contention.cpuMsPerRequest.toFixed(2)} ms/request, ` +
          `statuses ${JSON.stringify(contention.codes)}`;
        const pacedLine =
          `${name}, paced:       ${paced.accepted}/${REQUESTS} accepted at ${PACED_RATE[name]} requests/s offered, ` +
          `p50 ${paced.p50} ms, p99 ${paced.p99} ms (the generator's own send lag p99 ${paced.lagP99} ms, max ${paced.lagMax} ms), ` +
          `server CPU ${paced.cpuMsPerRequest.toFixed(2)} ms/booking, statuses ${JSON.stringify(paced.codes)}`;
        const directLine = `${name}, service only (bookings.create, no HTTP): ${direct.cpuMs.toFixed(2)} ms CPU, ${direct.wallMs.toFixed(2)} ms wall per booking`;
        const movesLine =
          `${name}, reschedules under contention: ${Math.round(moves.rps)} answers/s, ${moves.moved} moved of ${keys.length} for 10 slots, ` +
          `p50 ${moves.p50} ms, p99 ${moves.p99} ms, server CPU ${moves.cpuMsPerRequest.toFixed(2)} ms/request, statuses ${JSON.stringify(moves.codes)}`;
        const checkLine = `${name}, check:       ${check.confirmed} confirmed bookings, ${check.overlaps} overlapping for one person, ${check.roomOverlaps} for one room unit`;
        for (const line of [freeLine, cpuLine, contentionLine, pacedLine, directLine, movesLine, checkLine]) {
          console.log(line);
          lines.push(line);
        }
        // Moves keep their person: with staff, how many win depends on who held the bookings moved.
        if (moves.errors || (PER_SLOT === 1 && (moves.moved !== 10 || (moves.codes['409'] ?? 0) !== keys.length - 10))) failed = true;
        if (
          check.overlaps !== 0 ||
          check.roomOverlaps !== 0 ||
          contention.accepted !== 10 * PER_SLOT ||
          free.accepted !== REQUESTS ||
          paced.accepted !== REQUESTS ||
          check.confirmed !== WARMUP + 2 * REQUESTS + 10 * PER_SLOT + Math.min(REQUESTS, 3000) ||
          free.errors ||
          contention.errors ||
          paced.errors
        )
          failed = true;
      } finally {
        server.proc.kill('SIGTERM');
        await new Promise((r) => server.proc.once('exit', r));
      }
    }
  } finally {
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nload average after: ${loadAverage()}`);
  if (failed) {
    console.log(
      'FAILED: an overlap, a lost booking, a wrong number of accepted bookings or moves under contention, or errors (see above).',
    );
    process.exitCode = 1;
  }
}
