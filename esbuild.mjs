// Bundles the extension, the CLI and the tests. Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, existsSync, mkdirSync, copyFileSync, chmodSync, writeFileSync } from 'node:fs';
import { writeCliCache } from './scripts/cli-cache.mjs';
import { join, resolve } from 'node:path';
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

/**
 * markdown-it 15's build defines every field of every token through Babel's `_defineProperty` helper
 * (a property-key conversion, an `in` lookup along the prototype chain, then `defineProperty` or an
 * assignment). Its classes have no accessors, so for them the helper always ends in a plain
 * assignment: written as one, parsing 3,000 post-mortems takes 1,014-1,214 ms instead of 1,760-1,863
 * (a third of the time; a tenth of a whole lint). The constructors' calls of it are written as the
 * assignments themselves. The build fails if the helper's text, or the calls' form, changes.
 */
const markdownItFields = {
  name: 'markdown-it-fields',
  setup(build) {
    build.onLoad({ filter: /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.(?:mjs|cjs\.js)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const helper = `function _defineProperty(e, r, t) {
\treturn (r = toPropertyKey(r)) in e ? Object.defineProperty(e, r, {
\t\tvalue: t,
\t\tenumerable: !0,
\t\tconfigurable: !0,
\t\twritable: !0
\t}) : e[r] = t, e;
}`;
      if (!text.includes(helper)) throw new Error(`${args.path}: the _defineProperty helper has changed; check the markdown-it-fields build plugin.`);
      // The constructors' calls, `_defineProperty(this, /** doc */ "name", value);`, become `this.name = value;`:
      // a call per field, with the name as a value, kept the stores generic (a whole lint: 5% in the helper).
      const fields = text.replace(
        /_defineProperty\(\s*this,\s*(?:\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/\s*)?"([A-Za-z_$][\w$]*)",([^;]*)\);/g,
        (_call, name, value) => `this.${name} = ${value.trim()};`,
      );
      if (/_defineProperty\(\s*this\b/.test(fields)) {
        throw new Error(`${args.path}: a field is defined in a new way; check the markdown-it-fields build plugin.`);
      }
      return { contents: fields.replace(helper, 'function _defineProperty(e, r, t) {\n\te[r] = t;\n\treturn e;\n}'), loader: 'js' };
    });
  },
};

const shared = {
  plugins: [markdownItFields],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};
// ESM dependencies of the CLI (fdir, via tinyglobby) read import.meta.url, which a CJS bundle lacks.
const importMetaUrl = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
/**
 * The browser's web worker extension host (vscode.dev, github.dev, code-server): CommonJS as VS Code
 * loads it, the dependencies' browser builds, no Node built-in and no shim (a Node import fails the
 * build instead of being filled in).
 */
const webWorker = { ...shared, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], plugins: [markdownItFields] };

/**
 * @cfworker/json-schema takes its default base URI from `self.location` when it loads. VS Code's web
 * worker extension host runs from a `blob:` URL, where that makes an invalid URL and the whole bundle
 * fails to load. Our schema has an absolute `$id`, so the library's own fallback is right there. The
 * build fails if the library's text changes, rather than patching something else.
 */
const cfworkerBaseUri = {
  name: 'cfworker-base-uri',
  setup(build) {
    build.onLoad({ filter: /[\\/]@cfworker[\\/]json-schema[\\/]dist[\\/]esm[\\/]dereference\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const guard = "typeof self !== 'undefined' &&";
      if (!text.includes(guard)) throw new Error(`${args.path}: the initialBaseURI guard has changed; check the web worker build.`);
      return { contents: text.replace(guard, 'false &&'), loader: 'js' };
    });
  },
};
webWorker.plugins.push(cfworkerBaseUri);

/**
 * mocha's browser build is UMD: where `module` exists (the worker loads the bundle as CommonJS) it
 * would replace the bundle's exports with itself. Hidden from it, it sets the global `mocha` instead.
 */
