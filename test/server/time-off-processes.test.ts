/**
 * Time off added or removed by another process is honoured by this one (services/time-off.ts): each
 * keeps it in memory and forgets it once it learns of the other's commit. SQLite looks at
 * `PRAGMA data_version` at most every DATA_VERSION_EVERY_MS, so a booking that much later is refused;
 * PostgreSQL forgets it when NOTIFY frontdesk_time_off arrives (bounded here by NOTIFY_BOUND_MS), also
 * after its listening connection was cut. Two stores on one database, each with its own server app, stand for two
 * processes: each has its own pool, its own listener and its own memory.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import type { AdminClosure, Availability } from '../../src/shared/api.js';
import { changesOf, DATA_VERSION_EVERY_MS, LISTENER_NAME } from '../../src/server/store/changes.js';
import { openStore } from '../../src/server/store/db.js';
import { eventually } from '../support/eventually.js';
import { json } from '../support/json.js';
import { freshDatabase, makeContext, PG_ADMIN_URL, forEachKind, testConfig, type TestContext } from '../support/stores.js';

/** How long a PostgreSQL notification may take to reach the other store on a busy test machine. */
const NOTIFY_BOUND_MS = 2_000;
// The demo clinic (America/New_York): Tue-Wed 09-17, Thu 12-19; 12 hours' notice.
const MONDAY_NOON = Date.parse('2027-01-04T12:00:00-05:00');
const CONFIG = { limits: { writesPerMinutePerClient: 10_000 } };

const book = (t: TestContext, start: string) =>
  t.request('POST', '/api/v1/bookings', { service: 'follow-up', start, name: 'Ann Lee', email: 'ann@example.com' });

const slotsOn = async (t: TestContext, day: string) =>
  (await json<Availability>(await t.request('GET', `/api/v1/availability?service=follow-up&from=${day}&to=${day}`))).slots.length;

forEachKind('time off seen across processes', async (kind) => {
  let serving: TestContext;
  let other: TestContext;
  let drop: () => Promise<void>;
  before(async () => {
    const fresh = await freshDatabase(kind);
    drop = fresh.drop;
    serving = await makeContext(await openStore(fresh.url), testConfig(CONFIG));
    other = await makeContext(await openStore(fresh.url), testConfig(CONFIG));
    for (const t of [serving, other]) t.ctx.now = () => MONDAY_NOON;
  });
  after(async () => {
    await serving?.store.close();
    await other?.store.close();
    await drop();
  });

  /**
   * The serving process's epoch of time off, read before the other process changes it: `expectBooking`
   * waits until it rises. Time off reaches another process's bookings once its watch hears of it
   * (store/changes.ts): a booking in between is taken as if it had come before the change. So the
   * test books once, after that moment, rather than booking until the answer changes (a booking
   * taken in between would hold the slot and answer the later tries 409).
   */
  const epochNow = () => changesOf(serving.store.db)!.timeOffEpoch;

  /** A booking at `start` from the serving process: its status, once it has seen the other's change made after `epoch`. */
  async function expectBooking(start: string, status: number, epoch: number): Promise<void> {
    if (kind === 'sqlite') {
      // The serving process looked at the file's data_version before the other's commit, while warming up.
      await new Promise((resolve) => setTimeout(resolve, DATA_VERSION_EVERY_MS + 1));
    } else {
      await eventually(async () => epochNow() > epoch, NOTIFY_BOUND_MS, 'the serving process to hear of the change');
    }
    assert.equal((await book(serving, start)).status, status, `booking ${start}`);
  }

  it('warms up: the serving process books and offers Wednesday and Thursday', async () => {
    assert.equal((await book(serving, '2027-01-20T09:00:00-05:00')).status, 201);
    if (kind === 'postgres') {
      // Its listener is up: from now on it answers time off from memory.
      await eventually(async () => (await listeners()) >= 1, 5_000, 'the listener');
    }
    assert.equal((await book(serving, '2027-01-20T11:00:00-05:00')).status, 201);
    assert.ok((await slotsOn(serving, '2027-01-21')) > 0);
  });

  it('time off the other process adds refuses bookings here, and empties the day here', async () => {
    let epoch = epochNow();
    const added = await other.owner('POST', '/api/v1/admin/closures', { from: '2027-01-21', to: '2027-01-21', note: 'Away' });
    assert.equal(added.status, 201, await added.clone().text());
    await expectBooking('2027-01-21T13:00:00-05:00', 400, epoch);
    assert.equal(await slotsOn(serving, '2027-01-21'), 0, 'no slot offered on the closed day');
    assert.ok((await slotsOn(serving, '2027-01-20')) > 0, 'the day before still open');

    // Removed there: bookable here again.
    const { id } = await json<AdminClosure>(added);
    epoch = epochNow();
    assert.equal((await other.owner('DELETE', `/api/v1/admin/closures/${id}`)).status, 204);
    await expectBooking('2027-01-21T13:00:00-05:00', 201, epoch);
    assert.ok((await slotsOn(serving, '2027-01-21')) > 0);
  });

  it('time off this process adds is honoured by its very next booking', async () => {
    const added = await serving.owner('POST', '/api/v1/admin/closures', { from: '2027-01-26T09:00', to: '2027-01-26T12:00' });
    assert.equal(added.status, 201);
    assert.equal((await book(serving, '2027-01-26T10:00:00-05:00')).status, 400);
    assert.equal((await book(serving, '2027-01-26T13:00:00-05:00')).status, 201, 'after the time off');
  });

  if (kind === 'postgres') {
    it('time off added while its listener was cut is honoured once it listens again', async () => {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [LISTENER_NAME]);
      } finally {
        await admin.end();
      }
      const epoch = epochNow();
      const added = await other.owner('POST', '/api/v1/admin/closures', { from: '2027-01-27', to: '2027-01-27' });
      assert.equal(added.status, 201);
      await expectBooking('2027-01-27T10:00:00-05:00', 400, epoch);
      await eventually(async () => (await listeners()) >= 1, 10_000, 'the listener to come back');
      assert.equal((await book(serving, '2027-01-27T11:00:00-05:00')).status, 400, 'still refused once listening again');
      assert.equal(await slotsOn(serving, '2027-01-27'), 0);
    });
  }

  /** The store processes' listening connections (PostgreSQL). */
  async function listeners(): Promise<number> {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [
        LISTENER_NAME,
      ]);
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  }
});
