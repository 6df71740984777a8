/** Reply emails' tables (migration 010a; services/comment-subscriptions.ts). */
import type { Generated } from 'kysely';

/** An address that asked for reply emails: nothing but its confirmation goes to it until `confirmed_at`. */
export interface CommentSubscribersTable {
  /** Normalized (shared/email.ts). */
  email: string;
  /** The language of its confirmation email. */
  locale: string;
  confirmed_at: number | null;
  /** When the last confirmation email was asked for (at most one a day). */
  confirm_sent_at: number | null;
  created_at: number;
}

/** One comment whose replies its author is told of; `url` is the page it was posted on. */
export interface CommentSubscriptionsTable {
  id: Generated<number>;
  comment_id: number;
  email: string;
  url: string;
  locale: string;
  created_at: number;
}

/**
 * A link's token, as its sha256 (hex): `confirm` confirms the address, `unsubscribe` ends one
 * subscription (`subscription_id` becomes null once it has: the link then says so again, harmlessly).
 */
export interface CommentSubscriptionTokensTable {
  hash: string;
  kind: 'confirm' | 'unsubscribe';
  email: string;
  subscription_id: number | null;
  created_at: number;
}

/** A reply already told to a subscription. */
export interface CommentReplyNoticesTable {
  subscription_id: number;
  reply_id: number;
  created_at: number;
}

export interface SubscriptionTables {
  comment_subscribers: CommentSubscribersTable;
  comment_subscriptions: CommentSubscriptionsTable;
  comment_subscription_tokens: CommentSubscriptionTokensTable;
  comment_reply_notices: CommentReplyNoticesTable;
}
