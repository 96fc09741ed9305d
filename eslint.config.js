// ESLint (npm run lint): typescript-eslint's recommended rules (no type information, so it stays fast)
// over src, scripts, test and the browser scripts. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'src/generated/', 'src/worker-configuration.d.ts', 'corpus/', 'test/fixtures/', 'test/eval/', 'test-artifacts/', '.wrangler/', '.vitest/', 'scratch/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts', 'test/**/*.ts', '*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.serviceworker } },
  },
  {
    files: ['public/static/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Japanese patterns match the full-width space (U+3000) and similar on purpose.
      'no-irregular-whitespace': ['error', { skipRegExps: true, skipStrings: true, skipTemplates: true }],
      // XML/XLSX writers and the approvals export strip control characters with regexes on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Callbacks run in the page (page.evaluate); the Node-side typings have no DOM types.
    files: ['test/browser/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
