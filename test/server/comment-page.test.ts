/** The comment page builder and the visibility rule, on their own: no database, no HTTP. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPage, buildReplies } from '../../src/server/services/comment-page.js';
import { shownIn } from '../../src/server/services/comment-visibility.js';
import type { PublicRow } from '../../src/server/store/comments-queries.js';

const cursorOf = (id: number) => `c${id}`;
const T = Date.parse('2027-01-04T12:00:00Z');

function row(id: number, parent: number | null, root: number, author: string, replyTo?: string): PublicRow {
  return {
    id,
    parent_id: parent,
    root_id: root,
    author,
    text: `text ${id}`,
    created_at: T + id,
    by_owner: author === 'Owner' ? 1 : 0,
    reply_to: replyTo ?? null,
  };
}

describe('which comments are shown', () => {
  const tree = (statuses: Record<number, string>) =>
    shownIn([
      { id: 1, parent_id: null, status: statuses[1] ?? 'published' },
      { id: 2, parent_id: 1, status: statuses[2] ?? 'published' },
      { id: 3, parent_id: 2, status: statuses[3] ?? 'published' },
      { id: 4, parent_id: 3, status: statuses[4] ?? 'published' },
      { id: 5, parent_id: 1, status: statuses[5] ?? 'published' },
    ]);

  it('shows a published comment when what it answers is shown, however deep', () => {
    assert.deepEqual([...tree({})].sort(), [1, 2, 3, 4, 5]);
  });

  it('hides everything under a hidden comment, and nothing beside it', () => {
    for (const status of ['rejected', 'spam', 'pending']) {
      assert.deepEqual([...tree({ 2: status })].sort(), [1, 5], status);
      assert.deepEqual([...tree({ 1: status })], [], status);
    }
    assert.deepEqual([...tree({ 3: 'rejected', 5: 'pending' })].sort(), [1, 2]);
  });

  it('does not depend on the order of the rows, and shows no reply whose parent is missing', () => {
    const rows = [
      { id: 9, parent_id: 7, status: 'published' },
      { id: 7, parent_id: 8, status: 'published' },
      { id: 8, parent_id: null, status: 'published' },
      { id: 6, parent_id: 42, status: 'published' },
    ];
    assert.deepEqual([...shownIn(rows)].sort(), [7, 8, 9]);
  });
});

describe('a comments page', () => {
  it('puts each top-level comment\u2019s first replies right after it, naming whom deeper replies answer', () => {
    const page = buildPage({
      thread: '/p',
      count: 5,
      tops: [row(1, null, 0, 'Ann'), row(4, null, 0, 'Dee')],
      replies: [row(2, 1, 1, 'Bob', 'Ann'), row(3, 2, 1, 'Cy', 'Bob'), row(5, 4, 4, 'Owner', 'Dee')],
      limit: 20,
      repliesPerRoot: 20,
      cursorOf,
    });
    assert.deepEqual(
      page.comments.map((c) => [c.id, c.parentId, c.author, c.replyTo ?? null, c.byOwner]),
      [
        ['1', null, 'Ann', null, false],
        ['2', '1', 'Bob', null, false],
        ['3', '2', 'Cy', 'Bob', false],
        ['4', null, 'Dee', null, false],
        ['5', '4', 'Owner', null, true],
      ],
    );
    assert.equal(page.comments[0]!.createdAt, new Date(T + 1).toISOString());
    assert.deepEqual([page.thread, page.count, page.nextCursor], ['/p', 5, undefined]);
    assert.ok(page.comments.every((c) => c.repliesCursor === undefined));
  });

  it('bounds the replies under each top-level comment and gives a cursor for the rest', () => {
    const replies = Array.from({ length: 4 }, (_, i) => row(10 + i, 1, 1, `R${i}`));
    const page = buildPage({
      thread: '/p',
      count: 6,
      tops: [row(1, null, 0, 'Ann'), row(2, null, 0, 'Bo')],
      replies,
      limit: 20,
      repliesPerRoot: 3,
      cursorOf,
    });
    assert.deepEqual(
      page.comments.map((c) => c.author),
      ['Ann', 'R0', 'R1', 'R2', 'Bo'],
    );
    assert.equal(page.comments[0]!.repliesCursor, 'c12', 'after the last reply shown');
    assert.equal(page.comments[4]!.repliesCursor, undefined);
  });

  it('shows `limit` top-level comments and a next cursor when one more came back, dropping that one\u2019s replies', () => {
    const page = buildPage({
      thread: '/p',
      count: 4,
      tops: [row(5, null, 0, 'E'), row(3, null, 0, 'C'), row(1, null, 0, 'A')],
      replies: [row(6, 5, 5, 'F'), row(2, 1, 1, 'B')],
      limit: 2,
      repliesPerRoot: 20,
      cursorOf,
    });
    assert.deepEqual(
      page.comments.map((c) => c.author),
      ['E', 'F', 'C'],
    );
    assert.equal(page.nextCursor, 'c3');
  });

  it('pages replies after a cursor', () => {
    const rows = [row(11, 1, 1, 'R1'), row(12, 11, 1, 'R2', 'R1'), row(13, 1, 1, 'R3')];
    const first = buildReplies(1, rows, 2, cursorOf);
    assert.deepEqual(
      [first.parentId, first.comments.map((c) => [c.author, c.replyTo ?? null]), first.nextCursor],
      [
        '1',
        [
          ['R1', null],
          ['R2', 'R1'],
        ],
        'c12',
      ],
    );
    const last = buildReplies(1, rows.slice(2), 2, cursorOf);
    assert.deepEqual([last.comments.map((c) => c.author), last.nextCursor], [['R3'], undefined]);
  });
});
