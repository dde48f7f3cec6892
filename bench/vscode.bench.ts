// The extension in the real VS Code (code-server) on the bench's workspace of 10,000 post-mortems,
// 1,000 in a team's own shape and 5,000 ordinary pages (issue 14): activation, the views filled
// against the CLI on the same files, the extension host's event-loop delay during the cold scan,
// and typing in a 1 MB post-mortem. The measuring runs inside the host: bench/vscode/index.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sideBySide } from './cli.bench';
import { postmortemOfSize } from './documents';
import { workspace } from './index.bench';
import { printTable, ratio, verdict } from './measure';

interface HostFigures {
  readonly version: string;
  readonly activationMs: number;
  readonly files: number;
  readonly items: number;
  readonly viewChildren: number;
  readonly scanMs: number;
  readonly scanP99: number;
  readonly scanMax: number;
  readonly findMs: number;
  readonly readMs: number;
  readonly keystrokes: number;
  readonly readings: number;
  readonly typingP99: number;
}

export async function run(root: string): Promise<boolean> {
  const { base } = workspace(root);
  const big = join(base, 'big', '2026-10-14-one-megabyte.md');
  if (!existsSync(big)) {
    mkdirSync(join(base, 'big'), { recursive: true });
    const seed = readFileSync(join(root, 'examples', 'postmortems', '2026-10-14-login-failures-after-reporting-deploy.md'), 'utf8');
    writeFileSync(big, postmortemOfSize(seed, 1024 * 1024));
  }
  const dir = mkdtempSync(join(tmpdir(), 'postmortem-vscode-bench-'));
  let host: HostFigures;
  try {
    const out = join(dir, 'figures.json');
    const child = spawnSync(process.execPath, [join(root, 'scripts', 'run-vscode-bench.mjs'), base, out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (!existsSync(out)) throw new Error(`the VS Code bench did not finish (${child.status}): ${child.stderr.slice(-1500)}`);
    host = JSON.parse(readFileSync(out, 'utf8')) as HostFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cli = sideBySide(3, [join(root, 'out', 'bench', 'cli', 'cli.js'), 'actions', '.', '--format', 'json', '--today', '2026-11-29'], ['-e', '0'], base);
  const perKeystroke = host.readings / host.keystrokes;
  // A row's last cell: whether its goal is met, or null for a figure given for comparison only.
  const goals: [string, string, string, string, boolean | null][] = [
    ['activation (activate itself)', `${host.activationMs.toFixed(1)} ms`, '<= 50 ms', '', host.activationMs <= 50],
    [
      `views filled: cold scan of ${host.files.toLocaleString('en')} post-mortems, ${host.items.toLocaleString('en')} items`,
      `${host.scanMs.toFixed(0)} ms vs CLI ${cli.ours.toFixed(0)} ms`,
      "<= 2x the CLI's actions",
      ratio(host.scanMs / cli.ours),
      host.scanMs <= 2 * cli.ours && host.viewChildren > 0,
    ],
    ['  for comparison: findFiles; every file read through workspace.fs', `${host.findMs.toFixed(0)} ms, ${host.readMs.toFixed(0)} ms`, '', '', null],
    ['event-loop delay during the cold scan, p99', `${host.scanP99.toFixed(1)} ms (max ${host.scanMax.toFixed(0)} ms)`, '<= 50 ms', '', host.scanP99 <= 50],
    [
      `typing in a 1 MB post-mortem: documents read for ${host.keystrokes} keystrokes`,
      `${host.readings} (p99 delay ${host.typingP99.toFixed(1)} ms)`,
      'none per keystroke (<= 0.1 each)',
      '',
      perKeystroke <= 0.1,
    ],
  ];
  printTable(
    `vscode: the extension in VS Code ${host.version} (code-server, Node extension host)`,
    ['measure', 'value', 'goal', 'ratio', ''],
    goals.map(([a, b, c, d, met]) => [a, b, c, d, met === null ? '' : verdict(met)]),
  );
  return goals.every(([, , , , met]) => met !== false);
}
