/**
 * What an export format gives the importer (import/disqus.ts, import/wordpress.ts): its comments in
 * file order, each with a key that names it in its source for good, and the key of the comment it
 * answers. A comment the export marks deleted still comes through (as `skip`), so that its replies can
 * move up to the comment it answered.
 */
import type { CommentStatus } from '../../shared/api.js';

export interface ImportedComment {
  /** `disqus:<id>`, `wordpress:<site>#<id>`: unique in every export, the same in every run. */
  key: string;
  parentKey: string | null;
  /** The page's path (shared/thread.ts), as the comments API keys its thread. */
  thread: string;
  /** The page's address as the export writes it. */
  page: string;
  author: string;
  email: string | null;
  text: string;
  status: Extract<CommentStatus, 'published' | 'pending' | 'spam'>;
  createdAt: number;
}

export interface SkippedComment {
  key: string;
  parentKey: string | null;
  /** Why it is left out: shown in the summary (`deleted`, `pingback`, `no page address`, …). */
  skip: string;
}

export type SourceItem = ImportedComment | SkippedComment;

export interface ImportSource {
  /** What the summary calls it: "Disqus", "WordPress". */
  label: string;
  /**
   * Reads the whole file once and writes nothing: throws ImportFileError when the file is not what it
   * claims (not XML, another root, broken anywhere). Keeps what the second reading needs (Disqus: its
   * threads' addresses). `pages`: the addresses, as the export writes them, of the pages whose comments
   * it would import.
   */
  check(progress: (bytes: number) => void): Promise<{ comments: number; pages: Set<string> }>;
  /** The comments, in file order, once check() has passed. */
  comments(progress: (bytes: number) => void): AsyncIterable<SourceItem>;
}

export function isSkipped(item: SourceItem): item is SkippedComment {
  return 'skip' in item;
}
