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
  AdminComment,
  AdminMessage,
  AdminNotification,
  AdminTestimonial,
  Availability,
  CommentPage,
  Service,
  Testimonial,
} from '../../shared/api.js';
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
 * absent, null or "". Unknown members are ignored. Every form also takes the anti-spam fields.
 */
export function formBody(form: Form, descriptions: Record<string, string> = {}): z.ZodType {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [name, field] of Object.entries(form.required)) shape[name] = described(field, descriptions[name]);
  for (const [name, field] of Object.entries(form.optional)) shape[name] = z.optional(z.nullable(described(field, descriptions[name])));
  shape.website = z.optional(z.unknown()).meta({ description: 'The honeypot: people leave it empty. Filled, the request is answered as accepted and stored nowhere.' });
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
}) satisfies z.ZodType<Service>;

export const availability = z.object({
  timezone: z.string().meta({ description: 'The business\u2019s IANA time zone.' }),
  slots: z.array(z.object({ start: instant, end: instant })),
}) satisfies z.ZodType<Availability>;

export const bookingCreated = z.object({
  id,
  status: z.literal('confirmed'),
  service: z.string(),
  start: instant,
  end: instant,
  token: z.string().meta({ description: 'The visitor\u2019s secret for GET /bookings/{id}, cancel and calendar.ics (?token=).' }),
});

export const booking = z.object({
  id,
  status: z.enum(['confirmed', 'cancelled']),
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
  createdAt: instant,
  cancelledAt: z.optional(instant),
  cancelledBy: z.optional(z.enum(['visitor', 'owner'])),
  cancelReason: z.optional(z.string()),
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
    }),
  ),
  nextCursor: z.optional(z.string().meta({ description: 'Absent on the last page.' })),
}) satisfies z.ZodType<CommentPage>;

export const testimonial = z.object({
  id,
  author: z.string(),
  role: z.optional(z.string()),
  rating: z.optional(z.number().min(0).max(5)),
  date: z.optional(z.string().meta({ format: 'date' })),
  avatar: z.optional(z.string()),
  source: z.optional(z.string()),
  text: z.string(),
}) satisfies z.ZodType<Testimonial>;

export const adminMessage = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.optional(z.string()),
  message: z.string(),
  createdAt: instant,
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
  createdAt: instant,
}) satisfies z.ZodType<AdminComment>;

export const adminTestimonial = testimonial.extend({
  status: z.enum(['pending', 'published', 'rejected']),
  email: z.optional(z.string()),
  tag: z.optional(z.string()),
  createdAt: instant,
}) satisfies z.ZodType<AdminTestimonial>;

export const adminNotification = z.object({
  id,
  event: z.string().meta({ description: 'booking.created, comment.created, …' }),
  channel: z.enum(['email', 'webhook']),
  audience: z.optional(z.string().meta({ description: 'For an email: owner, visitor or reminder.' })),
  to: z.string().meta({ description: 'The email address or the webhook URL.' }),
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
  email: z.string(),
  erased: z.object({
    bookings: z.int(),
    messages: z.int(),
    comments: z.int(),
    testimonials: z.int(),
    notifications: z.int(),
    events: z.int(),
  }),
});

export const health = z.object({ ok: z.boolean(), store: z.enum(['sqlite', 'postgres']) });

/** The owner's view of the config: what the admin page shows. */
export const ownerConfig = z.looseObject({ business: z.looseObject({ name: z.string(), timezone: z.string() }), services: z.array(service) });
