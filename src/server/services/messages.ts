/** Contact messages (the booking widget's contact mode): stored, announced, listed for the owner. */
import type { AdminMessage } from '../../shared/api.js';
import type { MessageInput } from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import type { Db } from '../store/db.js';
import type { MessagesTable } from '../store/tables-bookings.js';
import { recordEvent } from './events.js';
import { rowId } from './row-id.js';

export type Message = AdminMessage;

type Row = Omit<MessagesTable, 'id'> & { id: number };

function toMessage(row: Row): Message {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    ...(row.phone ? { phone: row.phone } : {}),
    message: row.message,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    ...(row.handled_at == null ? {} : { handledAt: new Date(Number(row.handled_at)).toISOString() }),
  };
}

export async function create(db: Db, input: MessageInput): Promise<Message> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('messages')
      .values({
        name: input.name,
        email: input.email,
        phone: input.phone || null,
        message: input.message,
        created_at: Date.now(),
        handled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = toMessage(row);
    await recordEvent(trx, 'message.created', saved);
    return saved;
  });
}

/**
 * The newest first, `limit` of them, older than the message `before` when given; only those not
 * handled yet with `unhandled`; `more` when others follow.
 */
export async function list(
  db: Db,
  opts: { limit: number; before?: number; unhandled?: boolean },
): Promise<{ items: Message[]; more: boolean }> {
  let query = db.selectFrom('messages').selectAll();
  if (opts.before !== undefined) query = query.where('id', '<', opts.before);
  if (opts.unhandled) query = query.where('handled_at', 'is', null);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return { items: rows.slice(0, opts.limit).map(toMessage), more: rows.length > opts.limit };
}

/** Marks a message handled (the owner dealt with it) or new again. */
export async function setHandled(db: Db, id: string, handled: boolean, now = Date.now()): Promise<Message> {
  const row = await db
    .updateTable('messages')
    .set({ handled_at: handled ? now : null })
    .where('id', '=', rowId(id))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('That message');
  return toMessage(row);
}
