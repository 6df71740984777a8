/**
 * dist/custom-elements.json (npm run manifest, part of npm run build) describes every element as its
 * code is: each attribute, event, part, slot and CSS custom property an element uses is listed, with a
 * description, and nothing is listed that the element does not use (a stale or misspelt JSDoc tag).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { elementFiles, elementUsage } from './element-usage.js';

interface Item {
  name: string;
  description?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Item[];
  events?: Item[];
  cssParts?: Item[];
  slots?: Item[];
  cssProperties?: Item[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: Declaration[] }[];
}

const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as Manifest;
const defines = [...readFileSync('src/widgets/index.ts', 'utf8').matchAll(/'\.\/([a-z-]+)\/define\.js'/g)].map((m) => m[1]!);

function declarationOf(file: string, className: string): Declaration | undefined {
  return manifest.modules.find((m) => m.path === file)?.declarations?.find((d) => d.name === className);
}

/** The same names on both sides, and a description for each documented one. */
function sameNames(kind: string, used: Set<string>, documented: Item[] = []) {
  const listed = documented.map((i) => i.name);
  const missing = [...used].filter((n) => !listed.includes(n));
  const unused = listed.filter((n) => !used.has(n));
  assert.deepEqual(missing, [], `${kind} used by the element but missing from custom-elements.json: ${missing.join(', ')}`);
  assert.deepEqual(unused, [], `${kind} in custom-elements.json that the element does not use: ${unused.join(', ')}`);
  const bare = documented.filter((i) => !i.description?.trim()).map((i) => i.name || '(default slot)');
  assert.deepEqual(bare, [], `${kind} without a description: ${bare.join(', ')}`);
}

describe('custom-elements.json', () => {
  const files = elementFiles();

  it('finds the five elements in the source, and the kit defines each of them', () => {
    assert.deepEqual(
      files.map((f) => f.replace(/^.*src\/widgets\//, '')),
      [
        'booking/booking.ts',
        'comments/comments.ts',
        'testimonial-form/testimonial-form.ts',
        'testimonial/testimonial.ts',
        'testimonials/testimonials.ts',
      ],
    );
    assert.deepEqual(defines.sort(), ['booking', 'comments', 'testimonial', 'testimonial-form', 'testimonials']);
  });

  for (const file of files) {
    const usage = elementUsage(file);
    describe(usage.className, () => {
      const declaration = declarationOf(usage.file, usage.className);

      it('is a custom element with the tag its define() call gives it', () => {
        assert.ok(declaration, `${usage.className} is not in custom-elements.json (module ${usage.file})`);
        const folder = usage.file.split('/').at(-2)!;
        const define = readFileSync(`src/widgets/${folder}/define.ts`, 'utf8');
        const tag = new RegExp(`define\\('([a-z-]+)', ${usage.className}\\)`).exec(define)?.[1];
        assert.ok(tag, `src/widgets/${folder}/define.ts defines ${usage.className}`);
        assert.equal(declaration.customElement, true);
        assert.equal(declaration.tagName, tag);
      });

      it('lists its attributes, including the common ones (api, locale, theme)', () => {
        assert.ok(usage.attributes.has('api') && usage.attributes.has('theme'), 'the base class\u2019s attributes were read');
        sameNames('attributes', usage.attributes, declaration?.attributes);
      });

      it('lists the events it dispatches', () => sameNames('events', usage.events, declaration?.events));
      it('lists its ::part names', () => sameNames('parts', usage.parts, declaration?.cssParts));
      it('lists its slots', () => sameNames('slots', usage.slots, declaration?.slots));
      it('lists the --frontdesk-* custom properties its styles read', () => {
        assert.ok(usage.cssProperties.size >= 7, 'the base styles were read');
        sameNames('CSS custom properties', usage.cssProperties, declaration?.cssProperties);
      });
    });
  }

  it('names every item with one word: no comma lists left in a JSDoc tag', () => {
    for (const module of manifest.modules) {
      for (const d of module.declarations ?? []) {
        for (const item of [...(d.attributes ?? []), ...(d.events ?? []), ...(d.cssParts ?? []), ...(d.cssProperties ?? [])]) {
          assert.match(item.name, /^[a-z-]+$/, `${d.name}: "${item.name}"`);
        }
      }
    }
  });
});
