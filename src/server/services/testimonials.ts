/** Testimonials: visitors submit (pending), the owner approves; the wall shows published ones. */
import type { AdminTestimonial, Testimonial, TestimonialStatus } from '../../shared/api.js';
import type { TestimonialInput } from '../../shared/owner-schemas.js';
import type { Db } from '../store/db.js';
import type { TestimonialsTable } from '../store/tables.js';
import { notFound } from '../errors.js';
import { recordEvent } from './events.js';

type Row = Omit<TestimonialsTable, 'id'> & { id: number };

export type { AdminTestimonial } from '../../shared/api.js';

export function toPublic(row: Row): Testimonial {
  const t: Testimonial = { id: String(row.id), author: row.author, text: row.text };
  if (row.role) t.role = row.role;
  if (row.rating !== null && row.rating !== undefined) t.rating = Number(row.rating);
  if (row.date) t.date = row.date;
  if (row.avatar) t.avatar = row.avatar;
  if (row.source) t.source = row.source;
  return t;
}

function toAdmin(row: Row): AdminTestimonial {
  const t: AdminTestimonial = { ...toPublic(row), status: row.status as TestimonialStatus, createdAt: new Date(row.created_at).toISOString() };
  if (row.email) t.email = row.email;
  if (row.tag) t.tag = row.tag;
  return t;
}

export async function listPublished(db: Db, opts: { limit: number; tag?: string }): Promise<Testimonial[]> {
  let query = db.selectFrom('testimonials').selectAll().where('status', '=', 'published');
  if (opts.tag) query = query.where('tag', '=', opts.tag);
  const rows = await query.orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map(toPublic);
}

/** The owner's list, newest first: `limit` of them, older than `before` when given; `more` when others follow. */
export async function listByStatus(db: Db, opts: { status?: TestimonialStatus; limit: number; before?: number }): Promise<{ items: AdminTestimonial[]; more: boolean }> {
  let query = db.selectFrom('testimonials').selectAll();
  if (opts.status) query = query.where('status', '=', opts.status);
  if (opts.before !== undefined) query = query.where('id', '<', opts.before);
  const rows = await query.orderBy('id', 'desc').limit(opts.limit + 1).execute();
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

export async function create(db: Db, input: TestimonialInput, status: TestimonialStatus): Promise<AdminTestimonial> {
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const row = await trx
      .insertInto('testimonials')
      .values({ ...columns(input), status, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = toAdmin(row);
    await recordEvent(trx, 'testimonial.created', saved);
    return saved;
  });
}

export async function update(db: Db, id: string, input: TestimonialInput): Promise<AdminTestimonial> {
  const row = await db
    .updateTable('testimonials')
    .set({ ...columns(input), updated_at: Date.now() })
    .where('id', '=', toId(id))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('That testimonial');
  return toAdmin(row);
}

export async function setStatus(db: Db, id: string, status: TestimonialStatus): Promise<AdminTestimonial> {
  const row = await db
    .updateTable('testimonials')
    .set({ status, updated_at: Date.now() })
    .where('id', '=', toId(id))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('That testimonial');
  return toAdmin(row);
}

export async function remove(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('testimonials').where('id', '=', toId(id)).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('That testimonial');
}

function toId(id: string): number {
  return /^\d{1,15}$/.test(id) ? Number(id) : -1;
}
