/**
 * The npm package as a site's developer gets it: `npm pack` (of the build that `npm run build` left in
 * dist/), installed into a scratch project in a temporary folder. Its Rollup build of
 * `import 'frontdesk/booking'` must define <frontdesk-booking> in Chromium, and its TypeScript must see
 * the package's declarations through package.json `exports`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { launchChromium, withPage } from '../support/chromium.js';
import { relativeLinks } from '../support/markdown-links.js';

const REPO = process.cwd();
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'frontdesk-pack-'));
const project = join(scratch, 'site');
let tarball = '';

interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
  types: string;
  customElements: string;
  bin: Record<string, string>;
}

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Type-checks `code` in the scratch project; answers tsc's complaints ('' when there are none). */
function typeErrors(code: string): string {
  writeFileSync(join(project, 'consumer.ts'), code);
  try {
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout || String(error);
  }
}

describe('the npm package', () => {
  before(() => {
    assert.ok(existsSync('dist/elements/booking.js') && existsSync('dist/types'), 'run npm run build first');
    // --ignore-scripts: prepack would rebuild; the build under test is the one already in dist/.
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO)) as {
      filename: string;
    }[];
    tarball = join(scratch, packed[0]!.filename);
    run('mkdir', ['-p', project], scratch);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
    // The registry's metadata comes from npm's cache once it has been fetched: later runs work offline.
    run('npm', ['install', tarball, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds every file package.json points to, and no sources or tests', () => {
    const listed = run('tar', ['-tzf', tarball], scratch)
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/frontdesk/package.json'), 'utf8')) as PackageJson;
    const targets = [
      ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))),
      pkg.types,
      pkg.customElements,
      ...Object.values(pkg.bin),
    ].map((t) => t.replace(/^\.\//, ''));
    const missing = targets.filter((t) => !listed.includes(t));
    assert.deepEqual(missing, [], 'files named in package.json but not in the tarball');
    assert.deepEqual(
      listed.filter((f) => /^(src|test|bench)\//.test(f)),
      [],
      'sources and tests stay out of the package',
    );
  });

  it('holds every page the packaged README and docs link to, so the manual a developer installs is whole', () => {
    const listed = new Set(
      run('tar', ['-tzf', tarball], scratch)
        .split('\n')
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, '')),
    );
    const pages = [...listed].filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
    assert.ok(pages.includes('docs/config.md'), 'the docs are in the package');
    const broken = pages.flatMap((page) => {
      const text = readFileSync(join(project, 'node_modules/frontdesk', page), 'utf8');
      return relativeLinks(text)
        .filter(({ file }) => file)
        .map(({ file }) => normalize(join(dirname(page), file)))
        .filter((path) => !listed.has(path))
        .map((path) => `${page} -> ${path}`);
    });
    assert.deepEqual(broken, []);
  });

  it("builds a site that imports 'frontdesk/booking' with Rollup, and the bundle defines <frontdesk-booking> in Chromium", async () => {
    writeFileSync(join(project, 'main.js'), "import 'frontdesk/booking';\n");
    const bundle = await rollup({ input: join(project, 'main.js'), plugins: [nodeResolve({ browser: true, rootDir: project })] });
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    await bundle.close();
    const code = output[0].code;
    assert.ok(!/from\s*['"]/.test(code), 'the bundle imports nothing more');

    const browser = await launchChromium();
    try {
      const seen = await withPage(browser, async (page, problems) => {
        // An API nobody answers on: the element still renders its first step and its error.
        await page.setContent(
          '<!doctype html><html lang="en"><body><frontdesk-booking api="http://127.0.0.1:9"></frontdesk-booking></body></html>',
        );
        await page.addScriptTag({ content: code, type: 'module' });
        // Run in the page (strings: this file is type-checked without the DOM's types).
        const heading = "document.querySelector('frontdesk-booking')?.shadowRoot?.querySelector('h2')?.textContent";
        await page.waitForFunction(heading);
        return {
          heading: await page.evaluate(heading),
          others: await page.evaluate(
            "['frontdesk-comments', 'frontdesk-testimonial', 'frontdesk-testimonials'].filter((t) => customElements.get(t))",
          ),
          problems: problems.filter((p) => !/Failed to load resource/.test(p)),
        };
      });
      assert.equal(seen.heading, 'Choose a service');
      assert.deepEqual(seen.others, [], 'only the element that was imported is defined');
      assert.deepEqual(seen.problems, []);
    } finally {
      await browser.close();
    }
  });

  it("gives TypeScript each element's class for its tag (HTMLElementTagNameMap), through the package's exports", () => {
    const good = `import 'frontdesk/booking';
import 'frontdesk';
const booking = document.querySelector('frontdesk-booking')!;
booking.mode = 'contact';
const comments: HTMLElement = document.createElement('frontdesk-comments');
const wall = document.createElement('frontdesk-testimonials');
wall.layout = 'carousel';
document.createElement('frontdesk-testimonial').rating = 4.5;
export { comments };
`;
    assert.equal(typeErrors(good), '');
    // The types are real, not `any`: a wrong value is refused.
    assert.match(
      typeErrors(`import 'frontdesk/booking';\ndocument.querySelector('frontdesk-booking')!.mode = 'calendar';\n`),
      /'"calendar"' is not assignable/,
    );
  });

  it("types each element's events, on the element and on document: e.detail of frontdesk-booking-created and -rescheduled is the booking, frontdesk-error has one shape", () => {
    const code = `import 'frontdesk/booking';
document.querySelector('frontdesk-booking')!.addEventListener('frontdesk-booking-created', (e) => {
  const start: string = e.detail.start;
  console.log(start.toUpperCase());
});
document.addEventListener('frontdesk-booking-rescheduled', (e) => {
  const moved: { id: string; token: string; start: string } = e.detail;
  console.log(moved.id, moved.token, moved.start);
});
document.addEventListener('frontdesk-error', (e) => {
  const { code, message, status }: { code: string; message: string; status: number } = e.detail;
  console.log(code, message, status);
});
`;
    assert.equal(typeErrors(code), '');
    // The types are real, not `any`: a wrong use of a detail is refused.
    const wrong = `import 'frontdesk/booking';
document.querySelector('frontdesk-booking')!.addEventListener('frontdesk-booking-created', (e) => {
  const start: number = e.detail.start;
  console.log(start);
});
`;
    assert.match(typeErrors(wrong), /Type 'string' is not assignable to type 'number'/);
  });
});
