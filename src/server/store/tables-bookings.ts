/** The bookings tables (see tables.ts): the visitor's appointments and contact messages. */
import type { Generated } from 'kysely';

/**
 * One appointment. `blocked_until_ms` is the end plus the buffer kept free after it: the store
 * refuses two confirmed bookings whose [start_ms, blocked_until_ms) ranges overlap.
 */
export interface BookingsTable {
  id: string;
  token: string;
  service: string;
  service_name: string;
  start_ms: number;
  end_ms: number;
  blocked_until_ms: number;
  status: string;
  name: string;
  email: string;
  phone: string | null;
  notes: string | null;
  timezone: string | null;
  /** The language the booking was made in (migration 007); null before. */
  locale?: string | null;
  created_at: number;
  cancelled_at: number | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  /** What happened (migration 009b): null, `completed` or `no_show`; shown as the API's `status`. */
  outcome?: string | null;
  /** Rises with every change of time, person or status (a trigger, migrations 008 and 014a): the iCalendar SEQUENCE. */
  sequence?: number;
  /** Who gives it (migration 009a): '' without staff; one person's confirmed bookings never overlap. */
  staff_id?: string;
  /** The staff member's name at booking time. */
  staff_name?: string | null;
  /** The intake answers, JSON (an object by question id). */
  answers?: string | null;
}

/** What a booking takes of a shared room or device: one unit of it, over the booking's range (009a). */
export interface BookingResourcesTable {
  booking_id: string;
  resource: string;
  unit: number;
  start_ms: number;
  blocked_until_ms: number;
  status: string;
}

export interface MessagesTable {
  id: Generated<number>;
  name: string;
  email: string;
  phone: string | null;
  message: string;
  created_at: number;
  /** When the owner marked it handled; null while it is new. */
  handled_at: number | null;
}

export interface BookingTables {
  bookings: BookingsTable;
  booking_resources: BookingResourcesTable;
  messages: MessagesTable;
}
