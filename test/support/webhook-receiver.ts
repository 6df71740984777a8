/**
 * A webhook receiver (node:http) for the notification tests: records every POST, and checks
 * signatures the way a site owner's endpoint would (written here from the contract, not with the
 * server's own code).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export interface ReceivedHook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  eventId: string;
  receivedAt: number;
  ackedAt?: number;
}

/** True when `header` is `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, made within `toleranceSec`. */
export function verifySignature(header: string | undefined, body: string, secret: string, toleranceSec = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(Date.now() / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookReceiver {
  url: string;
  hooks: ReceivedHook[];
  /** The status to answer (default 200). */
  status: number;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  waitFor(check: (hooks: ReceivedHook[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(opts: { delayMs?: number } = {}): Promise<WebhookReceiver> {
  const hooks: ReceivedHook[] = [];
  const receiver = { hooks, status: 200, delayMs: opts.delayMs ?? 0 } as WebhookReceiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook: ReceivedHook = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        eventId: String(req.headers['frontdesk-event-id'] ?? ''),
        receivedAt: Date.now(),
      };
      hooks.push(hook);
      setTimeout(() => {
        hook.ackedAt = Date.now();
        res.writeHead(receiver.status, { 'Content-Type': 'text/plain' }).end('ok');
      }, receiver.delayMs);
    });
  });
  const port: number = await new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  receiver.url = `http://127.0.0.1:${port}/hooks/frontdesk`;
  receiver.waitFor = async (check, timeoutMs = 10_000, what = 'the expected webhooks') => {
    const end = Date.now() + timeoutMs;
    while (!check(hooks)) {
      if (Date.now() > end) throw new Error(`Timed out waiting for ${what} (have ${hooks.length} webhooks)`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
