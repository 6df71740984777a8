/**
 * A real CalDAV server for the tests: Debian's Radicale, started on a free port with a throw-away
 * folder and a plain htpasswd file, stopped (by its own process id) when the test is done.
 * Calendars are made and read back with plain CalDAV requests, as any client would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALDAV, children, DAV, parseXml, path } from '../../src/server/calendars/xml.js';

export interface Radicale {
  url: string;
  /** Stops the server; its folder is removed unless `keep` (to start it again, with `again`). */
  stop(opts?: { keep?: boolean }): Promise<void>;
  /** Starts a stopped server again on the same port with the same calendars. */
  again(): Promise<Radicale>;
}

export async function startRadicale(users: Record<string, string>, reuse?: { dir: string; port: number }): Promise<Radicale> {
  const dir = reuse?.dir ?? mkdtempSync(join(tmpdir(), 'frontdesk-radicale-'));
  writeFileSync(
    join(dir, 'users'),
    Object.entries(users)
      .map(([u, p]) => `${u}:${p}`)
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${reuse?.port ?? 0}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[logging]',
      'level = info',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('radicale', ['--config', join(dir, 'config')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`Radicale did not start:\n${log}`)), 20_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Listening on '\[?([\d.]+)\]?:(\d+)'/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}:${match[2]}`);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Radicale could not be started (apt-get install radicale): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Radicale exited (${code}):\n${log}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    stop: async (opts = {}) => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
    again: () => startRadicale(users, { dir, port: Number(new URL(url).port) }),
  };
}

function auth(user: string, password: string) {
  return { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
}

/** Makes a calendar collection (MKCALENDAR) and returns its URL. */
export async function makeCalendar(server: Radicale, user: string, password: string, name: string): Promise<string> {
  const url = `${server.url}/${user}/${name}/`;
  const res = await fetch(url, { method: 'MKCALENDAR', headers: auth(user, password) });
  if (res.status !== 201) throw new Error(`MKCALENDAR ${url}: ${res.status} ${await res.text()}`);
  return url;
}

/** Puts an iCalendar object into a collection, as the owner's own calendar app would. */
export async function putObject(collection: string, user: string, password: string, name: string, ics: string): Promise<void> {
  const res = await fetch(`${collection}${name}.ics`, {
    method: 'PUT',
    headers: { ...auth(user, password), 'Content-Type': 'text/calendar; charset=utf-8' },
    body: ics,
  });
  if (res.status !== 201 && res.status !== 204) throw new Error(`PUT ${name}: ${res.status} ${await res.text()}`);
}

export async function deleteObject(collection: string, user: string, password: string, name: string): Promise<void> {
  await fetch(`${collection}${name}.ics`, { method: 'DELETE', headers: auth(user, password) });
}

/** Every object in the collection, by its resource name, as iCalendar text. */
export async function readObjects(collection: string, user: string, password: string): Promise<Map<string, string>> {
  const res = await fetch(collection, {
    method: 'REPORT',
    headers: { ...auth(user, password), Depth: '1', 'Content-Type': 'application/xml' },
    body:
      '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop>' +
      '<c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>',
  });
  if (res.status !== 207) throw new Error(`REPORT: ${res.status}`);
  const objects = new Map<string, string>();
  for (const response of children(path(parseXml(await res.text()), [DAV, 'multistatus']), DAV, 'response')) {
    const href = path(response, [DAV, 'href'])?.text ?? '';
    const data = path(response, [DAV, 'propstat'], [DAV, 'prop'], [CALDAV, 'calendar-data'])?.text;
    if (data)
      objects.set(
        decodeURIComponent(
          href
            .split('/')
            .pop()!
            .replace(/\.ics$/, ''),
        ),
        data,
      );
  }
  return objects;
}
