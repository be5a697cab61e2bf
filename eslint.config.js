// One ESLint configuration for every workspace. Type errors are tsc's and svelte-check's job (`npm run check`);
// the presets here are the untyped recommended ones, so linting needs no TypeScript program and stays quick.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

import adminSvelteConfig from './admin/svelte.config.js';
import cityPagesSvelteConfig from './city/pages/svelte.config.js';
import displaySvelteConfig from './display/svelte.config.js';
import kioskSvelteConfig from './kiosk/svelte.config.js';

/** What a front end must not import: the server is never bundled into a screen. */
const notTheServer = {
  // `@junban/server` and every path in it: the contract is the protocol package's.
  regex: '^@junban/server(/.*)?$',
  message: 'A screen must not import the server: take the contract from @junban/protocol.',
};
/** The screens stay small and run under a strict CSP: no zod, so only the protocol's zod-free entry. */
const noZod = [
  { group: ['zod', 'zod/*'], message: 'The screens do not bundle zod: use @junban/protocol/screens.' },
  { regex: '^@junban/protocol$', message: 'The root entry brings zod: import @junban/protocol/screens instead.' },
];

/** Checking a form file brings zod (jitless): only the city's catalogue page does it. */
const formFile = { regex: '^@junban/protocol/form-file$', message: "Only the city's catalogue page checks form files (it brings zod)." };

/** The parser and Svelte settings for one front end's `.svelte` and `.svelte.ts` files. */
const svelteFiles = (folder, svelteConfig) => ({
  files: [`${folder}/**/*.svelte`, `${folder}/**/*.svelte.ts`, `${folder}/**/*.svelte.js`],
  languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
});

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'screens-shared/paraglide/',
    'screens-shared/paraglide-staff/',
    '**/dist/',
    '**/build/',
    '**/.svelte-kit/',
    'data/',
    '**/test-results/',
    '**/playwright-report/',
  ]),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,

  {
    rules: {
      // An unused parameter or destructured field named `_…` is deliberate: a callback's fixed signature, or a
      // field left out of `...rest`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      // `let hub; … () => hub?.x(); … hub = create()`: a late-bound variable read by callbacks made before it is
      // assigned (see server/src/app.ts). `const` at the assignment would trade `undefined` for a TDZ error.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },

  // Where each file runs.
  { files: ['server/**', 'city/src/**', 'city/test/**', 'test/**', '**/*.config.{js,ts}', '*.js'], languageOptions: { globals: globals.node } },
  { files: ['kiosk/**', 'display/**', 'admin/**', 'screens-shared/**', 'city/pages/**'], languageOptions: { globals: globals.browser } },
  // The catalogues' compile and missing-key check run in Node, before any build.
  { files: ['screens-shared/i18n/*.js'], languageOptions: { globals: globals.node } },
  // Browser tests and benches pass functions to the page (page.evaluate), so both sets of globals are right there.
  { files: ['test/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },

  // What each front end may import: no screen bundles zod (its compiled parsers break under the CSP) or the server.
  {
    files: ['kiosk/**', 'display/**', 'admin/**', 'screens-shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notTheServer, ...noZod, formFile] }] },
  },
  // The one exception: the city's catalogue page checks a form file its admin picks with the protocol's own schema,
  // through `@junban/protocol/form-file` (zod without compiled parsers, loaded only when a file is picked).
  {
    files: ['city/pages/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notTheServer, ...noZod] }] },
  },

  svelteFiles('kiosk', kioskSvelteConfig),
  svelteFiles('display', displaySvelteConfig),
  svelteFiles('admin', adminSvelteConfig),
  svelteFiles('city/pages', cityPagesSvelteConfig),
  // Shared screen code is compiled by each front end; the kiosk's settings stand for all three.
  svelteFiles('screens-shared', kioskSvelteConfig),
);
