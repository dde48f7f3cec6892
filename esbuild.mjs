// Bundles the extension, the CLI and the tests. Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every `*.test.ts` below a folder, plus the given extra entries. */
function testEntries(dir, extra = []) {
  if (!existsSync(dir)) return extra;
  const found = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  return [...extra, ...found];
}

const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // ESM dependencies (fdir, via tinyglobby) read import.meta.url, which a CJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...shared, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...shared, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${shared.banner.js}` }, define: { ...shared.define, __VERSION__: JSON.stringify(version) } },
];
if (!production) {
  builds.push(
    { ...shared, entryPoints: testEntries('test/unit'), outdir: 'out/test/unit', external: ['vscode', 'mocha'] },
    {
      ...shared,
      entryPoints: testEntries('test/integration', ['test/integration/index.ts']),
      outdir: 'out/test/integration',
      external: ['vscode', 'mocha'],
    },
    { ...shared, entryPoints: testEntries('test/ui'), outdir: 'out/test/ui', external: ['mocha'] },
    { ...shared, entryPoints: { index: 'bench/index.ts' }, outdir: 'out/bench', external: ['markdownlint', 'markdownlint/sync'] },
  );
}

// The webview's script runs in the browser; its codicon font and CSS are copied beside it.
builds.push({ entryPoints: { whys: 'src/webview/whys.ts' }, outdir: 'dist/webview', bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production, logLevel: 'warning' });
mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', file), join('dist', 'webview', file));

rmSync('out', { recursive: true, force: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
