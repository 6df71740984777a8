/**
 * The database tables, as Kysely sees them. Every instant is stored as epoch milliseconds (an
 * integer in SQLite, a bigint in PostgreSQL), so both stores compare and index them the same way.
 * Each feature keeps its tables in its own tables-<feature>.ts and a migration in ./migrations.
 */
import type { Generated } from 'kysely';
import type { BookingTables } from './tables-bookings.js';
import type { CalendarTables } from './tables-calendars.js';
import type { CommentTables } from './tables-comments.js';
import type { SubscriptionTables } from './tables-subscriptions.js';
import type { NotificationTables } from './tables-notifications.js';
import type { ReviewTables } from './tables-reviews.js';
import type { SessionTables } from './tables-sessions.js';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface IdempotencyTable {
  key: string;
  scope: string;
  body_hash: string;
  status: number;
  response: string | null;
  created_at: number;
}

export interface TestimonialsTable {
  id: Generated<number>;
  author: string;
  role: string | null;
  rating: number | null;
  text: string;
  date: string | null;
  avatar: string | null;
  source: string | null;
  tag: string | null;
  email: string | null;
  status: string;
  created_at: number;
  updated_at: number;
  /** Given through a review request (migration 010b): its booking, since when its writer is a client, and 1 when they agreed to be shown as one. */
  booking_id?: string | null;
  client_since?: number | null;
  verified?: number;
}

/** Something that happened (booking.created, …), written in the same transaction as its record. */
export interface EventsTable {
  id: Generated<number>;
  type: string;
  payload: string;
  created_at: number;
  /** When the notification worker turned it into deliveries (null until then). */
  routed_at: number | null;
}

/** One client's count in its current window, for one limit (limits/store-limiter.ts). */
export interface RateLimitsTable {
  /** `<limit>:<client>`, e.g. `writes:203.0.113.7`. */
  key: string;
  /** When the window began (the client's first counted request in it). */
  window_start: number;
  count: number;
}

export interface Database
  extends BookingTables, CalendarTables, CommentTables, NotificationTables, ReviewTables, SessionTables, SubscriptionTables {
  settings: SettingsTable;
  idempotency_keys: IdempotencyTable;
  testimonials: TestimonialsTable;
  events: EventsTable;
  rate_limits: RateLimitsTable;
}
