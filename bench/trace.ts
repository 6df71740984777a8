/**
 * BENCH_TRACE=1, for the benchmarks that start a server (bench:bookings, and bench/serve.ts under
 * bench:soak and bench:workers): the server process prints to stderr, every second, how long
 * requests took inside it (from their headers' arrival to the response's last write), how late its
 * event loop ran, its GC pauses and the heap in use, and on SQLite the checkpointer's quiet moments (writes held while the
 * log restarts, store/checkpointer.ts): where a client-side p99 comes from. Each line starts with the
 * process id and the seconds since tracing started. Installed before the server is created (it
 * wraps node:http's request event).
 */
export async function traceServer(): Promise<{ start(): void }> {
  const http = await import('node:http');
  const { monitorEventLoopDelay, PerformanceObserver } = await import('node:perf_hooks');
  const { subscribe } = await import('node:diagnostics_channel');
  const served: number[] = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const t = performance.now();
      (args[1] as import('node:http').ServerResponse).once('finish', () => served.push(performance.now() - t));
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  return {
    start() {
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const gcs: number[] = [];
      const holds: number[] = [];
      subscribe('frontdesk:sqlite-quiet-moment', (message) => holds.push((message as { heldMs: number }).heldMs));
      new PerformanceObserver((list) => gcs.push(...list.getEntries().map((e) => e.duration))).observe({ entryTypes: ['gc'] });
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      const started = performance.now();
      setInterval(() => {
        const sorted = served.splice(0).sort((a, b) => a - b);
        const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
        process.stderr.write(
          `trace ${process.pid} ${((performance.now() - started) / 1000).toFixed(0)}s: served ${sorted.length}: p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms; ` +
            `loop delay p50 ${ms(loop.percentile(50))} p99 ${ms(loop.percentile(99))} max ${ms(loop.max)} ms; ` +
            `gc ${gcs.length} pauses, ${gcs.reduce((a, b) => a + b, 0).toFixed(0)} ms, longest ${Math.max(0, ...gcs).toFixed(1)} ms; ` +
            `quiet moments ${holds.length}, longest ${Math.max(0, ...holds).toFixed(1)} ms; ` +
            `heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB\n`,
        );
        loop.reset();
        gcs.length = 0;
        holds.length = 0;
      }, 1000).unref();
    },
  };
}
