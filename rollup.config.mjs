// Builds the embed kit (dist/frontdesk.js: one classic script; dist/frontdesk.mjs: the same as a
// module) and the admin page's own bundle (dist/admin.js). `npm run size` checks the kit's budget.
import { existsSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyTemplates } from './scripts/rollup-minify-templates.mjs';

const plugins = () => [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true },
    noEmitOnError: true,
  }),
  minifyTemplates(),
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

const builds = [
  {
    input: 'src/widgets/index.ts',
    output: [
      // Hidden source maps: the .map files are built for debugging, but the kit carries no link to them.
      { file: 'dist/frontdesk.js', format: 'iife', sourcemap: 'hidden' },
      { file: 'dist/frontdesk.mjs', format: 'es', sourcemap: 'hidden' },
    ],
    plugins: plugins(),
  },
];

// Per-element ES modules for bundlers (`import 'frontdesk/booking'`), sharing their common code in chunks.
builds.push({
  input: Object.fromEntries(['booking', 'comments', 'testimonial', 'testimonials'].map((name) => [name, `src/widgets/${name}/define.ts`])),
  output: { dir: 'dist/elements', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: 'hidden' },
  plugins: plugins(),
});

if (existsSync('src/admin/index.ts')) {
  builds.push({ input: 'src/admin/index.ts', output: { file: 'dist/admin.js', format: 'es', sourcemap: true }, plugins: plugins() });
}

export default builds;
