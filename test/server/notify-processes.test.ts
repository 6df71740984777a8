/**
 * Notifications across real server processes: a server killed (SIGKILL) in the middle of its
 * deliveries and started again delivers every notification; two servers on one PostgreSQL
 * database deliver each notification exactly once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import type { NotifyTiming } from '../../src/server/notify/worker.js';
import { recordEvent } from '../../src/server/services/events.js';
import { openStore, type Store } from '../../src/server/store/db.js';
import { type ReceivedMail, startSmtpListener, type SmtpListener } from '../support/smtp.js';
import { ADMIN_TOKEN, forEachStore, freshDatabase, PG_ADMIN_URL, postgresReachable } from '../support/stores.js';
import { type ReceivedHook, startWebhookReceiver, verifySignature, type WebhookReceiver } from '../support/webhook-receiver.js';
import { scratchDir } from '../support/scratch.js';

const SECRET = 'webhook-secret-0123';
const TIMING: Partial<NotifyTiming> = { pollMs: 100, leaseMs: 1500, retryBaseMs: 200, retryMaxMs: 1000, batch: 6 };

interface ServerProcess {
  url: string;
  child: ChildProcess;
}

function configFile(webhookUrl: string): string {
  const dir = scratchDir('notify');
  const path = join(dir, 'config.json');
  const config = {
    ...DEMO_CONFIG,
    allowedOrigins: ['https://clinic.example'],
    limits: { writesPerMinutePerClient: 1000 },
    webhooks: [{ url: webhookUrl, events: ['message.created', 'testimonial.created'], secret: SECRET }],
  };
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** Starts `frontdesk serve` in its own process (on any free port) and waits until it listens. */
async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/notify-server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      NOTIFY_TIMING: JSON.stringify(TIMING),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start within 30 s: ${errors}`)), 30_000);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}): ${errors}`));
    });
  });
  return { url, child };
}

async function stopServer(server: ServerProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
}

/** Creates a testimonial and a message (as visitors: the owner is emailed about each) through the server's API, named `${label}`. */
async function createRecords(server: ServerProcess, label: string): Promise<void> {
  const testimonial = await fetch(`${server.url}/api/v1/testimonials`, {
    method: 'POST',
    headers: { Origin: 'https://clinic.example', 'Content-Type': 'application/json' },
    body: JSON.stringify({ author: `Author ${label}`, text: `Testimonial ${label}`, consent: true }),
  });
  assert.equal(testimonial.status, 201, await testimonial.clone().text());
  const message = await fetch(`${server.url}/api/v1/messages`, {
    method: 'POST',
    headers: { Origin: 'https://clinic.example', 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `Writer ${label}`, email: 'writer@example.com', message: `Message ${label}` }),
  });
  assert.equal(message.status, 201);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function allSent(store: Store, expected: number): Promise<boolean> {
  const rows = await store.db.selectFrom('deliveries').select('status').execute();
  return rows.length === expected && rows.every((r) => r.status === 'sent');
}

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

