/**
 * The emails: one for the owner about every event (in English, like the admin page), and the
 * visitor's booking confirmation, notice of a move, reminder, cancellation notice and request for a testimonial, in the language the booking
 * was made in (the message catalogue, with the owner's replacements). Plain text plus simple HTML in which every piece of visitor text is
 * escaped (through `html`); header values are single lines; links are built only from the
 * server's configured origin, never from anything a visitor sent.
 */
import { isPlainAddress } from '../../shared/email.js';
import { otherZone, timeRange } from '../../shared/i18n/time-words.js';
import type { Config } from '../config.js';
import { type OwnerMessages, type Translator, translator } from '../i18n.js';
import { visitorLinks } from '../services/bookings.js';
import type { Digest } from '../services/digest.js';
import type { EventType } from '../services/events.js';
import { bookingCalendar } from '../services/ics.js';
import type { DeliveryAudience } from '../store/tables-notifications.js';
import { html, type Html } from './html.js';
import { richHtml, richPlain } from './rich-email.js';

/** An event as the worker reads it back. */
export interface StoredEvent {
  id: number;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: number;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  replyTo?: { name: string; address: string };
  /** The visitor's booking as an .ics file. */
  attachments?: { filename: string; content: string; contentType: string }[];
  /** More header lines (List-Unsubscribe on reply emails); values are single lines. */
  headers?: Record<string, string>;
}

export interface EmailSettings {
  business: Config['business'];
  /** The owner's message replacements (config `messages`). */
  messages?: OwnerMessages;
  /** The server's public origin, without a trailing slash. */
  origin: string;
  /** A review request's single-use token (audience `review`). */
  reviewToken?: string;
  /** The services (config), for the labels of intake answers. */
  services?: Config['services'];
}

/** A booking's intake answers as rows: the question's label (by id when the question is gone), in the service's order. */
function answerRows(d: Record<string, unknown>, settings: EmailSettings): Rows {
  const answers = (d.answers ?? {}) as Record<string, unknown>;
  const questions = settings.services?.find((s) => s.id === d.service)?.questions ?? [];
  const ids = [
    ...questions.map((q) => q.id).filter((id) => id in answers),
    ...Object.keys(answers).filter((id) => !questions.some((q) => q.id === id)),
  ];
  return ids.map((id) => {
    const value = answers[id];
    return [questions.find((q) => q.id === id)?.label ?? id, typeof value === 'boolean' ? (value ? 'Yes' : 'No') : value];
  });
}

/**
 * One line, no control characters: safe as (part of) a header value. A `=?` gets an invisible
 * zero-width space after its `=`: a mail program reads `=?utf-8?b?…?=` in a header as text to decode
 * (RFC 2047), so a visitor's name could otherwise put any words (a right-to-left override, a fake
 * "Re: Invoice") into a subject. With the space the value is no longer plain ASCII, so the mailer
 * encodes it whole, and the reader sees what the visitor typed.
 */
export function oneLine(text: unknown, max = 200): string {
  const line = String(text ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are what a header value must not carry
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/=\?/g, '=\u200b?')
    .trim();
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

/** "Tuesday, March 3, 2026, 9:00 – 10:30 AM EST", in the business's time zone (and `locale`'s words). */
export function when(data: Record<string, unknown>, timeZone: string, locale = 'en-US'): string {
  const start = new Date(String(data.start ?? ''));
  const end = new Date(String(data.end ?? ''));
  if (Number.isNaN(start.getTime())) return String(data.start ?? '');
  return timeRange(locale, timeZone, start, Number.isNaN(end.getTime()) ? undefined : end, true);
}

/** "Dec 5, 10:00 AM", and its zone ("Dec 5, 10:00 AM EST") for a visitor who is elsewhere. */
function shortWhen(data: Record<string, unknown>, timeZone: string, locale = 'en-US', named = false): string {
  const start = new Date(String(data.start ?? ''));
  if (Number.isNaN(start.getTime())) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(named && { timeZoneName: 'short' }),
  }).format(start);
}

type Rows = [label: string, value: unknown][];

function present(rows: Rows): [string, string][] {
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)]);
}

/** A labelled text; `rich`: a comment's, shown with its bold, italics, code and links, as on the page. */
interface Long {
  label: string;
  text: string;
  rich?: boolean;
}

