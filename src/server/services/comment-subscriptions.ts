/**
 * Reply emails (CONTRACT 5.4, docs/comments.md): a commenter who leaves an email and asks for them
 * is sent one email to confirm the address; once it is confirmed, every reply that becomes shown
 * under their comment (services/comment-visibility.ts decides what is shown) is sent to them, each
 * email with a one-click unsubscribe.
 *
 * - An address confirms once: its later sign-ups start at once. Until then it gets the
 *   confirmation and nothing else, and at most one confirmation a day however often it signs up.
 * - The links' tokens are random (32 bytes) and stored as their sha256 only. They are made when
 *   the email is written (by the notification worker, `confirmationEmail` and `replyEmail`), so
 *   no raw token is ever stored, not even in the outbox.
 * - The events hold ids and the address, never the reply's text: the worker reads the reply when
 *   it writes the email, and drops the email if the reply is no longer shown, the subscription is
 *   gone, or the address was erased.
 */
import { randomBytes } from 'node:crypto';
import { normalizeEmail } from '../../shared/email.js';
import type { Db, Executor } from '../store/db.js';
import { hashToken } from './admin-token.js';
import { recordEvent } from './events.js';

const DAY = 86_400_000;

export interface SubscribeInput {
  commentId: number;
  email: string;
  /** The commenter's language (their emails are in it). */
  locale: string;
  /** The page the comment was posted on (the emails link back to it). */
  url: string;
}

/**
 * In the transaction that stores the comment: follows its replies for `email`. Records the
 * confirmation email (`comment.subscribed`) when the address is not confirmed and none was asked
 * for in the last 24 hours; the check and the mark are one statement, so concurrent sign-ups send one.
 */
