/**
 * `frontdesk serve` from the sources, for the benchmarks that run the server as an operator does
 * (bench/workers.ts, bench/soak.ts): every setting from the environment (PORT, DATABASE_URL,
 * FRONTDESK_CONFIG, FRONTDESK_WORKERS, …). BENCH_SERVER_COMMAND replaces it (e.g. "node bin/frontdesk.js serve").
 * BENCH_TRACE=1: each server process prints per-second timings to stderr (bench/trace.ts).
 */
import { main } from '../src/server/cli.js';
import { traceServer } from './trace.js';

if (process.env.BENCH_TRACE) (await traceServer()).start();

await main(['serve']);
