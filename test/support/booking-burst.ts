/**
 * A booking burst against a real server, for fault tests: a few clients book free 5-minute slots
 * (each slot once) as fast as the server answers, and every answer is kept, so that a test can
 * check that each acknowledged booking (201) is in the database afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './scratch.js';

const SLOT_MS = 5 * 60_000;

/** A clinic open day and night, with 5-minute slots, no notice and no write limit to speak of. */
export const BURST_CONFIG = {
  business: { name: 'Burst Clinic', timezone: 'UTC', email: 'owner@example.com', address: '1 Main St' },
  allowedOrigins: ['*'],
  services: [{ id: 'quick', name: 'Quick visit', durationMinutes: 5 }],
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  booking: { slotIntervalMinutes: 5, bufferMinutes: 0, minNoticeHours: 0, maxAdvanceDays: 3650 },
  limits: { writesPerMinutePerClient: 100_000_000 },
};

/** BURST_CONFIG written to a file, for FRONTDESK_CONFIG. */
export function burstConfigFile(): string {
  const file = join(scratchDir('burst'), 'config.json');
  writeFileSync(file, JSON.stringify(BURST_CONFIG));
  return file;
}

export interface Answer {
  /** The HTTP status, or 0 when no answer came (the connection failed). */
  status: number;
  /** The booking's id, for a 201. */
  id?: string;
  /** The error code, for an error. */
  code?: string;
  retryAfter?: string | null;
  /** When the answer came (Date.now()). */
  at: number;
}

export interface Burst {
  answers: Answer[];
  /** Resolves once `count` bookings were acknowledged since `since` (rejects after `timeoutMs`). */
  accepted(count: number, since: number, timeoutMs: number): Promise<number>;
  /** Stops sending and waits for the answers in flight. */
  stop(): Promise<Answer[]>;
}

export function startBurst(url: string, clients = 6): Burst {
  const base = Math.ceil((Date.now() + 86_400_000) / SLOT_MS) * SLOT_MS;
  let next = 0;
  let stopped = false;
  const answers: Answer[] = [];
  const waiters = new Set<() => void>();

  async function one(): Promise<void> {
    const slot = next++;
    let answer: Answer;
    try {
      const res = await fetch(`${url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `burst-${base}-${slot}` },
        body: JSON.stringify({
          service: 'quick',
          start: new Date(base + slot * SLOT_MS).toISOString(),
          name: `Burst ${slot}`,
          email: 'burst@example.com',
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
      answer = { status: res.status, at: Date.now(), retryAfter: res.headers.get('retry-after') };
      if (res.status === 201) answer.id = body.id!;
      else answer.code = body.error?.code ?? 'none';
    } catch (error) {
      answer = { status: 0, at: Date.now(), code: (error as Error).message };
      // A server that is gone refuses at once: do not spin.
      await new Promise((r) => setTimeout(r, 20));
    }
    answers.push(answer);
    for (const wake of waiters) wake();
  }

  const loops = Array.from({ length: clients }, async () => {
    while (!stopped) await one();
  });

  return {
    answers,
    accepted(count, since, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const ok = answers.filter((a) => a.status === 201 && a.at >= since);
          if (ok.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(ok[count - 1]!.at);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fewer than ${count} bookings accepted in ${timeoutMs} ms; last answers: ${JSON.stringify(answers.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return answers;
    },
  };
}
