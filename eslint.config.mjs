import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.tools/**', '.run/**', 'node_modules/**', 'examples/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Everything that reads document text, settings or team config runs in linear time: no regex
    // that backtracks polynomially or is retried from every position of a long run.
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // `[+-−]` is every character from + to U+2212, digits and letters included: a zone read "14:31".
      'regexp/no-obscure-range': 'error',
    },
  },
  {
    // The `postmortem` launcher is CommonJS as Node runs it (dist/cli.js), with no build step.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests never hide others: no `.only`.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name=/^(describe|it|suite|test|context)$/][property.name='only']",
          message: 'Do not commit .only: it silently skips the rest of the suite.',
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The extension runs in the browser's web worker extension host too (dist/web): nothing it loads
    // may need Node. The CLI (src/cli*) and the scripts may.
    files: ['src/vscode/**/*.ts', 'src/features/**/*.ts', 'src/extension*.ts'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, process: 'off', Buffer: 'off', require: 'off', __dirname: 'off', __filename: 'off', global: 'off' },
    },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The extension runs in the web worker extension host too: no Node built-ins (use vscode.workspace.fs, vscode.Uri).',
          })),
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', '__filename', 'global', 'setImmediate'],
    },
  },
  {
    // The core (and what the extension shares with its webviews) runs in Node, the browser and the CLI:
    // no `vscode`, no Node built-ins.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core is pure: convert in src/vscode instead.', allowTypeImports: false },
            ...nodeBuiltins.map((name) => ({ name, message: 'src/core runs outside Node: no Node built-ins.' })),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', '__filename'],
    },
  },
);
