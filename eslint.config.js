// Lint rules, and the layering of ARCHITECTURE.md as rules a machine checks: an import that
// crosses a layer the wrong way fails `npm run lint` (and CI), not a review.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** One no-restricted-imports rule from a list of forbidden module patterns and why. */
function forbid(message, patterns, { builtins = false } = {}) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: builtins ? nodeBuiltins.map((name) => ({ name, message })) : [],
        patterns: [{ group: patterns, message }],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tmp/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // A focused test silently skips the rest of the suite.
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'no focused tests' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js', '.ci/**/*.js', '.ci/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src-shared/**'],
    rules: forbid('src-shared is pure TypeScript: no node, electron, DOM or app-layer imports', [
      'electron', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**',
    ], { builtins: true }),
  },
  {
    files: ['src-main/core/**'],
    rules: forbid('core runs without Electron (CLI, tests): no electron, no electron adapters, no renderer', [
      'electron', 'electron-store', '**/electron/**', '**/src-renderer/**', '**/src-preload/**', '**/worker/**', '**/server/**', '**/cli',
    ]),
  },
  {
    files: ['src-main/worker/**'],
    rules: forbid('the worker depends on src-shared only', [
      'electron', '**/core/**', '**/electron/**', '**/server/**', '**/cli', '**/src-renderer/**', '**/src-preload/**',
    ]),
  },
  {
    files: ['src-main/cli.ts', 'src-main/cli/**', 'src-main/server/**', 'src-main/serve-web.ts'],
    rules: forbid('the CLI and the local server run in plain Node: no electron', [
      'electron', 'electron-store', '**/electron/**', '**/src-renderer/**', '**/src-preload/**',
    ]),
  },
  {
    files: ['src-main/electron/**', 'src-main/index.ts'],
    rules: forbid('main never imports the renderer or the preload', ['**/src-renderer/**', '**/src-preload/**']),
  },
  {
    files: ['src-renderer/**'],
    rules: forbid('the renderer talks to the app only through window.webagent: no node, electron or main code', [
      'electron', '**/src-main/**', '**/src-preload/**',
    ], { builtins: true }),
  },
  {
    files: ['src-preload/**'],
    // A sandboxed preload can load no module but electron: from src-shared it takes the
    // zod-free names only (the schemas would pull zod in).
    rules: forbid('the preload exposes the contract only, from src-shared/contract-names (a sandboxed preload cannot load zod)', [
      '**/src-main/**', '**/src-renderer/**', 'zod', '**/src-shared/*', '!**/src-shared/contract-names', '!**/src-shared/errors', '!**/src-shared/app-protocols',
    ], { builtins: true }),
  },
);
