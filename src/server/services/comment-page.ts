/**
 * Public comment pages from rows (store/comments-queries.ts), with no database and no HTTP: unit
 * tested on its own (test/server/comment-page.test.ts). Rows are already only the shown ones
 * (services/comment-visibility.ts), so this only orders, bounds and shapes them:
 * - a page: top-level comments in page order, each followed by its first `repliesPerRoot` replies
 *   (thread order, whatever their depth), with `repliesCursor` on a top-level comment that has more;
 * - a replies page: the next replies of one top-level comment.
 * A reply below the first level names whom it answers (`replyTo`). Cursors are made by `cursorOf`
 * (the HTTP layer's encoding).
 */
import type { CommentPage, PublicComment, RepliesPage } from '../../shared/api.js';
import type { PublicRow } from '../store/comments-queries.js';

export function toPublic(row: PublicRow): PublicComment {
  const c: PublicComment = {
    id: String(row.id),
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author,
    text: row.text,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    byOwner: !!Number(row.by_owner),
  };
  if (row.parent_id !== null && Number(row.parent_id) !== Number(row.root_id) && row.reply_to) c.replyTo = row.reply_to;
  return c;
}

export interface PageRows {
  thread: string;
  count: number;
  /** Top-level comments in page order: up to limit + 1 (one more tells that a next page exists). */
  tops: PublicRow[];
  /** Replies by root, then id: up to repliesPerRoot + 1 per top-level comment. */
  replies: PublicRow[];
  limit: number;
  repliesPerRoot: number;
  cursorOf: (id: number) => string;
}

export function buildPage({ thread, count, tops, replies, limit, repliesPerRoot, cursorOf }: PageRows): CommentPage {
  const shown = tops.slice(0, limit);
  const byRoot = new Map<number, PublicRow[]>();
  for (const reply of replies) {
    const list = byRoot.get(Number(reply.root_id));
    if (list) list.push(reply);
    else byRoot.set(Number(reply.root_id), [reply]);
  }
  const comments: PublicComment[] = [];
  for (const top of shown) {
    const under = byRoot.get(Number(top.id)) ?? [];
    const first = under.slice(0, repliesPerRoot);
    const comment = toPublic(top);
    if (under.length > repliesPerRoot) comment.repliesCursor = cursorOf(Number(first[first.length - 1]!.id));
    comments.push(comment, ...first.map(toPublic));
  }
  const page: CommentPage = { thread, count, comments };
  if (tops.length > limit) page.nextCursor = cursorOf(Number(shown[shown.length - 1]!.id));
  return page;
}

/** The replies after a cursor: `rows` holds up to limit + 1 (one more tells that there are more). */
export function buildReplies(parentId: number, rows: PublicRow[], limit: number, cursorOf: (id: number) => string): RepliesPage {
  const shown = rows.slice(0, limit);
  const page: RepliesPage = { parentId: String(parentId), comments: shown.map(toPublic) };
  if (rows.length > limit) page.nextCursor = cursorOf(Number(shown[shown.length - 1]!.id));
  return page;
}
