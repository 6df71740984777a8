// ESLint (flat config): typescript-eslint, and for the widgets' lit-html templates eslint-plugin-lit
// and eslint-plugin-lit-a11y. `npm run lint` (run by `npm test`) checks the paths in LINTED; the
// server and admin code join when the repository-wide formatting pass lands.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import tseslint from 'typescript-eslint';

export const LINTED = [
  'src/widgets',
  'src/shared',
  'src/server/i18n.ts',
  'src/server/messages-doc.ts',
  'src/server/pages',
  'src/server/routes/book-pages.ts',
  'src/server/routes/review-pages.ts',
  'src/server/routes/assets.ts',
  'src/server/http/compress.ts',
  'test/widgets/i18n',
  'test/widgets/embed/loader.test.ts',
  'test/server/book-pages.test.ts',
  'test/server/demo-languages.test.ts',
  'test/server/i18n.test.ts',
  'scripts/size.mjs',
  'scripts/messages.ts',
  'rollup.config.mjs',
  'eslint.config.mjs',
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
    files: ['src/widgets/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/widgets/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    // The widgets live in strangers' pages: no console output, ever.
    files: ['src/widgets/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
