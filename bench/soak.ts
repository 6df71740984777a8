/**
 * npm run bench:soak — the server as an operator runs it (bench/serve.ts, or BENCH_SERVER_COMMAND;
 * FRONTDESK_WORKERS passes through), first driven as fast as it answers for 10 s to measure its
 * capacity on a mix of requests (per four: two comment page reads, one booking, one comment), then at
 * half that rate for SOAK_MINUTES (default 10). Every minute: the server's resident memory (its
 * processes together; read every second, the minute's mean and largest reading: one reading a
 * minute would land on a random point of the garbage collector's cycle, which alone moves it by
 * tens of MB) and the minute's p99. At the end, for each, two verdicts (bench/drift.ts):
 *   - drift: how far the run's trend line (Theil–Sen: the median of the slopes between every two
 *     minutes, so one noisy minute cannot tilt it) moved over the whole run, within ±10% of the
 *     median minute. This is what a soak looks for: memory that leaks, a p99 that grows as tables,
 *     caches or queues fill.
 *   - minute to minute: every minute within ±10% of the median minute. On a 2-core machine shared
 *     with the load generator, a p99 of a few milliseconds moves by more than that from minute to
 *     minute with nothing in the server changing (docs/performance.md); the spread is printed so a
 *     reader can see it.
 *
 * Each minute also gives the server's CPU per request and how much CPU one fixed piece of work took
 * in a probe process beside it (bench/machine-probe.ts), each with its own drift: a server that
 * does more work per request as its tables grow shows in the first alone; a machine that grew
 * slower (on a shared machine, within the hour) shows in both.
 *
 * Each minute's p99 is judged twice: as the load generator measured it (from when each request was
 * due: the generator shares the cores, and its own delays count) and as the server's own /metrics
 * histogram has it (bench/server-latency.ts), which is what an operator watches. The verdict is
 * given for both. Beside them, the p99 of the generator's own send lag (how late it sent requests
 * after they were due), and the p99 once a request had one of the connections: the generator's p99
 * less its wait for a free connection.
 *
 * Each minute also reads what holds every request outside the handlers, on both sides of the
 * wire: the server's event-loop lag (p99 and largest), its time in garbage collection (and the
 * major part of it) and SQLite's quiet moments (bench/server-latency.ts, from /metrics), and the
 * generator's own event-loop lag and garbage collection. At the end each of them gets its range
 * and its drift, beside the p99 on a connection: the one that moves with that p99 is its cause.
 * So does the share of the minute in which some task on the machine waited for a core (Linux's
 * /proc/pressure/cpu): the cores crowded, by the generator, the server or anything else.
 *
 * The capacity is measured at BENCH_CONNECTIONS (default 10) connections, as the other benches are,
 * and the soak's open loop sends over SOAK_CONNECTIONS (default the same). An open loop on 10 builds
 * a queue of its own whenever a few slow answers hold them all, which visitors, each with a
 * connection of their own, never wait in; 50 spread that queue into the server instead, and on a
 * 2-core machine did not lower the p99 (docs/performance.md, eighteenth session).
 *
 * Env: SOAK_MINUTES (default 10), SOAK_RATE (requests/s offered; default half the capacity just
 * measured: set it to compare two versions at one rate, since a 10 s capacity moves with the
 * machine), SOAK_STORE ("sqlite", the default, or a postgres:// URL of a server where a fresh
 * database is made), BENCH_CONNECTIONS (default 10), SOAK_CONNECTIONS (default BENCH_CONNECTIONS), BENCH_TRACE=1 (each server
 * process prints per-second timings to stderr, bench/trace.ts: to tell a p99 spike's cause).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { verdict } from './drift.js';
import { closedLoop, openLoop } from './load.js';
import { startMachineProbe } from './machine-probe.js';
import { cpuWaitSeconds, machineLine, startServerCommand, treeCpuSeconds, treeRssMb, writeConfig } from './processes.js';
import { quantileBetween, scrape, type Scrape } from './server-latency.js';
import { freshPostgres } from './support.js';
import { BENCH_CONFIG, bookingRequests, commentRequests, readRequests, seedThread, type BenchRequest } from './workloads.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const OPEN_CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? CONNECTIONS);
const STORE = process.env.SOAK_STORE ?? 'sqlite';
const RATE = process.env.SOAK_RATE ? Number(process.env.SOAK_RATE) : undefined;
if (RATE !== undefined && !(RATE > 0))
  throw new Error(`SOAK_RATE must be a number of requests per second above 0, not ${process.env.SOAK_RATE}`);
const TOLERANCE = 0.1;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
/**
 * How often an event loop's lag is measured, here and in the server (prom-client's default). Node's
 * monitorEventLoopDelay counts the whole interval (an idle loop reads 10.1 ms): the lag is what lies beyond it.
 */
