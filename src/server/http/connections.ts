/**
 * The server's connections, for a stop that does not wait on clients: Node's `server.close()` waits
 * for every connection to end. Its `closeIdleConnections()` ends those between two requests (kept
 * alive after an answer), but leaves alone a connection that has not sent a request yet (a browser
 * opens one ahead of need: Chromium's preconnect), which would then hold the stop for up to the
 * headers timeout (a minute). `closeQuiet()` ends both; a connection answering a request, or
 * receiving one, ends once its answer is sent, at a later call.
 *
 * Nothing is done per request but noting its connection as used (a set lookup): this runs before
 * every answer, the replayed comment pages' too (http/read-memo.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

export interface Connections {
  /** Notes that `req`'s connection has carried a request (it is no longer one opened ahead of need). */
  requestStarted(req: IncomingMessage): void;
  /** Ends every connection with no request in progress. */
  closeQuiet(): void;
}

export function trackConnections(server: Server): Connections {
  const open = new Set<Socket>();
  const used = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return {
    requestStarted(req) {
      used.add(req.socket);
    },
    closeQuiet() {
      server.closeIdleConnections();
      for (const socket of open) if (!used.has(socket)) socket.destroy();
    },
  };
}
