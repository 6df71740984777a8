// Builds, in this order:
// 1. the kit's chunks (dist/kit/, content-hashed, cached for a year): one entry per element, the
//    chunks they share, one chunk per language; and dist/kit/manifest.json, which names them;
// 2. the loader (dist/frontdesk.js, the one script a site pastes), with that manifest baked in;
// 3. dist/frontdesk.mjs, the whole kit as one ES module for bundlers, every language inlined;
// 4. dist/elements/<element>.js, one ES module per element for bundlers (`frontdesk/booking`);
// 5. the admin page's own bundle (dist/admin.js).
// `npm run size` measures what a page really fetches.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyTemplates } from './scripts/rollup-minify-templates.mjs';

const ELEMENTS = ['booking', 'testimonial', 'testimonials', 'comments', 'testimonial-form'];
/** The elements of the all-in-one file, for pages with several: the ones a clinic's pages combine. */
const IN_ALL = ['booking', 'testimonial', 'testimonials', 'comments'];
const CORE =
  /(node_modules\/lit-html\/|src\/widgets\/base\/(reactive|element|css|styles|i18n|settings|locale|define)\.ts|src\/widgets\/controllers\/localize\.ts|src\/shared\/i18n\/(format|languages)\.ts)/;
// The shared schemas (and zod/mini) are not here: the elements import them when a form is reached
// (src/widgets/base/validation.ts), so Rollup gives them a chunk of their own, fetched only then.
const INTERACTIVE =
  /src\/(widgets\/base\/(api|form|form-styles|validation)|widgets\/controllers\/(latest|roving)|shared\/(text|limits|i18n\/en-common))\.ts$/;

const plugins = (outDir) => [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true, ...(outDir ? { outDir } : {}) },
    noEmitOnError: true,
  }),
  minifyTemplates(),
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

/**
 * Writes dist/kit/manifest.json: the chunks each element and language needs (itself first), with
 * their gzip sizes. Chunks only ever imported by a chunk (the validation, on reaching a form) are
 * not in it: the loader never names them.
 */
function kitManifest() {
  return {
    name: 'frontdesk-kit-manifest',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const files = [];
      const closure = (chunk) => {
        const seen = [chunk.fileName];
        for (let i = 0; i < seen.length; i++) for (const next of bundle[seen[i]].imports) if (!seen.includes(next)) seen.push(next);
        for (const file of seen) if (!files.includes(file)) files.push(file);
        return seen.map((f) => files.indexOf(f));
      };
      const elements = {};
      const languages = {};
      for (const chunk of chunks) {
        const element = chunk.isEntry && /widgets\/elements\/([a-z-]+)\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
        if (element) elements['frontdesk-' + element] = closure(chunk);
        const language = /widgets\/locales\/([a-z]+)\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
        if (language) languages[language] = closure(chunk);
      }
      const sizes = files.map((file) => gzipSize(bundle[file].code));
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify({ files, sizes, elements, languages }, null, 1) });
    },
  };
}

/** The loader's `frontdesk:kit` module: the manifest the kit build wrote. */
function kitModule() {
  const id = '\0frontdesk:kit';
  return {
    name: 'frontdesk-kit-module',
    resolveId: (source) => (source === 'frontdesk:kit' ? id : null),
    load(source) {
      if (source !== id) return null;
      const { files, sizes, elements, languages } = JSON.parse(readFileSync('dist/kit/manifest.json', 'utf8'));
      const all = JSON.parse(readFileSync('dist/kit/all.json', 'utf8'));
      // For each set of tags found at first (bit i: the i-th tag of ELEMENTS), whether the all-in-one
      // file is smaller than their chunks together.
      const tags = Object.keys(elements);
      let cheaper = 0;
      // Only sets of tags the all-in-one file holds (not the testimonial form: src/widgets/elements/all.ts).
      const inAll = tags.reduce((bits, tag, i) => bits | (IN_ALL.includes(tag.slice('frontdesk-'.length)) ? 1 << i : 0), 0);
      for (let set = 1; set < 1 << tags.length; set++) {
        if (set & ~inAll) continue;
        const chunks = new Set(tags.filter((_, i) => set & (1 << i)).flatMap((tag) => elements[tag]));
        if ([...chunks].reduce((sum, i) => sum + sizes[i], 0) > all.size) cheaper |= 1 << set;
      }
      return [
        `export const FILES = ${JSON.stringify(files)};`,
        `export const ELEMENTS = ${JSON.stringify(elements)};`,
        `export const LANGUAGES = ${JSON.stringify(languages)};`,
        `export const ALL = ${JSON.stringify(all.file)};`,
        `export const ALL_CHEAPER = ${cheaper};`,
        `export const IN_ALL = ${inAll};`,
      ].join('\n');
    },
  };
}