/** The parts of one email: an intro sentence, labelled fields, an optional quoted text and long text, links. */
export interface Draft {
  subject: string;
  intro: string;
  rows?: Rows;
  /** What the long text answers (a reply email's own comment): shown above it, set off as a quotation. */
  quote?: Long;
  long?: Long;
  links?: [label: string, url: string][];
  outro?: string;
}

export function render(draft: Draft, settings: EmailSettings, t?: Translator): Pick<EmailContent, 'subject' | 'text' | 'html'> {
  const rows = present(draft.rows ?? []);
  const links = draft.links ?? [];
  // A label and what follows it: French sets a colon off with a (no-break) space, as its catalogue does.
  const colon = t?.language === 'fr' ? '\u00a0: ' : ': ';
  const plain = (long: Long) => (long.rich ? richPlain(long.text) : long.text);
  const shown = (long: Long) => (long.rich ? richHtml(long.text) : long.text);
  const text = [
    draft.intro,
    ...(rows.length ? ['', ...rows.map(([k, v]) => `${k}${colon}${v}`)] : []),
    ...(draft.quote
      ? [
          '',
          `${draft.quote.label}${colon.trimEnd()}`,
          ...plain(draft.quote)
            .split('\n')
            .map((line) => `> ${line}`),
        ]
      : []),
    ...(draft.long ? ['', `${draft.long.label}${colon.trimEnd()}`, plain(draft.long)] : []),
    ...(links.length ? ['', ...links.map(([label, url]) => `${label}${colon}${url}`)] : []),
    ...(draft.outro ? ['', draft.outro] : []),
    '',
    '— ' + settings.business.name,
    '',
  ].join('\n');
  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const body: Html = html`<!doctype html>
<html lang="${t?.locale ?? 'en'}" dir="${t?.dir ?? 'ltr'}"><head><meta charset="utf-8"><title>${draft.subject}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222">
<p>${draft.intro}</p>
${rows.length ? html`<table role="presentation" style="border-collapse:collapse">${rows.map(([k, v]) => html`<tr><th style="${cell};text-align:start;font-weight:600">${k}</th><td style="${cell}">${v}</td></tr>`)}</table>` : ''}
${draft.quote ? html`<p style="margin-bottom:0;font-weight:600">${draft.quote.label}</p><blockquote dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0 0;padding-inline-start:12px;border-inline-start:3px solid #ccc;color:#555">${shown(draft.quote)}</blockquote>` : ''}
${draft.long ? html`<p style="margin-bottom:0;font-weight:600">${draft.long.label}</p>${draft.long.rich ? html`<div style="margin-top:4px;overflow-wrap:anywhere">${shown(draft.long)}</div>` : html`<p dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;margin-top:4px">${draft.long.text}</p>`}` : ''}
${links.map(([label, url]) => html`<p><a href="${url}">${label}</a></p>`)}
${draft.outro ? html`<p>${draft.outro}</p>` : ''}
<p style="color:#666">— ${settings.business.name}</p>
</body></html>
`;
  return { subject: oneLine(draft.subject), text, html: body.value };
}

/** The owner's daily digest: what came in over the last 24 hours, what waits, today's appointments. */
function digestDraft(d: Digest, settings: EmailSettings): Draft {
  const tz = settings.business.timezone;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const waiting = (d.waiting?.comments ?? 0) + (d.waiting?.testimonials ?? 0);
  const today = d.today ?? [];
  const time = (iso: string) =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' }).format(
    new Date(`${d.date}T12:00:00Z`),
  );
  return {
    subject: `Your day, ${day}: ${plural(today.length, 'appointment', 'appointments')}, ${plural(waiting, 'item', 'items')} waiting`,
    intro: 'Here is what came in over the last 24 hours and what waits for you.',
    rows: [
      ['New bookings', d.new?.bookings || undefined],
      ['New messages', d.new?.messages || undefined],
      ['New comments', d.new?.comments || undefined],
      ['New testimonials', d.new?.testimonials || undefined],
      ['Comments waiting for approval', d.waiting?.comments || undefined],
      ['Testimonials waiting for approval', d.waiting?.testimonials || undefined],
      ['Appointments today', today.length || undefined],
      ['Appointments tomorrow', d.tomorrow || undefined],
    ],
    ...(today.length
      ? {
          long: {
            label: 'Today',
            text: today.map((b) => `${time(b.start)} – ${time(b.end)}  ${oneLine(b.name, 80)} (${oneLine(b.serviceName, 80)})`).join('\n'),
          },
        }
      : {}),
    links: [['Open your inbox', `${settings.origin}/admin#/inbox`]],
  };
}

