/**
 * npm run bench:comment-creates — POST /api/v1/comments (published at once, each with its own
 * Idempotency-Key as the widget sends it, on 100 threads) against a real Frontdesk server in its own
 * process (bench/serve.ts: the build, as `frontdesk serve` runs it), after BENCH_WARMUP comments
 * (default 10,000) unmeasured, on a fresh SQLite file and a fresh PostgreSQL database, at 10
 * connections; reports accepted comments/s, p50, p99 and the server's CPU per comment, then
 * checks that every accepted comment is stored once. Target: at least 4,000/s at 10 connections on
 * SQLite (on a quiet 2-core machine; the load generator shares the cores, see the first line).
 *
 * Env: BENCH_COMMENTS (requests, default 5000), BENCH_CONNECTIONS (default 10), BENCH_WARMUP (default 10000),
 * BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop } from './load.js';
import { machineLine, postgresCpuSeconds, startServerCommand, treeCpuSeconds, writeConfig } from './processes.js';
import { freshPostgres, WARMUP } from './support.js';
import { BENCH_CONFIG, commentRequests } from './workloads.js';
import { openStore } from '../src/server/store/db.js';

const REQUESTS = Number(process.env.BENCH_COMMENTS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-comments-'));
const config = writeConfig(dir, BENCH_CONFIG);
const postgres = await freshPostgres(PG_URL, 'frontdesk_bench_comment_creates');
console.log(machineLine());
console.log(
  `POST /api/v1/comments, ${REQUESTS} requests at ${CONNECTIONS} connections after ${WARMUP} unmeasured (BENCH_WARMUP), each with an Idempotency-Key, 100 threads; target >= 4,000 accepted/s (SQLite, quiet machine).\n`,
);
let failed = false;
try {
  for (const [name, url] of [
    ['SQLite', `sqlite:${join(dir, 'comments.db')}`],
    ...(postgres ? [['PostgreSQL', postgres.url]] : []),
  ] as Array<[string, string]>) {
    const server = await startServerCommand({ DATABASE_URL: url, FRONTDESK_CONFIG: config });
    try {
      const warm = commentRequests();
      await closedLoop(server.url, { connections: CONNECTIONS, amount: WARMUP }, warm); // warm-up, not counted
      const before = treeCpuSeconds(server.child.pid!);
      const postgresBefore = postgresCpuSeconds();
      const requests = commentRequests();
      const measured = await closedLoop(server.url, { connections: CONNECTIONS, amount: REQUESTS }, (n) => requests(n + WARMUP));
      const cpuMs = ((treeCpuSeconds(server.child.pid!) - before) * 1000) / measured.requests;
      // PostgreSQL's processes share the cores: part of what a comment costs the machine (on SQLite about 0).
      const postgresMs = ((postgresCpuSeconds() - postgresBefore) * 1000) / measured.requests;
      const accepted = measured.codes['201'] ?? 0;
      const store = await openStore(url);
      const stored = Number(
        (
          await store.db
            .selectFrom('comments')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      await store.close();
      console.log(
        `${name}: ${Math.round(accepted / (measured.requests / measured.perSecond))} accepted comments/s (${accepted}/${REQUESTS}), p50 ${measured.p50} ms, p99 ${measured.p99} ms, ` +
          `server CPU ${cpuMs.toFixed(2)} ms/comment${name === 'PostgreSQL' ? ` (PostgreSQL's processes ${postgresMs.toFixed(2)})` : ''}, statuses ${JSON.stringify(measured.codes)}; stored ${stored} (with the ${WARMUP} of the warm-up)`,
      );
      if (accepted !== REQUESTS || stored !== REQUESTS + WARMUP || measured.errors) failed = true;
    } finally {
      await server.stop();
    }
  }
} finally {
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.log('FAILED: a comment refused, lost or stored twice (see above).');
  process.exitCode = 1;
}
