/**
 * The busy times in iCalendar text (a feed, or the events of a CalDAV calendar), expanded with
 * ical.js over a window of time: RRULE (COUNT, UNTIL, or no end), RDATE, EXDATE, RECURRENCE-ID
 * overrides (a moved occurrence is busy at its new time, a cancelled one is free), each event's own
 * time zone (see toEpoch), across DST changes.
 *
 * Busy (CONTRACT 5.1): every event that is not TRANSP:TRANSPARENT and not STATUS:CANCELLED, all-day
 * events included (Google Calendar and Outlook mark all-day events TRANSPARENT unless the owner
 * sets them busy, which is the "free unless marked busy" owners expect). Frontdesk's own events
 * (UID `…@frontdesk`: bookings written back, or the owner's feed imported) are bookings already.
 *
 * Bounded work whatever the text: an event stops being expanded after MAX_STEPS recurrence steps or
 * MAX_OCCURRENCES busy times in the window (FREQ=SECONDLY, a huge COUNT) and is reported, not
 * stored; a calendar with more than MAX_BUSY busy times in the window is refused. This runs in a
 * worker thread (expand-worker.ts) that is stopped after a deadline, so nothing here can hold the
 * server's own thread.
 */
import ICAL from 'ical.js';
import { cleanLine } from '../../shared/text.js';
import { localToEpoch } from '../services/time.js';

export const MAX_STEPS = 50_000;
export const MAX_OCCURRENCES = 5_000;
export const MAX_BUSY = 50_000;

export interface BusyTime {
  start: number;
  end: number;
  summary?: string;
  allDay: boolean;
}

export interface ExpandRequest {
  texts: string[];
  /** The window, epoch ms: busy times that overlap [windowStart, windowEnd) are kept. */
  windowStart: number;
  windowEnd: number;
  /** The business's time zone, for all-day dates and floating times. */
  zone: string;
}

export interface Expanded {
  busy: BusyTime[];
  /** Events left out because they repeat too often or their rule cannot be read (their titles), for the owner. */
  leftOut: string[];
  /** VEVENTs read. */
  events: number;
}

/** The text is not iCalendar at all; the message is the owner's. */
export class NotICalendarError extends Error {
  override name = 'NotICalendarError';
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const zoneValidity = new Map<string, boolean>();

/** Whether `tzid` names a zone this machine's time-zone data knows (IANA: "Europe/Berlin"). */
function isKnownZone(tzid: string): boolean {
  let valid = zoneValidity.get(tzid);
  if (valid === undefined) zoneValidity.set(tzid, (valid = zoneValidity.size < 1000 && isValidZone(tzid)));
  return valid;
}

/**
 * The instant of an iCalendar time. `tzid`: the TZID parameter of the property it came from. A TZID
 * that names an IANA zone is read with the machine's own zone data (complete, including past rule
 * changes that a file's VTIMEZONE often leaves out, and much faster); any other TZID ("W. Europe
 * Standard Time") with the file's VTIMEZONE; a floating time, or a TZID nothing defines, in the
 * business's zone.
 */
export function toEpoch(time: ICAL.Time, tzid: string | undefined, zone: string): number {
  if (time.isDate) return localToEpoch(zone, { y: time.year, m: time.month, d: time.day }, 0);
  const tz = time.zone;
  if (tz && tz.tzid === 'UTC') return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  let local = zone;
  if (tzid && isKnownZone(tzid)) local = tzid;
  else if (tz && tz.tzid !== 'floating' && tz.component) return time.toUnixTime() * 1000;
  return localToEpoch(local, { y: time.year, m: time.month, d: time.day }, time.hour * 60 + time.minute) + time.second * 1000;
}

function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

function isBusy(event: ICAL.Component): boolean {
  return text(event, 'transp').toUpperCase() !== 'TRANSPARENT' && text(event, 'status').toUpperCase() !== 'CANCELLED';
}

function isOurs(event: ICAL.Component): boolean {
  return /@frontdesk$/i.test(text(event, 'uid')) || event.hasProperty('x-frontdesk-booking');
}

function timeOf(event: ICAL.Component, name: string): { time: ICAL.Time; tzid: string | undefined } | undefined {
  const property = event.getFirstProperty(name);
  const value = property?.getFirstValue();
  if (!property || !(value instanceof ICAL.Time)) return undefined;
  const tzid = property.getParameter('tzid');
  return { time: value, tzid: typeof tzid === 'string' ? tzid : undefined };
}

/** How long each occurrence lasts: whole days for a date, else milliseconds; 0 blocks nothing. */
function lengthOf(
  event: ICAL.Component,
  start: { time: ICAL.Time; tzid: string | undefined },
  zone: string,
): { days: number } | { ms: number } {
  const end = timeOf(event, 'dtend');
  const duration = event.getFirstPropertyValue('duration');
  if (start.time.isDate) {
    if (end?.time.isDate) {
      const days = Math.round(
        (Date.UTC(end.time.year, end.time.month - 1, end.time.day) - Date.UTC(start.time.year, start.time.month - 1, start.time.day)) /
          86_400_000,
      );
      return { days: Math.max(1, days) };
    }
    if (duration instanceof ICAL.Duration) return { days: Math.max(1, Math.ceil(duration.toSeconds() / 86_400)) };
    return { days: 1 }; // RFC 5545: a date with no end is one day long
  }
  if (end) return { ms: Math.max(0, toEpoch(end.time, end.tzid, zone) - toEpoch(start.time, start.tzid, zone)) };
  if (duration instanceof ICAL.Duration) return { ms: Math.max(0, duration.toSeconds() * 1000) };
  return { ms: 0 }; // RFC 5545: a date-time with no end ends when it starts
}

function occurrence(
  time: ICAL.Time,
  tzid: string | undefined,
  length: { days: number } | { ms: number },
  zone: string,
): { start: number; end: number } {
  const start = toEpoch(time, tzid, zone);
  if ('ms' in length) return { start, end: start + length.ms };
  const last = new Date(Date.UTC(time.year, time.month - 1, time.day + length.days));
  return { start, end: localToEpoch(zone, { y: last.getUTCFullYear(), m: last.getUTCMonth() + 1, d: last.getUTCDate() }, 0) };
}

function parse(source: string): ICAL.Component[] {
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(source)) {
    throw new NotICalendarError('That is not an iCalendar file (it does not begin with BEGIN:VCALENDAR).');
  }
  // A file cut short (a connection closed early, with no length to tell) must not pass for a smaller calendar.
  if (!/END:VCALENDAR\s*$/i.test(source)) {
    throw new NotICalendarError('The calendar file is incomplete (it does not end with END:VCALENDAR).');
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(source);
  } catch (error) {
    throw new NotICalendarError(`That is not a readable iCalendar file (${cleanLine(String((error as Error).message)).slice(0, 120)}).`);
  }
  const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcal) => new ICAL.Component(jcal as never));
}

