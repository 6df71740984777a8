/**
 * docs/messages.md, made from the catalogue (`npm run messages` writes it; a test checks it is up
 * to date): every key, where it shows, its placeholders and its English text.
 */
import { en } from '../shared/i18n/en.js';
import { type Entry, placeholders } from '../shared/i18n/format.js';
import { LANGUAGES } from '../shared/i18n/languages.js';

const WHERE: [prefix: string, where: string][] = [
  ['form.', 'labels of the form fields, in the widgets and the pages without JavaScript'],
  ['common.', 'every widget (loading, Retry)'],
  ['error.', 'error messages: the widgets, the pages, and the API’s `error.message` for that code'],
  ['validation.', 'a field’s error, next to it: the widgets, the pages and the API’s `error.fields` (the shared schemas)'],
  ['booking.', '`<frontdesk-booking>` (some also on the pages without JavaScript)'],
  ['comments.', '`<frontdesk-comments>`'],
  ['testimonial.', '`<frontdesk-testimonial>` (each card, also inside the wall)'],
  ['testimonials.', '`<frontdesk-testimonials>`'],
  ['testimonialForm.', '`<frontdesk-testimonial-form>` (also on the /review page)'],
  ['slot.', 'why a time cannot be booked (widget, pages, API)'],
  ['cancel.', 'why a booking cannot be cancelled online (manage page, API)'],
  ['reschedule.', 'why a booking cannot be moved online (manage page, widget, API)'],
  ['manage.', 'the visitor’s manage page, /booking/{id}, and its Pick another time page (some also in the emails)'],
  ['page.', 'the pages without JavaScript: /book, /book/{service}, /contact'],
  ['review.', 'the client’s /review/{token} page (the link in the request for a testimonial)'],
  ['email.', 'the visitor’s emails: confirmation, notice of a move, reminder, cancellation notice, request for a testimonial'],
  ['ics.', 'the calendar file (.ics) of a booking'],
  ['replies.', 'reply emails: the confirmation, each reply, and the confirm and unsubscribe pages their links open'],
  [
    'request.',
    'what the API says of a request itself (its address, its body, a page cursor, a comment it names): shown by a widget if one ever meets it',
  ],
];

const show = (entry: Entry): string =>
  (typeof entry === 'string'
    ? entry
    : Object.entries(entry)
        .map(([form, text]) => `${form}: ${text}`)
        .join('<br>')
  ).replace(/\|/g, '\\|');

export function messagesDoc(): string {
  const lines = [
    '# Messages',
    '',
    '<!-- Written by `npm run messages` from src/shared/i18n; edit the catalogue, not this file. -->',
    '',
    `Every text a visitor sees, by key, in English. Frontdesk speaks ${LANGUAGES.join(', ')}. The owner replaces any of`,
    'them, in any of those languages, with the config’s `messages`:',
    '',
    '```json',
    '"messages": {"es": {"booking.chooseService": "Elija su tratamiento"}, "en": {"booking.book": "Book now"}}',
    '```',
    '',
    'The server checks them at start: an unknown language, an unknown key, a placeholder the message does not',
    'have, or a plural form the language does not use stops it with a message naming the key. Keep the',
    'placeholders (`{name}`); messages with plural forms take an object of Intl.PluralRules categories',
    '(`{"one": "…", "other": "…"}`; Arabic uses zero, one, two, few, many and other). The widgets get the',
    'replacements with the loader the server serves (`/frontdesk.js`); the owner’s own emails and the admin',
    'page stay in English.',
    '',
  ];
  for (const [prefix, where] of WHERE) {
    const keys = Object.keys(en).filter((key) => key.startsWith(prefix));
    if (!keys.length) continue;
    lines.push(`## \`${prefix}*\`: ${where}`, '', '| key | placeholders | English |', '|---|---|---|');
    for (const key of keys) {
      const entry = en[key as keyof typeof en];
      const names = [...placeholders(entry)].map((n) => `\`{${n}}\``).join(' ');
      lines.push(`| \`${key}\` | ${names} | ${show(entry)} |`);
    }
    lines.push('');
  }
  const covered = Object.keys(en).filter((key) => WHERE.some(([prefix]) => key.startsWith(prefix)));
  if (covered.length !== Object.keys(en).length) throw new Error('messages-doc.ts: a key prefix has no place in WHERE');
  return lines.join('\n');
}
