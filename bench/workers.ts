/**
 * npm run bench:workers — the server as an operator runs it (bench/serve.ts, or BENCH_SERVER_COMMAND),
 * with FRONTDESK_WORKERS=1 and then FRONTDESK_WORKERS=2, each on a fresh store, at 10 connections:
 *   comment page reads (GET /comments, one thread of 20) for BENCH_SECONDS,
 *   bookings of free slots (POST /bookings with an Idempotency-Key), BENCH_BOOKINGS of them,
 *   comment creates (POST /comments on 100 threads), BENCH_COMMENTS of them;
 * and prints, per store, both worker counts side by side and their ratio. The load generator shares
 * the machine's cores with the server: on a 2-core machine two workers compete with it (said in the output).
 * A server build without FRONTDESK_WORKERS runs one process both times: the ratio is then ~1.
 *
 * Env: BENCH_SECONDS (default 5), BENCH_BOOKINGS (default 3000), BENCH_COMMENTS (default 3000),
 * BENCH_CONNECTIONS (default 10), BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, type Measured } from './load.js';
import { machineLine, startServerCommand, treeCpuSeconds, writeConfig } from './processes.js';
import { freshPostgres } from './support.js';
import { BENCH_CONFIG, bookingRequests, commentRequests, readRequests, seedThread } from './workloads.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 3000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKERS = [1, 2];

interface Row {
  name: string;
  measured: Measured;
  cpuMs: number;
}

async function run(
  store: string,
  databaseUrl: () => Promise<{ url: string; drop(): Promise<void> }>,
  workers: number,
  config: string,
): Promise<Row[]> {
  const database = await databaseUrl();
  const server = await startServerCommand({ DATABASE_URL: database.url, FRONTDESK_CONFIG: config, FRONTDESK_WORKERS: String(workers) });
  try {
    await seedThread(server.url);
    const rows: Row[] = [];
    const measure = async (name: string, load: () => Promise<Measured>) => {
      const before = treeCpuSeconds(server.child.pid!);
      const measured = await load();
      rows.push({ name, measured, cpuMs: ((treeCpuSeconds(server.child.pid!) - before) * 1000) / measured.requests });
    };
    await closedLoop(server.url, { connections: CONNECTIONS, seconds: 1 }, readRequests()); // warm-up
    await measure('comment page reads', () => closedLoop(server.url, { connections: CONNECTIONS, seconds: SECONDS }, readRequests()));
    await measure('bookings', () => closedLoop(server.url, { connections: CONNECTIONS, amount: BOOKINGS }, bookingRequests()));
    await measure('comment creates', () => closedLoop(server.url, { connections: CONNECTIONS, amount: COMMENTS }, commentRequests()));
    for (const r of rows) {
      const bad = Object.entries(r.measured.codes).filter(([code]) => !/^2/.test(code));
      if (bad.length || r.measured.errors)
        console.log(
          `  ${store}, ${workers} worker(s), ${r.name}: answers other than 2xx ${JSON.stringify(Object.fromEntries(bad))}, ${r.measured.errors} errors`,
        );
    }
    return rows;
  } finally {
    await server.stop();
    await database.drop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-workers-'));
const config = writeConfig(dir, BENCH_CONFIG);
console.log(machineLine());
console.log(
  `FRONTDESK_WORKERS=1 then 2, each on a fresh store; ${CONNECTIONS} connections; reads for ${SECONDS} s, ${BOOKINGS} bookings, ${COMMENTS} comment creates.\n`,
);
let n = 0;
const stores: Array<[string, () => Promise<{ url: string; drop(): Promise<void> }>]> = [
  ['SQLite', async () => ({ url: `sqlite:${join(dir, `w${n++}.db`)}`, drop: async () => {} })],
];
if (PG_URL !== 'off' && (await freshPostgres(PG_URL, 'frontdesk_bench_probe').then((d) => d?.drop().then(() => true)))) {
  stores.push(['PostgreSQL', async () => (await freshPostgres(PG_URL, `frontdesk_bench_workers_${n++}`))!]);
}
try {
  for (const [store, database] of stores) {
    const results = new Map<number, Row[]>();
    for (const workers of WORKERS) results.set(workers, await run(store, database, workers, config));
    for (const [i, row] of results.get(1)!.entries()) {
      const two = results.get(2)![i]!;
      const line = (r: Row) =>
        `${Math.round(r.measured.perSecond)}/s (p50 ${r.measured.p50} ms, p99 ${r.measured.p99} ms, server CPU ${r.cpuMs.toFixed(2)} ms/request)`;
      console.log(
        `${store}, ${row.name}: 1 worker ${line(row)}; 2 workers ${line(two)}; ratio 2/1 ${(two.measured.perSecond / row.measured.perSecond).toFixed(2)}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
