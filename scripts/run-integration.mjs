// Runs test/integration inside a real VS Code extension host, twice: the Node extension host, then the
// browser's web worker extension host (as on vscode.dev and github.dev).
//   node scripts/run-integration.mjs            code-server 4.139.1 (VS Code 1.139.1) + headless Chromium,
//                                               both hosts
//   --host node | --host web                    one of them
//   node scripts/run-integration.mjs --electron @vscode/test-electron (downloads a desktop VS Code)
//   --grep PATTERN                              only the tests whose full title matches (handed to the
//                                               Node extension host in POSTMORTEM_TEST_GREP; the web
//                                               worker has no environment, so it runs every test)
import { join } from 'node:path';
import { format } from 'node:util';
import { grepArg } from './args.mjs';
import { ROOT, ensureTools, freePort, startCodeServer, launchBrowser, workbenchUrl, copyWorkspace } from './codeServer.mjs';

const TESTS = join(ROOT, 'out', 'test', 'integration', 'index.js');
const WEB_TESTS = join(ROOT, 'out', 'test', 'integration-web', 'index.js');
const NO_FOLDER_TESTS = join(ROOT, 'out', 'test', 'integration-nofolder-web', 'index.js');
const electron = process.argv.includes('--electron') || process.env.POSTMORTEM_TEST_HOST === 'electron';
const runDir = join(ROOT, '.run', 'integration');
const hostArg = process.argv.indexOf('--host');
const hosts = hostArg > 0 ? [process.argv[hostArg + 1]] : ['node', 'web'];
// The extension host inherits code-server's environment (or gets extensionTestsEnv from test-electron).
const grep = grepArg();
if (grep) process.env.POSTMORTEM_TEST_GREP = grep;

if (electron) {
  const { runTests } = await import('@vscode/test-electron');
  const workspace = copyWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'), runDir);
  process.exitCode = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: grep ? { POSTMORTEM_TEST_GREP: grep } : {},
  }).then(
    () => 0,
    () => 1,
  );
} else {
  ensureTools();
  const runs = hosts.flatMap((host) =>
    host === 'web'
      ? [
          { host, tests: WEB_TESTS, folder: true },
          { host, tests: NO_FOLDER_TESTS, folder: false },
        ]
      : [{ host, tests: TESTS, folder: true }],
  );
  for (const run of runs) {
    const code = await runInCodeServer(run);
    if (code !== 0) {
      process.exitCode = code;
      break;
    }
  }
}

/**
 * One run of a suite in code-server, in its Node extension host (`node`) or in the browser's web
 * worker extension host (`web`: the extension kind set to web in the settings puts the extension,
 * and with it its tests, in the worker; the suite checks it landed there); on a copy of test/fixtures/workspace or,
 * without `folder`, in a window with no folder open.
 */
async function runInCodeServer({ host, tests, folder }) {
  const dir = `${runDir}${host === 'web' ? '-web' : ''}${folder ? '' : '-nofolder'}`;
  const settings = {
    // Follow-up reminders are notifications over the editor: the UI test of the reminders turns them on.
    'postmortem.followUps.remind': false,
    ...(host === 'web' ? { 'remote.extensionKind': { 'postmortem-tools.postmortem': ['web'] } } : {}),
  };
  const server = await startCodeServer({ runDir: dir, port: await freePort(), settings });
  const workspace = folder ? copyWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'), dir) : undefined;
  let context;
  let done;
  const exit = new Promise((resolveExit) => (done = resolveExit));
  const timeout = setTimeout(
    () => {
      console.error(`integration (${host}): the suite did not finish within 10 minutes`);
      done(1);
    },
    (Number(process.env.POSTMORTEM_TEST_TIMEOUT_S) || 600) * 1000,
  );
  try {
    context = await launchBrowser(dir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!isNoise(text)) (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    await page.goto(workbenchUrl(server, { folder: workspace, testsPath: tests }));
    return await exit;
  } finally {
    clearTimeout(timeout);
    await context?.close().catch(() => {});
    server.stop();
  }
}

/** Workbench messages that are expected offline and say nothing about our extension (CONTRIBUTING.md). */
function isNoise(text) {
  return /open-vsx|ENOTFOUND|AgentHost|AccountPolicyGate|authentication provider|vsda|Dialog requested during smoke test|copilot|connection token|Creating a socket|reconnection-grace-time|builtin extensions cache|Service Worker|Unable to load and parse grammar|vscode-remote-resource/i.test(
    text,
  );
}
