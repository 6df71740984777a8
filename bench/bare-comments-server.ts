/**
 * The ceiling for bench/comments.ts: a bare node:http server sending the first page of a thread
 * (GET /api/v1/comments?thread=&limit=) as bytes computed once: the first request for a URL reads
 * the page from the SQLite file (the same statements and the same JSON as Frontdesk, up to 20
 * replies under each top-level comment), every later one sends the same bytes. No routing,
 * validation, CORS, cursors, error shape or store: what node:http alone reaches in one process.
 * Usage: node --import tsx bench/bare-comments-server.ts <sqlite file>  (prints its URL)
 */
import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';

const db = new SQLite(process.argv[2]!, { readonly: true });
const cols = 'id, parent_id, root_id, author, text, created_at, by_owner';
const count = db.prepare('select published from comment_threads where thread = ?').pluck();
const tops = db.prepare(`select ${cols} from comments where thread = ? and root_id = 0 and visible = 1 order by id limit ?`);
// The first 21 shown replies of each top-level comment (20 shown, one to tell there are more), as Frontdesk reads them.
const arm = `select * from (select c.id, c.parent_id, c.root_id, c.author, c.text, c.created_at, c.by_owner, p.author as reply_to
  from comments as c join comments as p on p.id = c.parent_id where c.thread = ? and c.root_id = ? and c.visible = 1 order by c.id limit 21)`;
const replies = new Map<number, SQLite.Statement>();
const repliesOf = (n: number) => replies.get(n) ?? replies.set(n, db.prepare(Array(n).fill(arm).join(' union all '))).get(n)!;

type Row = {
  id: number;
  parent_id: number | null;
  root_id: number;
  author: string;
  text: string;
  created_at: number;
  by_owner: number;
  reply_to?: string;
};
const out = (r: Row, replyTo?: string) => ({
  id: String(r.id),
  parentId: r.parent_id === null ? null : String(r.parent_id),
  author: r.author,
  text: r.text,
  createdAt: new Date(r.created_at).toISOString(),
  byOwner: !!r.by_owner,
  ...(replyTo !== undefined ? { replyTo } : {}),
});

const pages = new Map<string, Buffer>();

const server = createServer((req, res) => {
  let bytes = pages.get(req.url!);
  if (!bytes) pages.set(req.url!, (bytes = Buffer.from(page(req.url!))));
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(bytes);
});
// Stopped as the Frontdesk servers are (SIGTERM), it exits normally, so that BENCH_PROFILE's --cpu-prof writes its profile.
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
server.listen(0, '127.0.0.1', function (this: import('node:net').Server) {
  console.log(`http://127.0.0.1:${(this.address() as import('node:net').AddressInfo).port}`);
});

function page(path: string): string {
  const url = new URL(path, 'http://x');
  const thread = url.searchParams.get('thread') ?? '/';
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const total = (count.get(thread) as number | undefined) ?? 0;
  const page = tops.all(thread, limit + 1) as Row[];
  const more = page.length > limit;
  if (more) page.pop();
  const rows = page.length ? (repliesOf(page.length).all(...page.flatMap((t) => [thread, t.id])) as Row[]) : [];
  const comments = [];
  for (const top of page) {
    const under = rows.filter((r) => r.root_id === top.id);
    const first = under.slice(0, 20);
    comments.push({
      ...out(top),
      ...(under.length > 20 ? { repliesCursor: Buffer.from(String(first[19]!.id)).toString('base64url') } : {}),
    });
    for (const r of first) comments.push(out(r, r.parent_id === top.id ? undefined : r.reply_to));
  }
  const body = {
    thread,
    count: total,
    comments,
    ...(more ? { nextCursor: Buffer.from(String(page[page.length - 1]!.id)).toString('base64url') } : {}),
  };
  return JSON.stringify(body);
}
