/** The JSON shapes of the HTTP API (CONTRACT.md section 3), shared by the widgets and the server. */
export interface Service {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price?: string;
}

export interface Slot {
  start: string;
  end: string;
}

export interface Availability {
  timezone: string;
  slots: Slot[];
}

export type BookingStatus = 'confirmed' | 'cancelled';

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
}

export interface PublicComment {
  id: string;
  parentId: string | null;
  author: string;
  text: string;
  createdAt: string;
  byOwner: boolean;
  /** The author of the comment this one answers (replies only). */
  replyTo?: string;
}

export interface CommentPage {
  thread: string;
  count: number;
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
  createdAt: string;
}

export interface AdminMessage {
  id: string;
  name: string;
  email: string;
  phone?: string;
  message: string;
  createdAt: string;
}

export interface AdminTestimonial extends Testimonial {
  status: TestimonialStatus;
  email?: string;
  tag?: string;
  createdAt: string;
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
}

/** `waiting`: an email that cannot go until SMTP is configured; `failed`: given up, can be sent again. */
export type NotificationState = 'waiting' | 'pending' | 'sent' | 'failed';

/** One email or webhook delivery, as the owner's notifications list shows it. */
export interface AdminNotification {
  id: string;
  /** booking.created, … */
  event: string;
  channel: 'email' | 'webhook';
  /** For an email: 'owner', 'visitor' or 'reminder' (the visitor's, before the booking). */
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
