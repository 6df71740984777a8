/**
 * Every route of the HTTP API, for GET /api/v1/openapi.json (document.ts builds the document from this
 * list). A new route is one entry here, next to its feature's; test/server/openapi.test.ts fails while
 * the app has a route that is neither here nor in OUTSIDE_THE_API, and checks real answers against it.
 *
 * The errors every route of its kind can answer are added by document.ts (owner routes: 401, 403;
 * writes: 403, 413; a body: 400 validation_failed and bad_request; POST: 422, 429; all: 500);
 * `errors` lists the others.
 */
import * as z from 'zod';
import {
  bookingChangeInput,
  closureInput,
  ownerBookingInput,
  testimonialInput,
  visitorTestimonialInput,
} from '../../shared/owner-schemas.js';
import { SEARCH_MAX_CHARS } from '../../shared/api.js';
import { bookingInput, commentInput, messageInput, rescheduleInput } from '../../shared/schemas.js';
import type { ErrorCode } from '../../shared/errors.js';
import * as s from './schemas.js';

export interface Answer {
  description: string;
  /** JSON unless `type` says otherwise; none for 204. */
  schema?: z.ZodType;
  type?: string;
  /** Other media types the same answer may take (text, no schema), e.g. CSV. */
  alsoAs?: string[];
  /** Response headers worth knowing (name → description), e.g. an ETag. */
  headers?: Record<string, string>;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As the app routes it (`:id` for a path parameter). */
  path: string;
  tag: string;
  summary: string;
  /** Needs the site owner's token (or the admin page's session). */
  owner?: true;
  /** Path parameters that need more than a name (each is a string). */
  params?: Record<string, { description: string; pattern?: string }>;
  /** Request headers the route reads, beyond Authorization and Idempotency-Key. */
  headers?: Record<string, string>;
  query?: Record<string, { schema: z.ZodType; description: string; required?: true }>;
  body?: z.ZodType;
  answers: Record<number, Answer>;
  errors?: ErrorCode[];
}

/** Routes that serve people and files, not programs: the admin and manage pages, the bundles, the demo. */
export const OUTSIDE_THE_API: readonly string[] = [
  'GET /',
  'GET /demo/*',
  'GET /frontdesk.js',
  'GET /frontdesk.mjs',
  'GET /admin.js',
  'GET /admin',
  'GET /admin/session',
  'POST /admin/session',
  'POST /admin/session/logout',
  'GET /booking.css',
  'GET /booking/:id',
  'GET /booking/:id/cancel',
  'POST /booking/:id/cancel',
  'GET /booking/:id/reschedule',
  'POST /booking/:id/reschedule',
  // The kit's files: the chunks the loader loads, and one module per element for bundlers.
  'GET /kit/:file',
  'GET /elements/*',
  // Booking and contact pages that work without JavaScript (docs/no-javascript.md).
  'GET /book',
  'GET /book/:service',
  'POST /book/:service',
  'GET /contact',
  'POST /contact',
  'GET /contact/sent',
  // The client's page for a testimonial, linked from the request after a visit (docs/no-javascript.md).
  'GET /review/:token',
  'POST /review/:token',
];

const token = { token: { schema: z.string(), description: 'The booking\u2019s token, from its confirmation.', required: true as const } };
const date = (what: string) => z.string().meta({ format: 'date', description: what });
/** The range and person of a list of free times (GET /availability, and a booking's own). */
const days = {
  from: { schema: date('First day, in the business\u2019s time zone (default: today).'), description: 'First day (YYYY-MM-DD).' },
  to: {
    schema: date('Last day, included (default: 13 days after from; at most 61 after).'),
    description: 'Last day, included (YYYY-MM-DD).',
  },
  staff: {
    schema: z.string(),
    description:
      'A staff id: only the times that person is free (refused with `validation_failed` on `staff` when they do not give the service).',
  },
};
const list = (schema: z.ZodType) => z.array(schema);
const status = <T extends readonly [string, ...string[]]>(values: T) => z.object({ status: z.enum(values) });
/** The owner's lists, a page at a time (http/paging.ts). */
const paged = {
  limit: { schema: z.int().min(1).max(500), description: 'Rows per page (default 100, at most 500).' },
  cursor: { schema: z.string(), description: 'Where the next page starts: given only in the previous page’s Link header.' },
};
const nextLink = { Link: '`<URL of the next page>; rel="next"` when more rows follow; absent on the last page.' };

