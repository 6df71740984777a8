/**
 * Forms that only the server and the owner's admin page check (not part of the embed bundle):
 * testimonials (a visitor may POST one through the API, with the writer's own fields; the owner adds and edits
 * them with all of them) and statuses.
 */
import * as z from 'zod/mini';
import { CLOSURE_FORMAT, closureKind, FROM_MISSING, TO_MISSING } from './closures.js';
import { issue } from './i18n/format.js';
import { LANGUAGES } from './i18n/languages.js';
import {
  answersField,
  form,
  type FormOutput,
  LIMITS,
  optionalEmail,
  optionalText,
  phoneField,
  serviceField,
  staffField,
  startField,
  text,
} from './schemas.js';
import { cleanLine, cleanText, textLength } from './text.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 0 to 5 in half stars. Halves are checked as whole numbers of half stars: zod's multipleOf(0.5)
 * lets 5e-324 through (a float remainder rounded away), which PostgreSQL's real cannot store.
 */
const RATING = issue('validation.ratingRange');
export const ratingField = z.number({ error: RATING }).check(
  z.gte(0, RATING),
  z.lte(5, RATING),
  z.refine((v) => Number.isInteger(v * 2), issue('validation.ratingHalves')),
);

/** A real calendar day as YYYY-MM-DD (not 2021-02-30, not 9999-99-99). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

const BAD_URL = issue('validation.urlInvalid');
const BAD_DATE = issue('validation.dateFormat');
const MISSING_TEXT = issue('validation.testimonialMissing');
const MISSING_NAME = issue('validation.nameMissing');
const tooLong = (max: number) => issue('validation.tooLong', { max });

const testimonialRequired = {
  author: text(
    MISSING_NAME,
    cleanLine,
    [(v) => v.length > 0, MISSING_NAME],
    [(v) => textLength(v) <= LIMITS.author, tooLong(LIMITS.author)],
  ),
  text: text(
    MISSING_TEXT,
    cleanText,
    [(v) => v.length > 0, MISSING_TEXT],
    [(v) => textLength(v) <= LIMITS.testimonial, tooLong(LIMITS.testimonial)],
  ),
};
/** What the writer of a testimonial says about themselves and the visit. */
const writersFields = {
  role: optionalText(LIMITS.role),
  rating: ratingField,
  email: optionalEmail,
  /** The writer's consent to be shown (the testimonial form's box): when sent, it must be ticked. */
  consent: z.literal(true, { error: issue('validation.consentMissing') }),
};

/**
 * A visitor's testimonial through the public API (POST /testimonials): the writer's own fields only.
 * Where it came from (`source`), its picture (`avatar`), the wall it goes on (`tag`) and its date are
 * the owner's to set: sent by a visitor, they are dropped like any unknown key.
 */
export const visitorTestimonialInput = form(testimonialRequired, writersFields);

/** A testimonial as the owner adds or edits it. */
export const testimonialInput = form(testimonialRequired, {
  ...writersFields,
  date: text(BAD_DATE, (v) => v.trim(), [(v) => v === '' || isCalendarDate(v), BAD_DATE]),
  avatar: text(BAD_URL, (v) => v.trim(), [
    // eslint-disable-next-line no-control-regex
    (v) => v === '' || (v.length <= LIMITS.url && /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(v)),
    BAD_URL,
  ]),
  source: optionalText(LIMITS.source),
  tag: optionalText(40),
});
export type TestimonialInput = FormOutput<typeof testimonialInput>;

export const commentStatus = z.enum(['pending', 'published', 'rejected', 'spam']);
export const testimonialStatus = z.enum(['pending', 'published', 'rejected']);
/** PATCH /admin/messages/{id}: the owner dealt with it (true) or wants it back among the new (false). */
export const messageHandled = z.boolean();

/** Time off added by the owner (CONTRACT 5.1); the dates are checked together by closureProblem (closures.ts). */
export const closureInput = form(
  {
    from: text(FROM_MISSING, (v) => v.trim(), [(v) => v !== '', FROM_MISSING], [(v) => closureKind(v) !== undefined, CLOSURE_FORMAT]),
    to: text(TO_MISSING, (v) => v.trim(), [(v) => v !== '', TO_MISSING], [(v) => closureKind(v) !== undefined, CLOSURE_FORMAT]),
  },
  { note: optionalText(200) },
);
export type ClosureInput = FormOutput<typeof closureInput>;

/**
 * The owner books for a client (POST /admin/bookings): no email needed (a client on the phone),
 * `force` to book outside the offered times (never over another booking).
 */
export const ownerBookingInput = form(
  {
    service: serviceField,
    start: startField,
    name: text(MISSING_NAME, cleanLine, [(v) => v.length > 0, MISSING_NAME], [(v) => textLength(v) <= LIMITS.name, tooLong(LIMITS.name)]),
  },
  {
    email: optionalEmail,
    phone: phoneField,
    notes: optionalText(LIMITS.notes, true),
    force: z.boolean(),
    staff: staffField,
    /** The client's language: their emails are written in it (else English). */
    locale: z.enum(LANGUAGES, { error: 'Choose one of the languages: ' + LANGUAGES.join(', ') + '.' }),
    answers: answersField,
  },
);
export type OwnerBookingInput = FormOutput<typeof ownerBookingInput>;

/** PATCH /admin/bookings/{id}: a new `start` (with `force`, and `staff` to choose the person), or what happened (`status`). */
export const bookingChangeInput = form(
  {},
  { start: startField, force: z.boolean(), staff: staffField, status: z.enum(['completed', 'no_show']) },
);
export type BookingChangeInput = FormOutput<typeof bookingChangeInput>;
