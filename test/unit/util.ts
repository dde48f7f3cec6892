import fc from 'fast-check';
import { main } from '../../src/cli';
import { TEMPLATE, followUpSchedule, templateText } from '../../src/core';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Runs the CLI in `cwd` as a shell would, and returns its exit status and what it wrote. */
export async function runCli(args: string[], cwd: string, io?: Parameters<typeof main>[4]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(
    args,
    cwd,
    (s) => (out += s),
    (s) => (err += s),
    io,
  );
  return { status, out, err };
}

/** Joins lines with `\n`, so fixtures read like the document they stand for. */
export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

/** The repository root (tests run from out/test/unit, bundled). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/** The tests' own workspace (test/fixtures/workspace): post-mortems the tests own, so the demo in examples/ can change freely. */
export const FIXTURE_WORKSPACE = join(ROOT, 'test', 'fixtures', 'workspace');

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURE_WORKSPACE, 'postmortems', name), 'utf8');
}

/** The practice's example timeline (postmortem-best-practices.md), verbatim. */
export const PRACTICE_TIMELINE = [
  '| 14:02 | Deploy of reporting-service v2.14.0 | CI/CD log | -- |',
  '| 14:08 | DB connection pool usage rises above 80% | Metrics | No alert configured for this metric |',
  '| 14:15 | First customer reports login failure | Support ticket | 7-minute detection gap (customer before monitoring) |',
  '| 14:18 | Auth service 5xx rate alert triggers | Monitoring | -- |',
  '| 14:25 | Root cause identified; reporting service rolled back | Incident channel | -- |',
];

/** The practice's example action items, verbatim (five cells: no Status, no Ticket). */
export const PRACTICE_ACTIONS = [
  '| Add query timeout to reporting service DB connections | Prevent | P0 | Backend team | This sprint |',
  '| Add connection pool saturation alert | Detect | P1 | SRE team | This sprint |',
  '| Add query plan validation to migration CI | Prevent | P2 | Platform team | Next sprint |',
  '| Document DB connection pool sizing guidelines | Process | P3 | SRE team | This quarter |',
];

/** The core template filled with the practice's example timeline and action items. */
export function practiceExample(): string {
  const text = templateText({ title: 'Login failures after reporting deploy', date: '2026-10-14', severity: 'SEV2', followUp: followUpSchedule('2026-10-14') })
    .replace('| [HH:MM] | [EVENT] | [SOURCE] | [GAP] |', PRACTICE_TIMELINE.join('\n'))
    .replace(/^\| \[ACTION\] .*$/m, PRACTICE_ACTIONS.join('\n'));
  if (!text.includes(PRACTICE_TIMELINE[0]) || !text.includes(PRACTICE_ACTIONS[0])) throw new Error('the template changed: update practiceExample()');
  return text;
}

/** The template and the fixture workspace's documents: the seeds of the property tests. */
export function seedDocuments(): string[] {
  return [
    TEMPLATE,
    practiceExample(),
    readFixture('2026-10-14-login-failures-after-reporting-deploy.md'),
    readFixture('2026-11-03-payment-webhook-backlog.md'),
    readFixture('2026-09-22-shakespeare-search-outage.md'),
    readFixture('README.md'),
    ...shapeFiles().map(readShape),
  ];
}

/**
 * Seed documents with random slices cut out and fragments spliced in: realistic post-mortems broken
 * in the ways editing breaks them.
 */
export function mutatedDocuments(fragments: fc.Arbitrary<string>, maxEdits = 12): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seedDocuments()), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 200 }), fragments), { maxLength: maxEdits }))
    .map(([seed, edits]) => {
      let text = seed;
      for (const [at, length, insert] of edits) {
        const start = at % (text.length + 1);
        text = text.slice(0, start) + insert + text.slice(start + (length % 3 === 0 ? length : 0));
      }
      return text;
    });
}

/** The folder of documents in the shapes teams write post-mortems in (our own writing, not copies). */
export const SHAPES = join(ROOT, 'test', 'fixtures', 'shapes');

export function readShape(path: string): string {
  return readFileSync(join(SHAPES, path), 'utf8');
}

/** Every fixture of `test/fixtures/shapes`, by path relative to it. */
export function shapeFiles(): string[] {
  return (readdirSync(SHAPES, { recursive: true }) as string[])
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.md'))
    .sort();
}
