/**
 * What this process learns of writes to the comment threads (comment_threads: their counts and
 * versions), so that what it keeps in memory about them (services/thread-heads.ts) is trusted
 * without asking the store on every read, and stays right when another process or host writes.
 *
 * - This process's own writes: the service calls `publish(thread)` once its transaction committed.
 * - SQLite: `check()` reads on every read a count of this process's writes to the comments (bumped by
 *   temporary triggers on comments and comment_threads, store/db.ts `watchCommentWrites`, whatever code
 *   wrote: a bookings burst leaves it alone), and `PRAGMA data_version`
 *   (it moves when another connection, in any process, commits) at most every DATA_VERSION_EVERY_MS:
 *   it opens a read transaction on the file (~25 µs, as much as the lookup it saves), so a read sees
 *   another process's commit at most DATA_VERSION_EVERY_MS after it.
 * - PostgreSQL, other processes and hosts: a trigger on comment_threads (migration 011c) sends
 *   NOTIFY frontdesk_threads with the thread on commit; one dedicated client per process LISTENs,
 *   reconnects when its connection is lost, and checks it every few seconds. While it is not
 *   listening (not yet connected, reconnecting), nothing is trusted and every read asks the store;
 *   once it listens again, everything kept before is forgotten. A read sees another host's write as
 *   soon as the notification arrives (normally within a millisecond or two of the commit).
 *
 * `epoch` rises with every change seen: a reader that asked the store under an older epoch must not
 * keep what it read (it may have been read before the change it has just been told of).
 *
 * Time off (closures) and the owner's calendars' busy times (calendar_busy) are watched the same
 * way on PostgreSQL: a trigger (migration 011e) sends NOTIFY frontdesk_time_off on commit, the same
 * listener hears it, and `timeOffEpoch` rises with it (and with this process's own changes, told by
 * `timeOffChanged`, and whenever the listener is lost or starts again). services/time-off.ts keeps
 * them in memory while `timeOffTrusted()`. On SQLite `timeOffEpoch` rises with this process's own
 * changes and whenever `PRAGMA data_version` shows another connection's commit (looked at, as for
 * the threads, at most every DATA_VERSION_EVERY_MS): another process's time off reaches this one's
 * bookings at most that long after its commit, as if the booking had come that much earlier.
 */
import pg from 'pg';

export const NOTIFY_CHANNEL = 'frontdesk_threads';
/** PostgreSQL: a change to the closures or the busy times committed (migration 011e). */
export const TIME_OFF_CHANNEL = 'frontdesk_time_off';
/** The listening connection's application_name (pg_stat_activity shows it). */
export const LISTENER_NAME = 'frontdesk-listener';

/** SQLite: how stale another process's commit may be, at most, to a read in this one. */
export const DATA_VERSION_EVERY_MS = 5;

/** How often the PostgreSQL listener proves it is still connected, and how long it may take. */
const HEARTBEAT_MS = 5_000;
const RECONNECT_MAX_MS = 5_000;

type Listener = (thread: string | undefined) => void;

const byDb = new WeakMap<object, StoreChanges>();

/** For a service holding only the store's Kysely handle: its transaction on `thread` (undefined: any) committed. */
export function threadChanged(db: object, thread: string | undefined): void {
  byDb.get(db)?.publish(thread);
}

/** For a service holding only the store's Kysely handle: its transaction changing time off or busy times committed. */
export function timeOffChanged(db: object): void {
  byDb.get(db)?.timeOffChanged();
}

/** The change watch of the store whose Kysely handle is `db` (not one of its transactions'). */
export function changesOf(db: object): StoreChanges | undefined {
  return byDb.get(db);
}

export class StoreChanges {
  epoch = 0;
  /** Rises with every change to time off or busy times seen, and whenever the listener is lost or starts. */
  timeOffEpoch = 0;
  private readonly listeners = new Set<Listener>();
  private lastOwn = -1;
  private lastOthers = -1;
  private othersCheckedAt = 0;

