import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchUrl } from '../../src/server/calendars/config.js';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { startServer } from '../../src/server/server.js';

const withCalendars = (calendars: unknown[], extra: Record<string, unknown> = {}) => ({ ...DEMO_CONFIG, calendars, ...extra });

function problems(calendars: unknown[], extra: Record<string, unknown> = {}): string {
  try {
    parseConfig(withCalendars(calendars, extra));
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  return '';
}

describe('calendars in the config file', () => {
  it('accepts feeds (http, https, webcal) and CalDAV collections, with defaults', () => {
    const config = parseConfig(
      withCalendars([
        { id: 'personal', url: 'webcal://p01-calendars.icloud.com/published/2/abc' },
        { id: 'google', url: 'https://calendar.google.com/calendar/ical/kiya%40example.com/private-abc/basic.ics' },
        {
          id: 'clinic',
          type: 'caldav',
          url: 'http://127.0.0.1:5232/kiya/clinic/',
          username: 'kiya',
          password: 'secret',
          writeBookings: true,
        },
        { id: 'home', url: 'http://192.168.1.10/cal.ics' },
      ]),
    );
    assert.deepEqual(
      config.calendars.map((c) => [c.id, c.type, c.writeBookings]),
      [
        ['personal', 'ics', false],
        ['google', 'ics', false],
        ['clinic', 'caldav', true],
        ['home', 'ics', false],
      ],
    );
    assert.deepEqual(config.calendarSync, { everyMinutes: 5 });
    assert.equal(
      fetchUrl('webcal://p01-calendars.icloud.com/published/2/abc').href,
      'https://p01-calendars.icloud.com/published/2/abc',
      'webcal is fetched over https',
    );
    assert.deepEqual(parseConfig(DEMO_CONFIG).calendars, []);
  });

  it('refuses addresses Frontdesk never fetches, naming the field', () => {
    const message = problems([
      { id: 'a', url: 'file:///etc/passwd' },
      { id: 'b', url: 'http://169.254.169.254/latest/meta-data/' },
      { id: 'c', url: 'http://[fe80::1]/cal.ics' },
      { id: 'd', url: 'http://0.0.0.0:8787/api' },
      { id: 'e', url: 'http://[::ffff:169.254.169.254]/' },
      { id: 'f', url: 'http://metadata.google.internal/computeMetadata/v1/' },
      { id: 'g', url: 'https://kiya:secret@dav.example.com/kiya/clinic/' },
      { id: 'h', url: 'not a url' },
      { id: 'i', url: 'http://100.100.100.200/latest/meta-data/' },
      { id: 'j', url: 'http://[::]/' },
    ]);
    assert.match(message, /calendars\.0\.url: must start with http:\/\/, https:\/\/ or webcal:\/\/ \(not file:\/\/\)/);
    assert.match(message, /calendars\.1\.url: is refused: That is a link-local address/);
    assert.match(message, /calendars\.2\.url: is refused: That is a link-local address/);
    assert.match(message, /calendars\.3\.url: is refused: That address \(0\.0\.0\.0 or ::\)/);
    assert.match(message, /calendars\.4\.url: is refused: That is a link-local address/);
    assert.match(message, /calendars\.5\.url: is refused: That is a cloud metadata address/);
    assert.match(message, /calendars\.6\.url: must not hold a user name or password/);
    assert.ok(!message.includes('secret'), 'the password is not repeated');
    assert.match(message, /calendars\.7\.url: must be a web address/);
    assert.match(message, /calendars\.8\.url: is refused: That is a cloud metadata address/);
    assert.match(message, /calendars\.9\.url: is refused: That address \(0\.0\.0\.0 or ::\)/);
  });

  it('refuses settings that do not fit together', () => {
    const message = problems(
      [
        { id: 'feed', url: 'https://example.com/a.ics', writeBookings: true },
        { id: 'dav', type: 'caldav', url: 'webcal://example.com/dav/' },
        { id: 'dav', type: 'caldav', url: 'https://example.com/dav/', password: 'x' },
        { id: 'bad id', type: 'exchange', url: 'https://example.com/' },
      ],
      { calendarSync: { everyMinutes: 0 } },
    );
    assert.match(message, /calendars\.0\.writeBookings: works only with a CalDAV calendar/);
    assert.match(message, /calendars\.1\.url: must start with http:\/\/ or https:\/\/ for a CalDAV calendar/);
    assert.match(message, /calendars\.2\.username: is needed with a password/);
    assert.match(message, /calendars\.3\.id: must be letters/);
    assert.match(message, /calendars\.3\.type/);
    assert.match(message, /calendarSync\.everyMinutes: must be at least 1/);
    assert.match(
      problems([
        { id: 'a', url: 'https://example.com/a.ics' },
        { id: 'a', url: 'https://example.com/b.ics' },
      ]),
      /calendars: ids must be unique/,
    );
  });

  it('refuses, at start, a calendar that is this very server', async () => {
    const config = parseConfig(withCalendars([{ id: 'loop', url: 'https://book.example.com/api/v1/feed/abc.ics' }]));
    await assert.rejects(
      startServer({ config, publicUrl: 'https://book.example.com', databaseUrl: 'sqlite::memory:', port: 0, log: () => {} }),
      (error: Error) =>
        error instanceof ConfigError && /calendars\.0\.url: is refused: That is this Frontdesk server.s own address/.test(error.message),
    );
    const local = parseConfig(withCalendars([{ id: 'loop', url: 'http://localhost:8787/api/v1/feed/abc.ics' }]));
    await assert.rejects(
      startServer({ config: local, databaseUrl: 'sqlite::memory:', port: 8787, log: () => {} }),
      /calendars\.0\.url: is refused: That is this Frontdesk server/,
    );
  });
});
