/**
 * README.md and docs/ are complete in a clone: every relative link points to a file of the repository
 * (and, with an anchor, to one of its headings), and nothing sends readers to files outside it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import { relativeLinks } from '../support/markdown-links.js';

const pages = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('README and docs', () => {
  for (const page of pages) {
    it(`${page}: every relative link resolves inside the repository`, () => {
      const text = readFileSync(page, 'utf8');
      assert.ok(!text.includes('../shared'), 'no link to the workspace\u2019s shared folder');
      for (const { file, anchor } of relativeLinks(text)) {
        const target = file + (anchor ? `#${anchor}` : '');
        const path = file ? normalize(join(dirname(page), file)) : page;
        assert.ok(!path.startsWith('..'), `${target} leaves the repository`);
        assert.ok(existsSync(path), `${target}: no such file`);
        if (anchor) assert.ok(anchors(readFileSync(path, 'utf8')).has(anchor), `${target}: no such heading`);
      }
    });
  }
});
