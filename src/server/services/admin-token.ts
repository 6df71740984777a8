/**
 * The site owner's bearer token. Given by FRONTDESK_ADMIN_TOKEN, or generated on first start,
 * printed once and kept (hashed) in the database. Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenMatches(given: string, expectedHash: string): boolean {
  const a = Buffer.from(hashToken(given), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Returns the token hash to check against, and the new token when one was just generated. */
export async function ensureAdminToken(db: Db, fromEnv?: string): Promise<{ hash: string; generated?: string }> {
  if (fromEnv) return { hash: hashToken(fromEnv) };
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'admin_token_sha256').executeTakeFirst();
  if (row) return { hash: row.value };
  const token = randomBytes(24).toString('base64url');
  const hash = hashToken(token);
  const inserted = await db
    .insertInto('settings')
    .values({ key: 'admin_token_sha256', value: hash })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Another process generated it first.
    const winner = await db.selectFrom('settings').select('value').where('key', '=', 'admin_token_sha256').executeTakeFirstOrThrow();
    return { hash: winner.value };
  }
  return { hash, generated: token };
}
