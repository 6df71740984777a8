/** The notification outbox (see migrations/004_notifications.ts). */
import type { Generated } from 'kysely';

/** `calendar`: a booking put on the owner's CalDAV calendar (target = the calendar's id). */
export type DeliveryChannel = 'email' | 'webhook' | 'calendar';
/**
 * `reminder`: the visitor's reminder of a booking, due (next_at, created_at) some hours before its start.
 * `subscriber`: a commenter's reply emails and their confirmation (notify/reply-emails.ts).
 * `review`: the client's request for a testimonial, due some hours after the end (or at once: services/reviews.ts).
 */
export type DeliveryAudience = 'owner' | 'visitor' | 'reminder' | 'subscriber' | 'review';
/** pending (due at next_at) → sending (leased until next_at) → sent, or back to pending, or failed (given up). */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One notification to one recipient: an email (target = address), a webhook POST (target = URL), or a booking written to a calendar. */
export interface DeliveriesTable {
  id: Generated<number>;
  event_id: number;
  channel: DeliveryChannel;
  audience: DeliveryAudience | null;
  target: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_at: number;
  /** A random token per claim: only the claimer may mark the delivery done. */
  claim: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export interface NotificationTables {
  deliveries: DeliveriesTable;
}
