/**
 * npm run bench:availability — GET /api/v1/availability for 60 days against a real Frontdesk server
 * (its own process, `startServer`) whose owner has two iCalendar feeds of 500 events each (a third
 * of them recurring: weekly, fortnightly, monthly or daily; with COUNT, UNTIL or no end; EXDATEs and
 * moved occurrences; the rest single events over the past two years and the next three months, some
 * all-day, some transparent), and 300 bookings in the window; on a fresh SQLite file and a fresh
 * PostgreSQL database; with autocannon at 10 connections, reporting p50 and p99 (target p99 < 20 ms):
 *   - cache on: the server as it runs (answers kept under the schedule's version);
 *   - cache off: the same server with its availability cache patched to always miss (this bench's
 *     child process only), i.e. every request reads bookings, time off and busy times and computes;
 * and a sync of both calendars, measured in CPU time of this whole process (worker threads included;
 * target < 1 s): a full read (fetch, parse, expand, store) with the sync's worker running, the first
 * one after start (which also starts the worker), an unchanged one (304), and the expansion alone. Feeds are served by this process from memory, over loopback.
 * Stops by itself: each round is a fixed duration.
 *
 * Caveats, printed too: a single URL per round, so "cache on" measures hits (the widget's repeated
 * question), not the first visitor after a change; the server runs under tsx (as the other benches),
 * which also compiles the sync's worker on each start; figures on a shared machine are not figures.
 *
 * Env: BENCH_SECONDS (default 5), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 10),
 * BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { expandCalendars } from '../src/server/calendars/expand.js';
import { syncCalendar } from '../src/server/calendars/sync.js';
import { type Config, parseConfig } from '../src/server/config.js';
import type { AppContext } from '../src/server/context.js';
import { startServer } from '../src/server/server.js';
import { AvailabilityCache } from '../src/server/services/availability-cache.js';
import { openStore, type Store } from '../src/server/store/db.js';
import { loadAverage } from './processes.js';
import { freshPostgres } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = 500;
const BOOKINGS = 300;
const ZONE = 'America/New_York';
const DAY = 86_400_000;

function config(feedBase: string): Config {
  const open = [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ];
  return parseConfig({
    business: { name: 'Bench Clinic', timezone: ZONE, email: 'owner@example.com' },
    allowedOrigins: ['*'],
    services: [
      { id: 'initial', name: 'Initial consultation', durationMinutes: 90 },
      { id: 'follow-up', name: 'Follow-up treatment', durationMinutes: 60 },
      { id: 'cupping', name: 'Cupping', durationMinutes: 30 },
    ],
    hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, open])),
    booking: { slotIntervalMinutes: 15, bufferMinutes: 15, minNoticeHours: 2, maxAdvanceDays: 60 },
    limits: { writesPerMinutePerClient: 100_000_000 },
    closures: [{ from: '2099-12-24', to: '2099-12-26' }],
    calendars: [
      { id: 'personal', url: `${feedBase}/personal.ics` },
      { id: 'family', url: `${feedBase}/family.ics` },
    ],
  });
}

/** A small deterministic generator, so every run reads the same calendars. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const local = (ms: number) => stamp(ms - 5 * 3_600_000).replace(/Z$/, ''); // a wall time, roughly New York's

/** One feed: 500 VEVENTs, a third of them recurring, around `now`. */
function feed(seed: number, now: number): string {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const events: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const hour = 8 + Math.floor(next() * 10);
    const minutes = pick([0, 15, 30, 45]);
    const length = pick([30, 45, 60, 90]) * 60_000;
    const uid = `bench-${seed}-${i}@example.com`;
    const common = [`UID:${uid}`, 'DTSTAMP:20270101T000000Z', `SUMMARY:Event ${i}`];
    if (i % 3 === 0) {
      const startDay = Math.floor(now / DAY) - Math.floor(next() * 400) + 30;
      const start = startDay * DAY + (hour * 60 + minutes) * 60_000;
      const rule = pick(['FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY', 'FREQ=DAILY;COUNT=10']);
      const end = pick(['', `;COUNT=${5 + Math.floor(next() * 40)}`, `;UNTIL=${stamp(now + (next() * 120 - 30) * DAY)}`]);
      events.push(
        [
          'BEGIN:VEVENT',
          ...common,
          `DTSTART;TZID=${ZONE}:${local(start)}`,
          `DTEND;TZID=${ZONE}:${local(start + length)}`,
          `RRULE:${rule.includes('COUNT') ? rule : rule + end}`,
          `EXDATE;TZID=${ZONE}:${local(start + 7 * DAY)}`,
          'END:VEVENT',
          // A moved occurrence (RECURRENCE-ID): the second one, an hour later.
          'BEGIN:VEVENT',
          ...common,
          `RECURRENCE-ID;TZID=${ZONE}:${local(start + (rule.includes('DAILY') ? DAY : rule.includes('MONTHLY') ? 0 : 14 * DAY))}`,
          `DTSTART;TZID=${ZONE}:${local(start + 14 * DAY + 3_600_000)}`,
          `DTEND;TZID=${ZONE}:${local(start + 14 * DAY + 3_600_000 + length)}`,
          'END:VEVENT',
        ].join('\r\n'),
      );
    } else {
      const day = Math.floor(now / DAY) - Math.floor(next() * 700) + 90;
      const allDay = next() < 0.05;
      const start = day * DAY + (hour * 60 + minutes) * 60_000;
      events.push(
        [
          'BEGIN:VEVENT',
          ...common,
          ...(allDay
            ? [`DTSTART;VALUE=DATE:${stamp(day * DAY).slice(0, 8)}`, `DTEND;VALUE=DATE:${stamp((day + 1) * DAY).slice(0, 8)}`]
            : [`DTSTART:${stamp(start)}`, `DTEND:${stamp(start + length)}`]),
          ...(next() < 0.05 ? ['TRANSP:TRANSPARENT'] : []),
          'END:VEVENT',
        ].join('\r\n'),
      );
    }
  }
  // prettier-ignore
  const zone = [
    'BEGIN:VTIMEZONE', `TZID:${ZONE}`,
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'TZNAME:EDT', 'DTSTART:20070311T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'TZNAME:EST', 'DTSTART:20071104T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
    'END:VTIMEZONE',
  ];
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', ...zone, ...events, 'END:VCALENDAR', ''].join('\r\n');
}

