// The CLI as a user runs it, whole processes side by side (node start included on both sides), on
// the index bench's generated workspace: 10,000 post-mortems of about 10 KB and 5,000 ordinary pages,
// against a bare Node process that reads the same files (issue 14).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { postmortemOfSize } from './documents';
import { workspace } from './index.bench';
import { printTable, ratio, verdict } from './measure';

/** Reads every Markdown file below the given folders, as the CLI finds them, and nothing else. */
const BARE_READ = `const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
let bytes = 0;
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) { const p = join(dir, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.md')) bytes += readFileSync(p, 'utf8').length; } };
for (const dir of process.argv.slice(1)) walk(dir);`;

/** Wall time of a whole process, in ms; stdout goes nowhere (as `> /dev/null`). */
function wall(args: readonly string[], cwd: string): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr.slice(0, 400)}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each command and its baseline run in turns, `runs` times; the medians. */
export function sideBySide(runs: number, ours: readonly string[], theirs: readonly string[], cwd: string): { ours: number; theirs: number } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(wall(theirs, cwd));
    a.push(wall(ours, cwd));
  }
  return { ours: median(a), theirs: median(b) };
}

/** Peak resident memory (MB) of the CLI, worker threads included (they share the process). */
function peakMb(cliDir: string, args: readonly string[], cwd: string): number {
  const script = `require(${JSON.stringify(join(cliDir, 'cli-main.js'))}).main(${JSON.stringify(args)}, process.cwd(), () => undefined, () => undefined, { workerScript: ${JSON.stringify(join(cliDir, 'cli.js'))} })
  .then(() => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'));`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const match = /maxrss (\d+)/.exec(child.stderr);
  if (!match) throw new Error(`the CLI did not finish: ${child.stderr.slice(0, 500)}`);
  return Number(match[1]) / 1024;
}

export async function run(root: string): Promise<boolean> {
  const cliDir = join(root, 'out', 'bench', 'cli');
  if (!existsSync(join(cliDir, 'cli.js'))) throw new Error('out/bench/cli is missing: run `npm run bench`, which builds it');
  const cli = join(cliDir, 'cli.js');
  const { base } = workspace(root);
  // 20,000 files for the memory goal: 5,000 more post-mortems beside the 15,000 files (plus the team-shaped 1,000),
  // outside the workspace (the VS Code bench opens it).
  const more = join(base, '..', 'postmortem-bench-more');
  if (!existsSync(join(more, '04999-incident.md'))) {
    mkdirSync(more, { recursive: true });
    for (let i = 0; i < 5000; i++) {
      copyFileSync(join(base, 'postmortems', `${String(i).padStart(5, '0')}-incident.md`), join(more, `${String(i).padStart(5, '0')}-incident.md`));
    }
  }
  const folders = ['postmortems', 'docs'];
  const rows: string[][] = [];
  let ok = true;
  /** A goal measured side by side: ours against the baseline, at most `limit` times it. */
  const goal = (name: string, t: { ours: number; theirs: number }, target: string, limit: number): void => {
    const r = t.ours / t.theirs;
    rows.push([name, `${t.ours.toFixed(0)} ms vs ${t.theirs.toFixed(0)} ms`, target, ratio(r), verdict(r <= limit)]);
    ok &&= r <= limit;
  };
  wall(['-e', BARE_READ, ...folders], base); // page cache warm for both sides
  for (const [command, limit] of [
    ['actions', 2],
    ['list', 2],
    ['lint', 8],
  ] as const) {
    const t = sideBySide(3, [cli, command, ...folders, '--format', 'json', '--today', '2026-11-29'], ['-e', BARE_READ, ...folders], base);
    goal(`postmortem ${command}, 10,000 post-mortems + 5,000 pages`, t, `<= ${limit}x a bare read`, limit);
  }
  // The monthly digest reads the index's summaries (search text and timeline figures too), nothing more.
  const digestTime = sideBySide(
    3,
    [cli, 'digest', '--month', '2026-11', ...folders, '--audience', 'public', '--today', '2026-11-29'],
    ['-e', BARE_READ, ...folders],
    base,
  );
  goal('postmortem digest, 10,000 post-mortems + 5,000 pages', digestTime, '<= 3x a bare read', 3);
  for (const command of ['actions', 'list', 'lint']) {
    const mb = peakMb(cliDir, [command, '.', more, '--format', 'json', '--today', '2026-11-29'], base);
    rows.push([`postmortem ${command}, 21,000 files: peak memory`, `${mb.toFixed(0)} MB`, '<= 200 MB', '', verdict(mb <= 200)]);
    ok &&= mb <= 200;
  }

  const dir = mkdtempSync(join(tmpdir(), 'postmortem-cli-bench-'));
  try {
    writeFileSync(join(dir, 'one.md'), '# Notes\n');
    const start = sideBySide(15, [cli, 'lint', 'one.md'], ['-e', '0'], dir);
    goal('start: postmortem lint of a one-line file', start, '<= 1.5x node -e 0', 1.5);
    const seed = readFileSync(join(root, 'examples', 'postmortems', '2026-10-14-login-failures-after-reporting-deploy.md'), 'utf8');
    writeFileSync(join(dir, 'big.md'), postmortemOfSize(seed, 1024 * 1024));
    // markdownlint's own full lint of the file, in its own process (it is ESM: imported by path from here).
    const markdownlint = `import(${JSON.stringify(join(root, 'node_modules', 'markdownlint', 'lib', 'exports-sync.mjs'))}).then(({ lint }) => lint({ files: ['big.md'] }));`;
    const big = sideBySide(5, [cli, 'lint', 'big.md', '--today', '2026-11-29'], ['-e', markdownlint], dir);
    goal('postmortem lint of a 1 MB post-mortem', big, "<= 0.10 markdownlint's lint", 0.1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('cli: whole processes, side by side (medians; node start on both sides)', ['measure', 'value', 'goal', 'ratio', ''], rows);
  return ok;
}
