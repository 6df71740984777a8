/**
 * Email addresses, one rule each, for the widgets, the admin page and the server alike:
 * - which addresses are accepted: plain ones (no display name, no list, no mailto parameters such
 *   as `?bcc=`), in any script;
 * - the one form in which an address is kept and compared (`normalizeEmail`): stored that way and
 *   searched that way, so an erase request finds `ÉLODIE@Example.fr` as `élodie@example.fr`
 *   whatever the database's own lower() does (SQLite's is ASCII-only, PostgreSQL's depends on
 *   the locale);
 * - how a mailto: link is made from one (`mailtoHref`), and the owner's answer to a message (`replyHref`).
 */

export const EMAIL_MAX = 254;

/**
 * Letters, digits, marks and `. _ + ' -` (RFC 5321's local part, less every character that means
 * something in a URL or a header: `? & = % / # ! $ * ^ { } | ~`), `@`, then host labels of letters,
 * digits, marks and `-`, the last of two or more.
 */
const PLAIN = /^[\p{L}\p{N}\p{M}._+'-]+@([\p{L}\p{N}\p{M}-]+\.)+[\p{L}\p{N}\p{M}-]{2,}$/u;

/** Whether `value` (already normalized) is a plain address of at most 254 characters. */
export const isEmail = (value: string): boolean => value.length <= EMAIL_MAX && PLAIN.test(value);

/**
 * Whether `value` is a string and a single plain address (no display name, no list, nothing a
 * parser could split): the server sends email only to such an address, so one stored before the
 * forms' rule was this strict gets none.
 */
export const isPlainAddress = (value: unknown): value is string => typeof value === 'string' && isEmail(value);

/**
 * The address as it is kept: trimmed, composed (NFC: `É` typed as E + accent is one letter) and
 * lower-cased by Unicode's rules, the same in every browser and server. Lower-casing the part before
 * the `@` too is what every mail provider does in practice (RFC 5321 calls relying on case there
 * "discouraged"), and it is what lets one address be found however it was typed.
 */
export const normalizeEmail = (value: string): string => value.trim().normalize('NFC').toLowerCase();

/** A mailto: link to exactly this one address: nothing in it can add a recipient, subject or body. */
export function mailtoHref(address: string): string {
  return 'mailto:' + encodeURIComponent(address).replace('%40', '@');
}

/**
 * How much of the visitor's message the answer quotes, counted as it is written in the link (an accented letter takes
 * 6 characters there, a Japanese one 9, a line break with its "> " 12): mail programs cut links of more than about
 * 2,000 characters.
 */
const QUOTED_MAX = 1500;

/**
 * The owner's answer to a visitor's message, as a mailto: link: to that one address (as `mailtoHref`), with a
 * subject and the message quoted below, each encoded whole, so nothing in the visitor's text can add a
 * recipient or a header. A longer message is quoted up to QUOTED_MAX, cut between characters as a reader sees them
 * (never inside an emoji, a flag or a family), then "…". A lone surrogate, which no link can carry, is left out.
 */
export function replyHref(address: string, subject: string, message: string): string {
  let text = '';
  let room = QUOTED_MAX;
  // By what a reader sees as one character (a flag, a family: several code points), where the browser can tell.
  const characters =
    typeof Intl.Segmenter === 'function'
      ? Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(message), (s) => s.segment)
      : message;
  for (const seen of characters) {
    const char = seen.replace(/\p{Cs}/gu, '');
    if (!char) continue;
    room -= encodeURIComponent(char).length + (char.endsWith('\n') ? 9 : 0);
    if (room < 0) {
      text = text.trimEnd() + '…';
      break;
    }
    text += char;
  }
  const quoted = text
    .split(/\r?\n/)
    .map((line) => '> ' + line)
    .join('\r\n');
  return `${mailtoHref(address)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent('\r\n\r\n' + quoted)}`;
}
