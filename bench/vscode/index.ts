// Runs inside the real VS Code's extension host (code-server, Node host) as `extensionTestsPath`, on
// the bench's generated workspace (scripts/run-vscode-bench.mjs): measures activation, the cold scan
// that fills the views, the event loop's delay meanwhile, and what typing in a 1 MB post-mortem costs,
// and writes them as JSON to POSTMORTEM_BENCH_OUT for bench/vscode.bench.ts to print (issue 14).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { PostmortemApi } from '../../src/extension.shared';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The event loop's delay over `work`: p99 and max in ms (a 10 ms sampling timer, as Node's monitor). */
async function loopDelay<T>(work: () => Promise<T>): Promise<{ result: T; p99: number; max: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  histogram.disable();
  return { result, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, ms };
}

/** With POSTMORTEM_BENCH_PROFILE=FILE, `work` runs under the host's CPU profiler and the profile goes to FILE. */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const file = process.env.POSTMORTEM_BENCH_PROFILE;
  if (!file) return work();
  const session = new Session();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const result = await work();
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return result;
}

export async function run(): Promise<void> {
  const out = process.env.POSTMORTEM_BENCH_OUT;
  if (!out) throw new Error('POSTMORTEM_BENCH_OUT is not set');
  const extension = vscode.extensions.getExtension<PostmortemApi>('postmortem-tools.postmortem');
  if (!extension) throw new Error('the extension is not installed');
  const testing = (await extension.activate()).testing;
  if (!testing) throw new Error('the extension is not in test mode');
  await testing.index.rescan(); // the scan that started with the window; the page cache is warm after it
  // The cold scan, again, as the Refresh button starts it: every file read and summarized.
  const scan = await profiled(() => loopDelay(() => testing.index.rescan()));
  // Where the scan's time goes: finding the files, and reading them through workspace.fs (32 at a time, as the index does).
  let start = performance.now();
  const uris = await vscode.workspace.findFiles('**/*.md');
  const findMs = performance.now() - start;
  start = performance.now();
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < uris.length) await vscode.workspace.fs.readFile(uris[next++]);
  };
  await Promise.all(Array.from({ length: 32 }, reader));
  const readMs = performance.now() - start;
  const items = testing.index.index.items().length;
  const files = testing.index.index.size;
  const viewChildren = testing.actionItems.getChildren().length;

  // Typing in a 1 MB post-mortem: 40 characters, one every 50 ms (faster than the checks' debounce).
  const [big] = await vscode.workspace.findFiles('big/*.md');
  const editor = await vscode.window.showTextDocument(big);
  await sleep(3000);
  const before = testing.readings();
  const typing = await loopDelay(async () => {
    for (let i = 0; i < 40; i++) {
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, 'x'), { undoStopBefore: false, undoStopAfter: false });
      await sleep(50);
    }
    await sleep(3000); // the debounce, and whatever follows it
  });
  const readings = testing.readings() - before;
  await vscode.commands.executeCommand('workbench.action.files.revert');

  writeFileSync(
    out,
    JSON.stringify({
      version: vscode.version,
      activationMs: testing.activationMs,
      files,
      items,
      viewChildren,
      scanMs: scan.ms,
      scanP99: scan.p99,
      scanMax: scan.max,
      findMs,
      readMs,
      keystrokes: 40,
      readings,
      typingP99: typing.p99,
    }),
  );
}
