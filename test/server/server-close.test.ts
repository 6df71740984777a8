/**
 * Stopping the server (SIGTERM, or a test's close()) with a browser still connected: the request in
 * flight (here a slow client's, its body still arriving) gets its answer, and the stop then waits
 * neither for the browser to let a kept-alive connection go (Node's server.close() alone waits the
 * 5 s keep-alive timeout) nor for a connection opened ahead of need (up to a minute: the widget
 * tests' after-hooks timed out on it).
 */
import assert from 'node:assert/strict';
import { Agent, type ClientRequest, request } from 'node:http';
import { connect } from 'node:net';
import { it } from 'node:test';
import { startServer } from '../../src/server/server.js';
import { freshDatabase, testConfig } from '../support/stores.js';

it('finishes the request in flight, then stops at once although its client keeps the connection alive', async () => {
  const { url: databaseUrl } = await freshDatabase('sqlite');
  const server = await startServer({ port: 0, databaseUrl, config: testConfig({ allowedOrigins: ['*'] }), demo: false, log: () => {} });
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  try {
    const body = JSON.stringify({ name: 'Ana', email: 'ana@example.com', message: 'Sent as the server stops.' });
    let req!: ClientRequest;
    const answered = new Promise<{ status: number; at: number }>((resolve, reject) => {
      req = request(
        `${server.url}/api/v1/messages`,
        { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, at: Date.now() }));
        },
      );
      req.on('error', reject);
    });
    // A slow client: the headers and half the body, then the stop begins, then the rest.
    req.write(body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 300));
    let stoppedAt = 0;
    const stopped = server.close().then(() => (stoppedAt = Date.now()));
    await new Promise((r) => setTimeout(r, 300));
    req.end(body.slice(20));
    const { status, at } = await answered;
    assert.equal(status, 201, 'the request in flight is answered, and its message stored');
    await stopped;
    assert.ok(stoppedAt - at < 1000, `stopped ${stoppedAt - at} ms after the last answer`);
  } finally {
    agent.destroy();
  }
});

it('stops at once although a browser opened a connection ahead of need and never sent a request on it', async () => {
  const { url: databaseUrl } = await freshDatabase('sqlite');
  const server = await startServer({ port: 0, databaseUrl, config: testConfig({ allowedOrigins: ['*'] }), demo: false, log: () => {} });
  // Chromium's preconnect: a connection opened for a request that may come.
  const socket = connect(server.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 1000, `stopped after ${Date.now() - started} ms`);
  await closed;
});

it('stops after 8 s although a client sent half a body and waits, saying what it cut', async () => {
  const { url: databaseUrl } = await freshDatabase('sqlite');
  const server = await startServer({ port: 0, databaseUrl, config: testConfig({ allowedOrigins: ['*'] }), demo: false, log: () => {} });
  const body = JSON.stringify({ name: 'Ana', email: 'ana@example.com', message: 'Never finished.' });
  const req = request(`${server.url}/api/v1/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  req.on('error', () => {}); // cut, as it should be
  req.write(body.slice(0, 20));
  await new Promise((r) => setTimeout(r, 300));
  const said: string[] = [];
  const error = console.error;
  console.error = (line: string) => void said.push(line);
  try {
    const started = Date.now();
    await server.close();
    const took = Date.now() - started;
    assert.ok(took >= 7_500 && took < 10_000, `stopped after ${took} ms: within the 10 s a worker gives itself`);
  } finally {
    console.error = error;
  }
  assert.ok(
    said.some((line) => /Stopping: the connections still in the middle of a request after 8 s were closed unanswered/.test(line)),
    said.join('\n'),
  );
});
