/**
 * Comments from an export (`frontdesk import`, src/server/import/) written as the comments service
 * would have: each reply under the comment it answers, in its thread, its `visible` flag by the one
 * rule (services/comment-visibility.ts), the thread's count and version moved in the same
 * transaction, so pages (cached or not, in any process) show the import at once.
 *
 * Batches of BATCH comments, one transaction each, with ids taken ahead and many rows per statement.
 * A comment already in the ledger (store/comment-import-queries.ts) is counted as already there, so a
 * second run adds nothing. A reply to a comment the export left out (deleted, a pingback) moves up to
 * that comment's own parent; a reply whose parent comes later in the file waits (in memory: rare) and
 * is placed at the end; one whose parent never comes is placed at the top level. No event is recorded:
 * old comments send no webhook and no email.
 */
import type { Db, Executor, StoreKind } from '../store/db.js';
import * as queries from '../store/comment-import-queries.js';
import { threadChanged } from '../store/changes.js';
import { touchThread } from '../store/comments-queries.js';
import { shows } from './comment-visibility.js';
import type { ImportedComment, SourceItem } from '../import/source.js';
import { isSkipped } from '../import/source.js';

export const BATCH = 1000;

export interface ImportSummary {
  /** Comments added (shown or not). */
  imported: number;
  /** Of those, the ones the pages do not show: spam, pending, or under a hidden comment. */
  hidden: number;
  /** Comments a previous run imported. */
  alreadyThere: number;
  /** Comments left out, by reason (`deleted`, `pingback`, `no page address`, …). */
  skipped: Record<string, number>;
  /** Threads that received comments. */
  threads: number;
}

interface Placed {
  id: number;
  root_id: number;
  thread: string;
  visible: number;
}

/**
 * `ownerEmail`: the business's address (`business.email`): a comment written with it is the owner's
 * own, shown with the Owner badge as her replies here are.
 */
export async function importComments(
  db: Db,
  kind: StoreKind,
  items: AsyncIterable<SourceItem>,
  ownerEmail?: string,
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, hidden: 0, alreadyThere: 0, skipped: {}, threads: 0 };
  const threads = new Set<string>();
  // Left-out comments by key, with the comment they answered: their replies move up.
  const leftOut = new Map<string, string | null>();
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);

  const write = async (batch: ImportedComment[], orphansOnTop: boolean): Promise<ImportedComment[]> => {
    const { waiting, changed } = await db
      .transaction()
      .execute((trx) => writeBatch(trx, kind, batch, { leftOut, orphansOnTop, summary, threads, skip, ownerEmail }));
    // Committed: what this process keeps about those threads is stale (other processes hear of it from the store).
    for (const thread of changed) threadChanged(db, thread);
    return waiting;
  };

  let batch: ImportedComment[] = [];
  let waiting: ImportedComment[] = [];
  for await (const item of items) {
    if (isSkipped(item)) {
      leftOut.set(item.key, item.parentKey);
      skip(item.skip);
      continue;
    }
    batch.push(item);
    if (batch.length >= BATCH) {
      waiting.push(...(await write(batch, false)));
      batch = [];
    }
  }
  if (batch.length) waiting.push(...(await write(batch, false)));
  // Replies whose parent came later: again, until a round places none; then the rest at the top level.
  while (waiting.length) {
    const before = waiting.length;
    const next: ImportedComment[] = [];
    for (let i = 0; i < waiting.length; i += BATCH) next.push(...(await write(waiting.slice(i, i + BATCH), false)));
    if (next.length === before) {
      for (let i = 0; i < next.length; i += BATCH) await write(next.slice(i, i + BATCH), true);
      break;
    }
    waiting = next;
  }
  summary.threads = threads.size;
  return summary;
}

interface BatchState {
  leftOut: Map<string, string | null>;
  orphansOnTop: boolean;
  summary: ImportSummary;
  threads: Set<string>;
  skip: (reason: string) => void;
  /** The business's address: comments written with it are the owner's. */
  ownerEmail: string | undefined;
}

