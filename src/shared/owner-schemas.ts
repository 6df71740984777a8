/**
 * Forms that only the server and the owner's admin page check (not part of the embed bundle):
 * testimonials (a visitor may POST one through the API; the owner adds and edits them) and statuses.
 */
import * as z from 'zod/mini';
import { form, type FormOutput, LIMITS, optionalEmail, optionalText, text } from './schemas.js';
import { cleanLine, cleanText, textLength } from './text.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ratingField = z
  .number({ error: 'Rate from 0 to 5.' })
  .check(z.gte(0, 'Rate from 0 to 5.'), z.lte(5, 'Rate from 0 to 5.'), z.multipleOf(0.5, 'Rate in half stars.'));

const BAD_URL = 'Enter a web address starting with https://.';

export const testimonialInput = form(
  {
    author: text('Enter your name.', cleanLine, [(v) => v.length > 0, 'Enter your name.'], [(v) => textLength(v) <= LIMITS.author, `Use at most ${LIMITS.author} characters.`]),
    text: text('Write your testimonial.', cleanText, [(v) => v.length > 0, 'Write your testimonial.'], [(v) => textLength(v) <= LIMITS.testimonial, `Use at most ${LIMITS.testimonial} characters.`]),
  },
  {
    role: optionalText(LIMITS.role),
    rating: ratingField,
    date: text('Use a date like 2021-08-02.', (v) => v.trim(), [(v) => v === '' || ISO_DATE.test(v), 'Use a date like 2021-08-02.']),
    avatar: text(BAD_URL, (v) => v.trim(), [(v) => v === '' || (v.length <= LIMITS.url && /^https?:\/\/\S+$/i.test(v)), BAD_URL]),
    source: optionalText(LIMITS.source),
    tag: optionalText(40),
    email: optionalEmail,
  },
);
export type TestimonialInput = FormOutput<typeof testimonialInput>;

export const commentStatus = z.enum(['pending', 'published', 'rejected', 'spam']);
export const testimonialStatus = z.enum(['pending', 'published', 'rejected']);