/**
 * What a move changed (booking.rescheduled): whether the time did, and who the booking was with when the
 * person changed (a move to another person at the same time is a move too).
 */
function moveOf(d: StoredEvent['data']): { newTime: boolean; previousPerson: string | undefined } {
  const before = (d.previousStaff as { id?: string; name?: string } | undefined) ?? {};
  const now = (d.staff as { id?: string } | undefined)?.id;
  return {
    newTime: Date.parse(String(d.start)) !== Date.parse(String(d.previousStart)),
    previousPerson: before.id && before.id !== now ? before.name : undefined,
  };
}

function ownerDraft(event: StoredEvent, settings: EmailSettings): Draft {
  const d = event.data;
  const tz = settings.business.timezone;
  // Straight to the section the event is about (the admin page's addresses: docs/admin.md).
  const section = { message: 'messages', comment: 'comments', testimonial: 'testimonials' }[event.type.split('.')[0]!] ?? 'bookings';
  const admin: [string, string] = ['Open your admin page', `${settings.origin}/admin#/${section}`];
  switch (event.type) {
    case 'booking.rescheduled': {
      const { newTime, previousPerson } = moveOf(d);
      return {
        subject: `Moved: ${oneLine(d.name, 80)} — ${oneLine(d.serviceName ?? d.service, 80)}, ${shortWhen(d, tz)}`,
        intro: `${d.movedBy === 'owner' ? 'You moved' : 'The client moved'} this booking ${newTime ? 'to a new time' : 'to another person'}.`,
        rows: [
          ['Service', d.serviceName ?? d.service],
          ['When', when(d, tz)],
          ['With', (d.staff as { name?: string } | undefined)?.name],
          ['Was', newTime ? when({ start: d.previousStart, end: d.previousEnd }, tz) : undefined],
          ['Was with', previousPerson],
          ['Name', d.name],
          ['Email', d.email],
          ['Phone', d.phone],
          ['Time zone', d.timezone],
          ...answerRows(d, settings),
        ],
        ...(d.notes ? { long: { label: 'Notes', text: String(d.notes) } } : {}),
        links: [admin],
      };
    }
    case 'booking.created':
    case 'booking.cancelled': {
      const cancelled = event.type === 'booking.cancelled';
      return {
        subject: `${cancelled ? 'Cancelled' : 'New booking'}: ${oneLine(d.name, 80)} — ${oneLine(d.serviceName ?? d.service, 80)}, ${shortWhen(d, tz)}`,
        intro: cancelled
          ? `${d.cancelledBy === 'owner' ? 'You cancelled' : 'The visitor cancelled'} this booking.`
          : 'You have a new booking.',
        rows: [
          ['Service', d.serviceName ?? d.service],
          ['When', when(d, tz)],
          ['With', (d.staff as { name?: string } | undefined)?.name],
          ['Name', d.name],
          ['Email', d.email],
          ['Phone', d.phone],
          ['Time zone', d.timezone],
          ['Reason', cancelled ? d.reason : undefined],
          ...answerRows(d, settings),
        ],
        ...(d.notes ? { long: { label: 'Notes', text: String(d.notes) } } : {}),
        links: [admin],
      };
    }
    case 'message.created':
      return {
        subject: `New message from ${oneLine(d.name, 80)}`,
        intro: 'Someone wrote to you through your website.',
        rows: [
          ['Name', d.name],
          ['Email', d.email],
          ['Phone', d.phone],
        ],
        long: { label: 'Message', text: String(d.message ?? '') },
        links: [admin],
      };
    case 'comment.created': {
      const waiting = d.status === 'pending';
      return {
        subject: `New comment by ${oneLine(d.author, 80)}${waiting ? ' (waiting for your approval)' : ''}`,
        intro: waiting ? 'A new comment is waiting for your approval.' : 'A new comment was published.',
        rows: [
          ['Page', d.thread],
          ['Author', d.author],
          ['Email', d.email],
          ['Status', d.status],
        ],
        ...answered(d.inReplyTo),
        long: { label: 'Comment', text: String(d.text ?? ''), rich: true },
        links: [admin],
      };
    }
    case 'digest.daily':
      return digestDraft(d as unknown as Digest, settings);
    case 'testimonial.created':
      return {
        subject: `New testimonial from ${oneLine(d.author, 80)}`,
        intro: d.status === 'pending' ? 'A new testimonial is waiting for your approval.' : 'A new testimonial was added.',
        rows: [
          ['Author', d.author],
          ['Role', d.role],
          ['Rating', d.rating],
          ['Source', d.source],
          ['Email', d.email],
          ['Status', d.status],
        ],
        long: { label: 'Testimonial', text: String(d.text ?? '') },
        links: [admin],
      };
    case 'comment.subscribed':
    case 'comment.replied':
      // Never routed to the owner (notify/routing.ts): the commenter's emails are notify/reply-emails.ts.
      throw Object.assign(new Error('This event has no email for the owner.'), { permanent: true });
  }
}

