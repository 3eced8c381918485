// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const safeStringOnly = { selector: "CallExpression[callee.object.name='z'][callee.property.name='string']", message: 'Use safeString() from src/safeText.ts: PostgreSQL refuses NUL and lone surrogates.' };
// Every error id, its status and its meaning are in src/errors.ts's catalogue: throw its named factories.
const namedErrorsOnly = { selector: "NewExpression[callee.name='AppError']", message: 'Use a named factory of src/errors.ts (its catalogue gives the id its status), not new AppError.' };

export default tseslint.config(
  // Generated code (the filter grammar's parser: npm run build:grammar) is checked against its source by a test instead.
  { ignores: ['dist/', 'forge/dist/', 'node_modules/', '.data/', 'coverage/', 'src/**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'error',
    },
  },
  {
    // Every string of a REST body or query goes through safeString (no NUL, no lone surrogate: PostgreSQL refuses them).
    files: ['src/**/*.ts'],
    ignores: ['src/env.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', safeStringOnly, namedErrorsOnly],
    },
  },
  {
    // The catalogue builds its errors itself.
    files: ['src/errors.ts'],
    rules: { 'no-restricted-syntax': ['error', safeStringOnly] },
  },
  {
    // The React front-end: browser code, hooks used by the rules of hooks.
    files: ['frontend/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Pages reach the server through the API client and the host adapter only.
      'no-restricted-globals': ['error', { name: 'AP', message: 'Use the host adapter (frontend/src/host/).' }],
    },
  },
  {
    files: ['frontend/src/pages/**/*.{ts,tsx}', 'frontend/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Use the typed API client (frontend/src/api/).' }, { name: 'AP', message: 'Use the host adapter (frontend/src/host/).' }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
