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

/** The shortest owner's token the server accepts: a guessable one would open every visitor's data. */
export const MIN_TOKEN_LENGTH = 16;

/** Why a token given by FRONTDESK_ADMIN_TOKEN cannot be used, or undefined when it can. */
export function adminTokenProblem(token: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what a Bearer token must not carry
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    return 'must not contain spaces or control characters (it is sent as `Authorization: Bearer <token>`).';
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    return `is too short: it has ${token.length} character${token.length === 1 ? '' : 's'} and needs at least ${MIN_TOKEN_LENGTH}. Use a random one (for example the output of \`openssl rand -base64 24\`), or leave it unset to have one generated and printed once.`;
  }
  return undefined;
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
