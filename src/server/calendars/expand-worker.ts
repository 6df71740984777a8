/** The worker thread of expand-in-worker.ts: expands each request it is sent and answers it, by id. */
import { parentPort } from 'node:worker_threads';
import { expandCalendars, type ExpandRequest, NotICalendarError } from './expand.js';

parentPort!.on('message', ({ id, request }: { id: number; request: ExpandRequest }) => {
  try {
    parentPort!.postMessage({ id, ok: true, result: expandCalendars(request) });
  } catch (error) {
    parentPort!.postMessage({
      id,
      ok: false,
      notICalendar: error instanceof NotICalendarError,
      message: String((error as Error).message ?? error),
    });
  }
});
