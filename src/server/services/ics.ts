/**
 * A booking as an iCalendar file (RFC 5545): CRLF line ends, lines folded at 75 octets, TEXT
 * values escaped, times in UTC. METHOD:PUBLISH (an event to add, from the clinic as ORGANIZER), or
 * METHOD:CANCEL with STATUS:CANCELLED for a cancelled booking, so a calendar that imported the first
 * file removes the event.
 */
import { mailtoHref } from '../../shared/email.js';
import type { Config } from '../config.js';
import { type Translator, translator } from '../i18n.js';

export interface CalendarBooking {
  id: string;
  /** ISO instants. */
  start: string;
  end: string;
  serviceName: string;
  status: 'confirmed' | 'cancelled' | string;
  name?: string;
  email?: string;
  /** The language the booking was made in. */
  locale?: string;
}

export interface CalendarOptions {
  /** The visitor's manage/cancel page, put in DESCRIPTION and URL. */
  manageUrl?: string;
  /** Default: CANCEL for a cancelled booking, else PUBLISH. */
  method?: 'PUBLISH' | 'CANCEL';
  /** The booking's SEQUENCE (it rises with every move and the cancellation); default 0, or 1 when cancelled. */
  sequence?: number;
  /** DTSTAMP (default: now). */
  now?: number;
  /** The visitor's language for the summary and description (default: the booking's `locale`, else English). */
  t?: Translator;
}

/** TEXT escaping (RFC 5545 3.3.11); other control characters are dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .replace(/[\\;,]/g, (c) => '\\' + c)
      .replace(/\n/g, '\\n')
  );
}

/** A quoted parameter value (no DQUOTE or control characters allowed inside). */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/["\u0000-\u001F\u007F]/g, '')}"`;
}

/** Folds a content line into chunks of at most 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > 75) {
      out.push(current);
      current = ' '; // a continuation line starts with one space, counted in its 75 octets
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

function utc(iso: string | number): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function bookingCalendar(booking: CalendarBooking, business: Config['business'], opts: CalendarOptions = {}): string {
  const cancelled = booking.status === 'cancelled' || opts.method === 'CANCEL';
  const method = opts.method ?? (cancelled ? 'CANCEL' : 'PUBLISH');
  const t = opts.t ?? translator(booking.locale ?? 'en');
  const names = { service: booking.serviceName, business: business.name };
  const description = [
    t.t('ics.description', names),
    business.phone ? t.t('ics.phone', { phone: business.phone }) : '',
    opts.manageUrl ? t.t('ics.manage', { url: opts.manageUrl }) : '',
  ].filter(Boolean);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Frontdesk//Bookings 1.0//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${booking.id}@frontdesk`,
    `DTSTAMP:${utc(opts.now ?? Date.now())}`,
    `DTSTART:${utc(booking.start)}`,
    `DTEND:${utc(booking.end)}`,
    `SUMMARY:${escapeText(t.t('ics.summary', names))}`,
    ...(business.address ? [`LOCATION:${escapeText(business.address)}`] : []),
    `DESCRIPTION:${escapeText(description.join('\n'))}`,
    ...(opts.manageUrl ? [`URL:${opts.manageUrl}`] : []),
    `ORGANIZER;CN=${paramValue(business.name)}:${mailtoHref(business.email)}`,
    // A published event names no attendee (RFC 5546, 3.2.1): with the visitor as one, Outlook and Apple Calendar
    // read the file as an invitation and offer to answer the clinic. A cancellation names whom it releases (3.2.5).
    ...(booking.email && method === 'CANCEL'
      ? [`ATTENDEE;CN=${paramValue(booking.name ?? booking.email)};ROLE=REQ-PARTICIPANT:${mailtoHref(booking.email)}`]
      : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SEQUENCE:${opts.sequence ?? (cancelled ? 1 : 0)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