  constructor(
    /** The store's Kysely handle (for threadChanged). */
    db: object,
    /** SQLite: numbers that move with this connection's writes to the comments (cheap) and other connections' commits; undefined for PostgreSQL. */
    private readonly sqlite: { own: () => number; others: () => number } | undefined,
    /** PostgreSQL: the listener's connection string; undefined for SQLite. */
    private readonly listenUrl?: string,
  ) {
    byDb.set(db, this);
  }

  /** Called with the thread that changed, or undefined when anything may have. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This process committed a change to `thread`. */
  publish(thread: string | undefined): void {
    this.epoch++;
    for (const listener of this.listeners) listener(thread);
  }

  /** This process committed a change to time off or busy times. */
  timeOffChanged(): void {
    this.timeOffEpoch++;
  }

  /**
   * Whether what was kept of time off and busy times (under the current timeOffEpoch) may be used.
   * SQLite: always, once another connection's commits are noticed. PostgreSQL: only while listening
   * (it starts the listener if need be).
   */
  timeOffTrusted(): boolean {
    if (this.sqlite) {
      if (this.noticeOtherConnections()) this.publish(undefined);
      return true;
    }
    if (!this.listener) this.listen();
    return this.listening;
  }

  /**
   * Before a read uses what it kept: whether it may (false: ask the store). On SQLite it first
   * notices commits made since the last check; on PostgreSQL it starts the listener if need be.
   */
  check(): boolean {
    if (this.sqlite) {
      const own = this.sqlite.own();
      let changed = own !== this.lastOwn;
      this.lastOwn = own;
      changed = this.noticeOtherConnections() || changed;
      if (changed) this.publish(undefined);
      return true;
    }
    if (!this.listener) this.listen();
    return this.listening;
  }

  /**
   * SQLite: whether another connection (another process, a tool on the file) committed since this
   * was last looked at, at most every DATA_VERSION_EVERY_MS (false in between). Time off may have
   * changed with it: timeOffEpoch rises. The threads are the caller's to tell (publish).
   */
  private noticeOtherConnections(): boolean {
    const now = performance.now();
    if (now - this.othersCheckedAt < DATA_VERSION_EVERY_MS) return false;
    this.othersCheckedAt = now;
    const others = this.sqlite!.others();
    const moved = others !== this.lastOthers;
    this.lastOthers = others;
    if (moved) this.timeOffEpoch++;
    return moved;
  }

  // PostgreSQL's listener.
  private listener: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private retryMs = 100;
  private heartbeat: NodeJS.Timeout | undefined;

  private listen(): void {
    if (this.closed || !this.listenUrl) return;
    const client = new pg.Client({
      connectionString: this.listenUrl,
      keepAlive: true,
      connectionTimeoutMillis: HEARTBEAT_MS,
      application_name: LISTENER_NAME,
    });
    this.listener = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.listening = false;
      clearInterval(this.heartbeat);
      this.publish(undefined);
      this.timeOffEpoch++;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (this.closed) return;
      const wait = this.retryMs;
      this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
      setTimeout(() => this.listen(), wait).unref();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel === TIME_OFF_CHANNEL) this.timeOffEpoch++;
      else this.publish(message.payload || undefined);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${NOTIFY_CHANNEL}; LISTEN ${TIME_OFF_CHANNEL}`))
      .then(() => {
        if (lost || this.closed) return;
        this.retryMs = 100;
        // Notifications sent before LISTEN took effect were missed: forget everything kept.
        this.publish(undefined);
        this.timeOffEpoch++;
        this.listening = true;
        this.heartbeat = setInterval(() => {
          const timer = setTimeout(onLost, HEARTBEAT_MS).unref();
          client.query('select 1').then(() => clearTimeout(timer), onLost);
        }, HEARTBEAT_MS).unref();
      })
      .catch(onLost);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearInterval(this.heartbeat);
    await this.listener?.end().catch(() => {});
  }
}
