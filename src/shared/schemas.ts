/**
 * The one schema module for the visitors' forms: the widgets validate with it before sending, the
 * server validates with it before storing, so a visitor sees the same message from either side.
 * Messages are catalogue references (`issue(key, params)`, src/shared/i18n/format.ts), translated
 * where they are shown: by the widget in its language, by the server in the request's.
 *
 * Built on `zod/mini` field schemas, gathered into forms (`form(required, optional)`) rather than
 * `z.object`: the object schema alone would add ~1.5 KB gzip to every page with a form.
 * The owner's forms live in owner-schemas.ts, outside the embed bundle. The widgets load this module
 * (and zod/mini with it) only when a visitor reaches a form (widgets/base/validation.ts).
 */
import * as z from 'zod/mini';
import { isEmail, normalizeEmail } from './email.js';
import { issue } from './i18n/format.js';
import { languageOf } from './i18n/languages.js';
import { LIMITS } from './limits.js';
import { cleanLine, cleanText, textLength } from './text.js';

export { LIMITS };
export { checkAnswers } from './questions.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Field = z.ZodMiniType<unknown, unknown>;
type Fields = Record<string, Field>;

/** A form: fields that must be given, and fields that may be left out (absent, null or ""). */
export interface Form<R extends Fields = Fields, O extends Fields = Fields> {
  readonly required: R;
  readonly optional: O;
}

/** The anti-spam fields every form carries (CONTRACT section 3); read by the server only (http/body.ts). */
export interface SpamFields {
  website?: unknown;
  elapsedMs?: number | null;
}

export type FormOutput<F extends Form> = { [K in keyof F['required']]: z.output<F['required'][K]> } & {
  [K in keyof F['optional']]?: z.output<F['optional'][K]> | undefined;
} & SpamFields;

export function form<R extends Fields, O extends Fields>(required: R, optional: O): Form<R, O> {
  return { required, optional };
}

/** A string field: cleaned by `clean`, then each [test, message] in order; the first failure wins. */
export function text(missing: string, clean: (v: string) => string, ...tests: [(v: string) => boolean, string][]) {
  return z.string({ error: missing }).check(z.overwrite(clean), ...tests.map(([test, message]) => z.refine<string>(test, message)));
}

const trim = (v: string) => v.trim();
const filled = (message: string): [(v: string) => boolean, string] => [(v) => v.length > 0, message];
const atMost = (max: number, message = issue('validation.tooLong', { max })): [(v: string) => boolean, string] => [
  (v) => textLength(v) <= max,
  message,
];

const line = (max: number, missing: string, tooLong?: string) => text(missing, cleanLine, filled(missing), atMost(max, tooLong));
const block = (max: number, missing: string, tooLong?: string) => text(missing, cleanText, filled(missing), atMost(max, tooLong));

const INVALID_EMAIL = issue('validation.emailInvalid');
const MISSING_NAME = issue('validation.nameMissing');
const MISSING_EMAIL = issue('validation.emailMissing');
/**
 * The one email field of every form (visitors', the owner's, the config's): a plain address
 * (shared/email.ts), kept in its normalized form.
 */
export const emailField = text(MISSING_EMAIL, normalizeEmail, filled(MISSING_EMAIL), [isEmail, INVALID_EMAIL]);
export const optionalEmail = text(INVALID_EMAIL, normalizeEmail, [(v) => v === '' || isEmail(v), INVALID_EMAIL]);

const INVALID_PHONE = issue('validation.phoneInvalid');
/**
 * A phone number as people type it: digits (at least 5), spaces and `+ ( ) . - /`, and an extension (`ext. 12`, `x12`, `#12`).
 * Arabic-Indic, Persian and full-width digits and signs (an Arabic or Japanese keyboard's) are kept as 0–9 and
 * ASCII (NFKC), and the dashes people type for "-" (a minus sign, an en dash, the Japanese long-vowel mark `ー`
 * a kana keyboard gives) as `-`.
 */
const phoneDigits = (value: string) =>
  cleanLine(value.normalize('NFKC'))
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) & 15))
    .replace(/[\u2010-\u2015\u2212\u30fc]/g, '-');
/** The number and its extension; the number needs at least 5 digits of its own. */
const PHONE = /^(\+?[\d\s().\-/]{5,}?)((?:ext\.?|x|#)\s*\d{1,6})?$/i;
export const phoneField = text(INVALID_PHONE, phoneDigits, [
  (v) => v === '' || (v.length <= LIMITS.phone && (PHONE.exec(v)?.[1]?.replace(/\D/g, '').length ?? 0) >= 5),
  INVALID_PHONE,
]);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length <= 64;
  } catch {
    return false;
  }
}

/** An optional one-line or multi-line text of at most `max` characters. */
export const optionalText = (max: number, multiline = false) => text('Enter text here.', multiline ? cleanText : cleanLine, atMost(max));

const MISSING_SERVICE = issue('validation.serviceMissing');
const MISSING_TIME = issue('validation.startMissing');
const MISSING_STAFF = issue('booking.staffUnknown');

/** A slot's start: an instant with its offset, as GET /availability gives it. */
export const startField = text(MISSING_TIME, trim, [(v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), MISSING_TIME]);
export const serviceField = text(MISSING_SERVICE, trim, filled(MISSING_SERVICE), atMost(LIMITS.id, MISSING_SERVICE));

