/**
 * Webhook deliveries: a POST of `{event, data, sentAt}` signed as the contract says,
 * `Frontdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, with a
 * `Frontdesk-Event-Id` that stays the same on every attempt so the receiver can drop repeats.
 * Any 2xx answer within the timeout is a delivery.
 */
import { createHmac } from 'node:crypto';

export function signature(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a webhook receiver gets as `data`: the event's record without the visitor's booking token.
 * The token is the visitor's key to read and cancel their booking (their emails need it for their
 * links); a receiver is another system, which acts through the owner's API instead.
 * docs/webhooks.md lists every event's shape.
 */
export function webhookData(data: Record<string, unknown>): Record<string, unknown> {
  // The token is the visitor's key; the sequence is the calendar files' business.
  const { token: _token, sequence: _sequence, ...rest } = data;
  return rest;
}

export interface WebhookPost {
  url: string;
  secret: string;
  eventId: string;
  event: string;
  data: unknown;
  timeoutMs?: number;
}

/** Sends one webhook; throws (with a short reason) unless the receiver answered 2xx. */
export async function postWebhook(post: WebhookPost): Promise<void> {
  const now = Date.now();
  const body = JSON.stringify({ event: post.event, data: post.data, sentAt: new Date(now).toISOString() });
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Frontdesk-Webhook/1',
        'Frontdesk-Event': post.event,
        'Frontdesk-Event-Id': post.eventId,
        'Frontdesk-Signature': signature(post.secret, body, Math.floor(now / 1000)),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(post.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') throw new Error(`No answer within ${Math.round((post.timeoutMs ?? 10_000) / 1000)} s`);
    throw new Error(e.cause?.code ? `${e.cause.code} (${e.message})` : e.message);
  }
  await response.body?.cancel().catch(() => {});
  if (response.status < 200 || response.status > 299) throw new Error(`The receiver answered HTTP ${response.status}`);
}
