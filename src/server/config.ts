/**
 * The clinic's config file (CONTRACT.md section 4), validated at start. A bad file stops the server
 * with a message that names the field, e.g. `services.0.durationMinutes: must be a whole number of minutes`.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { calendarsConfig, calendarSyncConfig, closuresConfig } from './calendars/config.js';
import { emailField } from '../shared/schemas.js';
import { DEMO_CONFIG } from './demo-config.js';
import { messageProblems, type OwnerMessages, translator } from './i18n.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

const timeZone = z.string().check(
  z.refine((v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "America/New_York"'),
);

const range = z
  .tuple([z.string().check(z.regex(HHMM, 'must be "HH:MM"')), z.string().check(z.regex(HHMM, 'must be "HH:MM"'))])
  .check(z.refine(([from, to]) => from < to, 'must end after it starts'));

const wholeMinutes = (min: number) =>
  z.number({ error: 'must be a number' }).check(z.int('must be a whole number'), z.gte(min, `must be at least ${min}`));

const origin = z.string().check(
  z.refine((v) => {
    if (v === '*') return true;
    try {
      const url = new URL(v);
      return url.origin === v.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin such as "https://www.example.com" (scheme and host, no path)'),
);

export const configSchema = z.strictObject({
  business: z.strictObject({
    name: z.string().check(z.minLength(1, 'must not be empty')),
    timezone: timeZone,
    email: emailField,
    address: z.optional(z.string()),
    phone: z.optional(z.string()),
  }),
  allowedOrigins: z._default(z.array(origin), []),
  services: z
    .array(
      z.strictObject({
        id: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be letters, digits, "-" or "_"')),
        name: z.string().check(z.minLength(1, 'must not be empty')),
        description: z.optional(z.string()),
        durationMinutes: wholeMinutes(5),
        price: z.optional(z.string()),
      }),
    )
    .check(
      z.refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'ids must be unique'),
    ),
  hours: z._default(z.partialRecord(z.enum(DAYS), z.array(range)), {}),
  booking: z._default(
    z.strictObject({
      slotIntervalMinutes: z._default(wholeMinutes(5), 30),
      bufferMinutes: z._default(wholeMinutes(0), 0),
      minNoticeHours: z._default(z.number().check(z.gte(0, 'must be 0 or more')), 12),
      maxAdvanceDays: z._default(wholeMinutes(1), 60),
      cancelNoticeHours: z._default(z.number().check(z.gte(0, 'must be 0 or more')), 0),
      /** The visitor's reminder email goes this many hours before the start; 0: none. */
      reminderHours: z._default(z.number().check(z.gte(0, 'must be 0 or more'), z.lte(720, 'must be at most 720 (30 days)')), 24),
    }),
    { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 12, maxAdvanceDays: 60, cancelNoticeHours: 0, reminderHours: 24 },
  ),
  comments: z._default(z.strictObject({ moderation: z._default(z.enum(['pre', 'post']), 'pre') }), { moderation: 'pre' }),
  testimonials: z._default(
    z.strictObject({
      moderation: z._default(z.enum(['pre', 'post']), 'pre'),
      /** The client's request for a testimonial goes this many hours after a booking ends; 0: never (services/reviews.ts). */
      requestAfterHours: z._default(z.number().check(z.gte(0, 'must be 0 or more'), z.lte(8760, 'must be at most 8760 (a year)')), 0),
    }),
    { moderation: 'pre', requestAfterHours: 0 },
  ),
  limits: z._default(
    z.strictObject({
      writesPerMinutePerClient: z._default(wholeMinutes(1), 10),
      maxBodyBytes: z._default(wholeMinutes(1024), 65536),
    }),
    { writesPerMinutePerClient: 10, maxBodyBytes: 65536 },
  ),
  webhooks: z._default(
    z.array(
      z.strictObject({
        url: z.string().check(z.regex(/^https?:\/\//, 'must be an http(s) URL')),
        events: z.array(
          z.enum(['booking.created', 'booking.cancelled', 'message.created', 'comment.created', 'testimonial.created']),
        ),
        secret: z.string().check(z.minLength(8, 'must be at least 8 characters')),
      }),
    ),
    [],
  ),
  trustProxy: z._default(z.boolean(), false),
  closures: closuresConfig,
  calendars: calendarsConfig,
  calendarSync: calendarSyncConfig,
  /** The owner's replacements for visitor-facing messages: {"es": {"booking.chooseService": "…"}} (docs/messages.md). */
  messages: z._default(
    z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())])))
      .check(
        z.superRefine((messages, ctx) => {
          for (const { path, message } of messageProblems(messages as OwnerMessages)) ctx.addIssue({ code: 'custom', message, path, input: messages });
        }),
      ),
    {},
  ),
});

export type Config = z.output<typeof configSchema>;
export type ServiceConfig = Config['services'][number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a parsed config object; throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = z.safeParse(configSchema, raw);
  if (result.success) return result.data;
  // The shared fields (business.email) give catalogue references: the owner reads them in English.
  const english = translator('en');
  const lines = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  ${path === '(root)' ? '' : path + '.'}${key}: is not a known setting (misspelt?)`);
    }
    const message = issue.code === 'invalid_type' ? `must be ${(issue as { expected?: string }).expected ?? 'present'}` : english.text(issue.message);
    return `  ${path}: ${message}`;
  });
  throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
}

/** Reads the file at `path`, or returns the demo clinic when no path is given. */
export function loadConfig(path?: string): Config {
  if (!path) return parseConfig(DEMO_CONFIG, 'demo config');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, `config file ${path}`);
}
