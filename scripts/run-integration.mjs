// Runs test/integration (bundled to out/test/integration) inside a real VS Code extension host.
//   node scripts/run-integration.mjs            code-server 4.139.1 (VS Code 1.139.1) + headless Chromium
//   node scripts/run-integration.mjs --electron @vscode/test-electron (downloads a desktop VS Code)
//   --grep PATTERN                              only the tests whose full title matches (handed to the
//                                               extension host in POSTMORTEM_TEST_GREP)
import { join } from 'node:path';
import { format } from 'node:util';
import { grepArg } from './args.mjs';
import { ROOT, ensureTools, freePort, startCodeServer, launchBrowser, workbenchUrl, copyWorkspace } from './codeServer.mjs';

const TESTS = join(ROOT, 'out', 'test', 'integration', 'index.js');
const electron = process.argv.includes('--electron') || process.env.POSTMORTEM_TEST_HOST === 'electron';
const runDir = join(ROOT, '.run', 'integration');
// The extension host inherits code-server's environment (or gets extensionTestsEnv from test-electron).
const grep = grepArg();
if (grep) process.env.POSTMORTEM_TEST_GREP = grep;

if (electron) {
  const { runTests } = await import('@vscode/test-electron');
  const workspace = copyWorkspace(join(ROOT, 'examples'), runDir);
  process.exitCode = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: grep ? { POSTMORTEM_TEST_GREP: grep } : {},
  }).then(() => 0, () => 1);
} else {
  ensureTools();
  // Follow-up reminders are toasts over the editor: the UI test of the reminders turns them on.
  const server = await startCodeServer({ runDir, port: await freePort(), settings: { 'postmortem.followUps.remind': false } });
  const workspace = copyWorkspace(join(ROOT, 'examples'), runDir);
  let context;
  const timeout = setTimeout(() => {
    console.error('integration: the suite did not finish within 10 minutes');
    finish(1);
  }, 10 * 60_000);
  let done;
  const exit = new Promise((resolveExit) => (done = resolveExit));
  function finish(code) {
    done(code);
  }
  try {
    context = await launchBrowser(runDir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!isNoise(text)) (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    await page.goto(workbenchUrl(server, { folder: workspace, testsPath: TESTS }));
    process.exitCode = await exit;
  } finally {
    clearTimeout(timeout);
    await context?.close().catch(() => {});
    server.stop();
  }
}

/** Workbench messages that are expected offline and say nothing about our extension (CONTRIBUTING.md). */
function isNoise(text) {
  return /open-vsx|ENOTFOUND|AgentHost|AccountPolicyGate|authentication provider|vsda|Dialog requested during smoke test|copilot|connection token|Creating a socket|reconnection-grace-time|builtin extensions cache|Service Worker|Unable to load and parse grammar|vscode-remote-resource/i.test(text);
}
