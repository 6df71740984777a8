/**
 * The one schema module for every form: the widgets validate with it before sending, the server
 * validates with it before storing, so a visitor sees the same message from either side.
 * Built on `zod/mini` to keep the browser bundle small.
 */
import * as z from 'zod/mini';
import { cleanLine, cleanText, textLength } from './text.js';
import { normalizeThread, THREAD_MAX } from './thread.js';

export const LIMITS = {
  name: 100,
  email: 254,
  phone: 40,
  notes: 2000,
  message: 5000,
  author: 80,
  comment: 5000,
  testimonial: 5000,
  role: 100,
  source: 40,
  url: 500,
  id: 100,
} as const;

// eslint-disable-next-line no-control-regex
const EMAIL = /^[^\s@<>()[\]\\,;:"\u0000-\u001F\u007F]+@[^\s@<>()[\]\\,;:"\u0000-\u001F\u007F]+\.[^\s@<>()[\]\\,;:"\u0000-\u001F\u007F]{2,}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const maxChars = (max: number, message: string) => z.refine<string>((v) => textLength(v) <= max, message);

/** A required one-line field: trimmed, spaces folded, not empty, at most `max` characters. */
function line(max: number, missing: string, tooLong = `Use at most ${max} characters.`) {
  return z.string({ error: missing }).check(z.overwrite(cleanLine), z.minLength(1, missing), maxChars(max, tooLong));
}

/** A required block of text: line breaks kept. */
function block(max: number, missing: string, tooLong = `Use at most ${max} characters.`) {
  return z.string({ error: missing }).check(z.overwrite(cleanText), z.minLength(1, missing), maxChars(max, tooLong));
}

/** An optional field; an empty string counts as not given. */
function optionalText(max: number, multiline = false, tooLong = `Use at most ${max} characters.`) {
  return z.optional(
    z.nullable(z.string({ error: 'Enter text here.' }).check(z.overwrite(multiline ? cleanText : cleanLine), maxChars(max, tooLong))),
  );
}

export const emailField = z
  .string({ error: 'Enter your email address.' })
  .check(
    z.overwrite((v) => v.trim()),
    z.minLength(1, 'Enter your email address.'),
    z.maxLength(LIMITS.email, 'Enter a valid email address.'),
    z.regex(EMAIL, 'Enter a valid email address.'),
  );

const optionalEmail = z.optional(
  z.nullable(
    z
      .string({ error: 'Enter a valid email address.' })
      .check(
        z.overwrite((v) => v.trim()),
        z.maxLength(LIMITS.email, 'Enter a valid email address.'),
        z.refine((v) => v === '' || EMAIL.test(v), 'Enter a valid email address.'),
      ),
  ),
);

const phoneField = z.optional(
  z.nullable(
    z
      .string({ error: 'Enter a valid phone number.' })
      .check(
        z.overwrite(cleanLine),
        z.maxLength(LIMITS.phone, 'Enter a valid phone number.'),
        z.refine((v) => v === '' || /^\+?[\d\s().\-/]{5,}$/.test(v), 'Enter a valid phone number.'),
      ),
  ),
);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z.optional(
  z.nullable(
    z
      .string({ error: 'Enter a web address starting with https://.' })
      .check(
        z.overwrite((v) => v.trim()),
        z.maxLength(LIMITS.url, 'Use a shorter web address.'),
        z.refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'Enter a web address starting with https://.'),
      ),
  ),
);

/** The anti-spam fields every form carries (CONTRACT section 3). */
const spamFields = {
  website: z.optional(z.unknown()),
  elapsedMs: z.optional(z.nullable(z.number({ error: 'elapsedMs must be a number.' }))),
};

export const bookingInput = z.object({
  service: z.string({ error: 'Choose a service.' }).check(z.minLength(1, 'Choose a service.'), z.maxLength(LIMITS.id, 'Choose a service.')),
  start: z.string({ error: 'Choose a time.' }).check(z.regex(ISO_INSTANT, 'Choose a time.'), z.refine((v) => !Number.isNaN(Date.parse(v)), 'Choose a time.')),
  name: line(LIMITS.name, 'Enter your name.'),
  email: emailField,
  phone: phoneField,
  notes: optionalText(LIMITS.notes, true),
  timezone: z.optional(z.nullable(z.string().check(z.maxLength(64, 'Unknown time zone.'), z.refine(isTimeZone, 'Unknown time zone.')))),
  ...spamFields,
});
export type BookingInput = z.output<typeof bookingInput>;

export const messageInput = z.object({
  name: line(LIMITS.name, 'Enter your name.'),
  email: emailField,
  phone: phoneField,
  message: block(LIMITS.message, 'Enter your message.'),
  ...spamFields,
});
export type MessageInput = z.output<typeof messageInput>;

export const threadField = z
  .string({ error: 'A thread is required.' })
  .check(z.maxLength(2000, 'The thread id is too long.'), z.overwrite(normalizeThread), z.maxLength(THREAD_MAX, 'The thread id is too long.'));

export const commentInput = z.object({
  thread: threadField,
  parentId: z.optional(z.nullable(z.string({ error: 'Unknown comment to reply to.' }).check(z.maxLength(LIMITS.id, 'Unknown comment to reply to.')))),
  author: line(LIMITS.author, 'Enter your name.', `Use at most ${LIMITS.author} characters for your name.`),
  email: optionalEmail,
  text: block(LIMITS.comment, 'Write your comment.', `Use at most ${LIMITS.comment} characters.`),
  ...spamFields,
});
export type CommentInput = z.output<typeof commentInput>;

export const ratingField = z.optional(
  z.nullable(
    z
      .number({ error: 'Rate from 0 to 5.' })
      .check(z.gte(0, 'Rate from 0 to 5.'), z.lte(5, 'Rate from 0 to 5.'), z.multipleOf(0.5, 'Rate in half stars.')),
  ),
);

export const testimonialInput = z.object({
  author: line(LIMITS.author, 'Enter your name.'),
  role: optionalText(LIMITS.role),
  rating: ratingField,
  text: block(LIMITS.testimonial, 'Write your testimonial.'),
  date: z.optional(z.nullable(z.string().check(z.regex(ISO_DATE, 'Use a date like 2021-08-02.')))),
  avatar: httpUrl,
  source: optionalText(LIMITS.source),
  tag: optionalText(40),
  email: optionalEmail,
  ...spamFields,
});
export type TestimonialInput = z.output<typeof testimonialInput>;

export const commentStatus = z.enum(['pending', 'published', 'rejected', 'spam']);
export const testimonialStatus = z.enum(['pending', 'published', 'rejected']);
export const statusPatch = z.object({ status: z.string({ error: 'Choose a status.' }) });

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string> };

/** Validates and returns either the clean data or one message per field (the first issue wins). */
export function validate<S extends z.ZodMiniType>(schema: S, data: unknown): ValidationResult<z.output<S>> {
  const result = z.safeParse(schema, data);
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}
