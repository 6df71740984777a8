/**
 * npm run bench:comments — reading the first page of a thread (limit 20) of 10, 1,000 and 100,000
 * published comments, on SQLite and PostgreSQL, at 10 and 50 connections; and the
 * same page from a bare node:http server that sends that page's bytes computed once
 * (bench/bare-comments-server.ts): the ceiling our figures are a ratio of, one process each. Each
 * server runs in its own process (Frontdesk's from the build, as `frontdesk serve` runs it:
 * bench/support.ts `built`); this one drives load.
 *
 * A repeated read of an unchanged page is answered from memory before the framework (http/read-memo.ts),
 * and asks the store nothing (its change watch, store/changes.ts, says when to forget): the ratio is the
 * cost of our handler, headers and process over node:http's own. The EXPLAIN plans printed are those
 * of a first read. Target: a ratio of at least 0.8.
 *
 * The servers take turns of BENCH_TURN_MS (default 250 ms) over connections kept open, each until it
 * has had BENCH_SECONDS (default 8) of turns (bench/alternating.ts): this machine's speed moves by up
 * to twice within seconds (the bare server alone, run after run: 20,000-45,000 requests/s), so runs of
 * a few seconds each, one server after another, would compare two moments of the machine as much as
 * two servers. The ratio is each server's rate over all its turns; the quartiles of the ratio cycle by
 * cycle are printed beside it, to show how much the machine moved under it.
 *
 * Env: BENCH_SECONDS (default 8), BENCH_TURN_MS (default 250), BENCH_SIZES (default 10,1000,100000),
 * BENCH_CONNECTIONS (default 10,50), BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip),
 * BENCH_PROFILE=DIR (each server, the bare one too, writes a CPU profile there), BENCH_NODE_FLAGS (extra node
 * flags for the Frontdesk servers, not the bare one, e.g. "--min-semi-space-size=16").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { alternate, type Alternated, quantileOf } from './alternating.js';
import { cpuSeconds, loadAverage } from './processes.js';
import { built, freshPostgres } from './support.js';
import { REPLIES_PER_PAGE } from '../src/server/services/comments.js';
import { pageStatements } from '../src/server/store/comments-queries.js';
import { openStore, type Store } from '../src/server/store/db.js';

const SIZES = (process.env.BENCH_SIZES ?? '10,1000,100000').split(',').map(Number);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const TARGET = 0.8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TURN_MS = Number(process.env.BENCH_TURN_MS ?? 250);
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

/** One server's figures in one cell. */
interface Cell {
  /** Answers a second over all its turns. */
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU time a request over the cell (it idles between its turns). */
  cpuMicros?: number;
  /** Frontdesk's: its rate over the bare server's, both over all their turns. */
  ratio: number;
  /** Cycle by cycle (the two servers' turns a fraction of a second apart): the quartiles of the ratio, and the cycles under the target. */
  lowerRatio: number;
  upperRatio: number;
  below: number;
  cycles: number;
}

/** The cells of `targets` (the bare server first) from one alternated run, with `cpu` each process's CPU ms used in it (NaN: unknown). */
function cells(run: Alternated, cpu: number[]): Cell[] {
  const rate = (i: number) => (run.requests[i]! * 1000) / run.ms[i]!;
  return run.rates.map((rates, i) => {
    const ratios = rates.map((r, cycle) => r / run.rates[0]![cycle]!);
    return {
      rps: rate(i),
      p50: quantileOf(run.latencies[i]!, 0.5),
      p99: quantileOf(run.latencies[i]!, 0.99),
      ...(Number.isNaN(cpu[i]) ? {} : { cpuMicros: Math.round((cpu[i]! * 1000) / run.requests[i]!) }),
      ratio: rate(i) / rate(0),
      lowerRatio: quantileOf(ratios, 0.25),
      upperRatio: quantileOf(ratios, 0.75),
      below: ratios.filter((r) => r < TARGET).length,
      cycles: ratios.length,
    };
  });
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
      `\nGET /api/v1/comments?thread=…&limit=20 (first page); per cell ${SECONDS} s of turns for each server, turns of ${TURN_MS} ms, ` +
        `the servers in turn (bench/alternating.ts). ratio = a Frontdesk server's answers a second over ` +
        `the bare server's, each over all its turns; beside it the quartiles of the ratio cycle by cycle (the two turns a fraction of a ` +
        `second apart) and the cycles under the target. cpu = the server process's CPU time a request. Load average before: ${loadAverage()}\n` +
        `The limit compared with: a bare node:http server (one process) sending the same page's bytes, computed once; no routing, checks, CORS or store.\n` +
        `${availableParallelism()} cores; the load generator (this process) shares them with the server measured.\n`,
    );
    const results = new Map<string, Cell>();
    for (const size of SIZES) {
      for (const connections of CONNECTIONS) {
        const path = `/api/v1/comments?thread=${encodeURIComponent(thread(size))}&limit=20`;
        const urls = targets.map((t) => t.url);
        await alternate(urls, path, { connections, seconds: 1, turnMs: TURN_MS }); // warm-up, not counted
        const before = targets.map((t) => cpuSeconds(t.pid));
        const run = await alternate(urls, path, { connections, seconds: SECONDS, turnMs: TURN_MS });
        const used = targets.map((t, i) => (cpuSeconds(t.pid) - before[i]!) * 1000); // NaN where /proc cannot tell
        for (const [i, c] of cells(run, used).entries()) results.set(`${targets[i]!.name}/${size}/${connections}`, c);
      }
    }

    const rows: string[][] = [
      [
        'server',
        'comments',
        'conns',
        'req/s',
        'p50 ms',
        'p99 ms',
        'cpu µs/req',
        'ratio to bare bytes',
        'by cycle: quartiles',
        `cycles < ${TARGET}`,
      ],
    ];
    for (const [n, t] of targets.entries()) {
      for (const size of SIZES) {
        for (const connections of CONNECTIONS) {
          const c = results.get(`${t.name}/${size}/${connections}`)!;
          const bare = n === 0;
          rows.push([
            t.name,
            size.toLocaleString('en'),
            String(connections),
            Math.round(c.rps).toLocaleString('en'),
            c.p50.toFixed(1),
            c.p99.toFixed(1),
            String(c.cpuMicros ?? '?'),
            bare ? '' : c.ratio.toFixed(2),
            bare ? '' : `${c.lowerRatio.toFixed(2)}–${c.upperRatio.toFixed(2)}`,
            bare ? '' : `${c.below} of ${c.cycles}`,
          ]);
        }
      }
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(rows.map((r) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    console.log(`\nload average after: ${loadAverage()}`);

    for (const t of targets.slice(1)) {
      for (const connections of CONNECTIONS) {
        const at = (size: number) => results.get(`${t.name}/${size}/${connections}`)!;
        const worst = Math.min(...SIZES.map((size) => at(size).ratio));
        const bySize = [10, 1_000, 100_000].every((size) => SIZES.includes(size))
          ? `; req/s at 100,000 comments / at 10: ${(at(100_000).rps / at(10).rps).toFixed(2)}, / at 1,000 (the same page size): ${(at(100_000).rps / at(1_000).rps).toFixed(2)} (target >= 1, within noise)`
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
