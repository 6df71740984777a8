/**
 * The owner's sessions on the /admin page, kept by the server. Signing in with the admin token
 * opens one: the browser's cookie holds a random secret (32 bytes), the store only its sha256, so
 * no row, and no backup, is a working cookie, and nothing can be computed from the token or its hash.
 * A session ends:
 * - at sign-out (that session), or with "Sign out everywhere" (all of them);
 * - after IDLE_MS without use, and MAX_MS after sign-in in any case (the owner signs in again);
 * - when the server starts with another admin token (FRONTDESK_ADMIN_TOKEN changed): sessions opened
 *   under the old one are refused at once and deleted at that start.
 * Last use is written at most once a minute per session, so reading the admin page costs no write.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { AdminSession } from '../../shared/api.js';
import type { Db } from '../store/db.js';
import { rowId } from './row-id.js';

const DAY = 86_400_000;
export const SESSION_IDLE_MS = 14 * DAY;
export const SESSION_MAX_MS = 30 * DAY;
const TOUCH_EVERY_MS = 60_000;
const USER_AGENT_MAX = 300;

export type { AdminSession };

const secretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Which admin token a session belongs to (a keyed digest of its hash: not the hash, and no credential). */
export function tokenTag(tokenHash: string): string {
  return createHmac('sha256', 'frontdesk-admin-session-token').update(tokenHash).digest('hex').slice(0, 32);
}

/** The sessions still open at `now`, as a query filter. */
function open(now: number) {
  return { idleSince: now - SESSION_IDLE_MS, startedSince: now - SESSION_MAX_MS };
}

/** Opens a session; returns the cookie's secret (never stored). Closed sessions are cleared on the way. */
export async function openSession(db: Db, opts: { tokenHash: string; userAgent?: string | undefined; now: number }): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const { idleSince, startedSince } = open(opts.now);
  await db
    .deleteFrom('admin_sessions')
    .where((eb) => eb.or([eb('last_used_at', '<', idleSince), eb('created_at', '<', startedSince)]))
    .execute();
  await db
    .insertInto('admin_sessions')
    .values({
      secret_hash: secretHash(secret),
      token_tag: tokenTag(opts.tokenHash),
      created_at: opts.now,
      last_used_at: opts.now,
      user_agent: opts.userAgent ? opts.userAgent.slice(0, USER_AGENT_MAX) : null,
    })
    .execute();
  return secret;
}

/** The open session a cookie's secret belongs to, under this token; its last use is recorded. */
export async function findSession(db: Db, secret: string, tokenHash: string, now: number): Promise<{ id: number } | undefined> {
  if (!secret || secret.length > 100) return undefined;
  const row = await db
    .selectFrom('admin_sessions')
    .select(['id', 'token_tag', 'created_at', 'last_used_at'])
    .where('secret_hash', '=', secretHash(secret))
    .executeTakeFirst();
  if (!row || row.token_tag !== tokenTag(tokenHash)) return undefined;
  const { idleSince, startedSince } = open(now);
  if (Number(row.last_used_at) < idleSince || Number(row.created_at) < startedSince) return undefined;
  if (now - Number(row.last_used_at) > TOUCH_EVERY_MS) {
    await db.updateTable('admin_sessions').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: Number(row.id) };
}

/** The open sessions under this token, the most recently used first. */
export async function listSessions(db: Db, tokenHash: string, now: number, currentId?: number): Promise<AdminSession[]> {
  const { idleSince, startedSince } = open(now);
  const rows = await db
    .selectFrom('admin_sessions')
    .select(['id', 'created_at', 'last_used_at', 'user_agent'])
    .where('token_tag', '=', tokenTag(tokenHash))
    .where('last_used_at', '>=', idleSince)
    .where('created_at', '>=', startedSince)
    .orderBy('last_used_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => {
    const createdAt = Number(row.created_at);
    const lastUsedAt = Number(row.last_used_at);
    const session: AdminSession = {
      id: String(row.id),
      createdAt: new Date(createdAt).toISOString(),
      lastUsedAt: new Date(lastUsedAt).toISOString(),
      expiresAt: new Date(Math.min(lastUsedAt + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS)).toISOString(),
      current: Number(row.id) === currentId,
    };
    if (row.user_agent) session.userAgent = row.user_agent;
    return session;
  });
}

/** Ends one session (by its cookie's secret, or by its id); true when there was one. */
export async function closeSession(db: Db, which: { secret: string } | { id: string }): Promise<boolean> {
  const query = db.deleteFrom('admin_sessions');
  const result = await (
    'secret' in which ? query.where('secret_hash', '=', secretHash(which.secret)) : query.where('id', '=', rowId(which.id))
  ).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0) > 0;
}

/** Ends every session ("Sign out everywhere"); returns how many were still open. */
export async function closeAllSessions(db: Db, tokenHash: string, now: number): Promise<number> {
  const openNow = (await listSessions(db, tokenHash, now)).length;
  await db.deleteFrom('admin_sessions').execute();
  return openNow;
}

/** At start: deletes the sessions opened under any other admin token than this one. */
export async function closeSessionsOfOtherTokens(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_tag', '<>', tokenTag(tokenHash)).execute();
}
