/** The worker thread of expand-in-worker.ts: expands the texts it was given and posts the answer once. */
import { parentPort, workerData } from 'node:worker_threads';
import { expandCalendars, type ExpandRequest, NotICalendarError } from './expand.js';

try {
  parentPort!.postMessage({ ok: true, result: expandCalendars(workerData as ExpandRequest) });
} catch (error) {
  parentPort!.postMessage({ ok: false, notICalendar: error instanceof NotICalendarError, message: String((error as Error).message ?? error) });
}
