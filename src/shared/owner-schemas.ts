/**
 * Forms that only the server and the owner's admin page check (not part of the embed bundle):
 * testimonials (a visitor may POST one through the API; the owner adds and edits them) and statuses.
 */
import * as z from 'zod/mini';
import { issue } from './i18n/format.js';
import { emailField, form, type FormOutput, LIMITS, optionalText, text } from './schemas.js';
import { cleanLine, cleanText, textLength } from './text.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const RATING = issue('validation.ratingRange');
export const ratingField = z
  .number({ error: RATING })
  .check(z.gte(0, RATING), z.lte(5, RATING), z.multipleOf(0.5, issue('validation.ratingHalves')));

const BAD_URL = issue('validation.urlInvalid');
const BAD_DATE = issue('validation.dateFormat');
const MISSING_TEXT = issue('validation.testimonialMissing');
const MISSING_NAME = issue('validation.nameMissing');
const INVALID_EMAIL = issue('validation.emailInvalid');
const tooLong = (max: number) => issue('validation.tooLong', { max });

export const testimonialInput = form(
  {
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
  },
  {
    role: optionalText(LIMITS.role),
    rating: ratingField,
    date: text(BAD_DATE, (v) => v.trim(), [(v) => v === '' || ISO_DATE.test(v), BAD_DATE]),
    avatar: text(BAD_URL, (v) => v.trim(), [(v) => v === '' || (v.length <= LIMITS.url && /^https?:\/\/\S+$/i.test(v)), BAD_URL]),
    source: optionalText(LIMITS.source),
    tag: optionalText(40),
    email: text(INVALID_EMAIL, (v) => v.trim(), [(v) => v === '' || z.safeParse(emailField, v).success, INVALID_EMAIL]),
  },
);
export type TestimonialInput = FormOutput<typeof testimonialInput>;

export const commentStatus = z.enum(['pending', 'published', 'rejected', 'spam']);
export const testimonialStatus = z.enum(['pending', 'published', 'rejected']);
