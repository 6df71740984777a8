/** The JSON shapes of the HTTP API (CONTRACT.md section 3), shared by the widgets and the server. */
export interface Service {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price?: string;
  /** The service's intake questions, asked in the details step (shared/questions.ts checks the answers). */
  questions?: Question[];
}

/** An intake question of a service (config `services[].questions`); `label` is the owner's text. */
export interface Question {
  id: string;
  label: string;
  type: 'text' | 'textarea' | 'select' | 'checkbox';
  /** The choices of a `select`. */
  options?: string[];
  required?: boolean;
}

/** The answers to a service's questions, by question id: text, or true/false for a checkbox. */
export type Answers = Record<string, string | boolean>;

/** GET /staff: a practitioner and the services they give. */
export interface StaffMember {
  id: string;
  name: string;
  services: string[];
}

export interface Slot {
  start: string;
  end: string;
  /** When staff are configured: the ids of those free at this time. */
  staff?: string[];
}

/** The free times of a range of days, as the services work them out. */
export interface AvailableTimes {
  timezone: string;
  slots: Slot[];
}

/** GET /availability's answer. */
export interface Availability extends AvailableTimes {
  /** Whether days after the range asked for can still be booked (`booking.maxAdvanceDays`): "Later dates" in the widget. */
  later: boolean;
}

/** `completed` and `no_show`: what happened, recorded by the owner once the booking started. */
export type BookingStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show';

export interface Booking {
  id: string;
  status: BookingStatus;
  service: string;
  start: string;
  end: string;
  token: string;
  name?: string;
  email?: string;
  phone?: string;
  notes?: string;
  timezone?: string;
  /** The language the booking was made in (`en`, `es`, …): the visitor's emails use it. */
  locale?: string;
  serviceName?: string;
  createdAt?: string;
  /** Who gives the appointment, when staff are configured. */
  staff?: { id: string; name: string };
  /** The answers to the service's intake questions. */
  answers?: Answers;
}

export interface PublicComment {
  id: string;
  parentId: string | null;
  author: string;
  text: string;
  createdAt: string;
  byOwner: boolean;
  /** The author of the comment this one answers (replies below the first level only). */
  replyTo?: string;
  /**
   * On a top-level comment with more replies than the page carries: the cursor for
   * GET /comments/{id}/replies?cursor= to fetch the rest.
   */
  repliesCursor?: string;
}

export interface CommentPage {
  thread: string;
  count: number;
  comments: PublicComment[];
  nextCursor?: string;
}

/** GET /comments/{id}/replies: the next replies under one top-level comment, in thread order. */
export interface RepliesPage {
  parentId: string;
  comments: PublicComment[];
  nextCursor?: string;
}

export interface Testimonial {
  id: string;
  author: string;
  role?: string;
  rating?: number;
  date?: string;
  avatar?: string;
  source?: string;
  text: string;
  /** Written by a client through the link they were sent after a visit, who agreed to be shown as a client. */
  verified?: true;
}

export type CommentStatus = 'pending' | 'published' | 'rejected' | 'spam';
export type TestimonialStatus = 'pending' | 'published' | 'rejected';

/** What the owner's API answers (and what the events carry): shared by the server and the admin page. */
export interface AdminComment {
  id: string;
  thread: string;
  parentId: string | null;
  author: string;
  email?: string;
  text: string;
  status: CommentStatus;
  byOwner: boolean;
  /** Whether readers see it: published, and every comment above it published too. */
  shown: boolean;
  createdAt: string;
  /** A reply: the comment it answers, its text cut to REPLY_CONTEXT_CHARS characters; `byOwner` when it is the owner's. */
  inReplyTo?: { author: string; text: string; byOwner: boolean };
}

/** The longest search the owner's lists take (`q`), in characters. */
export const SEARCH_MAX_CHARS = 100;

/** How much of the comment a reply answers the owner's list, emails and webhooks carry. */
export const REPLY_CONTEXT_CHARS = 280;

export interface AdminMessage {
  id: string;
  name: string;
  email: string;
  phone?: string;
  message: string;
  createdAt: string;
  /** When the owner marked it handled (PATCH /admin/messages/{id}); absent while it is new. */
  handledAt?: string;
}

export interface AdminTestimonial extends Testimonial {
  status: TestimonialStatus;
  email?: string;
  tag?: string;
  createdAt: string;
  /** Given through a review request: the booking it followed. */
  bookingId?: string;
  /** The start of the writer's first booking (ISO), for "client since …". */
  clientSince?: string;
}

