/**
 * The owner's data: every booking, message, comment and testimonial as rows (for CSV and JSON
 * exports), and the erasure of everything stored about one email address (a privacy request),
 * in one transaction.
 */
import { sql } from 'kysely';
import { normalizeEmail } from '../../shared/email.js';
import { ServiceError } from '../errors.js';
import { type Db, type Executor, forgetErased, type Store } from '../store/db.js';
import { logLine } from '../log.js';
import { touchThread } from '../store/comments-queries.js';
import { forget as forgetSubscriptions } from './comment-subscriptions.js';
import { removeUnanswered } from './comments.js';
import { toZonedIso } from './time.js';

export const EXPORTABLE = ['bookings', 'messages', 'comments', 'testimonials'] as const;
export type Exportable = (typeof EXPORTABLE)[number];
export type ExportRow = Record<string, string | number | boolean | null>;

/** Columns never exported: a booking's secret manage token, and internal bookkeeping. */
const SECRET = /token|secret|hash|blocked_until|claim/i;
/**
 * Columns the store keeps for itself (a change counter, derived from `status`): they mean nothing to her.
 * A booking's `outcome` is shown in its `status`, as the API and /admin show it (`completed`, `no_show`).
 */
const INTERNAL = new Set(['sequence', 'visible', 'root_id', 'outcome']);
const INSTANT = /(_at|^start|^end|_ms|^client_since)$/;

function camel(name: string): string {
  return name.replace(/_ms$/, '').replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

/**
 * A stored row as the owner reads it: camelCase names, no secrets, and instants as ISO 8601 in the
 * business's time zone with its offset (`2027-03-15T09:00:00-04:00`), as the API gives a booking's
 * start: a spreadsheet shows the time of her own clock, and the offset keeps the instant (to the second).
 */
function exportRow(row: Record<string, unknown>, zone: string): ExportRow {
  const out: ExportRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (SECRET.test(key) || INTERNAL.has(key)) continue;
    if (INSTANT.test(key) && (typeof value === 'number' || typeof value === 'bigint')) out[camel(key)] = toZonedIso(zone, Number(value));
    else if (value === null || value === undefined) out[camel(key)] = null;
    else if (typeof value === 'bigint') out[camel(key)] = Number(value);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[camel(key)] = value;
    else out[camel(key)] = String(value);
  }
  if (row.outcome) out.status = String(row.outcome);
  return out;
}

/**
 * Every row of one kind, oldest first, instants in `zone` (the business's); with `email` (normalized,
 * shared/email.ts), only that address's: a person's request to see what is stored about them.
 */
export async function exportRows(db: Db, what: Exportable, zone: string, email?: string): Promise<ExportRow[]> {
  let query = db.selectFrom(what).selectAll();
  if (email !== undefined) query = query.where('email', '=', email);
  // Oldest first by when they came in: a booking's id is random, the others' follow an import's order.
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => exportRow(r as Record<string, unknown>, zone));
}

/**
 * A cell a spreadsheet would read as a formula: one starting with = + - @ (or a tab or CR, which
 * some strip before looking). Excel, LibreOffice and Google Sheets evaluate such a cell, and a
 * formula can call out (HYPERLINK, WEBSERVICE, IMPORTXML) or run a command through DDE
 * (`+1+cmd|' /C calc'!A0`). Not dangerous: a sign followed only by digits, spaces and ( ) - . ,
 * which is a number or a phone number (`+1 555 0199`, `-12.5`): evaluated at all, it is arithmetic
 * on constants, so it is left as the owner typed it instead of gaining a quote.
 */
function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-][\d\s().-]*$/.test(text);
}

