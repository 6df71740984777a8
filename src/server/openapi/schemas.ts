/**
 * The JSON the API answers with, as zod schemas for the OpenAPI document (document.ts turns them
 * into JSON Schema). Each is tied to its TypeScript type in src/shared/api.ts by `satisfies`, so a
 * field added to the type without its schema fails the type check; test/server/openapi.test.ts
 * checks real answers against them. Request bodies come from the shared forms (`formBody`).
 * Full zod is fine here: this module is server-only.
 */
import * as z from 'zod';
import type {
  AdminBooking,
  AdminCalendar,
  AdminClosure,
  AdminComment,
  AdminInbox,
  AdminMessage,
  AdminNotification,
  AdminSchedule,
  AdminSession,
  AdminTestimonial,
  Availability,
  CommentPage,
  RepliesPage,
  Service,
  StaffMember,
  Testimonial,
} from '../../shared/api.js';
import { REPLY_CONTEXT_CHARS } from '../../shared/api.js';
import type { Form } from '../../shared/schemas.js';

/** An instant with the business's offset, as the API writes them: 2027-03-15T09:00:00-04:00. */
const instant = z.string().meta({ format: 'date-time' });
const id = z.string().meta({ description: 'An opaque id.' });

/** A copy of a shared field schema, described for the document (the shared instance stays untouched). */
function described(field: z.core.$ZodType, description: string | undefined): z.core.$ZodType {
  if (!description) return field;
  const copy = (field as z.ZodType).clone();
  z.globalRegistry.add(copy, { description });
  return copy;
}

/**
 * A shared form as a JSON object schema: its required fields, and its optional ones, which may also be
 * absent, null or "". Unknown members are ignored. For the owner's forms, which no bot fills in.
 */
export function ownerBody(form: Form, descriptions: Record<string, string> = {}): z.ZodObject {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [name, field] of Object.entries(form.required)) shape[name] = described(field, descriptions[name]);
  for (const [name, field] of Object.entries(form.optional)) shape[name] = z.optional(z.nullable(described(field, descriptions[name])));
  return z.object(shape);
}

/** A visitor's form (ownerBody), with the anti-spam fields every visitor's form also takes. */
export function formBody(form: Form, descriptions: Record<string, string> = {}): z.ZodType {
  const shape: Record<string, z.core.$ZodType> = { ...ownerBody(form, descriptions).shape };
  shape.website = z
    .optional(z.unknown())
    .meta({ description: 'The honeypot: people leave it empty. Filled, the request is answered as accepted and stored nowhere.' });
  shape.elapsedMs = z
    .optional(z.nullable(z.number()))
    .meta({ description: 'Milliseconds since the form was shown. Under 2000, the request is answered as accepted and stored nowhere.' });
  return z.object(shape);
}

export const service = z.object({
  id,
  name: z.string(),
  description: z.optional(z.string()),
  durationMinutes: z.int(),
  price: z.optional(z.string().meta({ description: 'As written in the config, e.g. "$120".' })),
  questions: z.optional(
    z
      .array(
        z.object({
          id: z.string(),
          label: z.string().meta({ description: 'The owner\u2019s words, as written in the config.' }),
          type: z.enum(['text', 'textarea', 'select', 'checkbox']),
          options: z.optional(z.array(z.string())),
          required: z.optional(z.boolean()),
        }),
      )
      .meta({ description: 'Intake questions: their answers go in POST /bookings `answers` (by id).' }),
  ),
}) satisfies z.ZodType<Service>;

export const staffMember = z.object({
  id: z.string(),
  name: z.string(),
  services: z.array(z.string()).meta({ description: 'The ids of the services this person gives.' }),
}) satisfies z.ZodType<StaffMember>;

const staffRef = z.object({ id: z.string(), name: z.string() }).meta({ description: 'Who gives it, when staff are configured.' });
const answers = z
  .record(z.string(), z.union([z.string(), z.boolean()]))
  .meta({ description: 'The answers to the service\u2019s questions, by question id (a checkbox: true or false).' });

