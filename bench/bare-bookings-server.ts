/**
 * The ceiling for bench/bookings.ts: a bare node:http server that reads each POST's body, parses
 * its JSON and answers 201 with a booking-sized JSON body computed once. No routing, validation,
 * idempotency, CORS, store or commit: what node:http alone reaches in one process for the same
 * requests on the same machine, with the same load generator beside it.
 * Usage: node bench/bare-bookings-server.ts  (prints its URL)
 */
import { createServer } from 'node:http';

const answer = Buffer.from(
  JSON.stringify({
    id: 'x'.repeat(16),
    token: 'x'.repeat(43),
    service: 'quick',
    serviceName: 'Quick visit',
    start: '2027-01-01T10:00:00.000Z',
    end: '2027-01-01T10:05:00.000Z',
    status: 'confirmed',
    name: 'Visitor 1',
    email: 'visitor1@example.com',
    manageUrl: 'http://127.0.0.1/manage/' + 'x'.repeat(60),
    icsUrl: 'http://127.0.0.1/api/v1/bookings/' + 'x'.repeat(60),
  }),
);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(201, { 'Content-Type': 'application/json' }).end(answer);
  });
}).listen(0, '127.0.0.1', function (this: import('node:net').Server) {
  console.log(`http://127.0.0.1:${(this.address() as import('node:net').AddressInfo).port}`);
});