/** The comment a reply goes under: its parent, or the nearest ancestor the export did not leave out. */
function effectiveParent(key: string | null, leftOut: Map<string, string | null>): string | null {
  for (let hops = 0; key !== null && leftOut.has(key) && hops < 10_000; hops++) key = leftOut.get(key)!;
  return key;
}

/** Writes what it can of `batch`; answers the replies whose parent is not written yet, and the threads it changed. */
async function writeBatch(
  trx: Executor,
  kind: StoreKind,
  batch: ImportedComment[],
  state: BatchState,
): Promise<{ waiting: ImportedComment[]; changed: string[] }> {
  await queries.takeWriteLock(trx, kind);
  const parentOf = new Map(batch.map((c) => [c.key, effectiveParent(c.parentKey, state.leftOut)]));
  const known = await queries.knownSources(trx, [
    ...batch.map((c) => c.key),
    ...[...parentOf.values()].filter((k): k is string => k !== null),
  ]);
  // The comments answered that are already stored: their trees are locked, then read as they are now.
  const parentIds = [...parentOf.values()].flatMap((k) => (k !== null && known.has(k) ? [known.get(k)!] : []));
  const first = await queries.placesOf(trx, parentIds);
  await queries.lockRoots(
    trx,
    [...first.values()].map((p) => p.root_id || p.id),
  );
  const stored = await queries.placesOf(trx, parentIds);

  const fresh: ImportedComment[] = [];
  const seen = new Set<string>();
  for (const c of batch) {
    if (known.has(c.key) || seen.has(c.key)) state.summary.alreadyThere++;
    else {
      seen.add(c.key);
      fresh.push(c);
    }
  }
  const ids = await queries.reserveIds(trx, kind, fresh.length);
  const placed = new Map<string, Placed>();
  const rows: queries.NewRow[] = [];
  const sources: string[] = [];
  const deltas = new Map<string, number>();
  const now = Date.now();

  const put = (c: ImportedComment, parent: Placed | null, parentId: number | null) => {
    const id = ids[rows.length]!;
    const thread = parent ? parent.thread : c.thread;
    const visible = shows(c.status, parent ? !!parent.visible : true) ? 1 : 0;
    const root_id = parent ? parent.root_id || parent.id : 0;
    placed.set(c.key, { id, root_id, thread, visible });
    rows.push({
      id,
      thread,
      parent_id: parentId,
      root_id,
      author: c.author,
      email: c.email,
      text: c.text,
      status: c.status,
      visible,
      by_owner: state.ownerEmail && c.email === state.ownerEmail ? 1 : 0,
      created_at: c.createdAt,
      updated_at: now,
    });
    sources.push(c.key);
    deltas.set(thread, (deltas.get(thread) ?? 0) + visible);
    state.threads.add(thread);
    state.summary.imported++;
    if (!visible) state.summary.hidden++;
  };

  // Parents before their replies: each round places every comment whose parent is placed or stored.
  // At the end of the file (orphansOnTop), a reply whose parent never came starts its own tree.
  const inBatch = new Set(fresh.map((c) => c.key));
  const orphan = (key: string) => state.orphansOnTop && !inBatch.has(key) && !known.has(key);
  let pending = fresh;
  for (let progress = true; pending.length && progress;) {
    progress = false;
    const later: ImportedComment[] = [];
    for (const c of pending) {
      const parentKey = parentOf.get(c.key) ?? null;
      if (parentKey === null || orphan(parentKey)) put(c, null, null);
      else if (placed.has(parentKey)) put(c, placed.get(parentKey)!, placed.get(parentKey)!.id);
      else if (known.has(parentKey)) {
        const parent = stored.get(known.get(parentKey)!);
        // The owner deleted the comment it answers, and with it every reply: this one stays out too.
        if (parent) put(c, parent, parent.id);
        else state.skip('reply to a deleted comment');
      } else {
        later.push(c);
        continue;
      }
      progress = true;
    }
    pending = later;
  }
  const waiting: ImportedComment[] = [];
  for (const c of pending) {
    if (state.orphansOnTop) put(c, null, null);
    else waiting.push(c);
  }

  await queries.insertImported(trx, rows, sources, now);
  for (const [thread, delta] of deltas) await touchThread(trx, thread, delta);
  return { waiting, changed: [...deltas.keys()] };
}