export const availability = z.object({
  timezone: z.string().meta({ description: 'The business\u2019s IANA time zone.' }),
  slots: z.array(
    z.object({
      start: instant,
      end: instant,
      staff: z.optional(
        z.array(z.string()).meta({ description: 'When staff are configured: the ids of those free then, in the config\u2019s order.' }),
      ),
    }),
  ),
  later: z.boolean().meta({
    description: 'Whether days after `to` can still be booked (`booking.maxAdvanceDays`): ask again with a later `to` for them.',
  }),
}) satisfies z.ZodType<Availability>;

export const bookingCreated = z.object({
  id,
  status: z.literal('confirmed'),
  service: z.string(),
  start: instant,
  end: instant,
  token: z.string().meta({ description: 'The visitor\u2019s secret for GET /bookings/{id}, cancel and calendar.ics (?token=).' }),
  staff: z.optional(staffRef),
});

export const booking = z.object({
  id,
  status: z
    .enum(['confirmed', 'cancelled', 'completed', 'no_show'])
    .meta({ description: '`completed` and `no_show`: what happened, marked by the owner once it started.' }),
  service: z.string(),
  serviceName: z.string(),
  start: instant,
  end: instant,
  token: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.optional(z.string()),
  notes: z.optional(z.string()),
  timezone: z.optional(z.string().meta({ description: 'The visitor\u2019s time zone, when the widget sent it.' })),
  locale: z.optional(
    z
      .enum(['en', 'es', 'fr', 'de', 'pt', 'ar'])
      .meta({ description: 'The language the visitor booked in (the widget\u2019s); their emails, calendar file and manage page use it.' }),
  ),
  createdAt: instant,
  cancelledAt: z.optional(instant),
  cancelledBy: z.optional(z.enum(['visitor', 'owner'])),
  cancelReason: z.optional(z.string()),
  staff: z.optional(staffRef),
  answers: z.optional(answers),
  noShows: z.optional(
    z.int().meta({ description: 'The owner’s lists: how many of this client’s bookings (by email) were marked no_show.' }),
  ),
  warning: z.optional(
    z.string().meta({
      description: 'The owner’s booking or move with `force`: what was overridden (outside the hours, time off, a busy time, a past time).',
    }),
  ),
}) satisfies z.ZodType<AdminBooking>;

export const created = z.object({ id });
export const commentCreated = z.object({ id, status: z.enum(['pending', 'published']) });
export const testimonialCreated = z.object({ id, status: z.enum(['pending', 'published']) });

export const commentPage = z.object({
  thread: z.string().meta({ description: 'The thread id, normalized (no origin, query, fragment or trailing slash).' }),
  count: z.int().meta({ description: 'Every published comment of the thread, replies included.' }),
  comments: z.array(
    z.object({
      id,
      parentId: z.nullable(z.string()),
      author: z.string(),
      text: z.string(),
      createdAt: instant,
      byOwner: z.boolean(),
      replyTo: z.optional(z.string().meta({ description: 'The author of the comment this one answers (replies only).' })),
      repliesCursor: z.optional(
        z.string().meta({
          description: 'A top-level comment with more replies than the page carries: GET /comments/{id}/replies?cursor= brings the rest.',
        }),
      ),
    }),
  ),
  nextCursor: z.optional(z.string().meta({ description: 'Absent on the last page.' })),
}) satisfies z.ZodType<CommentPage>;

/** The replies of one top-level comment after those its page carried. */
export const repliesPage = z.object({
  parentId: id,
  comments: commentPage.shape.comments,
  nextCursor: z.optional(z.string().meta({ description: 'Absent on the last page.' })),
}) satisfies z.ZodType<RepliesPage>;

export const testimonial = z.object({
  id,
  author: z.string(),
  role: z.optional(z.string()),
  rating: z.optional(z.number().min(0).max(5)),
  date: z.optional(z.string().meta({ format: 'date' })),
  avatar: z.optional(z.string()),
  source: z.optional(z.string()),
  text: z.string(),
  verified: z.optional(
    z.literal(true).meta({ description: 'Written by a client through the link sent after a visit, who agreed to be shown as a client.' }),
  ),
}) satisfies z.ZodType<Testimonial>;

