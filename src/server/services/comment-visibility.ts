/**
 * Which comments a thread's public pages show: the one rule, for the count, the pages, the replies
 * pages and the comments that may be answered alike. A comment is shown when it is published and,
 * if it answers another comment, that comment is shown. So hiding a comment (rejected, spam, back to
 * pending) hides every reply beneath it, however deep, and showing it again brings back those that
 * are published.
 *
 * The answer is stored with each comment (comments.visible) by the moderation transactions, which
 * apply this module to the tree they change; every read then filters on it with an index.
 */

/** The rule, for one comment: `parentShown` is true for a top-level comment. */
export function shows(status: string, parentShown: boolean): boolean {
  return status === 'published' && parentShown;
}

/**
 * The ids shown among `rows`: whole trees (every comment's parent is among them, or it is top-level).
 * Walks down from the top-level comments, so the order of `rows` does not matter.
 */
export function shownIn(rows: readonly { id: number; parent_id: number | null; status: string }[]): Set<number> {
  const children = new Map<number | null, (typeof rows)[number][]>();
  for (const row of rows) {
    const list = children.get(row.parent_id);
    if (list) list.push(row);
    else children.set(row.parent_id, [row]);
  }
  const shown = new Set<number>();
  // A reply whose parent is not among the rows is not shown: nothing it answers is on the page.
  const stack = rows.filter((r) => r.parent_id === null && shows(r.status, true)).map((r) => r.id);
  for (const id of stack) shown.add(id);
  while (stack.length) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (shows(child.status, true) && !shown.has(child.id)) {
        shown.add(child.id);
        stack.push(child.id);
      }
    }
  }
  return shown;
}