/** The feeds, served from memory with an ETag (304 to a matching If-None-Match). */
async function serveFeeds(now: number): Promise<{ url: string; texts: string[]; close(): Promise<void> }> {
  const bodies = new Map([
    ['/personal.ics', feed(1, now)],
    ['/family.ics', feed(2, now)],
  ]);
  const server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    const etag = `"${body.length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
    res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    texts: [...bodies.values()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Child mode: `availability.ts serve <DATABASE_URL> <feed base> <cache on|off>` runs the real server and prints its URL.
if (process.argv[2] === 'serve') {
  if (process.argv[5] === 'off') AvailabilityCache.prototype.get = () => undefined;
  const server = await startServer({
    port: 0,
    databaseUrl: process.argv[3]!,
    config: config(process.argv[4]!),
    adminToken: 'bench-admin-token-0123',
    demo: false,
    log: () => {},
  });
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else if (process.argv[2] === 'feed') {
  // `availability.ts feed`: prints the first generated feed (to look at, or to profile by hand).
  process.stdout.write(feed(1, Date.now()));
} else {
  await main();
}

/** 300 confirmed bookings in the window, through the store (not the API: the bench measures reads). */
async function seedBookings(store: Store, now: number): Promise<void> {
  const next = random(7);
  const rows = [];
  for (let i = 0; i < BOOKINGS; i++) {
    const day = Math.floor(now / DAY) + 1 + Math.floor((i / BOOKINGS) * 58);
    const start = day * DAY + (14 + (i % 8)) * 3_600_000 + Math.floor(next() * 4) * 900_000; // 14:00-22:00Z, New York's day
    rows.push({
      id: `bench-${i}`,
      token: `token-${i}`,
      service: 'cupping',
      service_name: 'Cupping',
      start_ms: start,
      end_ms: start + 1_800_000,
      blocked_until_ms: start + 2_700_000,
      status: 'confirmed',
      name: `Client ${i}`,
      email: `c${i}@example.com`,
      phone: null,
      notes: null,
      timezone: null,
      created_at: now,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
    });
  }
  // Overlapping draws are skipped, as the store would refuse them.
  for (const row of rows)
    await store.db
      .insertInto('bookings')
      .values(row)
      .execute()
      .catch(() => {});
}

function child(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (url) => resolve({ proc, url }));
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/** CPU time (user + system) of a process, in ms, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  cpuMicros?: number;
}

async function load(url: string, pid: number): Promise<Measured> {
  const before = cpuMs(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  const after = cpuMs(pid);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const measured: Measured = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  if (before !== undefined && after !== undefined) measured.cpuMicros = Math.round(((after - before) * 1000) / result.requests.total);
  return measured;
}

/** CPU (this process, all threads) and wall time of `work`, in ms. */
async function timed(work: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

async function syncFigures(url: string, feedBase: string): Promise<string[]> {
  const store = await openStore(url);
  try {
    const ctx: AppContext = { config: config(feedBase), store, adminTokenHash: '', distDir: '' };
    const syncBoth = () => Promise.all(ctx.config.calendars.map((c) => syncCalendar(ctx, c, { force: true })));
    const first = await timed(syncBoth);
    await store.db.deleteFrom('calendar_state').execute(); // forget the validators and hashes: read everything again
    const full = await timed(syncBoth);
    const unchanged = await timed(syncBoth);
    const { count } = await store.db
      .selectFrom('calendar_busy')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return [
      `full read (fetch, parse, expand in the worker, store ${Number(count)} busy times): cpu ${full.cpu.toFixed(0)} ms, wall ${full.wall.toFixed(0)} ms (target cpu < 1000 ms)`,
      `the first after start (also starts the worker, which compiles ical.js; under tsx, our sources too): cpu ${first.cpu.toFixed(0)} ms, wall ${first.wall.toFixed(0)} ms`,
      `unchanged (conditional request, 304): cpu ${unchanged.cpu.toFixed(0)} ms, wall ${unchanged.wall.toFixed(0)} ms`,
    ];
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const now = Date.now();
  const feeds = await serveFeeds(now);
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  const postgres = await freshPostgres(PG_URL, 'frontdesk_bench_availability');
  const children: ChildProcess[] = [];
  try {
    console.log(
      `npm run bench:availability: GET /api/v1/availability for 60 days, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per cell ` +
        `(best kept); 2 iCalendar feeds of ${EVENTS} events (a third recurring), ${BOOKINGS} bookings.\n` +
        'Caveats: one URL per round, so "cache on" is the repeated question (hits), not the first visitor after a change; ' +
        '"cache off" patches the cache to miss in the server process only; tsx runs the server; figures from a busy machine mean little.\n' +
        `Load average before: ${loadAverage()}\n`,
    );
    const alone = await timed(async () =>
      expandCalendars({ texts: feeds.texts, windowStart: now - DAY, windowEnd: now + 67 * DAY, zone: ZONE }),
    );
    console.log(`Sync of both calendars (this process's CPU, worker threads included), on SQLite:`);
    for (const line of await syncFigures(`sqlite:${join(dir, 'sync.db')}`, feeds.url)) console.log(`  ${line}`);
    console.log(`  expansion alone, in this thread, the first time (ical.js not yet compiled): cpu ${alone.cpu.toFixed(0)} ms\n`);

    const rows: string[][] = [['store', 'cache', 'req/s', 'p50 ms', 'p99 ms', 'cpu µs/req']];
    const today = new Date(now - 5 * 3_600_000).toISOString().slice(0, 10);
    const last = new Date(now - 5 * 3_600_000 + 59 * DAY).toISOString().slice(0, 10);
    const path = `/api/v1/availability?service=follow-up&from=${today}&to=${last}`;
    for (const [name, url] of [
      ['SQLite', `sqlite:${join(dir, 'bench.db')}`],
      ...(postgres ? [['PostgreSQL', postgres.url]] : []),
    ] as const) {
      const store = await openStore(url);
      await seedBookings(store, now);
      await store.close();
      for (const cache of ['on', 'off'] as const) {
        const server = await child(['bench/availability.ts', 'serve', url, feeds.url, cache]);
        children.push(server.proc);
        const headers = { Authorization: 'Bearer bench-admin-token-0123' };
        for (const id of ['personal', 'family']) {
          const state = (await (await fetch(`${server.url}/api/v1/admin/calendars/${id}/sync`, { method: 'POST', headers })).json()) as {
            busyCount: number;
            lastError?: string;
          };
          if (state.lastError) throw new Error(`${id}: ${state.lastError}`);
        }
        const answer = (await (await fetch(server.url + path)).json()) as { slots: unknown[] };
        if (!answer.slots.length) throw new Error('no free slot at all: the bench would measure an empty answer');
        await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: 1 }); // warm-up
        let best: Measured | undefined;
        for (let round = 0; round < ROUNDS; round++) {
          const r = await load(server.url + path, server.proc.pid!);
          if (!best || r.p99 < best.p99) best = r;
        }
        rows.push([
          name,
          cache,
          Math.round(best!.rps).toLocaleString('en'),
          String(best!.p50),
          String(best!.p99),
          String(best!.cpuMicros ?? '?'),
        ]);
        console.log(`${name}, cache ${cache}: ${answer.slots.length} free slots in the answer`);
        await new Promise((resolve) => (server.proc.once('exit', resolve), server.proc.kill('SIGTERM')));
      }
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log('\n' + rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    console.log(`\nTarget: p99 < 20 ms at ${CONNECTIONS} connections. Load average after: ${loadAverage()}`);
  } finally {
    await Promise.all(
      children.map(
        (proc) => new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : (proc.once('exit', resolve), proc.kill('SIGTERM')))),
      ),
    );
    await feeds.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
