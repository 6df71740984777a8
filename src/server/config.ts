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

/**
 * A place's zone ("America/New_York"), or UTC. Intl also takes abbreviations and old POSIX names
 * ("EST", "IST", "EST5EDT"), but "EST" has no daylight saving time (every summer slot an hour off)
 * and "IST" is India's: they are refused with the place to name instead.
 */
const timeZone = z.string().check(
  z.refine((v) => {
    if (v !== 'UTC' && !v.includes('/')) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "America/New_York": a place, not an abbreviation like "EST"'),
);

const range = z
  .tuple([z.string().check(z.regex(HHMM, 'must be "HH:MM"')), z.string().check(z.regex(HHMM, 'must be "HH:MM"'))])
  // Compared only once both are HH:MM ("9:00" is already said to be wrong, and "9:00" > "17:00" as text).
  .check(z.refine(([from, to]) => !HHMM.test(from) || !HHMM.test(to) || from < to, 'must end after it starts'));

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

/** Opening hours by weekday: the business's (`hours`) and a staff member's own. */
const weeklyHours = z.partialRecord(z.enum(DAYS), z.array(range));

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const idField = z.string().check(z.regex(ID, 'must be letters, digits, "-" or "_"'));
const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));

/** An intake question (CONTRACT 5.2); its answers are checked by src/shared/questions.ts. */
const question = z.strictObject({
  id: idField,
  label: nonEmpty,
  type: z.enum(['text', 'textarea', 'select', 'checkbox']),
  options: z.optional(z.array(nonEmpty)),
  required: z._default(z.boolean(), false),
});

/** The cross-references a field schema cannot see: ids unique, and every id named exists. */
function crossChecks(config: {
  services: Array<{ id: string; resources: string[]; questions: Array<{ id: string; type: string; options?: string[] | undefined }> }>;
  staff: Array<{ id: string; services?: string[] | undefined }>;
  resources: Array<{ id: string }>;
}): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const services = new Set(config.services.map((s) => s.id));
  const resources = new Set(config.resources.map((r) => r.id));
  if (new Set(config.staff.map((m) => m.id)).size !== config.staff.length)
    problems.push({ path: ['staff'], message: 'ids must be unique' });
  if (resources.size !== config.resources.length) problems.push({ path: ['resources'], message: 'ids must be unique' });
  config.staff.forEach((member, i) =>
    member.services?.forEach((id, j) => {
      if (!services.has(id)) problems.push({ path: ['staff', i, 'services', j], message: `"${id}" is not one of the services` });
    }),
  );
  config.services.forEach((service, i) => {
    service.resources.forEach((id, j) => {
      if (!resources.has(id)) problems.push({ path: ['services', i, 'resources', j], message: `"${id}" is not one of the resources` });
    });
    if (config.staff.length && !config.staff.some((m) => !m.services || m.services.includes(service.id))) {
      problems.push({ path: ['services', i], message: 'no one in staff gives this service' });
    }
    if (new Set(service.questions.map((q) => q.id)).size !== service.questions.length) {
      problems.push({ path: ['services', i, 'questions'], message: 'ids must be unique' });
    }
    service.questions.forEach((q, j) => {
      if (q.type === 'select' && !q.options?.length)
        problems.push({ path: ['services', i, 'questions', j, 'options'], message: 'a select needs its options' });
    });
  });
  return problems;
}

/** The address parsed, or undefined (URL.parse is newer than the Node 20 in package.json `engines`). */
const parsedUrl = (value: string): URL | undefined => (URL.canParse(value) ? new URL(value) : undefined);