forEachStore('notifications: a server killed mid-delivery and started again', (t) => {
  let smtp: SmtpListener;
  let hooks: WebhookReceiver;
  let server: ServerProcess | undefined;

  before(async () => {
    // A slow SMTP server and webhook receiver, so that deliveries are in flight when the server dies.
    smtp = await startSmtpListener({ delayMs: 400 });
    hooks = await startWebhookReceiver({ delayMs: 300 });
  });
  after(async () => {
    await stopServer(server, 'SIGKILL');
    await smtp.close();
    await hooks.close();
  });

  it(
    'delivers every notification; a repeat only for a send cut at the moment of sending, with the same ids',
    { timeout: 90_000 },
    async () => {
      const N = 8; // 8 testimonials + 8 messages: 16 emails to the owner, 16 webhooks
      const env = {
        DATABASE_URL: t().store.url,
        SMTP_URL: smtp.url,
        FRONTDESK_CONFIG: configFile(hooks.url),
        FRONTDESK_PUBLIC_URL: 'https://book.example.com',
      };
      server = await spawnServer(env);
      for (let i = 0; i < N; i++) await createRecords(server, `k${i}`);
      await until(() => smtp.mails.length >= 3, 20_000, 'the first emails');
      // A copy acknowledged this shortly before the kill may not have been marked sent yet.
      const cut = Date.now() - 250;
      await stopServer(server, 'SIGKILL');

      const events = await t().store.db.selectFrom('events').select('id').execute();
      assert.equal(events.length, 2 * N, 'every event was written with its record');
      const states = await t().store.db.selectFrom('deliveries').select('status').execute();
      assert.ok(
        states.some((s) => s.status === 'sending'),
        'the server died with deliveries in flight',
      );
      assert.ok(
        states.some((s) => s.status !== 'sent'),
        'and with deliveries left to do',
      );

      server = await spawnServer(env);
      await until(() => allSent(t().store, 4 * N), 40_000, 'every delivery to be sent after the restart');

      // Emails: every one arrived; repeats keep their Message-ID and happen only when the first
      // copy's "250" came after the kill, i.e. the dead server never heard it.
      const mails = byKey(smtp.mails, (m: ReceivedMail) => m.messageId);
      assert.equal(mails.size, 2 * N, 'one Message-ID per email');
      const subjects = new Set(smtp.mails.map((m) => m.subject));
      for (let i = 0; i < N; i++) {
        assert.ok(subjects.has(`New testimonial from Author k${i}`));
        assert.ok(subjects.has(`New message from Writer k${i}`));
      }
      for (const [id, copies] of mails) {
        if (copies.length > 1) {
          assert.equal(copies.length, 2, `${id} was sent at most twice`);
          assert.ok((copies[0]!.ackedAt ?? Infinity) >= cut, `${id} was repeated though its first copy was acknowledged before the kill`);
        }
      }
      const hookGroups = byKey(hooks.hooks, (h: ReceivedHook) => h.eventId);
      assert.equal(hookGroups.size, 2 * N, 'one event id per webhook');
      for (const [id, copies] of hookGroups) {
        assert.ok(copies.every((h) => verifySignature(String(h.headers['frontdesk-signature']), h.body, SECRET)));
        if (copies.length > 1) {
          assert.equal(copies.length, 2, `${id} was sent at most twice`);
          assert.ok((copies[0]!.ackedAt ?? Infinity) >= cut, `${id} was repeated though its first copy was answered before the kill`);
        }
      }
      await stopServer(server);
    },
  );
});

describe('notifications: two server processes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let store: Store | undefined;
  let smtp: SmtpListener | undefined;
  let hooks: WebhookReceiver | undefined;
  const servers: ServerProcess[] = [];

  before(async () => {
    if (!(await postgresReachable()) && process.env.CI !== 'true') return;
    db = await freshDatabase('postgres');
    store = await openStore(db.url);
    smtp = await startSmtpListener({ delayMs: 30 });
    hooks = await startWebhookReceiver({ delayMs: 20 });
  });
  after(async () => {
    await Promise.all(servers.map((s) => stopServer(s, 'SIGKILL')));
    await smtp?.close();
    await hooks?.close();
    await store?.close();
    await db?.drop();
  });

  it('delivers each of the notifications exactly once', { timeout: 90_000 }, async (test) => {
    if (!db || !store || !smtp || !hooks) return test.skip(`PostgreSQL at ${PG_ADMIN_URL} is not reachable`);
    const N = 10; // 10 testimonials + 10 messages through the API
    const env = {
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      FRONTDESK_CONFIG: configFile(hooks.url),
      FRONTDESK_PUBLIC_URL: 'https://book.example.com',
    };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
    await Promise.all(
      servers.map(async (server, s) => {
        for (let i = 0; i < N; i++) if (i % 2 === s) await createRecords(server, `p${i}`);
      }),
    );
    // And a burst committed at once, which wakes neither server: both find it on their next poll.
    const M = 30;
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < M; i++)
        await recordEvent(trx, 'message.created', { id: `b${i}`, name: `Burst b${i}`, email: 'b@example.com', message: 'Hi' });
    });
    const pg = store;
    const total = 2 * N + M;
    await until(() => allSent(pg, 2 * total), 40_000, 'every delivery to be sent');
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, if there were one

    assert.equal(smtp.mails.length, total, 'as many emails as notifications');
    assert.equal(new Set(smtp.mails.map((m) => m.messageId)).size, total, 'each Message-ID once');
    assert.equal(hooks.hooks.length, total, 'as many webhooks as notifications');
    assert.equal(new Set(hooks.hooks.map((h) => h.eventId)).size, total, 'each event id once');
    await Promise.all(servers.map((s) => stopServer(s)));
  });
});
