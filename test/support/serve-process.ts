/**
 * `frontdesk serve` from the sources in a child process (test/support/serve-cli.ts, a file, so that
 * cluster workers can run it again), with its output kept: plain lines, or the JSON lines of
 * FRONTDESK_LOG=json parsed.
 */
import { spawn } from 'node:child_process';

export interface ServeProcess {
  pid: number;
  /** The URL from the startup line. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** The JSON lines printed so far. */
  records(): Record<string, unknown>[];
  /** Resolves with the first JSON line `match` accepts, printed before or after the call. */
  waitForRecord(match: (r: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the JSON lines `match` accepts once there are `count` of them (log lines trail the answers). */
  waitForRecords(match: (r: Record<string, unknown>) => boolean, count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function serveProcess(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/serve-cli.ts', 'serve'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d;
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const records = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const waitFor = <T>(find: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what} did not come within ${timeoutMs} ms; output:\n${out}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then(() => {
        if (!listeners.has(check)) return;
        check();
        if (listeners.has(check)) {
          done();
          reject(new Error(`the server stopped before ${what}; output:\n${out}`));
        }
      });
      check();
    });
  const ready = waitFor(() => /listening on (http:\/\/[^\s",]+)/.exec(out)?.[1], 'the startup line', 120_000);
  ready.catch(() => {});
  return {
    pid: child.pid!,
    ready,
    exited,
    output: () => out,
    records,
    waitForRecord: (match, timeoutMs = 60_000) => waitFor(() => records().find(match), 'the expected log line', timeoutMs),
    waitForRecords: (match, count, timeoutMs = 60_000) =>
      waitFor(
        () => {
          const found = records().filter(match);
          return found.length >= count ? found : undefined;
        },
        `${count} matching log lines`,
        timeoutMs,
      ),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
