/** Contact messages (the booking widget's contact mode): stored, announced, listed for the owner. */
import type { AdminMessage } from '../../shared/api.js';
import type { MessageInput } from '../../shared/schemas.js';
import type { Db } from '../store/db.js';
import type { MessagesTable } from '../store/tables-bookings.js';
import { recordEvent } from './events.js';

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
  };
}

export async function create(db: Db, input: MessageInput): Promise<Message> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('messages')
      .values({ name: input.name, email: input.email, phone: input.phone || null, message: input.message, created_at: Date.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = toMessage(row);
    await recordEvent(trx, 'message.created', saved);
    return saved;
  });
}

/** The newest first. */
export async function list(db: Db, limit = 1000): Promise<Message[]> {
  const rows = await db.selectFrom('messages').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toMessage);
}
