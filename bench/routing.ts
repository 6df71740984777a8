/**
 * npm run bench:routing — how long the notification worker holds the server's thread to route one
 * burst of bookings (src/server/notify/routing.ts): BENCH_BURST (default 70, about what 20 ms of
 * bookings at 3,500/s leave for one wake-up) `booking.created` events, each becoming an email to the
 * owner, the visitor's confirmation and reminder, routed in one transaction. On SQLite the routing
 * runs on the thread that answers requests, and every request that arrives meanwhile waits for it:
 * this is part of a request's p99. On PostgreSQL a visitor's booking or comment is written routed
 * (services/events.ts routedEvent) and never comes here; on SQLite it does. Prints the wall and CPU milliseconds per burst (median and
 * worst of BENCH_ROUNDS, default 200, after 20 not counted), on SQLite and PostgreSQL.
 *
 * Env: BENCH_BURST, BENCH_ROUNDS, BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/server/config.js';
import { routeEvents } from '../src/server/notify/routing.js';
import { openStore, type Store } from '../src/server/store/db.js';
import { loadAverage } from './processes.js';
import { freshPostgres } from './support.js';

const BURST = Number(process.env.BENCH_BURST ?? 70);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARM_UP = 20;
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const config = parseConfig({
  business: { name: 'Bench Clinic', timezone: 'America/New_York', email: 'owner@example.com', address: '1 Main St' },
  allowedOrigins: ['*'],
  services: [{ id: 'quick', name: 'Quick visit', durationMinutes: 5 }],
  hours: { mon: [['09:00', '17:00']] },
});

let booked = 0;
function burst(): Array<{ type: string; payload: string; created_at: number }> {
  return Array.from({ length: BURST }, () => {
    const i = booked++;
    const start = Date.now() + 3 * 86_400_000 + i * 300_000;
    const payload = {
      id: `bench-${i}`,
      service: 'quick',
      serviceName: 'Quick visit',
      start: new Date(start).toISOString(),
      end: new Date(start + 300_000).toISOString(),
      name: `Visitor ${i}`,
      email: `visitor${i}@example.com`,
      status: 'confirmed',
      timezone: 'Europe/Paris',
    };
    return { type: 'booking.created', payload: JSON.stringify(payload), created_at: Date.now() };
  });
}

async function measure(store: Store): Promise<{ wall: number[]; cpu: number[]; deliveries: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    await store.db.insertInto('events').values(burst()).execute();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const routed = await routeEvents({ config, store } as Parameters<typeof routeEvents>[0]);
    const used = process.cpuUsage(cpuBefore);
    if (routed !== BURST) throw new Error(`routed ${routed} of ${BURST} events`);
    if (round < WARM_UP) continue;
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const row = await store.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { wall, cpu, deliveries: Number(row.n) };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const worst = (list: number[]) => Math.max(...list);

console.log(
  `Routing a burst of ${BURST} booking.created events (owner's email, confirmation, reminder each), ${ROUNDS} bursts after ${WARM_UP} not counted; ` +
    `${availableParallelism()} cores, load average before: ${loadAverage()}`,
);
const postgres = await freshPostgres(PG_URL, 'frontdesk_bench_routing');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
const targets: Array<[string, string]> = [
  ['SQLite', `sqlite:${join(dir, 'routing.db')}`],
  ...(postgres ? [['PostgreSQL', postgres.url] as [string, string]] : []),
];
try {
  for (const [name, url] of targets) {
    const store = await openStore(url, { checkpointer: false });
    try {
      const { wall, cpu, deliveries } = await measure(store);
      const expected = (WARM_UP + ROUNDS) * BURST * 3;
      console.log(
        `${name}: ${median(wall).toFixed(2)} ms per burst (worst ${worst(wall).toFixed(2)}), ${median(cpu).toFixed(2)} ms of CPU, ` +
          `${((median(cpu) * 1000) / BURST).toFixed(1)} µs per booking; ${deliveries} deliveries (${expected} expected)`,
      );
      if (deliveries !== expected) process.exitCode = 1;
    } finally {
      await store.close();
    }
  }
} finally {
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
}
