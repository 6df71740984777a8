/**
 * The CalDAV exchanges Frontdesk makes with a calendar collection (RFC 4791): PROPFIND for the
 * collection's change tag (getctag, else its sync-token, RFC 6578), so an unchanged calendar costs
 * one small request; REPORT calendar-query for the events in a time range; PUT and DELETE of the
 * booking events it writes there.
 */
import type { CalendarConfig } from './config.js';
import type { OwnAddress } from './address.js';
import { CalendarError } from './errors.js';
import { calendarRequest, type CalendarRequest, type CalendarResponse } from './fetch.js';
import { CALDAV, CALSERVER, children, DAV, parseXml, path, type XmlElement } from './xml.js';

const XML = 'application/xml; charset=utf-8';

/** The owner's words for an HTTP answer that is not a success. */
export function statusProblem(status: number, hasPassword: boolean): CalendarError {
  if (status === 401)
    return new CalendarError(
      hasPassword ? 'The calendar server refused the password.' : 'The calendar server asks for a user name and password.',
    );
  if (status === 403)
    return new CalendarError(
      'The calendar server refused access: check the user name and password, and that this user may use (and write to) that calendar.',
    );
  if (status === 404 || status === 410)
    return new CalendarError(`The address answered ${status} (not found): check the calendar\u2019s address.`);
  if (status >= 500) return new CalendarError(`The calendar server answered ${status} (an error on its side).`);
  return new CalendarError(`The calendar server answered ${status}.`);
}

function collectionUrl(calendar: CalendarConfig): string {
  return calendar.url.endsWith('/') ? calendar.url : calendar.url + '/';
}

/** Where the request must not go, and how long it may take. */
export interface CaldavOptions {
  self?: OwnAddress | undefined;
  timeoutMs?: number | undefined;
}

async function send(calendar: CalendarConfig, options: CaldavOptions, url: string, request: CalendarRequest): Promise<CalendarResponse> {
  return calendarRequest(url, {
    ...request,
    username: calendar.username,
    password: calendar.password,
    self: options.self,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

function multistatus(response: CalendarResponse): XmlElement[] {
  try {
    return children(path(parseXml(response.body), [DAV, 'multistatus']), DAV, 'response');
  } catch {
    throw new CalendarError('The calendar server\u2019s answer is not a CalDAV answer (it is not readable XML).');
  }
}

/** The first 200 propstat's prop of a multistatus response element. */
function okProp(response: XmlElement): XmlElement | undefined {
  const ok = children(response, DAV, 'propstat').find((p) => / 200 /.test(` ${path(p, [DAV, 'status'])?.text.trim() ?? ''} `));
  return path(ok, [DAV, 'prop']);
}

/** The collection's change tag (getctag, else sync-token; null when it has neither). Checks it is a calendar. */
export async function collectionTag(calendar: CalendarConfig, options: CaldavOptions = {}): Promise<string | null> {
  const response = await send(calendar, options, collectionUrl(calendar), {
    method: 'PROPFIND',
    headers: { Depth: '0', 'Content-Type': XML },
    body: `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="${CALSERVER}"><d:prop><d:resourcetype/><cs:getctag/><d:sync-token/></d:prop></d:propfind>`,
    maxBytes: 1024 * 1024,
  });
  if (response.status !== 207) {
    if (response.status >= 200 && response.status < 300)
      throw new CalendarError('That address is not a CalDAV calendar (it answered as a plain web page).');
    throw statusProblem(response.status, calendar.password !== undefined);
  }
  const prop = okProp(multistatus(response)[0] ?? { ns: '', name: '', children: [], text: '' });
  if (!path(prop, [DAV, 'resourcetype'], [CALDAV, 'calendar'])) {
    throw new CalendarError(
      'That address is not a calendar collection: use the address of the calendar itself (often ending in the calendar\u2019s name and a slash).',
    );
  }
  const tag = path(prop, [CALSERVER, 'getctag'])?.text.trim() || path(prop, [DAV, 'sync-token'])?.text.trim();
  return tag || null;
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Every calendar object with an event in [fromMs, toMs), as iCalendar texts. */
export async function eventsBetween(
  calendar: CalendarConfig,
  fromMs: number,
  toMs: number,
  options: CaldavOptions = {},
): Promise<string[]> {
  const response = await send(calendar, options, collectionUrl(calendar), {
    method: 'REPORT',
    headers: { Depth: '1', 'Content-Type': XML },
    body:
      `<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" xmlns:c="${CALDAV}">` +
      '<d:prop><d:getetag/><c:calendar-data/></d:prop>' +
      `<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="${stamp(fromMs)}" end="${stamp(toMs)}"/></c:comp-filter></c:comp-filter></c:filter>` +
      '</c:calendar-query>',
  });
  if (response.status !== 207) throw statusProblem(response.status, calendar.password !== undefined);
  return multistatus(response)
    .map((r) => path(okProp(r), [CALDAV, 'calendar-data'])?.text ?? '')
    .filter((text) => text.trim() !== '');
}

function eventUrl(calendar: CalendarConfig, name: string): string {
  return new URL(`${encodeURIComponent(name)}.ics`, collectionUrl(calendar)).href;
}

/** Writes (creates or replaces) the event `name`.ics in the collection. */
export async function putEvent(calendar: CalendarConfig, name: string, ics: string, options: CaldavOptions = {}): Promise<void> {
  const response = await send(calendar, options, eventUrl(calendar, name), {
    method: 'PUT',
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
    body: ics,
    maxBytes: 1024 * 1024,
  });
  if (response.status < 200 || response.status > 299) throw statusProblem(response.status, calendar.password !== undefined);
}

/** Removes the event `name`.ics from the collection; one that is not there is fine. */
export async function deleteEvent(calendar: CalendarConfig, name: string, options: CaldavOptions = {}): Promise<void> {
  const response = await send(calendar, options, eventUrl(calendar, name), { method: 'DELETE', maxBytes: 1024 * 1024 });
  if (response.status === 404 || response.status === 410) return;
  if (response.status < 200 || response.status > 299) throw statusProblem(response.status, calendar.password !== undefined);
}
