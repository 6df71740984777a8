/**
 * Runs expand.ts in a worker thread with a deadline and a memory ceiling, so that a huge or hostile
 * calendar can neither hold the server's own thread (and every visitor's request behind it) nor
 * run for ever: past the deadline the worker is stopped and the sync fails, keeping the last good
 * busy times. One worker per process, kept between syncs (its compiled code stays warm: a cold
 * worker spends most of a sync's CPU compiling ical.js again), requests one at a time; it is
 * stopped after IDLE_MS without work, and replaced after a failure. Under tsx (tests, benchmarks)
 * it registers tsx itself, since Node 20 passes no loader hooks to workers.
 */
import { Worker } from 'node:worker_threads';
import type { Expanded, ExpandRequest } from './expand.js';
import { CalendarError } from './errors.js';

const fromSource = import.meta.url.endsWith('.ts');
const WORKER_MODULE = new URL(fromSource ? './expand-worker.ts' : './expand-worker.js', import.meta.url).href;
const TSX = fromSource ? import.meta.resolve('tsx/esm/api') : '';
const IDLE_MS = 15 * 60_000;

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.module);
})().catch((error) => parentPort.postMessage({ id: -1, ok: false, message: String((error && error.message) || error) }));
`;

type Answer = { id: number; ok: true; result: Expanded } | { id: number; ok: false; notICalendar?: boolean; message: string };

let worker: Worker | undefined;
let idle: ReturnType<typeof setTimeout> | undefined;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 0;

function stop(): void {
  const current = worker;
  worker = undefined;
  void current?.terminate();
}

function run(request: ExpandRequest, timeoutMs: number): Promise<Expanded> {
  clearTimeout(idle);
  worker ??= new Worker(BOOT, {
    eval: true,
    workerData: { module: WORKER_MODULE, tsx: TSX },
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    stdout: true,
    stderr: true,
  });
  const current = worker;
  current.unref(); // an idle worker never keeps the process alive
  const id = ++nextId;
  return new Promise<Expanded>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      current.off('message', onMessage);
      current.off('error', onError);
      current.off('exit', onExit);
    };
    const fail = (error: CalendarError) => {
      done();
      if (worker === current) stop();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new CalendarError(`Reading the calendar took longer than ${Math.round(timeoutMs / 1000)} seconds, so Frontdesk stopped.`)),
      timeoutMs,
    );
    const onMessage = (answer: Answer) => {
      if (answer.id !== id && answer.id !== -1) return;
      done();
      if (answer.ok) resolve(answer.result);
      else if (answer.id === -1) fail(new CalendarError(`The calendar could not be read (${answer.message}).`));
      else reject(new CalendarError(answer.notICalendar ? answer.message : `The calendar could not be read (${answer.message}).`));
    };
    const onError = (error: Error) =>
      fail(
        new CalendarError(
          /memory/i.test(error.message) ? 'The calendar is too large to read.' : `The calendar could not be read (${error.message}).`,
        ),
      );
    const onExit = () => fail(new CalendarError('The calendar could not be read.'));
    current.on('message', onMessage);
    current.once('error', onError);
    current.once('exit', onExit);
    current.postMessage({ id, request });
  }).finally(() => {
    if (worker === current) {
      idle = setTimeout(stop, IDLE_MS);
      idle.unref();
    }
  });
}

/** Expands `request` in the worker (one request at a time), within `timeoutMs`. */
export function expandInWorker(request: ExpandRequest, timeoutMs = 20_000): Promise<Expanded> {
  const mine = queue.then(() => run(request, timeoutMs));
  queue = mine.catch(() => {});
  return mine;
}