const mochaAsGlobal = {
  name: 'mocha-as-global',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, (args) => ({
      contents: `(function (module, exports, define) {\n${readFileSync(args.path, 'utf8')}\n})();`,
      loader: 'js',
    }));
  },
};

/** The CLI: the bundle, and `cli.js` (the `postmortem` command) that loads it with its code cache. */
const cli = (outdir, options = shared) => ({
  ...options,
  ...importMetaUrl,
  entryPoints: { 'cli-main': 'src/cli.ts' },
  outdir,
  define: { ...importMetaUrl.define, __VERSION__: JSON.stringify(version) },
});
async function writeLauncher(outdir) {
  writeFileSync(join(outdir, 'cli.js'), `#!/usr/bin/env node\n${readFileSync('src/cli/launcher.cjs', 'utf8')}`, { mode: 0o755 });
  chmodSync(join(outdir, 'cli.js'), 0o755);
  await writeCliCache(resolve(outdir, 'cli-main.js'));
}

// `--cli-out=DIR`: only the CLI, as published (minified), into DIR: `npm run bench` times that one.
const cliOut = process.argv.find((a) => a.startsWith('--cli-out='))?.slice('--cli-out='.length);
if (cliOut) {
  await esbuild.build(cli(cliOut, { ...shared, minify: true, sourcemap: false }));
  await writeLauncher(cliOut);
  process.exit(0);
}

const builds = [
  { ...shared, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...webWorker, entryPoints: { extension: 'src/extension.browser.ts' }, outdir: 'dist/web' },
  cli('dist'),
];
if (!production) {
  builds.push(
    { ...shared, ...importMetaUrl, entryPoints: testEntries('test/unit'), outdir: 'out/test/unit', external: ['vscode', 'mocha', 'mermaid', 'linkedom'] },
    {
      ...shared,
      entryPoints: testEntries('test/integration', ['test/integration/index.ts']),
      outdir: 'out/test/integration',
      external: ['vscode', 'mocha'],
    },
    // The same integration suite for the web worker extension host: one file (a worker has no file
    // system to find the tests in), mocha's browser build, and npm's `assert` for node:assert.
    webSuite(testEntries('test/integration'), 'out/test/integration-web/index.js'),
    // A window with no folder open, in the web worker too.
    webSuite(testEntries('test/integration-nofolder'), 'out/test/integration-nofolder-web/index.js'),
    { ...shared, entryPoints: testEntries('test/ui'), outdir: 'out/test/ui', external: ['mocha'] },
    { ...shared, ...importMetaUrl, entryPoints: { index: 'bench/index.ts' }, outdir: 'out/bench', external: ['markdownlint', 'markdownlint/sync'] },
    // Runs inside VS Code's extension host (scripts/run-vscode-bench.mjs).
    { ...shared, entryPoints: { index: 'bench/vscode/index.ts' }, outdir: 'out/bench/vscode' },
  );
}

/**
 * An integration suite for the web worker extension host: one file (a worker has no file system to
 * find the tests in): mocha set up first, then every test file (they call describe as they load), then
 * `run`; mocha's browser build, and npm's `assert` for node:assert.
 */
function webSuite(files, outfile) {
  const contents = [
    "import './test/integration/web/setup';",
    ...files.map((f) => `import './${f.replaceAll('\\', '/')}';`),
    "export { run } from './test/integration/web/run';",
  ].join('\n');
  return {
    ...webWorker,
    stdin: { contents, resolveDir: '.', sourcefile: 'web-index.ts', loader: 'ts' },
    outfile,
    alias: { 'node:assert/strict': './test/integration/web/assertStrict.cjs' },
    plugins: [...webWorker.plugins, mochaAsGlobal],
    define: { 'process.env.NODE_DEBUG': 'false' },
  };
}

// The webview's script runs in the browser; its codicon font and CSS are copied beside it.
builds.push({
  entryPoints: { whys: 'src/webview/whys.ts', insights: 'src/webview/insights.ts' },
  outdir: 'dist/webview',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', file), join('dist', 'webview', file));

rmSync('out', { recursive: true, force: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await writeLauncher('dist');
}