/** The busy times of every calendar text in `request.texts`, sorted by start. */
export function expandCalendars(request: ExpandRequest): Expanded {
  const { windowStart, windowEnd, zone } = request;
  const busy: BusyTime[] = [];
  const leftOut: string[] = [];
  let events = 0;

  const add = (range: { start: number; end: number }, summary: string, allDay: boolean) => {
    if (range.end <= range.start || range.end <= windowStart || range.start >= windowEnd) return false;
    busy.push({ start: range.start, end: range.end, ...(summary ? { summary } : {}), allDay });
    if (busy.length > MAX_BUSY) {
      throw new NotICalendarError(
        `The calendar has more than ${MAX_BUSY} busy times in the next weeks; Frontdesk reads at most that many.`,
      );
    }
    return true;
  };

  for (const source of request.texts) {
    for (const calendar of parse(source)) {
      const vevents = calendar.getAllSubcomponents('vevent');
      events += vevents.length;
      // Overridden occurrences, by UID: the instant of each RECURRENCE-ID. The overrides stand on their own.
      const overridden = new Map<string, Set<number>>();
      for (const event of vevents) {
        const rid = timeOf(event, 'recurrence-id');
        if (!rid) continue;
        const uid = text(event, 'uid');
        if (!overridden.has(uid)) overridden.set(uid, new Set());
        overridden.get(uid)!.add(toEpoch(rid.time, rid.tzid, zone));
      }

      for (const event of vevents) {
        if (isOurs(event) || !isBusy(event)) continue;
        const start = timeOf(event, 'dtstart');
        if (!start) continue;
        const summary = cleanLine(text(event, 'summary')).slice(0, 120);
        const length = lengthOf(event, start, zone);
        const allDay = start.time.isDate;
        const repeats = !event.hasProperty('recurrence-id') && (event.hasProperty('rrule') || event.hasProperty('rdate'));
        if (!repeats) {
          add(occurrence(start.time, start.tzid, length, zone), summary, allDay);
          continue;
        }
        const skip = overridden.get(text(event, 'uid'));
        let expansion: ICAL.RecurExpansion;
        try {
          expansion = new ICAL.RecurExpansion({ component: event, dtstart: start.time });
        } catch {
          add(occurrence(start.time, start.tzid, length, zone), summary, allDay); // an unreadable rule: its first occurrence only
          continue;
        }
        let steps = 0;
        let kept = 0;
        try {
          for (let next = expansion.next(); next; next = expansion.next()) {
            if (++steps > MAX_STEPS) throw new RangeError();
            const range = occurrence(next, start.tzid, length, zone);
            if (range.start >= windowEnd) break;
            if (skip?.has(range.start)) continue;
            if (add(range, summary, allDay) && ++kept > MAX_OCCURRENCES) throw new RangeError();
          }
        } catch (error) {
          if (error instanceof NotICalendarError) throw error;
          // Too many steps or occurrences (or a rule ical.js refuses mid-way): leave the event out, and say so.
          busy.splice(busy.length - kept, kept);
          leftOut.push(summary || '(untitled)');
        }
      }
    }
  }
  busy.sort((a, b) => a.start - b.start || a.end - b.end);
  return { busy, leftOut, events };
}