/** One CSV cell: RFC 4180 quoting, and a cell that could be a formula prefixed with ' so a spreadsheet shows it as text. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (looksLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV (RFC 4180: CRLF line ends, a header line with every column seen). */
export function toCsv(rows: ExportRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export interface ErasedCounts {
  bookings: number;
  messages: number;
  comments: number;
  testimonials: number;
  notifications: number;
  events: number;
}

/** `text` anywhere in a column, as a LIKE pattern (wildcards escaped). */
function likeAnywhere(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
}

/** `column` matches the LIKE `pattern` (its wildcards escaped with a backslash). */
const like = (column: string, pattern: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

/** `"a@b.c"` as it appears inside stored JSON. */
function jsonMention(address: string): string {
  return likeAnywhere(JSON.stringify(address));
}

export const ERASED_COMMENT = 'This comment was erased at its author\u2019s request.';

/**
 * A comment nobody answered is deleted (the thread's count follows); one that others answered
 * keeps its place so their replies still read in order, with nothing of its author left, and the
 * replies' events no longer quote it (`inReplyTo`, services/comments.ts).
 */
async function eraseComments(t: Executor, address: string): Promise<number> {
  const doomed = await t
    .selectFrom('comments')
    .select(['id', 'thread', 'visible'])
    .where('email', '=', address)
    .orderBy('id', 'desc')
    .execute();
  for (const c of doomed) {
    const comment = { id: Number(c.id), thread: String(c.thread), visible: Number(c.visible) };
    const answered = await t.selectFrom('comments').select('id').where('parent_id', '=', comment.id).limit(1).executeTakeFirst();
    if (!answered) {
      await removeUnanswered(t, comment.id);
      continue;
    }
    await t
      .updateTable('comments')
      .set({ author: 'Erased', email: null, text: ERASED_COMMENT, updated_at: Date.now() })
      .where('id', '=', comment.id)
      .execute();
    if (comment.visible) await touchThread(t, comment.thread, 0); // its page's text changed
    await unquote(t, comment.id);
  }
  return doomed.length;
}

/** The events of the replies to comment `id` without the start of its text and its author's name they carried. */
async function unquote(t: Executor, id: number): Promise<void> {
  const replies = await t
    .selectFrom('events')
    .select(['id', 'payload'])
    .where(like('payload', likeAnywhere(`"parentId":"${id}"`)))
    .execute();
  for (const event of replies) {
    const data = JSON.parse(event.payload) as { inReplyTo?: unknown };
    if (data.inReplyTo === undefined) continue;
    delete data.inReplyTo;
    await t
      .updateTable('events')
      .set({ payload: JSON.stringify(data) })
      .where('id', '=', event.id)
      .execute();
  }
}

/**
 * Erases everything stored about `email`: bookings, messages, comments and testimonials with that
 * address, and every notification, event and remembered response that mentions it. Addresses are
 * stored normalized (shared/email.ts, migration 006a), so `ÉLODIE@Example.fr` is found as
 * `élodie@example.fr` by an exact comparison, the same on both stores. Throws not_found when
 * nothing at all was stored about the address (a mistyped request must not read as done).
 */
export async function eraseEmail(store: Store, email: string): Promise<ErasedCounts> {
  const { db } = store;
  const address = normalizeEmail(email);
  const mention = jsonMention(address);
  const erased = await db.transaction().execute(async (trx) => {
    const count = (r: { numDeletedRows?: bigint } | undefined) => Number(r?.numDeletedRows ?? 0);

    // A booking's remembered answer names no one, yet tells its time and says "confirmed" to a replay: it goes with it.
    const bookingIds = (await trx.deleteFrom('bookings').where('email', '=', address).returning('id').execute()).map((b) => String(b.id));
    const bookings = bookingIds.length;
    const messages = count(await trx.deleteFrom('messages').where('email', '=', address).executeTakeFirst());

    const comments = await eraseComments(trx, address);
    const subscriptions = await forgetSubscriptions(trx, address);
    const testimonials = count(await trx.deleteFrom('testimonials').where('email', '=', address).executeTakeFirst());

    const mentions = (column: string) => like(column, mention);
    const about = trx.selectFrom('events').select('id').where(mentions('payload'));
    const notifications = count(
      await trx
        .deleteFrom('deliveries')
        .where((eb) => eb.or([eb('event_id', 'in', about), eb('target', '=', address)]))
        .executeTakeFirst(),
    );
    const events = count(await trx.deleteFrom('events').where(mentions('payload')).executeTakeFirst());
    let answers = count(await trx.deleteFrom('idempotency_keys').where(mentions('response')).executeTakeFirst());
    // Booking ids are random (services/random.ts): one inside an answer (JSON, or a form's next address) is that booking.
    for (let i = 0; i < bookingIds.length; i += 100) {
      const patterns = bookingIds.slice(i, i + 100).map(likeAnywhere);
      answers += count(
        await trx
          .deleteFrom('idempotency_keys')
          .where((eb) => eb.or(patterns.map((p) => like('response', p))))
          .executeTakeFirst(),
      );
    }
    return { bookings, messages, comments, testimonials, notifications, events, answers, subscriptions };
  });
  const { answers: _answers, subscriptions: _subscriptions, ...counts } = erased;
  if (erased.comments > 0) store.changes.publish(undefined); // cached comment pages (store/changes.ts)
  // On SQLite the pages as they were before stay in the write-ahead log until it is emptied.
  if (Object.values(erased).some((n) => n > 0) && !(await forgetErased(store))) {
    logLine('an erasure is committed, but the SQLite log could not be emptied yet: the next checkpoint will overwrite it');
  }
  if (Object.values(erased).every((n) => n === 0)) {
    // Not naming the address: this answer may be remembered (Idempotency-Key) for a day.
    throw new ServiceError('not_found', 'Nothing is stored about that address, so nothing was erased. Check it for a typo.');
  }
  return counts;
}