/** A webhook's address: http(s), with a host. */
function isWebhookUrl(value: string): boolean {
  const url = parsedUrl(value);
  return !!url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** No user name or password inside a webhook's address: fetch refuses to send one. */
function hasNoCredentials(value: string): boolean {
  const url = parsedUrl(value);
  return !url || (!url.username && !url.password);
}

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
        id: idField,
        name: nonEmpty,
        description: z.optional(z.string()),
        durationMinutes: wholeMinutes(5),
        price: z.optional(z.string()),
        /** The shared rooms or devices the service needs (ids in `resources`). */
        resources: z._default(z.array(z.string()), []),
        questions: z._default(z.array(question), []),
      }),
    )
    .check(z.refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'ids must be unique')),
  hours: z._default(weeklyHours, {}),
  /** Several practitioners (CONTRACT 5.2); none: one practitioner, the business's hours. */
  staff: z._default(
    z.array(
      z.strictObject({
        id: idField,
        name: nonEmpty,
        /** Absent: every service. */
        services: z.optional(z.array(z.string())),
        /** Absent: the business's hours. */
        hours: z.optional(weeklyHours),
      }),
    ),
    [],
  ),
  /** Rooms and devices shared by services: never booked beyond their capacity at one time. */
  resources: z._default(z.array(z.strictObject({ id: idField, name: nonEmpty, capacity: z._default(wholeMinutes(1), 1) })), []),
  booking: z._default(
    z.strictObject({
      slotIntervalMinutes: z._default(wholeMinutes(5), 30),
      bufferMinutes: z._default(wholeMinutes(0), 0),
      minNoticeHours: z._default(z.number().check(z.gte(0, 'must be 0 or more')), 12),
      maxAdvanceDays: z._default(wholeMinutes(1), 60),
      cancelNoticeHours: z._default(z.number().check(z.gte(0, 'must be 0 or more')), 0),
      /** How late (hours before the start) a visitor may still move a booking; absent: cancelNoticeHours. */
      rescheduleNoticeHours: z.optional(z.number().check(z.gte(0, 'must be 0 or more'))),
      /** The visitor's reminder email goes this many hours before the start; 0: none. */
      reminderHours: z._default(z.number().check(z.gte(0, 'must be 0 or more'), z.lte(720, 'must be at most 720 (30 days)')), 24),
    }),
    { slotIntervalMinutes: 30, bufferMinutes: 0, minNoticeHours: 12, maxAdvanceDays: 60, cancelNoticeHours: 0, reminderHours: 24 },
  ),
  /** `first`: a writer's first comment waits; once one by that address is published, the next ones are published at once. */
  comments: z._default(z.strictObject({ moderation: z._default(z.enum(['pre', 'first', 'post']), 'pre') }), { moderation: 'pre' }),
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
    z
      .array(
        z.strictObject({
          url: z
            .string()
            .check(
              z.refine(isWebhookUrl, 'must be an http(s) address such as "https://hooks.example.com/frontdesk"'),
              z.refine(hasNoCredentials, 'must not hold a user name or password: the signature tells your receiver a delivery is ours'),
            ),
          events: z
            .array(
              z.enum([
                'booking.created',
                'booking.rescheduled',
                'booking.cancelled',
                'message.created',
                'comment.created',
                'testimonial.created',
              ]),
            )
            .check(z.minLength(1, 'must name at least one event')),
          secret: z.string().check(z.minLength(8, 'must be at least 8 characters')),
        }),
      )
      // A delivery records its address, not its entry: two entries for one address would sign with one secret.
      .check(
        z.refine(
          (list) => new Set(list.map((hook) => hook.url)).size === list.length,
          'each address once: list all its events in one entry',
        ),
      ),
    [],
  ),
  /** `digestHour`: the hour (0–23, the business's time zone) of the owner's daily digest email; absent: none. */
  notifications: z._default(
    z.strictObject({
      digestHour: z.optional(
        z
          .number({ error: 'must be a number' })
          .check(z.int('must be a whole hour'), z.gte(0, 'must be 0 to 23'), z.lte(23, 'must be 0 to 23')),
      ),
    }),
    {},
  ),
  trustProxy: z._default(z.boolean(), false),
  closures: closuresConfig,
  calendars: calendarsConfig,
  calendarSync: calendarSyncConfig,
  /** The owner's replacements for visitor-facing messages: {"es": {"booking.chooseService": "…"}} (docs/messages.md). */
  messages: z._default(
    z.record(z.string(), z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())]))).check(
      z.superRefine((messages, ctx) => {
        for (const { path, message } of messageProblems(messages as OwnerMessages))
          ctx.addIssue({ code: 'custom', message, path, input: messages });
      }),
    ),
    {},
  ),
});

export type Config = z.output<typeof configSchema>;
export type ServiceConfig = Config['services'][number];
export type StaffConfig = Config['staff'][number];
export type WeeklyHours = Config['hours'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What a field of each JSON type looks like, in the words of someone editing the file. */
const KINDS: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list: [ … ]',
  object: 'an object: { … }',
  record: 'an object: { … }',
  // The only pair in the config: an opening range.
  tuple: 'a pair of times such as ["09:00", "17:00"]',
};

/** A field of the wrong JSON type, or none at all: `is missing (a number)`, `must be true or false`. */
function typeProblem(expected: string | undefined, present: boolean): string {
  const kind = KINDS[expected ?? ''] ?? expected ?? 'set';
  return present ? `must be ${kind}` : `is missing (${kind})`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** Validates a parsed config object; throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = z.safeParse(configSchema, raw);
  if (result.success) {
    const problems = crossChecks(result.data);
    if (!problems.length) return result.data;
    throw new ConfigError(`Invalid ${source}:\n${problems.map(({ path, message }) => `  ${path.join('.')}: ${message}`).join('\n')}`);
  }
  // The shared fields (business.email) give catalogue references: the owner reads them in English.
  const english = translator('en');
  const lines = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  ${path === '(root)' ? '' : path + '.'}${key}: is not a known setting (misspelt?)`);
    }
    const message =
      issue.code === 'invalid_type'
        ? typeProblem((issue as { expected?: string }).expected, valueAt(raw, issue.path) !== undefined)
        : english.text(issue.message);
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
