// Runs the extension in a real VS Code: code-server 4.139.1 (VS Code 1.139.1) from .tools/, driven by
// Debian's Chromium through playwright-core. CONTRIBUTING.md ("The real VS Code") says why each flag is here.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, existsSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const ROOT = resolve(import.meta.dirname, '..');
export const TOOLS = join(ROOT, '.tools');
const NODE24_BIN = join(TOOLS, 'node24', 'bin');
const CODE_SERVER = join(TOOLS, 'node_modules', '.bin', 'code-server');

/**
 * The environment code-server runs in: Node 24 first on PATH, and none of the npm_* variables of the
 * `npm test` / `npm start` that started us (they describe the outer Node 20).
 */
function toolEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
  return { ...env, PATH: `${NODE24_BIN}:${process.env.PATH}`, ...extra };
}

/** Installs code-server, Node 24, Chromium and playwright-core when any is missing. */
export function ensureTools() {
  execFileSync('bash', [join(ROOT, 'scripts', 'setup-vscode.sh')], { stdio: 'inherit' });
}

export function playwright() {
  return createRequire(import.meta.url)('playwright-core');
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  // Chat is off, so the secondary side bar would open empty beside the editor.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server on 127.0.0.1 in a per-run folder (its own HOME, TMPDIR, user data and
 * extensions). Resolves when /healthz answers. `stop()` kills the whole process group.
 */
export async function startCodeServer({ runDir, port, settings = {}, log = false, keep = false, smokeTestDriver = true }) {
  if (!keep) rmSync(runDir, { recursive: true, force: true });
  const dirs = { home: join(runDir, 'home'), tmp: join(runDir, 'tmp'), data: join(runDir, 'data'), ext: join(runDir, 'extensions') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  const userSettings = join(dirs.data, 'User', 'settings.json');
  if (!keep || !existsSync(userSettings)) writeFileSync(userSettings, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const env = toolEnv({ HOME: dirs.home, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: join(dirs.home, '.config'), XDG_DATA_HOME: join(dirs.home, '.local/share') });
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    dirs.data,
    '--extensions-dir',
    dirs.ext,
    '--config',
    config,
    // The workbench honours the test `payload` (extension development path, tests) only with this.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(CODE_SERVER, args, { env, detached: true, stdio: ['ignore', log ? 'inherit' : 'ignore', log ? 'inherit' : 'ignore'] });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error('code-server did not answer /healthz within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, env, dirs, stop };
}

/** Installs a .vsix into a code-server run folder (before or while it runs). */
export function installExtension(runDir, vsix) {
  const env = toolEnv({ HOME: join(runDir, 'home'), TMPDIR: join(runDir, 'tmp') });
  for (const d of ['home', 'tmp', 'data', 'extensions']) mkdirSync(join(runDir, d), { recursive: true });
  execFileSync(CODE_SERVER, ['--install-extension', vsix, '--force', '--extensions-dir', join(runDir, 'extensions'), '--user-data-dir', join(runDir, 'data')], {
    env,
    stdio: 'ignore',
  });
}

/** Packages the extension into a .vsix (production bundle) and returns its path. */
export function packageVsix(out = join(ROOT, 'dist', 'postmortem.vsix')) {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}

/** Headless Debian Chromium with the flags that keep it off the network. */
export async function launchBrowser(runDir, { headless = true } = {}) {
  const userDataDir = join(runDir, 'chromium');
  rmSync(userDataDir, { recursive: true, force: true });
  const { chromium } = playwright();
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The workbench URL that opens `folder` with the extension under development (and tests, if given). */
export function workbenchUrl(server, { folder, extensionPath = ROOT, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  // No folder: an empty window, as vscode.dev opens before a folder is picked.
  return `${server.url}/?${folder ? `folder=${encodeURIComponent(folder)}&` : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fresh copy of a workspace folder, so tests never change the repository's files. */
export function copyWorkspace(source, runDir) {
  const target = join(runDir, 'workspace');
  rmSync(target, { recursive: true, force: true });
  if (existsSync(source)) cpSync(source, target, { recursive: true });
  else mkdirSync(target, { recursive: true });
  return target;
}