/** A staff id (absent or "": anyone free); checked against the config by the server. */
export const staffField = text(MISSING_STAFF, trim, atMost(LIMITS.id, MISSING_STAFF));
/** Answers by question id, as an object; each checked against its question by checkAnswers (questions.ts). */
export const answersField = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  error: issue('booking.answerMissing'),
});

export const bookingInput = form(
  {
    service: serviceField,
    start: startField,
    name: line(LIMITS.name, MISSING_NAME),
    email: emailField,
  },
  {
    phone: phoneField,
    notes: optionalText(LIMITS.notes, true),
    timezone: text('Unknown time zone.', trim, [isTimeZone, 'Unknown time zone.']),
    /** The visitor's language (a BCP 47 tag), kept as the one we speak: their emails use it. */
    locale: text('Unknown language.', languageOf),
    /** Who the visitor chose (a staff id); absent: anyone free. Checked against the config by the server. */
    staff: staffField,
    /** The answers to the service's questions; checked against them by checkAnswers (questions.ts). */
    answers: answersField,
  },
);
export type BookingInput = FormOutput<typeof bookingInput>;

/**
 * POST /bookings/{id}/reschedule: the new start (the booking keeps its service) and, with staff, who
 * (absent: the booking's person when free then, else anyone free).
 */
export const rescheduleInput = form({ start: startField }, { staff: staffField });

export const messageInput = form(
  { name: line(LIMITS.name, MISSING_NAME), email: emailField, message: block(LIMITS.message, issue('validation.messageMissing')) },
  { phone: phoneField },
);
export type MessageInput = FormOutput<typeof messageInput>;

/** A thread id as given; the server normalizes it (normalizeThread) before use. */
export const threadField = text(
  'A thread is required.',
  cleanText,
  filled('A thread is required.'),
  atMost(2000, 'The thread id is too long.'),
);

export const commentInput = form(
  {
    thread: threadField,
    author: line(LIMITS.author, MISSING_NAME, issue('validation.nameTooLong', { max: LIMITS.author })),
    text: block(LIMITS.comment, issue('validation.commentMissing')),
  },
  {
    parentId: text(issue('validation.parentUnknown'), trim, atMost(LIMITS.id, issue('validation.parentUnknown'))),
    email: optionalEmail,
    /** Reply emails: true asks for them (the address is confirmed first). */
    notify: z.boolean({ error: 'Send notify as true or false.' }),
  },
);
export type CommentInput = FormOutput<typeof commentInput>;

/** Reply emails go to the comment's address: asked for without one, the email field says so. */
export function notifyProblem(input: { notify?: boolean | undefined; email?: string | undefined }): Record<string, string> | undefined {
  return input.notify && !input.email ? { email: issue('comments.notifyNeedsEmail') } : undefined;
}

const MISSING_RATING = issue('validation.ratingMissing');
const MISSING_CONSENT = issue('validation.consentMissing');

/**
 * A visitor's testimonial as <frontdesk-testimonial-form> and the /review page send it: a rating of
 * 1 to 5 whole stars and the consent to be shown are required. (Public `POST /testimonials` takes the
 * visitor's fields without those two required, owner-schemas.ts `visitorTestimonialInput`; the owner's
 * API the fuller `testimonialInput`.)
 */
export const testimonialFormInput = form(
  {
    author: line(LIMITS.author, MISSING_NAME, issue('validation.nameTooLong', { max: LIMITS.author })),
    rating: z.number({ error: MISSING_RATING }).check(z.int(MISSING_RATING), z.gte(1, MISSING_RATING), z.lte(5, MISSING_RATING)),
    text: block(LIMITS.testimonial, issue('validation.testimonialMissing')),
    consent: z.literal(true, { error: MISSING_CONSENT }),
  },
  { role: optionalText(LIMITS.role) },
);
export type TestimonialFormInput = FormOutput<typeof testimonialFormInput>;

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string> };

function check(schema: Field, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const result = z.safeParse(schema, value);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]?.message ?? 'Invalid value.' };
}

/**
 * Validates a whole form (one message per field in error; unknown keys dropped) or a single field
 * schema (its message under `_`).
 */
export function validate<F extends Form>(schema: F, data: unknown): ValidationResult<FormOutput<F>>;
export function validate<S extends Field>(schema: S, data: unknown): ValidationResult<z.output<S>>;
export function validate(schema: Form | Field, data: unknown): ValidationResult<unknown> {
  const fields: Record<string, string> = {};
  if (!('required' in schema)) {
    const one = check(schema, data);
    return one.ok ? { ok: true, data: one.value } : { ok: false, fields: { _: one.message } };
  }
  const input = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const run = (key: string, field: Field, optional: boolean) => {
    const value = input[key];
    if (optional && (value === undefined || value === null || value === '')) return;
    const one = check(field, value);
    if (one.ok) out[key] = one.value;
    else fields[key] = one.message;
  };
  for (const key in schema.required) run(key, schema.required[key]!, false);
  for (const key in schema.optional) run(key, schema.optional[key]!, true);
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, data: out };
}
