/** The comments tables (see tables.ts). */
import type { Generated } from 'kysely';

/**
 * One comment. `parent_id` is the comment it answers (null at the top level); `root_id` is its
 * top-level comment (0 for a top-level one: an equality, so the page index also gives the order), so a page fetches every reply of its top-level
 * comments with one indexed query whatever the depth. The id is the keyset order.
 */
export interface CommentsTable {
  id: Generated<number>;
  thread: string;
  parent_id: number | null;
  root_id: number;
  author: string;
  email: string | null;
  text: string;
  status: string;
  /** 1 when the thread's public pages show it (services/comment-visibility.ts decides; migration 006c). */
  visible: number;
  by_owner: number;
  created_at: number;
  updated_at: number;
}

/**
 * Shown (visible) comments per thread, kept in the same transaction as every status change; `version`
 * goes up with every change that can alter the thread's public pages (the key of cached pages).
 */
export interface CommentThreadsTable {
  thread: string;
  published: number;
  version: Generated<number>;
}

/** One imported comment's key in its export, kept after the comment is gone (migration 010c). */
export interface CommentImportsTable {
  source: string;
  comment_id: number;
  imported_at: number;
}

export interface CommentTables {
  comments: CommentsTable;
  comment_threads: CommentThreadsTable;
  comment_imports: CommentImportsTable;
}