const LAG_RESOLUTION_MS = 10;

/** Per four requests: two reads, one booking, one comment. Bookings and comments count their own n. */
function mix(): (n: number) => BenchRequest {
  const read = readRequests();
  const book = bookingRequests();
  const comment = commentRequests();
  let bookings = 0;
  let comments = 0;
  return (n) => (n % 4 === 1 ? book(bookings++) : n % 4 === 3 ? comment(comments++) : read(n));
}

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-soak-'));
const postgres = STORE === 'sqlite' ? undefined : await freshPostgres(STORE, 'frontdesk_bench_soak');
const databaseUrl = postgres?.url ?? `sqlite:${join(dir, 'soak.db')}`;
console.log(machineLine());
const server = await startServerCommand({
  DATABASE_URL: databaseUrl,
  FRONTDESK_CONFIG: writeConfig(dir, BENCH_CONFIG),
  FRONTDESK_METRICS_TOKEN: METRICS_TOKEN,
});
const pid = server.child.pid!;
// A server that stops mid-run leaves nothing to measure: say so and stop, rather than count ten minutes of refused connections.
const died = (code: number | null, signal: NodeJS.Signals | null) => {
  console.log(`\nThe server stopped during the run (${signal ?? `exit code ${code}`}): no figures. Its own output is above.`);
  void (postgres?.drop() ?? Promise.resolve()).catch(() => {}).finally(() => process.exit(1));
};
server.child.once('exit', died);
try {
  await seedThread(server.url);
  const requests = mix();
  let n = 0;
  const next = () => requests(n++);
  const capacity = await closedLoop(server.url, { connections: CONNECTIONS, seconds: 10 }, next);
  const rate = RATE ?? Math.max(1, Math.round(capacity.perSecond / 2));
  console.log(
    `Capacity on the mix (2 reads, 1 booking, 1 comment per 4 requests), ${CONNECTIONS} connections: ${Math.round(capacity.perSecond)} requests/s ` +
      `(p99 ${capacity.p99} ms). Soak: ${rate} requests/s offered (${RATE ? 'SOAK_RATE' : 'half of that'}) for ${MINUTES} minute(s) over ${OPEN_CONNECTIONS} connections, ${postgres ? 'PostgreSQL' : 'SQLite'}, FRONTDESK_WORKERS=${process.env.FRONTDESK_WORKERS ?? '1 (unset)'}.\n`,
  );
  const load = openLoop(server.url, { rate, durationMs: MINUTES * 60_000, connections: OPEN_CONNECTIONS }, next);
  const minutes: Array<{
    rssMb: number;
    rssMaxMb: number;
    p99: number;
    p50: number;
    onConnectionP99: number;
    onConnectionMax: number;
    lagP99: number;
    lagMax: number;
    serverP99: number;
    cpuMsPerRequest: number;
    probeMs: number;
    cpuWaitShare: number;
    serverLagP99: number;
    serverLagMax: number;
    gcMs: number;
    majorGcMs: number;
    quietMoments: number;
    quietMs: number;
    generatorLagP99: number;
    generatorLagMax: number;
    generatorGcMs: number;
    answered: number;
    bad: number;
  }> = [];
  let readings: number[] = [];
  let last: Scrape = await scrape(server.url, METRICS_TOKEN);
  // The generator's own pauses, which count in every latency it measures: its event loop's lag and its garbage collection.
  const generatorLag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  generatorLag.enable();
  let generatorGcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) generatorGcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const reading = setInterval(() => readings.push(treeRssMb(pid)), 1000);
  const probe = startMachineProbe();
  let cpuBefore = treeCpuSeconds(pid);
  let waitBefore = cpuWaitSeconds();
  let minuteStarted = performance.now();
  const record = async () => {
    const memory = readings.length ? readings : [treeRssMb(pid)];
    readings = [];
    const s = load.sample();
    const cpu = treeCpuSeconds(pid);
    const cpuMsPerRequest = ((cpu - cpuBefore) * 1000) / Math.max(1, s.latencies.count);
    cpuBefore = cpu;
    const wait = cpuWaitSeconds();
    const cpuWaitShare = (wait - waitBefore) / ((performance.now() - minuteStarted) / 1000);
    waitBefore = wait;
    minuteStarted = performance.now();
    // A scrape that fails (the server too busy to answer it in time) leaves this minute's figure out, not the run.
    const scraped = await scrape(server.url, METRICS_TOKEN).catch(() => undefined);
    const serverP99 = scraped ? quantileBetween(last.buckets, scraped.buckets, 0.99) : NaN;
    const gcSum = (s: Scrape, kind?: string) => Object.entries(s.gcMs).reduce((a, [k, v]) => a + (kind && k !== kind ? 0 : v), 0);
    const outside = scraped
      ? {
          serverLagP99: scraped.lagP99Ms - LAG_RESOLUTION_MS,
          serverLagMax: scraped.lagMaxMs - LAG_RESOLUTION_MS,
          gcMs: gcSum(scraped) - gcSum(last),
          majorGcMs: gcSum(scraped, 'major') - gcSum(last, 'major'),
          quietMoments: scraped.quietMoments - last.quietMoments,
          quietMs: scraped.quietMs - last.quietMs,
        }
      : { serverLagP99: NaN, serverLagMax: NaN, gcMs: NaN, majorGcMs: NaN, quietMoments: NaN, quietMs: NaN };
    if (scraped) last = scraped;
    const generator = {
      generatorLagP99: generatorLag.percentile(99) / 1e6 - LAG_RESOLUTION_MS,
      generatorLagMax: generatorLag.max / 1e6 - LAG_RESOLUTION_MS,
      generatorGcMs,
    };
    generatorLag.reset();
    generatorGcMs = 0;
    const notOk = Object.fromEntries(Object.entries(s.codes).filter(([c]) => !/^2/.test(c)));
    const bad = Object.values(notOk).reduce((a, v) => a + v, 0) + s.errors;
    const m = {
      rssMb: memory.reduce((a, v) => a + v, 0) / memory.length,
      rssMaxMb: Math.max(...memory),
      p99: s.latencies.quantile(0.99),
      p50: s.latencies.quantile(0.5),
      onConnectionP99: s.onConnection.quantile(0.99),
      // A few requests held long on their connections (fewer than 1%: not in that p99) can hold all of them,
      // and queue the rest in the generator: the largest shows it.
      onConnectionMax: s.onConnection.quantile(1),
      lagP99: s.lags.quantile(0.99),
      // The latest send of the minute: a pause of the generator (or of the whole machine) long enough to queue
      // the p99's share of requests delays fewer than 1% of sends, so only the largest shows it.
      lagMax: s.lags.quantile(1),
      serverP99,
      cpuMsPerRequest,
      probeMs: probe.sample(),
      cpuWaitShare,
      ...outside,
      ...generator,
      answered: s.latencies.count,
      bad,
    };
    minutes.push(m);
    console.log(
      `minute ${minutes.length}: memory ${m.rssMb.toFixed(1)} MB (largest ${m.rssMaxMb.toFixed(1)}), p50 ${m.p50} ms, p99 ${m.p99} ms ` +
        `(once on one of the ${OPEN_CONNECTIONS} connections: ${m.onConnectionP99} ms, largest ${m.onConnectionMax} ms; the server's /metrics: ${m.serverP99.toFixed(1)} ms; the generator's own send lag p99: ${m.lagP99} ms, largest ${m.lagMax} ms), ${m.answered} answered (${(m.answered / 60).toFixed(0)}/s), ` +
        `${m.bad} not 2xx or failed${m.bad ? ` (${JSON.stringify(notOk)}, ${s.errors} connection errors)` : ''}; ` +
        `server CPU ${m.cpuMsPerRequest.toFixed(3)} ms/request, the machine's fixed work ${m.probeMs.toFixed(2)} ms of CPU, ` +
        `some task waiting for a core ${(m.cpuWaitShare * 100).toFixed(1)}% of the minute\n` +
        `  outside the handlers: the server's event-loop lag p99 ${m.serverLagP99.toFixed(1)} ms (largest ${m.serverLagMax.toFixed(1)}), ` +
        `its GC ${m.gcMs.toFixed(0)} ms (major ${m.majorGcMs.toFixed(0)}), ${m.quietMoments} quiet moment(s) holding writes ${m.quietMs.toFixed(0)} ms; ` +
        `the generator's event-loop lag p99 ${m.generatorLagP99.toFixed(1)} ms (largest ${m.generatorLagMax.toFixed(1)}), its GC ${m.generatorGcMs.toFixed(0)} ms`,
    );
  };
  let recording = Promise.resolve();
  const tick = setInterval(() => (recording = recording.then(record)), 60_000);
  await load.done;
  clearInterval(tick);
  clearInterval(reading);
  await recording;
  if (minutes.length < MINUTES) await record(); // the last minute's answers, when its tick came after the last one
  probe.stop();
  generatorLag.disable();
  gc.disconnect();
  if (minutes.length < 2) {
    console.log('\nToo short to tell (SOAK_MINUTES of 2 or more).');
  } else {
    const serverP99s = minutes.map((m) => m.serverP99).filter(Number.isFinite); // minutes whose scrape answered
    const memory = verdict(
      minutes.map((m) => m.rssMb),
      TOLERANCE,
      'MB',
    );
    const p99 = verdict(
      minutes.map((m) => m.p99),
      TOLERANCE,
      'ms',
    );
    const serverP99 = serverP99s.length ? verdict(serverP99s, TOLERANCE, 'ms') : 'unknown (no scrape answered)';
    console.log(`\nmemory: ${memory}\np99 at the load generator: ${p99}\np99 in the server's /metrics: ${serverP99}`);
    // Not verdicts on the server: what tells a server that does more work per request as its tables
    // grow from a machine that grew slower (the same fixed work taking more CPU).
    const cpu = verdict(
      minutes.map((m) => m.cpuMsPerRequest),
      TOLERANCE,
      'ms',
    );
    const probed = minutes.map((m) => m.probeMs).filter(Number.isFinite);
    console.log(
      `server CPU per request: ${cpu}\nthe machine's fixed work (bench/machine-probe.ts): ${probed.length > 1 ? verdict(probed, TOLERANCE, 'ms') : 'unknown'}`,
    );
    // Where a p99 that moves could come from, outside the handlers: each series' range and trend.
    const series = (name: string, pick: (m: (typeof minutes)[number]) => number, unit: string) => {
      const values = minutes.map(pick).filter(Number.isFinite);
      if (values.length < 2) return `${name}: unknown`;
      return `${name}: ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} ${unit}, ${verdict(values, TOLERANCE, unit)}`;
    };
    console.log(
      [
        series('p99 once on a connection', (m) => m.onConnectionP99, 'ms'),
        series("the server's event-loop lag p99", (m) => m.serverLagP99, 'ms'),
        series("the server's GC a minute", (m) => m.gcMs, 'ms'),
        series("the writes' wait in quiet moments a minute", (m) => m.quietMs, 'ms'),
        series("the generator's event-loop lag p99", (m) => m.generatorLagP99, 'ms'),
        series("the generator's GC a minute", (m) => m.generatorGcMs, 'ms'),
        series('some task waiting for a core (/proc/pressure/cpu), % of the minute', (m) => m.cpuWaitShare * 100, '%'),
      ].join('\n'),
    );
  }
} finally {
  server.child.off('exit', died);
  await server.stop();
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
}
