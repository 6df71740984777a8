/**
 * npm run bench:comments — reading the first page of a thread (limit 20) of 10, 1,000 and 100,000
 * published comments, on SQLite and PostgreSQL, at 10 and 50 connections, with autocannon; and the
 * same page from a bare node:http server that sends that page's bytes computed once
 * (bench/bare-comments-server.ts): the ceiling our figures are a ratio of, one process each. Each
 * server runs in its own process (Frontdesk's from the build, as `frontdesk serve` runs it:
 * bench/support.ts `built`); this one drives load.
 *
 * A repeated read of an unchanged page asks the store nothing (the page cache by thread version,
 * services/page-cache.ts; the thread's version kept in memory, fresh through store/changes.ts): the
 * ratio is the cost of our routing, URL checks, CORS and headers over node:http's own.
 * The EXPLAIN plans printed are those of a cache miss. Target: a ratio of at least 0.8.
 *
 * Env: BENCH_SECONDS (default 5), BENCH_ROUNDS (default 2), BENCH_SIZES (default 10,1000,100000),
 * BENCH_CONNECTIONS (default 10,50), BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip),
 * BENCH_PROFILE=DIR (each server, the bare one too, writes a CPU profile there), BENCH_NODE_FLAGS (extra node
 * flags for the Frontdesk servers, not the bare one, e.g. "--min-semi-space-size=16").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadAverage } from './processes.js';
import { built, freshPostgres } from './support.js';
import { REPLIES_PER_PAGE } from '../src/server/services/comments.js';
import { pageStatements } from '../src/server/store/comments-queries.js';
import { openStore, type Store } from '../src/server/store/db.js';

const SIZES = (process.env.BENCH_SIZES ?? '10,1000,100000').split(',').map(Number);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const TARGET = 0.8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const thread = (size: number) => `/bench/${size}`;

// Child mode: `comments.ts serve <DATABASE_URL>` runs the real Frontdesk server and prints its URL.
if (process.argv[2] === 'serve') {
  // The build, as `frontdesk serve` runs it (bench/support.ts).
  const { parseConfig } = await built<typeof import('../src/server/config.js')>('server/config.js');
  const { DEMO_CONFIG } = await built<typeof import('../src/server/demo-config.js')>('server/demo-config.js');
  const { startServer } = await built<typeof import('../src/server/server.js')>('server/server.js');
  const server = await startServer({
    port: 0,
    databaseUrl: process.argv[3]!,
    config: parseConfig({ ...DEMO_CONFIG, allowedOrigins: ['*'] }),
    adminToken: 'bench-admin-token',
    demo: false,
    log: () => {},
  });
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else if (process.argv[2] === 'seed') {
  // `comments.ts seed <DATABASE_URL>`: only seed (for profiling by hand).
  const store = await openStore(process.argv[3]!);
  await seed(store);
  await store.close();
} else {
  await main();
}

/** Bulk insert: 1,000 rows per statement in one transaction; every fourth comment a reply, every eighth a reply to a reply. */
async function seed(store: Store): Promise<void> {
  let id = 0;
  await store.db.transaction().execute(async (trx) => {
    for (const size of SIZES) {
      let top = 0;
      let reply = 0;
      let rows = [];
      for (let i = 0; i < size; i++) {
        id++;
        const isReply = i % 4 === 3 && top > 0;
        const parent = isReply ? (i % 8 === 7 && reply > top ? reply : top) : null;
        rows.push({
          id,
          thread: thread(size),
          parent_id: parent,
          root_id: isReply ? top : 0,
          author: `Visitor ${i}`,
          email: `visitor${i}@example.com`,
          text: `Comment number ${i}. Thank you for the clear explanation; the second session helped a lot with my back.`,
          status: 'published',
          visible: 1,
          by_owner: 0,
          created_at: 1_700_000_000_000 + id * 1000,
          updated_at: 1_700_000_000_000 + id * 1000,
        });
        if (isReply) reply = id;
        else top = id;
        if (rows.length === 1000 || i === size - 1) {
          await trx.insertInto('comments').values(rows).execute();
          rows = [];
        }
      }
      await trx
        .insertInto('comment_threads')
        .values({ thread: thread(size), published: size })
        .execute();
    }
  });
  if (store.kind === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('comments', 'id'), ${id})`.execute(store.db);
    await sql`analyze`.execute(store.db);
  }
}

/** The plans of the page's statements (newest first, after a cursor), to check the page index is used. */
async function plans(store: Store): Promise<string[]> {
  const lines: string[] = [];
  for (const size of [10, 100_000]) {
    const statements = pageStatements(store.db, store.kind, {
      thread: thread(size),
      after: 1_000_000,
      limit: 20,
      sort: 'newest',
      repliesPerRoot: REPLIES_PER_PAGE,
      rootIds: [1, 2, 3],
    });
    for (const statement of statements) {
      const explain = (store.kind === 'sqlite' ? 'explain query plan ' : 'explain ') + statement.sql;
      const { rows } = await store.db.executeQuery<Record<string, unknown>>({ ...statement, sql: explain } as never);
      lines.push(`${thread(size)}: ${rows.map((r) => String(r.detail ?? r['QUERY PLAN']).trim()).join(' / ')}`);
    }
  }
  return lines;
}

function child(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS: extra node flags for the Frontdesk servers (not the bare one), e.g. "--min-semi-space-size=16".
  const flags = args[1] === 'serve' && process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
  const proc = spawn(process.execPath, [...flags, ...profile, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (url) => resolve({ proc, url }));
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  cpuMicros?: number;
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

async function load(url: string, connections: number, duration: number, pid: number): Promise<Measured> {
  const before = cpuMs(pid);
  const result = await autocannon({ url, connections, duration, pipelining: 1 });
  const after = cpuMs(pid);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const measured: Measured = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  if (before !== undefined && after !== undefined) measured.cpuMicros = Math.round(((after - before) * 1000) / result.requests.total);
  return measured;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  const file = join(dir, 'comments.db');
  const postgres = await freshPostgres(PG_URL, 'frontdesk_bench');
  const children: ChildProcess[] = [];
  try {
    const targets: { name: string; url: string; pid: number }[] = [];
    for (const [kind, url] of [['sqlite', `sqlite:${file}`], ...(postgres ? [['postgres', postgres.url]] : [])] as const) {
      const started = Date.now();
      const store = await openStore(url);
      await seed(store);
      console.log(`${kind}: seeded ${SIZES.join(' + ')} comments in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const line of await plans(store)) console.log(`  ${line}`);
      await store.close();
    }
    const bare = await child(['bench/bare-comments-server.ts', file]);
    children.push(bare.proc);
    targets.push({ name: 'bare node:http, bytes computed once', url: bare.url, pid: bare.proc.pid! });
    const frontdesk = await child(['bench/comments.ts', 'serve', `sqlite:${file}`]);
    children.push(frontdesk.proc);
    targets.push({ name: 'Frontdesk, SQLite', url: frontdesk.url, pid: frontdesk.proc.pid! });
    if (postgres) {
      const ourPg = await child(['bench/comments.ts', 'serve', postgres.url]);
      children.push(ourPg.proc);
      targets.push({ name: 'Frontdesk, PostgreSQL', url: ourPg.url, pid: ourPg.proc.pid! });
    }

    // The same page from every server, or the comparison means nothing.
    for (const size of SIZES) {
      const pages = await Promise.all(
        targets.map(async (t) => (await fetch(`${t.url}/api/v1/comments?thread=${thread(size)}&limit=20`)).text()),
      );
      for (const [i, page] of pages.entries())
        if (page !== pages[0]) throw new Error(`${targets[i]!.name} answers another page for ${thread(size)}`);
    }

    console.log(
      `\nGET /api/v1/comments?thread=…&limit=20 (first page); per cell ${ROUNDS} rounds of ${SECONDS} s, servers interleaved, ` +
        `best round kept; cpu = the server process's CPU time per request. Load average before: ${loadAverage()}\n` +
        `The limit compared with: a bare node:http server (one process) sending the same page's bytes, computed once; no routing, checks, CORS or store.\n` +
        `${availableParallelism()} cores; the load generator (autocannon, this process) shares them with the server measured.\n`,
    );
    const best = new Map<string, Measured>();
    for (const size of SIZES) {
      for (const connections of CONNECTIONS) {
        const path = `/api/v1/comments?thread=${encodeURIComponent(thread(size))}&limit=20`;
        for (const t of targets) await load(t.url + path, connections, 1, t.pid);
        for (let round = 0; round < ROUNDS; round++) {
          for (const t of targets) {
            const r = await load(t.url + path, connections, SECONDS, t.pid);
            const key = `${t.name}/${size}/${connections}`;
            if (!best.has(key) || best.get(key)!.rps < r.rps) best.set(key, r);
          }
        }
      }
    }

    const rows: string[][] = [['server', 'comments', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'cpu µs/req', 'ratio to bare bytes']];
    for (const t of targets) {
      for (const size of SIZES) {
        for (const connections of CONNECTIONS) {
          const r = best.get(`${t.name}/${size}/${connections}`)!;
          const bare = best.get(`${targets[0]!.name}/${size}/${connections}`)!;
          const ratio = t === targets[0] ? '' : (r.rps / bare.rps).toFixed(2);
          rows.push([
            t.name,
            size.toLocaleString('en'),
            String(connections),
            Math.round(r.rps).toLocaleString('en'),
            String(r.p50),
            String(r.p99),
            String(r.cpuMicros ?? '?'),
            ratio,
          ]);
        }
      }
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(rows.map((r) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    console.log(`\nload average after: ${loadAverage()}`);

    for (const t of targets.slice(1)) {
      for (const connections of CONNECTIONS) {
        const at = (size: number) => best.get(`${t.name}/${size}/${connections}`)!.rps;
        const worst = Math.min(...SIZES.map((size) => at(size) / best.get(`${targets[0]!.name}/${size}/${connections}`)!.rps));
        const bySize = [10, 1_000, 100_000].every((size) => SIZES.includes(size))
          ? `; req/s at 100,000 comments / at 10: ${(at(100_000) / at(10)).toFixed(2)}, / at 1,000 (the same page size): ${(at(100_000) / at(1_000)).toFixed(2)} (target >= 1, within noise)`
          : '';
        console.log(
          `${t.name}, ${connections} connections: lowest ratio to the bare server's precomputed bytes ${worst.toFixed(2)} (target >= ${TARGET})${bySize}`,
        );
      }
    }
  } finally {
    await new Promise((r) => setTimeout(r, 500)); // let the last requests finish before the servers stop
    await Promise.all(
      children.map(
        (proc) => new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : (proc.once('exit', resolve), proc.kill('SIGTERM')))),
      ),
    );
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