export async function subscribe(trx: Executor, input: SubscribeInput, now = Date.now()): Promise<void> {
  const email = normalizeEmail(input.email);
  await trx
    .insertInto('comment_subscribers')
    .values({ email, locale: input.locale, confirmed_at: null, confirm_sent_at: null, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  await trx
    .insertInto('comment_subscriptions')
    .values({ comment_id: input.commentId, email, url: input.url, locale: input.locale, created_at: now })
    .onConflict((oc) => oc.column('comment_id').doNothing())
    .execute();
  const claimed = await trx
    .updateTable('comment_subscribers')
    .set({ confirm_sent_at: now, locale: input.locale })
    .where('email', '=', email)
    .where('confirmed_at', 'is', null)
    .where((eb) => eb.or([eb('confirm_sent_at', 'is', null), eb('confirm_sent_at', '<=', now - DAY)]))
    .returning('email')
    .executeTakeFirst();
  if (claimed) await recordEvent(trx, 'comment.subscribed', { email, locale: input.locale });
}

/**
 * In the transaction that shows replies (a new published reply, or the owner's approval): records
 * one `comment.replied` per confirmed subscription of each reply's parent, once per reply and
 * subscription whatever is hidden and shown again later, never to the reply's own author.
 * Returns how many it recorded.
 */
export async function noticeReplies(trx: Executor, replyIds: readonly number[], now = Date.now()): Promise<number> {
  if (!replyIds.length) return 0;
  const replies = await trx
    .selectFrom('comments')
    .select(['id', 'parent_id', 'email'])
    .where('id', 'in', [...replyIds])
    .where('parent_id', 'is not', null)
    .where('visible', '=', 1)
    .execute();
  if (!replies.length) return 0;
  const subscriptions = await trx
    .selectFrom('comment_subscriptions as s')
    .innerJoin('comment_subscribers as a', 'a.email', 's.email')
    .select(['s.id', 's.comment_id', 's.email', 's.locale'])
    .where('s.comment_id', 'in', [...new Set(replies.map((r) => Number(r.parent_id)))])
    .where('a.confirmed_at', 'is not', null)
    .execute();
  let recorded = 0;
  for (const reply of replies) {
    for (const sub of subscriptions) {
      if (Number(sub.comment_id) !== Number(reply.parent_id) || sub.email === reply.email) continue;
      const fresh = await trx
        .insertInto('comment_reply_notices')
        .values({ subscription_id: Number(sub.id), reply_id: Number(reply.id), created_at: now })
        .onConflict((oc) => oc.columns(['subscription_id', 'reply_id']).doNothing())
        .returning('reply_id')
        .executeTakeFirst();
      if (!fresh) continue;
      await recordEvent(trx, 'comment.replied', {
        email: sub.email,
        locale: sub.locale,
        subscriptionId: Number(sub.id),
        replyId: Number(reply.id),
      });
      recorded++;
    }
  }
  return recorded;
}

async function mintToken(db: Db, row: { kind: 'confirm' | 'unsubscribe'; email: string; subscription_id: number | null }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('comment_subscription_tokens')
    .values({ hash: hashToken(token), ...row, created_at: Date.now() })
    .execute();
  return token;
}

/** What the confirmation email needs, with a fresh token; undefined when there is nothing to confirm any more. */
export async function confirmationEmail(db: Db, email: string): Promise<{ token: string; locale: string } | undefined> {
  const subscriber = await db
    .selectFrom('comment_subscribers')
    .select(['locale', 'confirmed_at'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!subscriber || subscriber.confirmed_at !== null) return undefined;
  return { token: await mintToken(db, { kind: 'confirm', email, subscription_id: null }), locale: subscriber.locale };
}

export interface ReplyEmail {
  token: string;
  locale: string;
  url: string;
  reply: { author: string; text: string; byOwner: boolean };
  /** The subscriber's own comment, quoted above the reply; undefined once it was erased. */
  comment: string | undefined;
}

/**
 * What a reply email needs, with a fresh unsubscribe token; undefined when it must not go: the
 * subscription or its address is gone or unconfirmed, or the reply is no longer shown.
 */
export async function replyEmail(db: Db, subscriptionId: number, replyId: number): Promise<ReplyEmail | undefined> {
  const sub = await db
    .selectFrom('comment_subscriptions as s')
    .innerJoin('comment_subscribers as a', 'a.email', 's.email')
    .select(['s.id', 's.email', 's.url', 's.locale', 's.comment_id', 'a.confirmed_at'])
    .where('s.id', '=', subscriptionId)
    .executeTakeFirst();
  if (!sub || sub.confirmed_at === null) return undefined;
  const reply = await db
    .selectFrom('comments')
    .select(['author', 'text', 'by_owner'])
    .where('id', '=', replyId)
    .where('parent_id', '=', Number(sub.comment_id))
    .where('visible', '=', 1)
    .executeTakeFirst();
  if (!reply) return undefined;
  const own = await db.selectFrom('comments').select('text').where('id', '=', Number(sub.comment_id)).executeTakeFirst();
  const token = await mintToken(db, { kind: 'unsubscribe', email: sub.email, subscription_id: Number(sub.id) });
  return {
    token,
    locale: sub.locale,
    url: sub.url,
    reply: { author: reply.author, text: reply.text, byOwner: !!Number(reply.by_owner) },
    comment: own?.text,
  };
}

type LinkKind = 'confirm' | 'unsubscribe';

async function findToken(db: Executor, kind: LinkKind, token: string | undefined) {
  if (!token || token.length > 100) return undefined;
  return db
    .selectFrom('comment_subscription_tokens')
    .select(['email', 'subscription_id'])
    .where('hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/**
 * The language of a link of this kind we made (its commenter's, which their emails are in: the pages it opens speak
 * it too), '' when none is known; undefined when `token` is no such link (or its address was erased since).
 */
export async function linkLanguage(db: Db, kind: LinkKind, token: string | undefined): Promise<string | undefined> {
  const found = await findToken(db, kind, token);
  if (!found) return undefined;
  // An unsubscribe link is one subscription's, and its reply emails are in that subscription's language.
  const subscription =
    found.subscription_id === null
      ? undefined
      : await db.selectFrom('comment_subscriptions').select('locale').where('id', '=', Number(found.subscription_id)).executeTakeFirst();
  const subscriber = await db.selectFrom('comment_subscribers').select('locale').where('email', '=', found.email).executeTakeFirst();
  return subscription?.locale || subscriber?.locale || '';
}

/** Confirms the address of a confirmation link: its subscriptions start. False for a link we did not make. */
export async function confirm(db: Db, token: string | undefined, now = Date.now()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const found = await findToken(trx, 'confirm', token);
    if (!found) return false;
    await trx
      .updateTable('comment_subscribers')
      .set({ confirmed_at: now })
      .where('email', '=', found.email)
      .where('confirmed_at', 'is', null)
      .execute();
    return true;
  });
}

/**
 * Ends the subscription of an unsubscribe link (its replies are no longer sent, even those already
 * queued). The same link again is still a success; false only for a link we did not make.
 */
export async function unsubscribe(db: Db, token: string | undefined): Promise<boolean> {
  const found = await findToken(db, 'unsubscribe', token);
  if (!found) return false;
  if (found.subscription_id !== null)
    await db.deleteFrom('comment_subscriptions').where('id', '=', Number(found.subscription_id)).execute();
  return true;
}

/** For an erasure (services/privacy.ts), in its transaction: the address, its subscriptions and its links. */
export async function forget(trx: Executor, email: string): Promise<number> {
  const address = normalizeEmail(email);
  const subscriptions = await trx.deleteFrom('comment_subscriptions').where('email', '=', address).executeTakeFirst();
  await trx.deleteFrom('comment_subscription_tokens').where('email', '=', address).execute();
  const subscriber = await trx.deleteFrom('comment_subscribers').where('email', '=', address).executeTakeFirst();
  return Number(subscriptions.numDeletedRows) + Number(subscriber.numDeletedRows);
}

/** For the admin page: how many replies were sent to subscribers (each reply and subscription once). */
export async function noticeCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('comment_reply_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