export const adminMessage = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.optional(z.string()),
  message: z.string(),
  createdAt: instant,
  handledAt: z.optional(instant).meta({ description: 'When the owner marked it handled; absent while it is new.' }),
}) satisfies z.ZodType<AdminMessage>;

export const adminComment = z.object({
  id,
  thread: z.string(),
  parentId: z.nullable(z.string()),
  author: z.string(),
  email: z.optional(z.string()),
  text: z.string(),
  status: z.enum(['pending', 'published', 'rejected', 'spam']),
  byOwner: z.boolean(),
  shown: z.boolean().meta({
    description: 'Whether readers see it: published, and every comment above it published too (a reply under a rejected comment is not).',
  }),
  createdAt: instant,
  inReplyTo: z.optional(
    z
      .object({ author: z.string(), text: z.string(), byOwner: z.boolean().meta({ description: "The owner's own comment." }) })
      .meta({ description: `A reply: the comment it answers, its text cut to ${REPLY_CONTEXT_CHARS} characters (then ending in "…").` }),
  ),
}) satisfies z.ZodType<AdminComment>;

export const adminTestimonial = testimonial.extend({
  status: z.enum(['pending', 'published', 'rejected']),
  email: z.optional(z.string()),
  tag: z.optional(z.string()),
  createdAt: instant,
  bookingId: z.optional(z.string().meta({ description: 'Given through a review request: the booking it followed.' })),
  clientSince: z.optional(z.string().meta({ format: 'date-time', description: 'The start of the writer\u2019s first booking.' })),
}) satisfies z.ZodType<AdminTestimonial>;

export const adminInbox = z.object({
  counts: z.object({
    comments: z.int().meta({ description: 'Comments waiting for moderation.' }),
    testimonials: z.int().meta({ description: 'Testimonials waiting for approval.' }),
    messages: z.int().meta({ description: 'Messages of the last 7 days.' }),
    today: z.int().meta({ description: 'Confirmed appointments today (the business\u2019s time zone).' }),
    tomorrow: z.int().meta({ description: 'Confirmed appointments tomorrow.' }),
  }),
  comments: z.array(adminComment).meta({ description: 'Waiting comments, newest first; at most 10.' }),
  testimonials: z.array(adminTestimonial).meta({ description: 'Waiting testimonials, newest first; at most 10.' }),
  messages: z.array(adminMessage).meta({ description: 'Messages of the last 7 days not marked handled, newest first; at most 10.' }),
  today: z.array(booking).meta({ description: 'Today\u2019s confirmed appointments, in order of time.' }),
  tomorrow: z.array(booking).meta({ description: 'Tomorrow\u2019s confirmed appointments, in order of time.' }),
}) satisfies z.ZodType<AdminInbox>;

export const adminNotification = z.object({
  id,
  event: z.string().meta({ description: 'booking.created, comment.created, …' }),
  channel: z
    .enum(['email', 'webhook', 'calendar'])
    .meta({ description: 'calendar: a booking written to the owner\u2019s CalDAV calendar (config calendars[].writeBookings).' }),
  audience: z.optional(
    z
      .string()
      .meta({ description: 'For an email: owner, visitor, reminder, or subscriber (a commenter\u2019s reply email or its confirmation).' }),
  ),
  to: z.string().meta({ description: 'The email address, the webhook URL, or the calendar\u2019s id (never its address).' }),
  about: z.optional(z.string()),
  state: z.enum(['waiting', 'pending', 'sent', 'failed']),
  attempts: z.int(),
  lastError: z.optional(z.string()),
  nextAttemptAt: z.optional(instant),
  createdAt: instant,
  sentAt: z.optional(instant),
}) satisfies z.ZodType<AdminNotification>;

export const exportRows = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])));

export const erased = z.object({
  erased: z.object({
    bookings: z.int(),
    messages: z.int(),
    comments: z.int(),
    testimonials: z.int(),
    notifications: z.int(),
    events: z.int(),
  }),
});

