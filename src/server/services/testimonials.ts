/** Testimonials: visitors submit (pending), the owner approves; the wall shows published ones. */
import type { AdminTestimonial, Testimonial, TestimonialStatus } from '../../shared/api.js';
import type { TestimonialInput } from '../../shared/owner-schemas.js';
import type { Db, Executor } from '../store/db.js';
import type { TestimonialsTable } from '../store/tables.js';
import { notFound } from '../errors.js';
import { recordEvent } from './events.js';
import { rowId } from './row-id.js';
import { epochToLocal, isoDate } from './time.js';

type Row = Omit<TestimonialsTable, 'id'> & { id: number };

export type { AdminTestimonial } from '../../shared/api.js';

export function toPublic(row: Row): Testimonial {
  const t: Testimonial = { id: String(row.id), author: row.author, text: row.text };
  if (row.role) t.role = row.role;
  if (row.rating !== null && row.rating !== undefined) t.rating = Number(row.rating);
  if (row.date) t.date = row.date;
  if (row.avatar) t.avatar = row.avatar;
  if (row.source) t.source = row.source;
  if (Number(row.verified)) t.verified = true;
  return t;
}

function toAdmin(row: Row): AdminTestimonial {
  const t: AdminTestimonial = {
    ...toPublic(row),
    status: row.status as TestimonialStatus,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (row.email) t.email = row.email;
  if (row.tag) t.tag = row.tag;
  if (row.booking_id) t.bookingId = row.booking_id;
  if (row.client_since !== null && row.client_since !== undefined) t.clientSince = new Date(Number(row.client_since)).toISOString();
  return t;
}

export async function listPublished(db: Db, opts: { limit: number; tag?: string }): Promise<Testimonial[]> {
  let query = db.selectFrom('testimonials').selectAll().where('status', '=', 'published');
  if (opts.tag) query = query.where('tag', '=', opts.tag);
  const rows = await query.orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map(toPublic);
}

/** The owner's list, newest first: `limit` of them, older than `before` when given; `more` when others follow. */
export async function listByStatus(
  db: Db,
  opts: { status?: TestimonialStatus; limit: number; before?: number },
): Promise<{ items: AdminTestimonial[]; more: boolean }> {
  let query = db.selectFrom('testimonials').selectAll();
  if (opts.status) query = query.where('status', '=', opts.status);
  if (opts.before !== undefined) query = query.where('id', '<', opts.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return { items: rows.slice(0, opts.limit).map(toAdmin), more: rows.length > opts.limit };
}

function columns(input: TestimonialInput) {
  return {
    author: input.author,
    role: input.role || null,
    rating: input.rating ?? null,
    text: input.text,
    date: input.date || null,
    avatar: input.avatar || null,
    source: input.source || null,
    tag: input.tag || null,
    email: input.email || null,
  };
}

/**
 * A visitor's testimonial, dated the day it came in (the clinic's date), whatever date it was sent with: the public
 * date says when it was given, never what its writer claimed (the owner can still change it in /admin).
 */
export function datedOnArrival<T extends object>(input: T, zone: string, now: number): T & { date: string } {
  return { ...input, date: isoDate(epochToLocal(zone, now).date) };
}

/** What ties a testimonial to a visit (a review request, services/reviews.ts). */
export interface ClientTie {
  bookingId: string;
  clientSince: number;
  /** The writer agreed to be shown as a client. */
  verified: boolean;
}

/**
 * Saves a testimonial and its event (in `db`'s transaction when it is one: a review request's).
 * `byOwner`: the owner added it herself, so she is not told of it (notify/routing.ts).
 */
export async function create(
  db: Executor,
  input: TestimonialInput,
  status: TestimonialStatus,
  { tie, byOwner }: { tie?: ClientTie; byOwner?: boolean } = {},
): Promise<AdminTestimonial> {
  const write = async (trx: Executor) => {
    const now = Date.now();
    const tied = tie ? { booking_id: tie.bookingId, client_since: tie.clientSince, verified: tie.verified ? 1 : 0 } : {};
    const row = await trx
      .insertInto('testimonials')
      .values({ ...columns(input), ...tied, status, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = toAdmin(row);
    await recordEvent(trx, 'testimonial.created', byOwner ? { ...saved, byOwner } : saved);
    return saved;
  };
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

export async function update(db: Db, id: string, input: TestimonialInput): Promise<AdminTestimonial> {
  const row = await db
    .updateTable('testimonials')
    .set({ ...columns(input), updated_at: Date.now() })
    .where('id', '=', rowId(id))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('That testimonial');
  return toAdmin(row);
}

export async function setStatus(db: Db, id: string, status: TestimonialStatus): Promise<AdminTestimonial> {
  const row = await db
    .updateTable('testimonials')
    .set({ status, updated_at: Date.now() })
    .where('id', '=', rowId(id))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('That testimonial');
  return toAdmin(row);
}

export async function remove(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('testimonials').where('id', '=', rowId(id)).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('That testimonial');
}