/** A reply's notification quotes the start of the comment it answers (services/comments.ts), so it reads in its context. */
function answered(inReplyTo: unknown): Pick<Draft, 'quote'> {
  const context = inReplyTo as { author?: unknown; text?: unknown; byOwner?: unknown } | undefined;
  if (typeof context?.author !== 'string' || typeof context.text !== 'string') return {};
  return {
    quote: {
      label: context.byOwner === true ? 'In reply to your comment' : `In reply to ${oneLine(context.author, 80)}`,
      text: context.text,
    },
  };
}

function visitorDraft(event: StoredEvent, settings: EmailSettings, reminder: boolean, t: Translator): Draft {
  const d = event.data;
  const { business } = settings;
  const tz = business.timezone;
  const service = d.serviceName ?? d.service;
  const name = String(d.name ?? '');
  // A visitor elsewhere reads the business's time, named, and beneath it their own, as the widget showed it.
  const own = otherZone(d.timezone, tz);
  const subject = { service: oneLine(service, 80), when: shortWhen(d, tz, t.locale, !!own) };
  const rows: Rows = [
    [t.t('manage.service'), service],
    [t.t('page.person'), (d.staff as { name?: string } | undefined)?.name],
    [t.t('manage.when'), when(d, tz, t.locale)],
    [t.t('email.yourTime'), own && when(d, own, t.locale)],
  ];
  const where: Rows = [
    [t.t('manage.where'), business.address],
    [t.t('email.phone'), business.phone],
  ];
  if (event.type === 'booking.cancelled') {
    return {
      subject: t.t('email.cancelledSubject', subject),
      intro: t.t('email.cancelledIntro', { name, business: business.name }),
      rows: [...rows, [t.t('email.reason'), d.cancelledBy === 'owner' ? d.reason : undefined]],
      links: [[t.t('email.bookAgainLink'), `${settings.origin}/book`]],
      outro: t.t('email.cancelledOutro'),
    };
  }
  const links = visitorLinks(settings.origin, { id: String(d.id ?? ''), token: String(d.token ?? '') });
  const visitorLinksList: [string, string][] = [
    [t.t('email.manageLink'), links.manage],
    [t.t('email.rescheduleLink'), links.reschedule],
    [t.t('email.calendarLink'), links.calendar],
  ];
  // A reminder is a reminder whichever event routed it (the booking, or its last move).
  if (reminder) {
    return {
      subject: t.t('email.reminderSubject', subject),
      intro: t.t('email.reminderIntro', { name, business: business.name }),
      rows: [...rows, ...where],
      links: visitorLinksList,
      outro: t.t('email.reminderOutro'),
    };
  }
  if (event.type === 'booking.rescheduled') {
    const { newTime, previousPerson } = moveOf(d);
    return {
      subject: t.t('email.movedSubject', subject),
      intro: t.t(newTime ? 'email.movedIntro' : 'email.movedPersonIntro', { name, business: business.name }),
      rows: [
        ...rows,
        [t.t('email.previousTime'), newTime ? when({ start: d.previousStart, end: d.previousEnd }, tz, t.locale) : undefined],
        [t.t('email.previousPerson'), previousPerson],
        ...where,
      ],
      links: visitorLinksList,
      outro: t.t('email.attached'),
    };
  }
  return {
    subject: t.t('email.confirmedSubject', subject),
    intro: t.t('email.confirmedIntro', { name, business: business.name }),
    rows: [...rows, ...where],
    links: visitorLinksList,
    outro: t.t('email.attached'),
  };
}

