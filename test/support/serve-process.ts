/**
 * `frontdesk serve` as a real child process (from the sources, through tsx, by the file
 * test/support/serve-cli.ts, so that cluster workers can run it again), for tests that stop, kill
 * or starve it: resolves its URL once it listens, keeps everything it prints (the JSON lines of
 * FRONTDESK_LOG=json parsed), and is killed when this process exits if a test left it running.
 */
import { type ChildProcess, spawn } from 'node:child_process';

type Line = Record<string, unknown>;

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  /** The URL it listens on (rejects if it stops first, or does not listen within 300 s: a bound for a failure, not a wait). */
  ready: Promise<string>;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Still running. */
  alive(): boolean;
  /** The JSON lines printed so far. */
  records(): Line[];
  /** Resolves with the first JSON line `match` accepts, printed before or after the call. */
  waitForRecord(match: (r: Line) => boolean, timeoutMs?: number): Promise<Line>;
  /** Resolves with the JSON lines `match` accepts once there are `count` of them (log lines trail the answers). */
  waitForRecords(match: (r: Line) => boolean, count: number, timeoutMs?: number): Promise<Line[]>;
  /** Sends `signal` (SIGTERM by default) unless it has stopped, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function serveProcess(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/serve-cli.ts', 'serve'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d;
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(code ?? signal);
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const records = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
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
  const ready = waitFor(() => /listening on (http:\/\/[^\s",]+)/.exec(out)?.[1], 'the startup line', 300_000);
  ready.catch(() => {}); // awaited by the tests that expect a start
  return {
    child,
    pid: child.pid!,
    ready,
    exited,
    output: () => out,
    alive,
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
      if (alive()) child.kill(signal);
      await exited;
    },
  };
}
