/**
 * Every event a Frontdesk element fires (they bubble and are composed, so a page listens on
 * document): the one map the elements dispatch through and TypeScript pages read. `detail` is the
 * saved record, or for `frontdesk-error` one shape on every element.
 */
import type { Booking, CommentStatus, TestimonialStatus } from '../../shared/api.js';

/** What went wrong: the API's error code (or `network` when no answer came), its message, the HTTP status (0: no answer). */
export interface FrontdeskErrorDetail {
  code: string;
  message: string;
  status: number;
}

/** The booking as saved, with what the visitor sent (name, email, phone, notes, timezone, locale). */
export type BookingCreatedDetail = Booking;

/** The booking as saved after "Pick another time" moved it: the same id and token, its new time (and person). */
export type BookingRescheduledDetail = Booking;

export interface MessageSentDetail {
  id: string;
  name: string;
  email: string;
  phone?: string;
  message: string;
}

export interface CommentPostedDetail {
  id: string;
  status: CommentStatus;
  thread: string;
  parentId: string | null;
  author: string;
  text: string;
}

/** A testimonial written in <frontdesk-testimonial-form>, as saved; `pending` while it waits for approval. */
export interface TestimonialSentDetail {
  id: string;
  status: TestimonialStatus;
  author: string;
  rating: number;
  text: string;
  role?: string;
}

export interface FrontdeskEventMap {
  'frontdesk-booking-created': CustomEvent<BookingCreatedDetail>;
  'frontdesk-booking-rescheduled': CustomEvent<BookingRescheduledDetail>;
  'frontdesk-message-sent': CustomEvent<MessageSentDetail>;
  'frontdesk-comment-posted': CustomEvent<CommentPostedDetail>;
  'frontdesk-testimonial-sent': CustomEvent<TestimonialSentDetail>;
  'frontdesk-error': CustomEvent<FrontdeskErrorDetail>;
}

// On every element, the document and the window alike: the events bubble and are composed, so a
// page usually listens on document (GlobalEventHandlersEventMap is what all three maps extend).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends FrontdeskEventMap {}
}
