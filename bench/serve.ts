/**
 * `frontdesk serve` as operators run it, the build (dist/node; the bench npm scripts build first),
 * for the benchmarks that run the server as an operator does (bench/workers.ts, bench/soak.ts,
 * bench/comment-creates.ts): every setting from the environment (PORT, DATABASE_URL,
 * FRONTDESK_CONFIG, FRONTDESK_WORKERS, …). BENCH_SERVER_COMMAND replaces it (e.g. "node bin/frontdesk.js serve").
 * BENCH_TRACE=1: each server process prints per-second timings to stderr (bench/trace.ts).
 */
import { built } from './support.js';
import { traceServer } from './trace.js';

if (process.env.BENCH_TRACE) (await traceServer()).start();

const { main } = await built<typeof import('../src/server/cli.js')>('server/cli.js');
await main(['serve']);
