// Our full check (parse + every rule) against markdownlint on the same post-mortems, in one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../src/core';
import { postmortemOfSize } from './documents';
import { measure, printTable, ratio, type Sample } from './measure';

export async function run(root: string): Promise<boolean> {
  // markdownlint is ESM-only; the bench bundle is CommonJS, so it comes in through import().
  const { lint } = (await import('markdownlint/sync')) as { lint: (options: { strings: Record<string, string> }) => unknown };
  const seed = readFileSync(join(root, 'examples', 'postmortems', '2026-10-14-login-failures-after-reporting-deploy.md'), 'utf8');
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const [name, size, iterations] of [
    ['10 KB', 10 * 1024, 400],
    ['1 MB', 1024 * 1024, 12],
  ] as const) {
    const text = postmortemOfSize(seed, size);
    const ours: Sample = measure(() => lintText(text, { today: '2026-11-28' }), iterations);
    const theirs: Sample = measure(() => lint({ strings: { doc: text } }), iterations);
    const r = ours.median / theirs.median;
    rows.push([
      name,
      `${(text.length / 1024).toFixed(0)} KB`,
      ours.median.toFixed(2),
      ours.p95.toFixed(2),
      theirs.median.toFixed(2),
      theirs.p95.toFixed(2),
      ratio(r),
    ]);
    ok &&= r <= 0.1 && (size > 100_000 || ours.p95 <= 5);
  }
  printTable(
    'lint: postmortem full check vs markdownlint (ms)',
    ['document', 'size', 'ours median', 'ours p95', 'markdownlint median', 'markdownlint p95', 'ours / markdownlint'],
    rows,
  );
  console.log('goal: ours <= 1/10 of markdownlint on each document, ours p95 <= 5 ms on the 10 KB document');
  return ok;
}
