// One 50 MB post-mortem through the CLI, whole process: its peak memory (max RSS) against the
// 1 GB that issue 17 allows, in the shapes that make the most objects per byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './measure';

const SIZE = 50 * 1024 * 1024;
const GOAL_MB = 1024;

const HEAD = [
  '# Post-Mortem: Checkout errors',
  '',
  '## Metadata',
  '',
  '- **Date:** 2026-10-14',
  '- **Severity:** SEV2',
  '',
  '## Executive Summary',
  '',
  'Checkout failed for some users.',
  '',
];
const two = (n: number): string => String(n).padStart(2, '0');

interface Shape {
  readonly name: string;
  readonly args: readonly string[];
  readonly head: readonly string[];
  readonly line: (i: number) => string;
}

const SHAPES: readonly Shape[] = [
  {
    name: 'timeline table, a finding on every row',
    args: ['lint'],
    head: [...HEAD, '## Timeline', '', '| Time (UTC) | Event | Source | Gap Analysis |', '|---|---|---|---|'],
    line: (i) => `| 14:${two(i % 60)} | Event ${i}: a human error in the config push | Logs | -- |`,
  },
  {
    name: 'timeline as a list',
    args: ['lint'],
    head: [...HEAD, '## Timeline', ''],
    line: (i) => `- **14:${two(i % 60)}** Event ${i} happened and the on-call engineer looked at it`,
  },
  {
    name: 'action items table, JSON out',
    args: ['actions', '--format', 'json'],
    head: [...HEAD, '## Action Items', '', '| Action | Type | Priority | Owner | Due | Status | Ticket |', '|---|---|---|---|---|---|---|'],
    line: (i) =>
      `| Add an alert on queue age for consumer ${i} | Detect | P${i % 4} | SRE team | 2026-12-${two((i % 28) + 1)} | Open | [OPS-${i}](https://jira.example.com/browse/OPS-${i}) |`,
  },
];

function build(head: readonly string[], line: (i: number) => string): string {
  const lines = [...head];
  let size = lines.join('\n').length;
  for (let i = 0; size < SIZE; i++) {
    const next = line(i);
    lines.push(next);
    size += next.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** Runs the CLI in a child process and returns its peak resident memory in MB. */
function peakMb(cli: string, args: readonly string[], cwd: string): number {
  const script = `const { main } = require(${JSON.stringify(cli)});
main(${JSON.stringify(args)}, process.cwd(), (s) => process.stdout.write(s), () => undefined).then((status) => (process.exitCode = status));
process.on('exit', () => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'));`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const match = /maxrss (\d+)/.exec(child.stderr);
  if (!match) throw new Error(`the CLI did not finish: ${child.stderr.slice(0, 500)}`);
  return Number(match[1]) / 1024;
}

export async function run(root: string): Promise<boolean> {
  const cli = join(root, 'out', 'bench', 'cli', 'cli-main.js');
  const dir = mkdtempSync(join(tmpdir(), 'postmortem-memory-'));
  const rows: (string | number)[][] = [];
  let ok = true;
  try {
    const example = readFileSync(join(root, 'examples', 'postmortems', '2026-10-14-login-failures-after-reporting-deploy.md'), 'utf8');
    const shapes = [...SHAPES, { name: 'a whole post-mortem, repeated', args: ['lint'], head: [], line: () => example }];
    for (const shape of shapes) {
      writeFileSync(join(dir, 'big.md'), build(shape.head, shape.line));
      const mb = peakMb(cli, [...shape.args, 'big.md', '--max-size', '60', '--today', '2026-11-01'], dir);
      rows.push([shape.name, `postmortem ${shape.args.join(' ')}`, `${mb.toFixed(0)} MB`, `${(mb / GOAL_MB).toFixed(2)} of 1 GB`]);
      ok &&= mb < GOAL_MB;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('memory: one 50 MB post-mortem through the CLI, whole process (peak RSS)', ['document', 'command', 'peak', 'ratio'], rows);
  console.log('goal: under 1 GB for each');
  return ok;
}