export const health = z.object({
  ok: z.boolean(),
  status: z.enum(['ok', 'degraded']).meta({ description: 'degraded: the server is up, its store is not.' }),
  store: z.enum(['ok', 'unreachable']),
  database: z.enum(['sqlite', 'postgres']),
});

/** The owner's view of the config: what the admin page shows. */
export const ownerConfig = z.looseObject({
  business: z.looseObject({ name: z.string(), timezone: z.string() }),
  services: z.array(service.extend({ resources: z.optional(z.array(z.string())) })),
});

/** Time off as written: a date (whole days, `to` included) or a local date-time (`to` excluded). */
const closureEnd = (what: string) =>
  z.string().meta({ description: `${what} As written: YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the business\u2019s time zone.` });

export const adminClosure = z.object({
  id: z.string().meta({ description: 'config-N for the config file\u2019s (read-only); a number for those the owner added.' }),
  from: closureEnd('The first day, or the first minute.'),
  to: closureEnd('The last day, included; or the end, excluded.'),
  note: z.optional(z.string()),
  source: z.enum(['config', 'owner']),
  start: instant,
  end: instant,
  bookings: z.array(booking).meta({ description: 'Confirmed bookings inside it (adding time off cancels none), soonest first.' }),
}) satisfies z.ZodType<AdminClosure>;

export const adminCalendar = z.object({
  id: z.string().meta({ description: 'The calendar\u2019s id in the config (its address and credentials are never answered).' }),
  type: z.enum(['ics', 'caldav']),
  lastSyncAt: z.nullable(z.string().meta({ format: 'date-time', description: 'The last successful read (UTC), or null.' })),
  lastError: z.optional(
    z
      .string()
      .meta({ description: 'Why the last read failed (the last busy times are kept), or what it left out; in the owner\u2019s words.' }),
  ),
  busyCount: z.int().meta({ description: 'Busy times in the weeks read (the booking window and 7 days).' }),
  writeBookings: z.boolean(),
}) satisfies z.ZodType<AdminCalendar>;

export const adminSchedule = z.object({
  timezone: z.string().meta({ description: 'The business\u2019s IANA time zone.' }),
  days: z.array(
    z.object({
      date: z.string().meta({ format: 'date' }),
      start: instant,
      end: instant,
      items: z
        .array(
          z.object({
            kind: z.enum(['booking', 'closure', 'busy']),
            id: z.string().meta({ description: 'The booking\u2019s or the closure\u2019s id; for a busy time, its calendar\u2019s.' }),
            start: instant,
            end: instant,
            title: z
              .string()
              .meta({ description: 'The client and service, the closure\u2019s note, or the event\u2019s title (may be empty).' }),
            allDay: z.optional(z.boolean().meta({ description: 'Present, true, for a whole day.' })),
            status: z.optional(
              z
                .enum(['confirmed', 'cancelled', 'completed', 'no_show'])
                .meta({ description: 'A booking’s: confirmed, or what happened once the owner marked it.' }),
            ),
          }),
        )
        .meta({ description: 'What touches this day, in time order (something that spans days is on each).' }),
    }),
  ),
}) satisfies z.ZodType<AdminSchedule>;

export const feedAddress = z.object({
  url: z.string().meta({
    format: 'uri',
    description: 'The feed\u2019s secret address, \u2026/api/v1/feed/{key}.ics: anyone who has it can read the bookings.',
  }),
});

/** One of the owner's signed-in browsers (GET /admin/sessions). */
export const adminSession = z.object({
  id,
  createdAt: instant,
  lastUsedAt: instant,
  expiresAt: instant.meta({ description: 'When it ends unless used again, or at the latest 30 days after sign-in.' }),
  userAgent: z.optional(z.string()),
  current: z.boolean().meta({ description: 'The session of the request that asked.' }),
}) satisfies z.ZodType<AdminSession>;

export const revoked = z.object({ revoked: z.int().meta({ description: 'How many sessions were ended, this browser\u2019s included.' }) });
