/**
 * docs/config.md documents the config file and the environment as the code reads them: every key of
 * the config's schema (src/server/config.ts) has its row, with the schema's default, every row names a
 * real key, and every environment variable the server reads has its row.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/server/config.js';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  defaultValue?: unknown;
}

interface Key {
  path: string;
  leaf: boolean;
  default?: unknown;
}

/** Every key, dotted (`booking.slotIntervalMinutes`), list items as `services[].id`; defaults read from the schema. */
function keysOf(def: Def, path = '', found: Key[] = []): Key[] {
  let inner = def;
  let fallback: unknown;
  while (inner.type === 'default' || inner.type === 'optional') {
    if (inner.type === 'default')
      fallback = typeof inner.defaultValue === 'function' ? (inner.defaultValue as () => unknown)() : inner.defaultValue;
    inner = inner.innerType!._zod.def;
  }
  const item = inner.type === 'array' ? inner.element!._zod.def : undefined;
  const nested = inner.type === 'object' ? inner : item?.type === 'object' ? item : undefined;
  if (path) found.push({ path, leaf: !nested, ...(fallback !== undefined ? { default: fallback } : {}) });
  if (nested) {
    const prefix = path ? `${path}${item ? '[]' : ''}.` : '';
    for (const [name, schema] of Object.entries(nested.shape!)) keysOf(schema._zod.def, prefix + name, found);
  }
  return found;
}

const docs = readFileSync('docs/config.md', 'utf8');
/** Table rows: first cell (without its backticks) → the row's cells. */
const rows = new Map([...docs.matchAll(/^\| `([^`]+)` \|(.*)\|$/gm)].map((m) => [m[1]!, m[2]!.split('|').map((c) => c.trim())]));
const keys = keysOf((configSchema as unknown as { _zod: { def: Def } })._zod.def);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('docs/config.md', () => {
  it('has a row for every key of the config file', () => {
    assert.ok(keys.length > 20, 'the schema was read');
    assert.deepEqual(
      keys.filter((k) => !rows.has(k.path)).map((k) => k.path),
      [],
    );
  });

  it('names no key that the config does not have', () => {
    const known = new Set(keys.map((k) => k.path));
    const env = /^[A-Z][A-Z0-9_]+$/;
    assert.deepEqual(
      [...rows.keys()].filter((name) => !known.has(name) && !env.test(name)),
      [],
    );
  });

  it('gives each key the schema\u2019s default', () => {
    for (const key of keys.filter((k) => k.leaf && k.default !== undefined)) {
      const row = rows.get(key.path);
      // A key without its row is reported by the first test; here it is named rather than crashing the loop.
      assert.ok(row, `${key.path}: no row in docs/config.md, so no default to compare with ${JSON.stringify(key.default)}`);
      const cell = row[1] ?? '';
      const written = /^`(.*)`$/.exec(cell)?.[1];
      const expected = typeof key.default === 'string' ? key.default : JSON.stringify(key.default);
      assert.equal(written, expected, `${key.path}: the default column says ${cell}`);
    }
  });

  it('has a row for every environment variable the server reads', () => {
    const read = new Set(
      sourceFiles('src/server').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!)),
    );
    assert.ok(read.has('DATABASE_URL'), 'the sources were read');
    assert.deepEqual(
      [...read].filter((name) => !rows.has(name)),
      [],
    );
  });
});