/**
 * The two links of reply emails (docs/comments.md): a GET shows a page with one button (so a mail
 * scanner that follows links changes nothing); a POST acts: the button's, or a mail client's
 * RFC 8058 one-click unsubscribe (body `List-Unsubscribe=One-Click`, no credentials).
 */
function replyEmailLinks(): Operation[] {
  const link = (what: string) => ({
    token: { schema: z.string(), description: `The token of the ${what} link, from the email.`, required: true as const },
  });
  const page = (what: string) => ({
    200: { description: `A page with one button that POSTs to this address (${what}).`, type: 'text/html' },
    404: {
      description: 'A page saying the link does not work: not a link this server made, or its address was erased.',
      type: 'text/html',
    },
  });
  return [
    {
      method: 'get',
      path: '/api/v1/comments/subscriptions/confirm',
      tag: 'Comments',
      summary: 'The confirmation link of reply emails: a page with a Confirm button',
      query: link('confirmation'),
      answers: page('Confirm'),
    },
    {
      method: 'post',
      path: '/api/v1/comments/subscriptions/confirm',
      tag: 'Comments',
      summary: 'Confirm an address for reply emails: its subscriptions start',
      query: link('confirmation'),
      answers: {
        200: {
          description: 'Confirmed (again: still 200). With Accept: text/html, a page saying so.',
          schema: status(['confirmed'] as const),
          alsoAs: ['text/html'],
        },
      },
      errors: ['not_found'],
    },
    {
      method: 'get',
      path: '/api/v1/comments/subscriptions/unsubscribe',
      tag: 'Comments',
      summary: 'The unsubscribe link of a reply email: a page with an Unsubscribe button',
      query: link('unsubscribe'),
      answers: page('Unsubscribe'),
    },
    {
      method: 'post',
      path: '/api/v1/comments/subscriptions/unsubscribe',
      tag: 'Comments',
      summary:
        'Stop the reply emails of one comment: the List-Unsubscribe URL (RFC 8058 one-click: any body, e.g. List-Unsubscribe=One-Click)',
      query: link('unsubscribe'),
      answers: {
        200: {
          description: 'Unsubscribed (again: still 200). With Accept: text/html, a page saying so.',
          schema: status(['unsubscribed'] as const),
          alsoAs: ['text/html'],
        },
      },
      errors: ['not_found'],
    },
  ];
}

