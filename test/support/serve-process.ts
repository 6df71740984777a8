/**
 * `frontdesk serve` as a real child process (from the sources, through tsx), for tests that stop,
 * kill or starve it: resolves its URL once it listens, keeps everything it prints, and is killed
 * when this process exits if a test left it running.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServeProcess {
  child: ChildProcess;
  /** The URL it listens on (rejects if it stops first, or does not listen within 60 s). */
  ready: Promise<string>;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Still running. */
  alive(): boolean;
}

export function serveProcess(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/server/cli.ts').then((m) => m.main(['serve']))"], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(code ?? signal);
    }),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start within 60 s: ' + out)), 60_000);
    child.stdout!.on('data', () => {
      const url = /listening on (http:\/\/[^\s,]+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('stopped before listening: ' + out));
    });
  });
  ready.catch(() => {}); // awaited by the tests that expect a start
  return { child, ready, exited, output: () => out, alive: () => child.exitCode === null && child.signalCode === null };
}
