/**
 * Forms that only the server and the owner's admin page check (not part of the embed bundle):
 * testimonials (a visitor may POST one through the API; the owner adds and edits them) and statuses.
 */
import * as z from 'zod/mini';
import { form, type FormOutput, LIMITS, optionalEmail, optionalText, text } from './schemas.js';
import { CLOSURE_FORMAT, closureKind } from './closures.js';
import { cleanLine, cleanText, textLength } from './text.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 0 to 5 in half stars. Halves are checked as whole numbers of half stars: zod's multipleOf(0.5)
 * lets 5e-324 through (a float remainder rounded away), which PostgreSQL's real cannot store.
 */
export const ratingField = z
  .number({ error: 'Rate from 0 to 5.' })
  .check(z.gte(0, 'Rate from 0 to 5.'), z.lte(5, 'Rate from 0 to 5.'), z.refine((v) => Number.isInteger(v * 2), 'Rate in half stars.'));

/** A real calendar day as YYYY-MM-DD (not 2021-02-30, not 9999-99-99). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

const BAD_URL = 'Enter a web address starting with https://.';

export const testimonialInput = form(
  {
    author: text('Enter your name.', cleanLine, [(v) => v.length > 0, 'Enter your name.'], [(v) => textLength(v) <= LIMITS.author, `Use at most ${LIMITS.author} characters.`]),
    text: text('Write your testimonial.', cleanText, [(v) => v.length > 0, 'Write your testimonial.'], [(v) => textLength(v) <= LIMITS.testimonial, `Use at most ${LIMITS.testimonial} characters.`]),
  },
  {
    role: optionalText(LIMITS.role),
    rating: ratingField,
    date: text('Use a date like 2021-08-02.', (v) => v.trim(), [(v) => v === '' || isCalendarDate(v), 'Use a date like 2021-08-02.']),
    avatar: text(BAD_URL, (v) => v.trim(), [(v) => v === '' || (v.length <= LIMITS.url && /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(v)), BAD_URL]),
    source: optionalText(LIMITS.source),
    tag: optionalText(40),
    email: optionalEmail,
  },
);
export type TestimonialInput = FormOutput<typeof testimonialInput>;

export const commentStatus = z.enum(['pending', 'published', 'rejected', 'spam']);
export const testimonialStatus = z.enum(['pending', 'published', 'rejected']);

/** Time off added by the owner (CONTRACT 5.1); the dates are checked together by closureProblem (closures.ts). */
export const closureInput = form(
  {
    from: text(CLOSURE_FORMAT, (v) => v.trim(), [(v) => closureKind(v) !== undefined, CLOSURE_FORMAT]),
    to: text(CLOSURE_FORMAT, (v) => v.trim(), [(v) => closureKind(v) !== undefined, CLOSURE_FORMAT]),
  },
  { note: optionalText(200) },
);
export type ClosureInput = FormOutput<typeof closureInput>;
