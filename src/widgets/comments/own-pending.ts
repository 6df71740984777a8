/**
 * The visitor's own comments waiting for approval, kept in this browser (localStorage), so that
 * their writer still sees them, marked, after a reload or on a later visit: until the thread shows
 * them (approved) or KEEP_MS passes. They never leave this browser. Storage that is blocked, full or
 * absent (a private window, a sandboxed frame) keeps nothing, as before.
 */
import type { PublicComment } from '../../shared/api.js';

/** Two weeks: most owners answer sooner; a comment she deleted is not shown to its writer forever. */
const KEEP_MS = 14 * 86_400_000;

export type OwnPending = Pick<PublicComment, 'id' | 'parentId' | 'author' | 'text' | 'createdAt'>;

const keyOf = (api: string, thread: string) => `frontdesk-pending ${api} ${thread}`;

/** What is kept for the thread and still young; anything else another script left there is ignored. */
function read(key: string): OwnPending[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(key) || '[]');
    return (Array.isArray(list) ? (list as OwnPending[]) : []).filter(
      (c) =>
        [c.id, c.author, c.text, c.createdAt].every((v) => typeof v == 'string') &&
        (c.parentId == null || typeof c.parentId == 'string') &&
        Date.now() - Date.parse(c.createdAt) < KEEP_MS,
    );
  } catch {
    return [];
  }
}

function write(key: string, list: OwnPending[]): void {
  try {
    if (list.length) localStorage.setItem(key, JSON.stringify(list));
    else localStorage.removeItem(key);
  } catch {
    /* blocked or full: nothing kept */
  }
}

/** Keeps a comment just sent that waits for approval. */
export function keepPending(api: string, thread: string, comment: OwnPending): void {
  const key = keyOf(api, thread);
  write(key, [...read(key), comment]);
}

/** The kept comments of the thread that `shown` (ids the server sent) does not hold; those it holds are forgotten. */
export function pendingOf(api: string, thread: string, shown: Set<string>): OwnPending[] {
  const key = keyOf(api, thread);
  const left = read(key).filter((c) => !shown.has(c.id));
  write(key, left);
  return left;
}
