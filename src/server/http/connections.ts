/**
 * The server's connections and whether each is answering a request, for a stop that does not wait
 * on clients: Node's `server.close()` waits for every connection to end, and its
 * `closeIdleConnections()` leaves alone a connection that has not sent a request yet (a browser
 * opens one ahead of need: Chromium's preconnect), which then holds the stop for up to the headers
 * timeout (a minute). `closeQuiet()` ends every connection that is not answering a request now;
 * one that is ends once its answer is sent, at the next call.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Connections {
  /** Counts `req` as in progress on its connection until its answer is sent or abandoned. */
  requestStarted(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every connection with no request in progress. */
  closeQuiet(): void;
}

export function trackConnections(server: Server): Connections {
  const inProgress = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    inProgress.set(socket, 0);
    socket.once('close', () => inProgress.delete(socket));
  });
  return {
    requestStarted(req, res) {
      const socket = req.socket;
      inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1);
      res.once('close', () => {
        if (inProgress.has(socket)) inProgress.set(socket, inProgress.get(socket)! - 1);
      });
    },
    closeQuiet() {
      for (const [socket, count] of inProgress) if (count === 0) socket.destroy();
    },
  };
}
