// ESLint (flat config): typescript-eslint, and for the lit-html templates (the widgets' and the admin
// page's) eslint-plugin-lit and eslint-plugin-lit-a11y. `npm run lint` (run by `npm test`) checks the paths in LINTED: all of the
// repository's code (the widgets, the shared code, the server, the admin page, the tests, the
// benchmarks, the scripts and the config files at the root).
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import tseslint from 'typescript-eslint';

export const LINTED = [
  'src',
  'test',
  'bench',
  'scripts',
  'bin',
  'eslint.config.mjs',
  'rollup.config.mjs',
  'custom-elements-manifest.config.mjs',
  'web-test-runner.config.mjs',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        customElements: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        console: 'readonly',
        process: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        sessionStorage: 'readonly',
        crypto: 'readonly',
        Intl: 'readonly',
        PerformanceObserver: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/widgets/**/*.ts', 'src/admin/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/widgets/**/*.ts', 'src/admin/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    // The widgets live in strangers' pages: no console output, ever.
    files: ['src/widgets/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
