/**
 * Runs expand.ts in a worker thread with a deadline and a memory ceiling, so that a huge or hostile
 * calendar can neither hold the server's own thread (and every visitor's request behind it) nor
 * run for ever: past the deadline the worker is stopped and the sync fails, keeping the last good
 * busy times. Under tsx (tests, benchmarks) the worker registers tsx itself, since Node 20 passes
 * no loader hooks to workers.
 */
import { Worker } from 'node:worker_threads';
import type { Expanded, ExpandRequest } from './expand.js';
import { CalendarError } from './errors.js';

const fromSource = import.meta.url.endsWith('.ts');
const WORKER_MODULE = new URL(fromSource ? './expand-worker.ts' : './expand-worker.js', import.meta.url).href;
const TSX = fromSource ? import.meta.resolve('tsx/esm/api') : '';

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.module);
})().catch((error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }));
`;

type Answer = { ok: true; result: Expanded } | { ok: false; notICalendar?: boolean; message: string };

export async function expandInWorker(request: ExpandRequest, timeoutMs = 20_000): Promise<Expanded> {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { ...request, module: WORKER_MODULE, tsx: TSX },
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    stdout: true,
    stderr: true,
  });
  try {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CalendarError(`Reading the calendar took longer than ${Math.round(timeoutMs / 1000)} seconds, so Frontdesk stopped.`)), timeoutMs);
      worker.once('message', (message: Answer) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(new CalendarError(/memory/i.test(error.message) ? 'The calendar is too large to read.' : `The calendar could not be read (${error.message}).`));
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        reject(new CalendarError('The calendar could not be read.'));
      });
    });
    if (!answer.ok) throw new CalendarError(answer.notICalendar ? answer.message : `The calendar could not be read (${answer.message}).`);
    return answer.result;
  } finally {
    void worker.terminate();
  }
}
