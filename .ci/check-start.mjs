// CI: runs the README's `npm ci && npm start` as written, waits for the URL it prints, checks that the
// URL answers and that the workbench shows the extension's Post-Mortems view on the examples, then stops
// the server. Exit 0 when all of that held, 1 otherwise.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, freePort, launchBrowser } from '../scripts/codeServer.mjs';

const port = await freePort();
const child = spawn('sh', ['-c', 'npm ci --no-audit --no-fund && npm start'], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
const fail = (message) => {
  console.error(`check-start: ${message}`);
  stop();
  process.exit(1);
};
const deadline = setTimeout(() => fail('npm start printed no URL within 10 minutes'), 10 * 60_000);

let output = '';
const url = await new Promise((resolveUrl) => {
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
    const found = output.match(/http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/);
    if (found) resolveUrl(found[0]);
  });
  child.on('exit', (code) => fail(`npm start exited with ${code} before it printed a URL`));
});
clearTimeout(deadline);

const res = await fetch(url);
if (!res.ok) fail(`${url} answered HTTP ${res.status}`);
if (!url.includes(encodeURIComponent(join(ROOT, 'examples')))) fail(`the URL does not open examples/: ${url}`);

const context = await launchBrowser(join(ROOT, '.run', 'check-start'));
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  const entry = page.locator('.activitybar .action-item:has(a.action-label[aria-label^="Post-Mortems"])');
  await entry.waitFor({ timeout: 120_000 });
  await entry.click(); // the entry, not its icon: the overdue badge lies over the icon
  // The installed extension (not a development copy) lists the examples' action items.
  await page.locator('.part.sidebar .title-label', { hasText: /Post-Mortems/i }).waitFor({ timeout: 60_000 });
  await page.locator('.pane-body .monaco-list-row[role="treeitem"]').first().waitFor({ timeout: 60_000 });
  const title = await page.title();
  if (title.includes('Extension Development Host')) fail(`npm start should run the installed extension, the title says "${title}"`);
  console.log(`check-start: ${url.split('?')[0]} answers and shows the Post-Mortems view on examples/`);
} catch (error) {
  fail(`the workbench did not show the Post-Mortems view: ${error.message}`);
} finally {
  await context.close().catch(() => {});
}
child.removeAllListeners('exit');
stop();