/** The server fills in its settings where the loader says `__FRONTDESK_SERVER__` (src/server/routes/kit.ts): it must be there once. */
function checkPlaceholder() {
  return {
    name: 'frontdesk-placeholder',
    generateBundle(_options, bundle) {
      const code = bundle['frontdesk.js'].code;
      if (code.split('__FRONTDESK_SERVER__').length !== 2) this.error('dist/frontdesk.js must contain __FRONTDESK_SERVER__ exactly once');
    },
  };
}

mkdirSync('dist', { recursive: true });

const builds = [
  {
    input: Object.fromEntries(ELEMENTS.map((name) => [name, `src/widgets/elements/${name}.ts`])),
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist/kit',
      // What the booking form, the comments and the wall share (API calls, the latest-request and
      // roving-focus controllers, buttons and fields, the shared schemas): one file, not five.
      // Everything every element needs is the core (Lit's templates, the reactive base, languages).
      manualChunks: (id) => (INTERACTIVE.test(id) ? 'interactive' : CORE.test(id) ? 'core' : undefined),
      format: 'es',
      // Six hash characters (36 bits) tell versions apart as well as eight, and every chunk's name
      // is in the loader: the two saved per name kept the testimonial page under its 9 KB.
      entryFileNames: '[name]-[hash:6].js',
      chunkFileNames: '[name]-[hash:6].js',
      // Hidden source maps: built for debugging, but the kit carries no link to them.
      sourcemap: 'hidden',
    },
    plugins: [...plugins('dist/kit'), kitManifest()],
  },
  {
    // Every element in one file, for pages with several (the loader compares sizes); dist/kit/all.json names it.
    input: { all: 'src/widgets/elements/all.ts' },
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist/kit',
      format: 'es',
      entryFileNames: '[name]-[hash:6].js',
      chunkFileNames: '[name]-[hash:6].js',
      sourcemap: 'hidden',
    },
    plugins: [
      ...plugins('dist/kit'),
      {
        name: 'frontdesk-all-manifest',
        generateBundle(_options, bundle) {
          const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
          this.emitFile({
            type: 'asset',
            fileName: 'all.json',
            source: JSON.stringify({ file: entry.fileName, size: gzipSize(entry.code) }),
          });
        },
      },
    ],
  },
  {
    input: 'src/widgets/loader/loader.ts',
    output: { file: 'dist/frontdesk.js', format: 'iife', sourcemap: 'hidden' },
    plugins: [kitModule(), ...plugins(), checkPlaceholder()],
  },
  {
    input: 'src/widgets/index.ts',
    output: { file: 'dist/frontdesk.mjs', format: 'es', sourcemap: 'hidden', inlineDynamicImports: true },
    plugins: plugins(),
  },
  {
    input: { ...Object.fromEntries(ELEMENTS.map((name) => [name, `src/widgets/${name}/define.ts`])), index: 'src/widgets/index.ts' },
    output: { dir: 'dist/elements', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
    plugins: plugins('dist/elements'),
  },
];

if (existsSync('src/admin/index.ts')) {
  builds.push({
    input: 'src/admin/index.ts',
    output: { file: 'dist/admin.js', format: 'es', sourcemap: true },
    plugins: plugins(),
  });
}

// Chunks of an earlier build must not pile up (each build's names differ).
for (const dir of ['dist/kit', 'dist/elements']) rmSync(dir, { recursive: true, force: true });

export default builds;
