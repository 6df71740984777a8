/**
 * A booking as an event in the owner's own calendar: the one shape of it that both the write-back
 * (caldav.ts) and the owner's feed (services/feed.ts) use. The UID `<booking id>@frontdesk` never
 * changes, SEQUENCE is the booking's (it rises with every change of time or status), times are in
 * UTC (every calendar app shows them in its own zone), the client's details are in the
 * description. No ORGANIZER or ATTENDEE: a calendar server would send the client invitations.
 */
import type { Config } from '../config.js';
import { escapeText, foldLine } from '../services/ics.js';

export interface OwnerBooking {
  id: string;
  status: string;
  serviceName: string;
  start: string;
  end: string;
  name: string;
  email: string;
  phone?: string | undefined;
  notes?: string | undefined;
  createdAt: string;
  sequence: number;
}

export function utcStamp(instant: string | number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export const bookingUid = (id: string) => `${id}@frontdesk`;

/** The VEVENT lines of one booking (not yet folded); `stamp` is its DTSTAMP. */
export function bookingEventLines(booking: OwnerBooking, business: Config['business'], stamp: number): string[] {
  const cancelled = booking.status === 'cancelled';
  const description = [
    `Client: ${booking.name}`,
    `Email: ${booking.email}`,
    booking.phone ? `Phone: ${booking.phone}` : '',
    `Service: ${booking.serviceName}`,
    booking.notes ? `Notes: ${booking.notes}` : '',
    cancelled ? 'This booking was cancelled.' : '',
    'Booked through Frontdesk.',
  ].filter(Boolean);
  return [
    'BEGIN:VEVENT',
    `UID:${bookingUid(booking.id)}`,
    `DTSTAMP:${utcStamp(stamp)}`,
    `CREATED:${utcStamp(booking.createdAt)}`,
    `DTSTART:${utcStamp(booking.start)}`,
    `DTEND:${utcStamp(booking.end)}`,
    `SEQUENCE:${booking.sequence}`,
    `SUMMARY:${escapeText(`${booking.name} \u2013 ${booking.serviceName}`)}`,
    ...(business.address ? [`LOCATION:${escapeText(business.address)}`] : []),
    `DESCRIPTION:${escapeText(description.join('\n'))}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    `X-FRONTDESK-BOOKING:${escapeText(booking.id)}`,
    'END:VEVENT',
  ];
}

/** A VCALENDAR around `body` lines, folded, CRLF line ends. */
export function calendarText(headers: string[], body: string[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Frontdesk//Bookings 1.0//EN',
    'CALSCALE:GREGORIAN',
    ...headers,
    ...body,
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
