/**
 * The config's `closures`, `calendars` and `calendarSync` (CONTRACT 5.1), as config.ts validates
 * them. A calendar address that Frontdesk would never fetch (another scheme, a link-local or
 * metadata address, credentials inside the URL) stops the server at start, naming the field;
 * the server's own address is refused once its port is known (ownAddressProblems).
 */
import * as z from 'zod/mini';
import { closureProblem } from '../../shared/closures.js';
import { forbiddenHost, type OwnAddress } from './address.js';

export const CALENDAR_SCHEMES = ['http:', 'https:', 'webcal:', 'webcals:'];

/** The URL actually fetched: `webcal://` is the calendar apps' name for http(s); fetched over https. */
export function fetchUrl(address: string): URL {
  const url = new URL(address);
  if (url.protocol === 'webcal:' || url.protocol === 'webcals:') return new URL('https:' + address.slice(url.protocol.length));
  return url;
}

/** Why a calendar address is refused (the owner's words), or undefined. */
export function calendarUrlProblem(value: string, self?: OwnAddress): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a web address such as "https://calendar.example.com/…/basic.ics"';
  }
  if (!CALENDAR_SCHEMES.includes(url.protocol)) return `must start with http://, https:// or webcal:// (not ${url.protocol}//)`;
  if (url.username || url.password) return 'must not hold a user name or password: give them as "username" and "password"';
  if (!url.hostname) return 'must name a host';
  const problem = forbiddenHost(fetchUrl(value), self);
  return problem ? `is refused: ${problem}` : undefined;
}

const closure = z
  .strictObject({
    from: z.string({ error: 'must be a date such as "2026-12-24" or a date and time such as "2027-01-15T12:00"' }),
    to: z.string({ error: 'must be a date such as "2026-12-26" or a date and time such as "2027-01-15T17:00"' }),
    note: z.optional(z.string().check(z.maxLength(200, 'must be at most 200 characters'))),
  })
  .check(
    z.superRefine((value, ctx) => {
      const problem = closureProblem(value.from, value.to);
      if (problem) ctx.issues.push({ code: 'custom', message: problem.message, path: [problem.field], input: value[problem.field] });
    }),
  );

const calendar = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be letters, digits, "-" or "_"')),
    type: z._default(z.enum(['ics', 'caldav']), 'ics'),
    url: z.string().check(z.maxLength(2000, 'must be at most 2000 characters')),
    username: z.optional(z.string()),
    password: z.optional(z.string()),
    writeBookings: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((value, ctx) => {
      const add = (path: string, message: string) => ctx.issues.push({ code: 'custom', message, path: [path], input: undefined });
      const problem = calendarUrlProblem(value.url);
      if (problem) add('url', problem);
      else if (value.type === 'caldav' && !/^https?:/i.test(value.url))
        add('url', 'must start with http:// or https:// for a CalDAV calendar');
      if (value.writeBookings && value.type !== 'caldav') add('writeBookings', 'works only with a CalDAV calendar ("type": "caldav")');
      if (value.password !== undefined && !value.username) add('username', 'is needed with a password');
    }),
  );

export const closuresConfig = z._default(z.array(closure), []);

export const calendarsConfig = z._default(
  z.array(calendar).check(z.refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'ids must be unique')),
  [],
);

export const calendarSyncConfig = z._default(
  z.strictObject({
    everyMinutes: z._default(
      z
        .number({ error: 'must be a number' })
        .check(z.int('must be a whole number'), z.gte(1, 'must be at least 1'), z.lte(1440, 'must be at most 1440 (a day)')),
      5,
    ),
  }),
  { everyMinutes: 5 },
);

export type CalendarConfig = z.output<typeof calendar>;

/** Calendar addresses that are this very server (known once its port and public URL are), as config error lines. */
export function ownAddressProblems(calendars: CalendarConfig[], self: OwnAddress): string[] {
  return calendars.flatMap((c, i) => {
    const problem = calendarUrlProblem(c.url, self);
    return problem ? [`  calendars.${i}.url: ${problem}`] : [];
  });
}
