// UI tests: a person's view of the extension in the real workbench (code-server + headless Chromium,
// driven by Playwright). Test files (test/ui, bundled to out/test/ui) find the page in `globalThis.workbench`.
//   --update-screenshots   also writes the README's screenshots to docs/images/.
//   --grep PATTERN         only the tests whose full title matches
import Mocha from 'mocha';
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { grepArg } from './args.mjs';
import { ROOT, ensureTools, freePort, startCodeServer, launchBrowser, workbenchUrl, copyWorkspace } from './codeServer.mjs';

ensureTools();
const runDir = join(ROOT, '.run', 'ui');
// Follow-up reminders are toasts over the editor: only the test of the reminders turns them on.
const server = await startCodeServer({ runDir, port: await freePort(), settings: { 'postmortem.followUps.remind': false } });
const workspace = copyWorkspace(join(ROOT, 'test', 'fixtures', 'workspace'), runDir);
const screenshots = process.argv.includes('--update-screenshots') ? join(ROOT, 'docs', 'images') : join(runDir, 'screenshots');
mkdirSync(screenshots, { recursive: true });
const context = await launchBrowser(runDir);
const page = context.pages()[0] ?? (await context.newPage());
globalThis.workbench = {
  page,
  workspace,
  screenshot: async (name, { keepHover = false } = {}) => {
    // What a user sees, without the hover tooltip the test's last click left (a tab's hover shows the
    // absolute path of this machine): rest the mouse on the empty part of the activity bar first,
    // unless the hover is what the picture shows.
    if (!keepHover) {
      await page.mouse.move(24, 500);
      await page
        .locator('.workbench-hover, .monaco-hover:not(.hidden)')
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {});
    }
    await page.screenshot({ path: join(screenshots, name) });
  },
  open: () => page.goto(workbenchUrl(server, { folder: workspace })),
};

const dir = join(ROOT, 'out', 'test', 'ui');
const grep = grepArg();
const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, forbidOnly: true, reporter: 'spec', ...(grep ? { grep } : {}) });
for (const file of readdirSync(dir).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(dir, file));
// A failed test leaves a picture of what the workbench showed.
mocha.suite.afterEach(async function () {
  if (this.currentTest?.state !== 'failed') return;
  const path = join(
    runDir,
    `failed-${this.currentTest
      .fullTitle()
      .replace(/[^a-z0-9]+/gi, '-')
      .slice(0, 80)}.png`,
  );
  await page.screenshot({ path }).catch(() => {});
  console.log(`ui: screenshot of the failure: ${path}`);
});
try {
  const { passes, failures, pending } = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  console.log(`ui: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 ? 1 : 0;
} finally {
  await context.close().catch(() => {});
  server.stop();
}
