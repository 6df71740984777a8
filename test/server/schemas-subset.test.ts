/**
 * The kit validates with the part of zod/mini that the shared schemas use (src/widgets/base/
 * zod-subset.ts, put in zod/mini's place by rollup.config.mjs); the server with zod/mini itself.
 * Both must give the same answers: the shared schemas are bundled here with the subset, and every
 * form of the kit is checked with both on the same inputs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { build } from 'esbuild';
import * as real from '../../src/shared/schemas.js';

const HOSTILE = ['', ' ', '\u0000', 'a'.repeat(101), 'é'.repeat(100), '😀'.repeat(80), '<script>', null, undefined, 42, {}, [], true];
const INPUTS: Record<string, unknown[]> = {
  service: ['cupping', ' follow-up ', 'x'.repeat(101), ...HOSTILE],
  start: ['2027-01-12T10:00:00-05:00', '2027-01-12T10:00Z', '2027-13-45T99:99:99Z', 'tomorrow', ...HOSTILE],
  name: ['Ada Lovelace', '  Ada \n Lovelace ', ...HOSTILE],
  email: ['ada@example.com', ' ada@example.com ', 'ada@', 'a@b.c', 'ada@example.co\u0000m', 'a'.repeat(250) + '@example.com', ...HOSTILE],
  phone: ['+1 555 0100', '(555) 010-0100', 'call me', '12', ...HOSTILE],
  notes: ['First visit.', 'x'.repeat(2001), ...HOSTILE],
  message: ['Do you treat back pain?', 'x'.repeat(5001), ...HOSTILE],
  timezone: ['America/New_York', 'Mars/Olympus', ...HOSTILE],
  locale: ['es-MX', 'xx', 'AR', ...HOSTILE],
  thread: ['/blog/post', 'x'.repeat(2001), ...HOSTILE],
  author: ['Ann', 'x'.repeat(81), ...HOSTILE],
  text: ['Hello **world**', 'x'.repeat(5001), ...HOSTILE],
  parentId: ['12', 'x'.repeat(101), ...HOSTILE],
  elapsedMs: [5000, 'slow', Infinity, null, undefined],
};

it('gives the same answers as zod/mini for every form of the kit', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'frontdesk-subset-')), 'schemas.mjs');
  await build({
    entryPoints: ['src/shared/schemas.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: out,
    alias: { 'zod/mini': resolve('src/widgets/base/zod-subset.ts') },
    logLevel: 'silent',
  });
  const subset = (await import(pathToFileURL(out).href)) as typeof real;
  let checked = 0;
  for (const form of ['bookingInput', 'messageInput', 'commentInput'] as const) {
    const fields = [...Object.keys(real[form].required), ...Object.keys(real[form].optional), 'elapsedMs'];
    const base = Object.fromEntries(fields.map((f) => [f, INPUTS[f]![0]]));
    for (const field of fields) {
      for (const value of INPUTS[field]!) {
        const input = { ...base, [field]: value };
        assert.deepEqual(
          subset.validate(subset[form], input),
          real.validate(real[form], input),
          `${form}.${field} = ${JSON.stringify(value)}`,
        );
        checked++;
      }
    }
  }
  assert.ok(checked > 200);
});