/** A booking as the owner's API answers it (and as the booking events carry it, without the cancel details). */
export interface AdminBooking extends Booking {
  serviceName: string;
  name: string;
  email: string;
  createdAt: string;
  cancelledAt?: string;
  cancelledBy?: 'visitor' | 'owner';
  cancelReason?: string;
  /** The owner's lists: how many of this client's bookings (by email) were marked `no_show`. */
  noShows?: number;
  /** The owner's booking or move outside the offered times (`force`): what was overridden, in the owner's words. */
  warning?: string;
}

/** GET /admin/inbox: what needs the owner, with counts (the admin page's first screen and its navigation). */
export interface AdminInbox {
  counts: {
    /** Comments waiting for moderation. */
    comments: number;
    /** Testimonials waiting for approval. */
    testimonials: number;
    /** Messages of the last INBOX_NEW_MESSAGE_DAYS days. */
    messages: number;
    /** Confirmed appointments today and tomorrow, in the business's time zone. */
    today: number;
    tomorrow: number;
  };
  /** Newest first, at most 10 of each. */
  comments: AdminComment[];
  testimonials: AdminTestimonial[];
  /** Newest first, at most 10. */
  messages: AdminMessage[];
  /** In order of time, every one. */
  today: AdminBooking[];
  tomorrow: AdminBooking[];
}

/** `waiting`: an email that cannot go until SMTP is configured; `failed`: given up, can be sent again. */
export type NotificationState = 'waiting' | 'pending' | 'sent' | 'failed';

/** `GET /admin/notifications` answers at most this many, the newest first (of one state, when `?state=` names it). */
export const NOTIFICATIONS_LISTED = 200;

/** One email or webhook delivery, as the owner's notifications list shows it. */
export interface AdminNotification {
  id: string;
  /** booking.created, … */
  event: string;
  /** `calendar`: the booking written to the owner's CalDAV calendar (`to` is the calendar's id). */
  channel: 'email' | 'webhook' | 'calendar';
  /** For an email: 'owner', 'visitor', 'reminder' (the visitor's, before the booking) or 'review' (the client's request for a testimonial, after it). */
  audience?: string;
  /** The email address or the webhook URL. */
  to: string;
  /** Who the event is about (the visitor's name, the comment's author), when it has one. */
  about?: string;
  state: NotificationState;
  attempts: number;
  lastError?: string;
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: string;
  createdAt: string;
  sentAt?: string;
}

/** Time off as the owner's API answers it (CONTRACT 5.1), with the confirmed bookings that fall inside it. */
export interface AdminClosure {
  id: string;
  /** As written: `YYYY-MM-DD` (whole days, `to` included) or `YYYY-MM-DDTHH:MM` (`to` excluded). */
  from: string;
  to: string;
  note?: string;
  /** `config`: from the config file (read-only); `owner`: added in /admin. */
  source: 'config' | 'owner';
  /** The instants it covers, with the business's offset. */
  start: string;
  end: string;
  bookings: AdminBooking[];
}

/** One of the owner's calendars as GET /admin/calendars answers it (CONTRACT 5.1). */
export interface AdminCalendar {
  id: string;
  type: 'ics' | 'caldav';
  /** The last successful read (an unchanged calendar counts), or null. */
  lastSyncAt: string | null;
  /** Why the last read failed (the last good busy times are kept), or what it left out; in the owner's words. */
  lastError?: string;
  /** Busy times found in the weeks Frontdesk reads. */
  busyCount: number;
  /** Whether bookings are written to this calendar. */
  writeBookings: boolean;
}

/** One thing in the owner's week view: a booking, time off, or a busy time of one of her calendars. */
export interface AdminScheduleItem {
  kind: 'booking' | 'closure' | 'busy';
  /** The booking's or closure's id; for a busy time, its calendar's id. */
  id: string;
  start: string;
  end: string;
  /** The client and service, the closure's note, or the event's title (may be empty for a busy time). */
  title: string;
  allDay?: boolean;
  /** A booking's status: `confirmed`, or what happened (`completed`, `no_show`) once the owner marked it. */
  status?: BookingStatus;
}

/** One day of GET /admin/schedule, in the business's time zone: its bounds and what fills it, in time order. */
export interface AdminScheduleDay {
  date: string;
  start: string;
  end: string;
  items: AdminScheduleItem[];
}

export interface AdminSchedule {
  timezone: string;
  days: AdminScheduleDay[];
}

/** One of the owner's signed-in browsers on /admin (GET /api/v1/admin/sessions). */
export interface AdminSession {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  /** When it ends unless used again (idle), or at the latest (30 days after sign-in). */
  expiresAt: string;
  /** The browser's User-Agent at sign-in. */
  userAgent?: string;
  /** The session of the request that asked. */
  current: boolean;
}
