/**
 * `frontdesk serve` from the sources, for the benchmarks that run the server as an operator does
 * (bench/workers.ts, bench/soak.ts): every setting from the environment (PORT, DATABASE_URL,
 * FRONTDESK_CONFIG, FRONTDESK_WORKERS, …). BENCH_SERVER_COMMAND replaces it (e.g. "node bin/frontdesk.js serve").
 */
import { main } from '../src/server/cli.js';

await main(['serve']);
