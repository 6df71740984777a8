/**
 * A local HTTP server that serves iCalendar feeds as calendar providers do (ETag, Last-Modified,
 * 304 for a conditional request that matches), and misbehaves on demand: an error status, no
 * answer, a redirect loop, a huge body, an HTML page, a connection dropped half-way. Records every request's headers.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'feed'; body: string; lastModified?: string }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'redirect'; to: string }
  | { kind: 'huge'; bytes: number }
  | { kind: 'html' }
  /** Starts the feed, then drops the connection half-way through its body. */
  | { kind: 'cut'; body: string };

export interface IcsServer {
  url: string;
  /** What `path` answers from now on. */
  set(path: string, behaviour: Behaviour): void;
  /** The requests made to `path`, in order. */
  requests(path: string): IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startIcsServer(): Promise<IcsServer> {
  const routes = new Map<string, Behaviour>();
  const seen = new Map<string, IncomingHttpHeaders[]>();
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.set(path, [...(seen.get(path) ?? []), req.headers]);
    const behaviour = routes.get(path);
    if (!behaviour) return void res.writeHead(404).end('not found');
    switch (behaviour.kind) {
      case 'feed': {
        const etag = `"${createHash('sha1').update(behaviour.body).digest('hex').slice(0, 16)}"`;
        const lastModified = behaviour.lastModified ?? 'Mon, 01 Nov 2027 10:00:00 GMT';
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
        res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', ETag: etag, 'Last-Modified': lastModified });
        return void res.end(behaviour.body);
      }
      case 'status':
        return void res.writeHead(behaviour.status, { 'Content-Type': 'text/plain' }).end('nope');
      case 'hang':
        open.add(res); // never answered until the server closes
        return;
      case 'redirect':
        return void res.writeHead(302, { Location: behaviour.to }).end();
      case 'cut': {
        const bytes = Buffer.from(behaviour.body);
        res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Length': String(bytes.length) });
        res.write(bytes.subarray(0, bytes.length >> 1), () => res.socket?.destroy());
        return;
      }
      case 'html':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Sign in</title><p>Please sign in.');
      case 'huge': {
        res.writeHead(200, { 'Content-Type': 'text/calendar' });
        const line = 'BEGIN:VCALENDAR\r\n' + 'X-FILLER:' + 'x'.repeat(1000) + '\r\n';
        let sent = 0;
        const pump = () => {
          while (sent < behaviour.bytes) {
            sent += line.length;
            if (!res.write(line)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        return pump();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, behaviour) => void routes.set(path, behaviour),
    requests: (path) => seen.get(path) ?? [],
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
