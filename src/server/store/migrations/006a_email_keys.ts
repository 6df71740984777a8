import { type RawBuilder, sql } from 'kysely';
import { normalizeEmail } from '../../../shared/email.js';
import type { StoreKind } from '../db.js';
import type { MigrationDb } from '../migrate.js';

/**
 * Every stored email address in its normalized form (shared/email.ts), as new ones are stored from
 * now on: the addresses of bookings, messages, comments and testimonials, the targets of email
 * deliveries, and the `email` members inside event payloads and remembered idempotent answers
 * (which the erasure searches too). A JavaScript migration: neither store's lower() lower-cases
 * `É` the way the forms do (SQLite's is ASCII-only, PostgreSQL's follows the database's locale).
 * Every row is kept; only the addresses change, a page of rows at a time.
 */
export async function up(db: MigrationDb, _kind: StoreKind): Promise<void> {
  for (const table of ['bookings', 'messages', 'comments', 'testimonials']) {
    await rewrite(db, table, 'id', 'email', (email) => normalizeEmail(email));
  }
  await rewrite(db, 'deliveries', 'id', 'target', (target) => normalizeEmail(target), sql<boolean>`channel = 'email'`);
  await rewrite(db, 'events', 'id', 'payload', normalizeInJson, sql<boolean>`payload like '%@%'`);
  // Remembered answers (a day's worth) have a two-column key: read them whole.
  const answers = await db
    .selectFrom('idempotency_keys')
    .select(['scope', 'key', 'response'])
    .where(sql<boolean>`response like '%@%'`)
    .execute();
  for (const row of answers) {
    if (typeof row.response !== 'string') continue;
    const next = normalizeInJson(row.response);
    if (next !== row.response) {
      await db.updateTable('idempotency_keys').set({ response: next }).where('scope', '=', row.scope).where('key', '=', row.key).execute();
    }
  }
}

const PAGE = 500;

/** Rewrites `column` of every row (matching `where`) with `change`, in pages ordered by `key`. */
async function rewrite(
  db: MigrationDb,
  table: string,
  key: string,
  column: string,
  change: (value: string) => string,
  where?: RawBuilder<boolean>,
) {
  let after: unknown;
  for (;;) {
    let query = db.selectFrom(table).select([key, column]).where(column, 'is not', null).orderBy(key).limit(PAGE);
    if (where) query = query.where(where);
    if (after !== undefined) query = query.where(key, '>', after);
    const rows = await query.execute();
    for (const row of rows) {
      const value = row[column];
      if (typeof value !== 'string') continue; // text columns: the only other value is null, left out above
      const next = change(value);
      if (next !== value)
        await db
          .updateTable(table)
          .set({ [column]: next })
          .where(key, '=', row[key])
          .execute();
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]![key];
  }
}

/** The JSON text with every string member named `email`, at any depth, normalized; unreadable text as it was. */
export function normalizeInJson(text: string): string {
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      if (name === 'email' && typeof member === 'string' && normalizeEmail(member) !== member) {
        out[name] = normalizeEmail(member);
        changed = true;
      } else out[name] = walk(member);
    }
    return out;
  };
  try {
    const next = walk(JSON.parse(text));
    return changed ? JSON.stringify(next) : text;
  } catch {
    return text;
  }
}