/**
 * The client's request for a testimonial: polite, one link, honest wording (the FTC's 2024 rule on
 * reviews: no reward, whatever the testimonial says), and the promise not to ask again.
 */
function reviewDraft(event: StoredEvent, settings: EmailSettings, t: Translator): Draft {
  const d = event.data;
  const business = settings.business.name;
  const date = new Intl.DateTimeFormat(t.locale, { timeZone: settings.business.timezone, dateStyle: 'long' });
  const start = new Date(String(d.start ?? ''));
  return {
    subject: t.t('email.reviewSubject', { business: oneLine(business, 80) }),
    intro: t.t('email.reviewIntro', {
      name: String(d.name ?? ''),
      business,
      service: String(d.serviceName ?? d.service ?? ''),
      date: Number.isNaN(start.getTime()) ? '' : date.format(start),
    }),
    long: { label: t.t('email.reviewHonestTitle'), text: t.t('email.reviewHonest', { business }) },
    links: [[t.t('email.reviewLink'), `${settings.origin}/review/${encodeURIComponent(settings.reviewToken ?? '')}`]],
    outro: t.t('email.reviewOutro'),
  };
}

/** The email about `event` for the owner or the visitor. */
export function composeEmail(event: StoredEvent, audience: DeliveryAudience, settings: EmailSettings): EmailContent {
  const d = event.data;
  if (audience === 'review') {
    const t = translator(typeof d.locale === 'string' ? d.locale : 'en', settings.messages);
    const content: EmailContent = render(reviewDraft(event, settings, t), settings, t);
    if (isPlainAddress(settings.business.email))
      content.replyTo = { name: oneLine(settings.business.name, 80), address: settings.business.email };
    return content;
  }
  if (audience === 'visitor' || audience === 'reminder') {
    const t = translator(typeof d.locale === 'string' ? d.locale : 'en', settings.messages);
    const content: EmailContent = render(visitorDraft(event, settings, audience === 'reminder', t), settings, t);
    if (isPlainAddress(settings.business.email))
      content.replyTo = { name: oneLine(settings.business.name, 80), address: settings.business.email };
    if (audience === 'reminder') return content; // the confirmation carried the calendar file
    const method = event.type === 'booking.cancelled' ? 'CANCEL' : 'PUBLISH';
    const { manage } = visitorLinks(settings.origin, { id: String(d.id ?? ''), token: String(d.token ?? '') });
    const booking = {
      id: String(d.id ?? ''),
      start: String(d.start ?? ''),
      end: String(d.end ?? ''),
      serviceName: String(d.serviceName ?? d.service ?? ''),
      status: method === 'CANCEL' ? 'cancelled' : 'confirmed',
      ...(typeof d.name === 'string' ? { name: d.name } : {}),
      ...(typeof d.email === 'string' ? { email: d.email } : {}),
    };
    content.attachments = [
      {
        filename: method === 'CANCEL' ? 'cancelled.ics' : 'booking.ics',
        content: bookingCalendar(booking, settings.business, {
          method,
          t,
          ...(method === 'PUBLISH' ? { manageUrl: manage } : {}),
          // A moved booking's file replaces the first one in the visitor's calendar: same UID, higher SEQUENCE.
          ...(typeof d.sequence === 'number' ? { sequence: d.sequence } : {}),
        }),
        contentType: `text/calendar; charset=utf-8; method=${method}`,
      },
    ];
    return content;
  }
  const content: EmailContent = render(ownerDraft(event, settings), settings);
  const name = d.name ?? d.author;
  if (isPlainAddress(d.email)) content.replyTo = { name: oneLine(name, 80), address: d.email };
  return content;
}
