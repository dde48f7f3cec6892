// Runs bench/vscode (out/bench/vscode/index.js) in code-server's Node extension host on a folder the
// bench generated: node scripts/run-vscode-bench.mjs FOLDER OUT.json
import { join } from 'node:path';
import { ROOT, ensureTools, freePort, startCodeServer, launchBrowser, workbenchUrl } from './codeServer.mjs';

const [folder, out] = process.argv.slice(2);
process.env.POSTMORTEM_BENCH_OUT = out;
ensureTools();
const runDir = join(ROOT, '.run', 'bench-vscode');
const server = await startCodeServer({ runDir, port: await freePort(), settings: { 'postmortem.followUps.remind': false } });
let context;
try {
  context = await launchBrowser(runDir);
  const page = context.pages()[0] ?? (await context.newPage());
  let done;
  const exit = new Promise((resolve) => (done = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (type === 'error') console.error(...(Array.isArray(args) ? args : [args]));
  });
  await page.goto(workbenchUrl(server, { folder, testsPath: join(ROOT, 'out', 'bench', 'vscode', 'index.js') }));
  const code = await Promise.race([exit, new Promise((resolve) => setTimeout(() => resolve('timeout'), 10 * 60_000).unref())]);
  if (code !== 0) throw new Error(`the VS Code bench ended with ${code}`);
} finally {
  await context?.close().catch(() => {});
  server.stop();
}
