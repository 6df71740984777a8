/**
 * The bounded map behind the comment page cache, the read memo and the availability cache (src/server/services/bounded-map.ts):
 * both bounds hold, the least recently used goes first, and a `peek` does not count as a use.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BoundedMap } from '../../src/server/services/bounded-map.js';

const keys = (map: BoundedMap<string>, all: string[]) => all.filter((k) => map.peek(k) !== undefined);

it('keeps at most maxEntries, dropping the least recently used', () => {
  const map = new BoundedMap<string>(2, 100, (v) => v.length);
  map.set('a', 'x');
  map.set('b', 'x');
  assert.equal(map.get('a'), 'x'); // a is now the most recent
  map.set('c', 'x');
  assert.deepEqual(keys(map, ['a', 'b', 'c']), ['a', 'c']);
  assert.equal(map.size, 2);
});

it('keeps at most maxTotal as measured, and never a value larger than that alone', () => {
  const map = new BoundedMap<string>(10, 5, (v) => v.length);
  map.set('a', 'xx');
  map.set('b', 'xx');
  map.set('c', 'xx'); // 6 > 5: a goes
  assert.deepEqual(keys(map, ['a', 'b', 'c']), ['b', 'c']);
  map.set('b', 'x'); // replacing b counts its new size only: 3
  map.set('d', 'xx'); // 5
  assert.deepEqual(keys(map, ['a', 'b', 'c', 'd']), ['b', 'c', 'd']);
  map.set('e', 'xxxxxx');
  assert.equal(map.peek('e'), undefined);
  assert.equal(map.size, 3, 'a value too large alone drops nothing');
});

it('does not count a peek as a use, and counts a set of a kept key as one', () => {
  const map = new BoundedMap<string>(2, 100, (v) => v.length);
  map.set('a', 'x');
  map.set('b', 'x');
  assert.equal(map.peek('a'), 'x');
  map.set('c', 'x');
  assert.deepEqual(keys(map, ['a', 'b', 'c']), ['b', 'c']);
  map.set('b', 'y');
  map.set('d', 'x');
  assert.deepEqual(keys(map, ['b', 'c', 'd']), ['b', 'd']);
});

it('starts again from nothing after clear', () => {
  const map = new BoundedMap<string>(10, 4, (v) => v.length);
  map.set('a', 'xxxx');
  map.clear();
  assert.equal(map.size, 0);
  map.set('b', 'xxxx'); // would not fit had clear not reset the total
  assert.equal(map.get('b'), 'xxxx');
});

it('gives back a deleted entry\u2019s measure to the total', () => {
  const map = new BoundedMap<string>(10, 4, (v) => v.length);
  map.set('a', 'xxx');
  map.delete('a');
  map.delete('a'); // twice: the total is given back once
  map.set('b', 'xxxx'); // would drop itself had the delete not given back 3
  assert.deepEqual(keys(map, ['a', 'b']), ['b']);
  map.set('c', 'x'); // 5 > 4: b goes, c stays
  assert.deepEqual(keys(map, ['a', 'b', 'c']), ['c']);
});
