import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('config');

function writeConfig(value: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('config file', () => {
  it('accepts the demo clinic and fills in defaults', () => {
    const config = parseConfig({ business: DEMO_CONFIG.business, services: DEMO_CONFIG.services });
    assert.equal(config.booking.slotIntervalMinutes, 30);
    assert.equal(config.limits.writesPerMinutePerClient, 10);
    assert.equal(config.comments.moderation, 'pre');
    assert.deepEqual(config.allowedOrigins, []);
  });

  it('refuses a time zone abbreviation, which has no daylight saving time or means another place, and takes places and UTC', () => {
    for (const timezone of ['EST', 'IST', 'EST5EDT', 'PST8PDT'])
      assert.throws(
        () => parseConfig({ ...DEMO_CONFIG, business: { ...DEMO_CONFIG.business, timezone } }),
        /business\.timezone: must be an IANA time zone such as "America\/New_York": a place, not an abbreviation like "EST"/,
        timezone,
      );
    for (const timezone of ['UTC', 'Etc/UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires'])
      assert.equal(parseConfig({ ...DEMO_CONFIG, business: { ...DEMO_CONFIG.business, timezone } }).business.timezone, timezone);
  });

  it('names every bad field in its message', () => {
    const bad = {
      ...DEMO_CONFIG,
      business: { ...DEMO_CONFIG.business, timezone: 'Mars/Olympus' },
      services: [{ id: 'initial', name: 'Initial', durationMinutes: -5 }],
      hours: { mon: [['17:00', '09:00']], tue: [['9:00', '17:00']], funday: [['09:00', '10:00']] },
      allowedOrigins: ['https://www.example.com/blog'],
    };
    assert.throws(
      () => parseConfig(bad),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /business\.timezone: must be an IANA time zone/);
        assert.match(error.message, /services\.0\.durationMinutes: must be at least 5/);
        assert.match(error.message, /hours\.mon\.0: must end after it starts/);
        // "9:00" is named once, as not HH:MM (not also as ending before it starts, which "9:00" > "17:00" as text made it).
        assert.match(error.message, /hours\.tue\.0\.0: must be "HH:MM"/);
        assert.doesNotMatch(error.message, /hours\.tue\.0: must end/);
        assert.match(error.message, /hours\.funday: is not a known setting/);
        assert.match(error.message, /allowedOrigins\.0: must be an origin/);
        return true;
      },
    );
  });

  it('names a field of the wrong kind in the words of someone editing the file, and shows an opening range as it is written', () => {
    const bad = {
      ...DEMO_CONFIG,
      services: [{ id: 'a', name: 'A', durationMinutes: '30' }],
      hours: { mon: ['09:00-17:00'] },
      allowedOrigins: 'https://www.example.com',
    };
    assert.throws(
      () => parseConfig(bad),
      (error: Error) => {
        assert.match(error.message, /services\.0\.durationMinutes: must be a number$/m);
        assert.match(error.message, /hours\.mon\.0: must be a pair of times such as \["09:00", "17:00"\]$/m);
        assert.match(error.message, /allowedOrigins: must be a list: \[ … \]$/m);
        assert.doesNotMatch(error.message, /must be (string|number|tuple|array|object)$/m);
        return true;
      },
    );
  });

  it('refuses a webhook that could never be delivered as written: no host, no event, a password inside, one address twice', () => {
    const hook = (url: string, events = ['booking.created'], secret = 'a-long-random-secret') => ({ url, events, secret });
    const message = (webhooks: unknown[]) => {
      try {
        parseConfig({ ...DEMO_CONFIG, webhooks });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    assert.match(message([hook('http://')]), /webhooks\.0\.url: must be an http\(s\) address such as/);
    assert.match(message([hook('ftp://hooks.example.com/x')]), /webhooks\.0\.url: must be an http\(s\) address/);
    assert.match(message([hook('https://zap:pass@hooks.example.com/x')]), /webhooks\.0\.url: must not hold a user name or password/);
    assert.match(message([hook('https://hooks.example.com/x', [])]), /webhooks\.0\.events: must name at least one event/);
    const twice = [
      hook('https://hooks.example.com/x', ['booking.created']),
      hook('https://hooks.example.com/x', ['message.created'], 'another-secret'),
    ];
    assert.match(message(twice), /webhooks: each address once: list all its events in one entry/);
    // Written in capitals, or to another path of the same host: accepted.
    assert.equal(message([hook('HTTPS://hooks.example.com/x'), hook('https://hooks.example.com/y')]), 'accepted');
  });

  it('says which file is missing or not JSON', () => {
    assert.throws(() => loadConfig(join(dir, 'nope.json')), /Cannot read the config file .*nope\.json/);
    assert.throws(() => loadConfig(writeConfig('{ "business": ')), /is not valid JSON/);
    assert.throws(() => loadConfig(writeConfig({ business: { name: 'X' } })), /business\.timezone: is missing \(text in quotes\)/);
  });

  it('stops `frontdesk serve` with the message and a non-zero exit', () => {
    const path = writeConfig({ ...DEMO_CONFIG, services: [{ id: 'a b', name: 'A', durationMinutes: 30 }] });
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/server/cli.ts').then((m) => m.main(['serve']))"], {
      env: { ...process.env, FRONTDESK_CONFIG: path, PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'x.db')}` },
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /services\.0\.id: must be letters, digits/);
  });
});