export const OPERATIONS: Operation[] = [
  // Running
  {
    method: 'get',
    path: '/healthz',
    tag: 'Server',
    summary: 'Whether the server and its database answer',
    answers: {
      200: { description: 'Up, and the database answers.', schema: s.health },
      503: {
        description: 'Up, but the database cannot be reached: other routes answer 503 unavailable meanwhile.',
        schema: s.health,
        headers: { 'Retry-After': 'Seconds to wait.' },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Server',
    summary: 'The server\u2019s metrics, for Prometheus (Authorization: Bearer FRONTDESK_METRICS_TOKEN)',
    answers: {
      200: {
        description:
          'Prometheus text format (version 0.0.4): requests by route pattern and status, latency histograms, bookings and comments created, notifications waiting and failed, calendar sync state, store errors, process metrics (event loop lag). With several workers, every worker\u2019s added up.',
        type: 'text/plain',
      },
    },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'Server',
    summary: 'This document',
    answers: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  },

  // Bookings
  {
    method: 'get',
    path: '/api/v1/services',
    tag: 'Bookings',
    summary: 'The services that can be booked',
    answers: { 200: { description: 'In the config\u2019s order.', schema: list(s.service) } },
  },
  {
    method: 'get',
    path: '/api/v1/availability',
    tag: 'Bookings',
    summary: 'Free times of a service',
    query: { service: { schema: z.string(), description: 'A service id.', required: true }, ...days },
    answers: {
      200: {
        description: 'Each free slot\u2019s start and end, with the business\u2019s offset (and who is free, when staff are configured).',
        schema: s.availability,
      },
    },
    errors: ['bad_request', 'not_found', 'validation_failed'],
  },
  {
    method: 'get',
    path: '/api/v1/staff',
    tag: 'Bookings',
    summary: 'The practitioners and the services each gives',
    answers: {
      200: { description: 'In the config\u2019s order; empty when the business is one practitioner.', schema: list(s.staffMember) },
    },
  },
  {
    method: 'post',
    path: '/api/v1/bookings',
    tag: 'Bookings',
    summary: 'Book a time',
    body: s.formBody(bookingInput, {
      service: 'A service id.',
      start: 'The slot\u2019s start as GET /availability gave it.',
      timezone: 'The visitor\u2019s IANA time zone (for their emails).',
      staff:
        'A staff id (GET /staff); absent: anyone free then, the server picks (the fewest bookings that day). One who does not give the service: `validation_failed` on `staff`.',
      answers:
        'The answers to the service\u2019s `questions`, by question id: text, or true/false for a checkbox. A missing or bad answer: `validation_failed` on `answers.<id>`.',
    }),
    answers: { 201: { description: 'Booked. Keep the token: it opens, cancels and exports this booking.', schema: s.bookingCreated } },
    errors: ['slot_taken'],
  },
  {
    method: 'get',
    path: '/api/v1/bookings/:id',
    tag: 'Bookings',
    summary: 'The visitor\u2019s own booking',
    query: token,
    answers: { 200: { description: 'The booking.', schema: s.booking } },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/api/v1/bookings/:id/cancel',
    tag: 'Bookings',
    summary: 'The visitor cancels their booking',
    query: token,
    answers: { 200: { description: 'Cancelled (cancelling twice answers the same).', schema: s.booking } },
    errors: ['not_found', 'bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/bookings/:id/reschedule',
    tag: 'Bookings',
    summary: 'The visitor moves their booking to another offered time (up to booking.rescheduleNoticeHours before it)',
    query: token,
    body: s.ownerBody(rescheduleInput, {
      start: 'The new slot’s start as GET /availability gave it.',
      staff:
        'With staff: who gives it (a staff id; GET /availability?staff= gives their times). Absent: the booking’s own person when free then, else anyone free who gives the service. Unknown, not giving the service, or sent without staff configured: validation_failed on staff.',
    }),
    answers: {
      200: { description: 'The same booking (same id and token) at its new time; the old time is free again.', schema: s.booking },
    },
    errors: ['not_found', 'slot_taken', 'bad_request'],
  },
  {
    method: 'get',
    path: '/api/v1/bookings/:id/availability',
    tag: 'Bookings',
    summary: 'The times the visitor can move their booking to',
    query: { ...token, ...days },
    answers: {
      200: {
        description:
          'As GET /availability for the booking\u2019s service, and also the times only the booking itself is in the way of (half an hour later, for an hour\u2019s booking); not the time it has.',
        schema: s.availability,
      },
    },
    errors: ['not_found', 'bad_request', 'validation_failed'],
  },
  {
    method: 'get',
    path: '/api/v1/bookings/:id/calendar.ics',
    tag: 'Bookings',
    summary: 'The booking as a calendar file',
    query: token,
    answers: { 200: { description: 'An iCalendar file with one event (cancelled once the booking is).', type: 'text/calendar' } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/admin/bookings',
    tag: 'Bookings',
    owner: true,
    summary: 'Bookings, for the owner',
    query: {
      from: {
        schema: date('First day (YYYY-MM-DD).'),
        description:
          'With `to`: every booking that starts in these days (at most 366). Without both: the confirmed ones that have not ended.',
      },
      to: { schema: date('Last day, included.'), description: 'Last day, included (YYYY-MM-DD).' },
      status: {
        schema: z.enum(['confirmed', 'cancelled']),
        description: 'Only those: without dates, `cancelled` lists the cancelled ones whose time has not ended.',
      },
      ...paged,
    },
    answers: {
      200: { description: 'Bookings, soonest first (then by id), a page at a time.', schema: list(s.booking), headers: nextLink },
    },
    errors: ['bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/bookings',
    tag: 'Bookings',
    owner: true,
    summary: 'The owner books for a client (a phone call): any free time in her hours, or any time with force; never over another booking',
    body: s.ownerBody(ownerBookingInput, {
      start:
        'An instant with its offset. Any minute inside the opening hours; outside them, in time off or a busy time, or in the past only with force.',
      email: 'When given, the client gets the same confirmation email as a visitor.',
      force: 'Book outside the offered times; the answer’s `warning` says what was overridden.',
      staff:
        'With staff: who gives it (who must give the service, and work then unless force). Absent: anyone free, spread as for a visitor’s booking.',
      locale: 'The client’s language (en, es, fr, de, pt, ar): the emails to the client are written in it. Absent: English.',
      answers: 'Answers to the service’s intake questions, by question id; each given one is checked as a visitor’s, none is required.',
    }),
    answers: { 201: { description: 'Booked.', schema: s.booking } },
    errors: ['slot_taken'],
  },
  {
    method: 'patch',
    path: '/api/v1/admin/bookings/:id',
    tag: 'Bookings',
    owner: true,
    summary: 'The owner moves a booking (`start`, with `force` outside her hours) or records what happened (`status`)',
    body: s.ownerBody(bookingChangeInput, {
      start: 'The new start: the same rules as the owner’s booking, no notice limit.',
      force: 'Move outside the offered times; the answer’s `warning` says what was overridden.',
      staff:
        'With a new start, and staff: who gives it. Absent: the booking’s own person when free then, else anyone free who gives the service.',
      status: 'completed or no_show, once the booking has started.',
    }),
    answers: { 200: { description: 'The booking, moved or marked.', schema: s.booking } },
    errors: ['not_found', 'slot_taken', 'bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/bookings/:id/cancel',
    tag: 'Bookings',
    owner: true,
    summary: 'The owner cancels a booking',
    body: z.object({ reason: z.optional(z.string().max(1000).meta({ description: 'Told to the visitor in their email.' })) }),
    answers: { 200: { description: 'Cancelled.', schema: s.booking } },
    errors: ['not_found'],
  },

  // Messages
  {
    method: 'post',
    path: '/api/v1/messages',
    tag: 'Messages',
    summary: 'Send the business a message (the booking widget\u2019s contact mode)',
    body: s.formBody(messageInput),
    answers: { 201: { description: 'Received.', schema: s.created } },
  },
  {
    method: 'get',
    path: '/api/v1/admin/inbox',
    tag: 'Owner',
    owner: true,
    summary:
      'What needs the owner: waiting comments and testimonials, new messages, today\u2019s and tomorrow\u2019s appointments, with counts',
    answers: { 200: { description: 'The inbox.', schema: s.adminInbox } },
  },
  {
    method: 'get',
    path: '/api/v1/admin/messages',
    tag: 'Messages',
    owner: true,
    summary: 'Messages, newest first',
    query: paged,
    answers: { 200: { description: 'Messages, a page at a time.', schema: list(s.adminMessage), headers: nextLink } },
    errors: ['bad_request'],
  },
  {
    method: 'patch',
    path: '/api/v1/admin/messages/:id',
    tag: 'Messages',
    owner: true,
    summary: 'Mark a message handled (it leaves the inbox and its count) or new again',
    body: z.object({ handled: z.boolean() }),
    answers: { 200: { description: 'The message, with `handledAt` while handled.', schema: s.adminMessage } },
    errors: ['not_found'],
  },

  // Comments
  {
    method: 'get',
    path: '/api/v1/comments',
    tag: 'Comments',
    summary: 'A page of a thread\u2019s published comments',
    query: {
      thread: { schema: z.string(), description: 'The thread id, usually the page\u2019s path.', required: true },
      cursor: { schema: z.string(), description: 'The previous page\u2019s nextCursor.' },
      limit: {
        schema: z.int().min(1).max(100),
        description: 'Top-level comments per page (default 20), each with its first 20 replies (more through its repliesCursor).',
      },
      sort: { schema: z.enum(['oldest', 'newest']), description: 'Order of the top-level comments (default oldest).' },
    },
    answers: { 200: { description: 'Published comments only; never an email address.', schema: s.commentPage } },
    errors: ['bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/comments',
    tag: 'Comments',
    summary: 'Post a comment or a reply',
    body: s.formBody(commentInput, {
      parentId: 'The comment this one answers (a published one of the same thread).',
      email: 'Never shown.',
      notify: 'true: email the author the replies to this comment, once the address is confirmed (docs/comments.md). Needs `email`.',
    }),
    answers: {
      201: { description: 'Saved: pending until approved, or published (config comments.moderation).', schema: s.commentCreated },
    },
  },
  {
    method: 'get',
    path: '/api/v1/comments/:id/replies',
    tag: 'Comments',
    summary: 'More replies of a top-level comment (after those its page carried)',
    query: {
      cursor: { schema: z.string(), description: 'The comment\u2019s repliesCursor, then the previous answer\u2019s nextCursor.' },
      limit: { schema: z.int().min(1).max(100), description: 'Replies per answer (default 20).' },
    },
    answers: { 200: { description: 'Shown replies in thread order; never an email address.', schema: s.repliesPage } },
    errors: ['bad_request', 'not_found'],
  },
  ...replyEmailLinks(),
  {
    method: 'get',
    path: '/api/v1/admin/comments',
    tag: 'Comments',
    owner: true,
    summary: 'Comments, for moderation',
    query: {
      status: { schema: z.enum(['pending', 'published', 'rejected', 'spam']), description: 'Only these.' },
      thread: { schema: z.string(), description: 'Only this thread.' },
      q: {
        schema: z.string(),
        description: `Only those with these characters anywhere in the writer's name, email or text, letter case aside; at most ${SEARCH_MAX_CHARS} characters (an emoji is one).`,
      },
      ...paged,
    },
    answers: { 200: { description: 'Newest first, a page at a time.', schema: list(s.adminComment), headers: nextLink } },
    errors: ['bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/comments',
    tag: 'Comments',
    owner: true,
    summary: 'The owner\u2019s reply (published at once, in the business\u2019s name)',
    body: z.object({ thread: z.string(), parentId: z.optional(z.string()), text: z.string() }),
    answers: { 201: { description: 'Published.', schema: s.adminComment } },
  },
  {
    method: 'patch',
    path: '/api/v1/admin/comments/:id',
    tag: 'Comments',
    owner: true,
    summary: 'Approve, reject or mark a comment as spam',
    body: status(['pending', 'published', 'rejected', 'spam']),
    answers: { 200: { description: 'The comment.', schema: s.adminComment } },
    errors: ['not_found'],
  },
  {
    method: 'delete',
    path: '/api/v1/admin/comments/:id',
    tag: 'Comments',
    owner: true,
    summary: 'Delete a comment and every reply under it',
    answers: { 204: { description: 'Deleted.' } },
    errors: ['not_found'],
  },

  // Testimonials
  {
    method: 'get',
    path: '/api/v1/testimonials',
    tag: 'Testimonials',
    summary: 'Approved testimonials',
    query: {
      limit: { schema: z.int().min(1).max(100), description: 'How many (default 24).' },
      tag: { schema: z.string(), description: 'Only those with this tag.' },
    },
    answers: { 200: { description: 'Newest first.', schema: list(s.testimonial) } },
    errors: ['bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/testimonials',
    tag: 'Testimonials',
    summary: 'A visitor\u2019s testimonial',
    body: s.formBody(visitorTestimonialInput),
    answers: {
      201: { description: 'Saved: pending until approved, or published (config testimonials.moderation).', schema: s.testimonialCreated },
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/testimonials',
    tag: 'Testimonials',
    owner: true,
    summary: 'Testimonials, for moderation',
    query: { status: { schema: z.enum(['pending', 'published', 'rejected']), description: 'Only these.' }, ...paged },
    answers: { 200: { description: 'Newest first, a page at a time.', schema: list(s.adminTestimonial), headers: nextLink } },
    errors: ['bad_request'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/testimonials',
    tag: 'Testimonials',
    owner: true,
    summary: 'Add a testimonial (published at once)',
    body: s.formBody(testimonialInput),
    answers: { 201: { description: 'Published.', schema: s.adminTestimonial } },
  },
  {
    method: 'put',
    path: '/api/v1/admin/testimonials/:id',
    tag: 'Testimonials',
    owner: true,
    summary: 'Replace a testimonial\u2019s text and details',
    body: s.formBody(testimonialInput),
    answers: { 200: { description: 'The testimonial.', schema: s.adminTestimonial } },
    errors: ['not_found'],
  },
  {
    method: 'patch',
    path: '/api/v1/admin/testimonials/:id',
    tag: 'Testimonials',
    owner: true,
    summary: 'Approve or reject a testimonial',
    body: status(['pending', 'published', 'rejected']),
    answers: { 200: { description: 'The testimonial.', schema: s.adminTestimonial } },
    errors: ['not_found'],
  },
  {
    method: 'delete',
    path: '/api/v1/admin/testimonials/:id',
    tag: 'Testimonials',
    owner: true,
    summary: 'Delete a testimonial',
    answers: { 204: { description: 'Deleted.' } },
    errors: ['not_found'],
  },

  // Time off, the owner's calendars, her feed and week (docs/calendars.md)
  {
    method: 'get',
    path: '/api/v1/admin/closures',
    tag: 'Calendars',
    owner: true,
    summary: 'Time off that has not ended (the config file\u2019s first), each with the bookings inside it',
    answers: { 200: { description: 'Time off.', schema: list(s.adminClosure) } },
  },
  {
    method: 'post',
    path: '/api/v1/admin/closures',
    tag: 'Calendars',
    owner: true,
    summary: 'Add time off: nothing inside it can be booked any more (no booking is cancelled)',
    body: s.ownerBody(closureInput, {
      from: 'A date (YYYY-MM-DD: whole days) or a local date-time (YYYY-MM-DDTHH:MM), in the business\u2019s time zone.',
      to: 'The same form as from: the last day, included; or the end, excluded.',
      note: 'At most 200 characters, for the owner; never shown to visitors.',
    }),
    answers: {
      201: { description: 'Added, with the confirmed bookings already inside it (to contact those clients).', schema: s.adminClosure },
    },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/closures/:id',
    tag: 'Calendars',
    owner: true,
    summary: 'Remove time off the owner added',
    answers: { 204: { description: 'Removed: its times can be booked again.' } },
    errors: ['bad_request', 'not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/admin/calendars',
    tag: 'Calendars',
    owner: true,
    summary: 'The owner\u2019s calendars (config calendars) and how their last read went',
    answers: { 200: { description: 'In the config\u2019s order; never an address or a password.', schema: list(s.adminCalendar) } },
  },
  {
    method: 'post',
    path: '/api/v1/admin/calendars/:id/sync',
    tag: 'Calendars',
    owner: true,
    summary: 'Read a calendar now (or wait for the process reading it)',
    answers: {
      200: {
        description:
          'The calendar after the read. A read that failed is 200 too, with lastError saying why (the last busy times are kept).',
        schema: s.adminCalendar,
      },
    },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/admin/feed',
    tag: 'Calendars',
    owner: true,
    summary: 'The secret address of the owner\u2019s bookings feed, for her calendar app (made on first use)',
    answers: { 200: { description: 'The address, the same on every call until replaced.', schema: s.feedAddress } },
  },
  {
    method: 'post',
    path: '/api/v1/admin/feed/rotate',
    tag: 'Calendars',
    owner: true,
    summary: 'Replace the feed\u2019s address: the old one answers 404 at once',
    answers: { 200: { description: 'The new address.', schema: s.feedAddress } },
  },
  {
    method: 'get',
    path: '/api/v1/admin/schedule',
    tag: 'Calendars',
    owner: true,
    summary: 'The owner\u2019s week: bookings, time off and busy times, day by day in the business\u2019s time zone',
    query: {
      from: {
        schema: date('First day (YYYY-MM-DD).'),
        description: 'First day. Without it: this week, Monday to Sunday (to is then ignored).',
      },
      to: { schema: date('Last day, included.'), description: 'Last day, included (default: 6 days after from; at most 30 after).' },
    },
    answers: { 200: { description: 'One entry per day, each with what touches it in time order.', schema: s.adminSchedule } },
    errors: ['bad_request'],
  },
  {
    method: 'get',
    path: '/api/v1/feed/:file',
    tag: 'Calendars',
    summary: 'The owner\u2019s bookings as an iCalendar feed, at its secret address (GET /admin/feed gives it)',
    params: {
      file: {
        description:
          'The feed\u2019s secret key followed by .ics, as in the address GET /api/v1/admin/feed answers; the key is the only credential. A wrong or replaced key: 404.',
        pattern: '^[A-Za-z0-9_-]+\\.ics$',
      },
    },
    headers: { 'If-None-Match': 'The ETag of the copy the calendar app has: 304 while the feed is unchanged.' },
    answers: {
      200: {
        description:
          'Bookings that end after 30 days ago (at most 5,000, by start), cancelled ones as STATUS:CANCELLED; asks to be refreshed every 15 minutes.',
        type: 'text/calendar',
        headers: {
          ETag: 'Changes when the feed does.',
          'Cache-Control': 'private, no-cache: the app asks again each time, with If-None-Match.',
        },
      },
      304: { description: 'Unchanged since the ETag sent in If-None-Match.', headers: { ETag: 'The same ETag.' } },
    },
    errors: ['not_found'],
  },

  // The owner's settings, notifications and data
  {
    method: 'get',
    path: '/api/v1/admin/config',
    tag: 'Owner',
    owner: true,
    summary: 'The config the server runs with (business, services, hours, booking, comments, staff)',
    answers: { 200: { description: 'The config, without secrets.', schema: s.ownerConfig } },
  },
  {
    method: 'get',
    path: '/api/v1/admin/notifications',
    tag: 'Owner',
    owner: true,
    summary: 'Emails, webhook deliveries and bookings written to the owner\u2019s calendars, newest first',
    query: {
      state: {
        schema: z.enum(['waiting', 'pending', 'sent', 'failed']),
        description: 'Only these (waiting: emails held until SMTP_URL is set).',
      },
    },
    answers: { 200: { description: 'At most 200.', schema: list(s.adminNotification) } },
    errors: ['bad_request'],
  },
  {
    method: 'get',
    path: '/api/v1/admin/notifications/:id',
    tag: 'Owner',
    owner: true,
    summary: 'One delivery, in its state now (a retry is followed with it)',
    answers: { 200: { description: 'The delivery.', schema: s.adminNotification } },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/notifications/:id/retry',
    tag: 'Owner',
    owner: true,
    summary: 'Send a failed delivery again, or one being retried now',
    answers: { 200: { description: 'The delivery, pending, due now.', schema: s.adminNotification } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/admin/export',
    tag: 'Owner',
    owner: true,
    summary: "Every stored record of one kind, or one email address's, as JSON or CSV (no tokens)",
    query: {
      what: { schema: z.enum(['bookings', 'messages', 'comments', 'testimonials']), description: 'Which records.', required: true },
      format: { schema: z.enum(['json', 'csv']), description: 'Default json.' },
      email: { schema: z.string(), description: 'Only the records of this address (compared as stored: trimmed, lower case).' },
    },
    answers: {
      200: {
        description:
          "A download: JSON rows, or CSV with a header line (format=csv); instants in ISO 8601 in the business's time zone, with the offset.",
        schema: s.exportRows,
        alsoAs: ['text/csv'],
      },
    },
    errors: ['bad_request', 'validation_failed'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/erase',
    tag: 'Owner',
    owner: true,
    summary: 'Erase everything stored about one email address',
    body: z.object({ email: z.string(), confirm: z.string().meta({ description: 'The same address again.' }) }),
    answers: { 200: { description: 'How many records of each kind were erased.', schema: s.erased } },
    errors: ['not_found'],
  },

  // The owner's sign-in sessions (docs/admin.md)
  {
    method: 'get',
    path: '/api/v1/admin/sessions',
    tag: 'Owner',
    owner: true,
    summary: 'The browsers signed in to /admin (the asking one marked current)',
    answers: { 200: { description: 'Open sessions, newest first.', schema: list(s.adminSession) } },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/sessions/:id',
    tag: 'Owner',
    owner: true,
    summary: 'Sign one browser out',
    answers: { 204: { description: 'That session is over.' } },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/api/v1/admin/sessions/revoke-all',
    tag: 'Owner',
    owner: true,
    summary: 'Sign out everywhere (this browser included)',
    answers: { 200: { description: 'How many sessions ended.', schema: s.revoked } },
  },
];
