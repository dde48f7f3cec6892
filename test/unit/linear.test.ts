import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_CONFIG,
  DocumentValue,
  RULES,
  analyzeTimeline,
  convertToTemplateEdits,
  convertToUtcEdits,
  detectDocument,
  fixAllEdits,
  importEvents,
  inferTeamConfig,
  lintModel,
  lintText,
  parseActionModel,
  parsePostmortem,
  parseTeamConfig,
  readFollowUps,
  sortTimelineEdits,
  splitLines,
  summarize,
  ticketIn,
  ticketLink,
  whyEdits,
  type TeamConfig,
} from '../../src/core';
import { joinLines } from './util';

/*
 * Linear time on hostile input. Every entry point that reads document text, team config or imported
 * events runs on adversarial text at n and at 8n; linear code takes about 8× as long, quadratic code
 * 64×. A ratio over 16 fails (generous for noise, far below quadratic). Times under a millisecond are
 * counted as two, so timer resolution cannot fail a fast function. A suspicious ratio is measured
 * again (best of five) before it fails, so one garbage collection cannot either.
 */

/** Units that, repeated, have made regexes backtrack or rescan: runs of one character, or of an opener without its closer. */
const UNITS = [
  ' ',
  '\t',
  '(',
  '[',
  '](http://x',
  '<!--\n',
  '{{',
  '<a',
  '*',
  '_',
  '`',
  '|',
  '-',
  ':',
  '@',
  'http://',
  '#',
  '- ',
  '> ',
  '1',
  '![',
  '\\',
  '~',
  '**a',
  '\u2028',
  '1. ',
  'P0 ',
  ': ',
  '2026-10-14 ',
  '14:02 ',
  'x ',
];

/** Where a unit run goes: each place is a line (or cell) of a small post-mortem that a different reader reads. */
const PLACES: Record<string, (payload: string) => string> = {
  'the whole document': (p) => p,
  title: (p) => templateShaped({ title: p }),
  'a metadata value': (p) => templateShaped({ date: p }),
  'a heading': (p) => templateShaped({ heading: p }),
  'a summary paragraph': (p) => templateShaped({ summary: p }),
  'a timeline time cell': (p) => templateShaped({ time: p }),
  'a timeline event cell': (p) => templateShaped({ event: p }),
  'an action cell': (p) => templateShaped({ action: p }),
  'a priority cell': (p) => templateShaped({ priority: p }),
  'an owner cell': (p) => templateShaped({ owner: p }),
  'a ticket cell': (p) => templateShaped({ ticket: p }),
  'a table header cell': (p) => templateShaped({ header: p }),
  'a why': (p) => templateShaped({ why: p }),
  'front matter': (p) => `---\ntitle: ${p}\nstatus: Draft\n---\n${templateShaped({})}`,
  'a list item': (p) => freeForm(p),
  'a bold label': (p) => freeForm('', p),
};

interface Parts {
  title?: string;
  date?: string;
  heading?: string;
  summary?: string;
  time?: string;
  event?: string;
  action?: string;
  priority?: string;
  owner?: string;
  ticket?: string;
  header?: string;
  why?: string;
}

/** A small post-mortem in the template's shape, with one part replaced. */
function templateShaped(p: Parts): string {
  return joinLines(
    `# Post-Mortem: ${p.title ?? 'Login failures'}`,
    '',
    '## Metadata',
    '',
    `- **Date:** ${p.date ?? '2026-10-14'}`,
    '- **Severity:** SEV2',
    '',
    `## ${p.heading ?? 'Executive Summary'}`,
    '',
    p.summary ?? 'On 2026-10-14 logins failed for 23 minutes after a deploy exhausted the connection pool.',
    '',
    '## Timeline',
    '',
    '| Time (UTC) | Event | Source | Gap Analysis |',
    '|---|---|---|---|',
    `| ${p.time ?? '14:02'} | ${p.event ?? 'Deploy of reporting-service'} | CI | -- |`,
    '| 14:15 | First customer report | Support | 13-minute detection gap |',
    '',
    '## Root Cause Analysis',
    '',
    '### 5 Whys',
    '',
    `- Why did logins fail? ${p.why ?? 'The pool was exhausted.'}`,
    '  - Why was the pool exhausted? A query had no timeout.',
    '',
    '## Action Items',
    '',
    `| Action | Type | Priority | ${p.header ?? 'Owner'} | Due | Status | Ticket |`,
    '|---|---|---|---|---|---|---|',
    `| ${p.action ?? 'Add a query timeout'} | Prevent | ${p.priority ?? 'P0'} | ${p.owner ?? 'Backend team'} | 2026-10-28 | Open | ${p.ticket ?? '[OPS-1](https://jira.example.com/browse/OPS-1)'} |`,
    '| Add a pool alert | Detect | P1 | | This sprint | | |',
    '',
  );
}

/** A post-mortem in a team's own shape: bold labels and task lists. */
function freeForm(item: string, label = 'What happened'): string {
  return joinLines(
    '# Incident 2026-10-14: login failures',
    '',
    `**${label}:** logins failed after a deploy.`,
    '',
    '**Impact:** 23 minutes of failed logins.',
    '',
    '## Timeline',
    '',
    '- 14:02 deploy',
    '- 14:15 first report',
    '',
    '## Follow-ups',
    '',
    `- [ ] ${item} (owner: @ana, due 2026-10-28)`,
    '- [x] Add an alert @ben',
    '',
  );
}

const FLOOR_MS = 2;
const LIMIT = 16;

function timeOf(run: () => unknown): number {
  const start = performance.now();
  run();
  return Math.max(performance.now() - start, FLOOR_MS);
}

/** Fails when `run` on 8n units takes more than 16× its time on n units. */
function assertLinear(what: string, input: (n: number) => unknown, run: (input: never) => unknown, n: number): void {
  const small = input(n);
  const large = input(8 * n);
  const go = (x: unknown) => () => run(x as never);
  let ratio = timeOf(go(large)) / timeOf(go(small));
  // Over the limit once: measure again, small and large taking turns so a GC pause or a busy core
  // falls on both, and keep each side's best of 9. The limit stays the same.
  if (ratio > LIMIT) {
    let bestSmall = Infinity;
    let bestLarge = Infinity;
    for (let i = 0; i < 9; i++) {
      bestSmall = Math.min(bestSmall, timeOf(go(small)));
      bestLarge = Math.min(bestLarge, timeOf(go(large)));
    }
    ratio = bestLarge / bestSmall;
  }
  assert.ok(ratio <= LIMIT, `${what}: 8× the input took ${ratio.toFixed(1)}× the time (limit ${LIMIT}×)`);
}

/** Units for about 8 KB of payload at n (64 KB at 8n). */
function unitsFor(unit: string): number {
  return Math.ceil(8_192 / unit.length);
}

/** A document as the readers get it: the text, and (for those that take one) its model, parsed untimed. */
interface Prepared {
  readonly text: string;
  readonly model: ReturnType<typeof parsePostmortem>;
  readonly lines: string[];
}

function prepare(text: string): Prepared {
  return { text, model: parsePostmortem(text), lines: splitLines(text) };
}

/** Every reader of a document, each timed on its own. */
const DOCUMENT_READERS: Record<string, (d: Prepared) => unknown> = {
  parsePostmortem: (d) => parsePostmortem(d.text),
  parseActionModel: (d) => parseActionModel(d.text),
  detectDocument: (d) => detectDocument(d.model, 'postmortems/2026-10-14-login.md'),
  summarize: (d) => summarize('file:///w/pm.md', d.text, 'postmortems/pm.md', DEFAULT_CONFIG),
  'fixAllEdits of every finding': (d) => fixAllEdits(lintModel(d.model, d.lines, { today: '2026-11-01' })),
  convertToTemplateEdits: (d) => convertToTemplateEdits(d.model, d.lines),
  'timeline analysis and edits': (d) => {
    analyzeTimeline(d.model, d.lines);
    convertToUtcEdits(d.model, d.lines);
    if (d.model.timeline) sortTimelineEdits(d.model, d.model.timeline, d.lines);
  },
  'whyEdits (edit the first why)': (d) => whyEdits(DocumentValue.read(d.text), { type: 'editText', path: [0], text: 'Because the pool was small.' }),
  inferTeamConfig: (d) => inferTeamConfig([{ ...d.model, path: 'postmortems/pm.md' }], '2026-11-01'),
  readFollowUps: (d) => readFollowUps(d.model, d.lines),
  // Each rule alone (all others off).
  ...Object.fromEntries(
    RULES.map((rule) => {
      const severities = Object.fromEntries(RULES.map((r) => [r.code, r.code === rule.code ? 'warning' : 'off'] as const));
      return [`rule ${rule.code}`, (d: Prepared) => lintModel(d.model, d.lines, { today: '2026-11-01', severities })];
    }),
  ),
};

describe('linear time on adversarial input', function () {
  this.timeout(600_000);

  for (const [place, build] of Object.entries(PLACES)) {
    it(`every document reader and every rule, with unit runs in ${place}`, () => {
      for (const unit of UNITS) {
        const n = unitsFor(unit);
        const small = prepare(build(unit.repeat(n)));
        const large = prepare(build(unit.repeat(8 * n)));
        for (const [name, read] of Object.entries(DOCUMENT_READERS)) {
          assertLinear(`${name}, ${JSON.stringify(unit)} in ${place}`, (k) => (k === n ? small : large), read, n);
        }
      }
    });
  }

  // Sections repeated: every section lookup must find its blocks without scanning all of them.
  it('every document reader and every rule, on a post-mortem whose sections repeat', () => {
    const shapes: Record<string, (k: number) => string> = {
      "the template's shape": (k) => Array.from({ length: k }, () => templateShaped({})).join('\n'),
      'a free-form shape': (k) => Array.from({ length: k }, () => freeForm('Add an alert')).join('\n'),
      'time headings in one timeline': (k) =>
        templateShaped({}).replace(
          '## Root Cause',
          Array.from({ length: k }, (_, i) => `### 14:${String(i % 60).padStart(2, '0')}\n\nEvent ${i}.\n`).join('\n') + '\n## Root Cause',
        ),
    };
    for (const [shape, build] of Object.entries(shapes)) {
      const small = prepare(build(40));
      const large = prepare(build(320));
      for (const [name, read] of Object.entries(DOCUMENT_READERS)) assertLinear(`${name}, ${shape} repeated`, (k) => (k === 40 ? small : large), read, 40);
    }
  });

  it('the ticket readers on a cell', () => {
    for (const unit of UNITS) {
      assertLinear(
        `ticketLink, ${JSON.stringify(unit)}`,
        (k) => unit.repeat(k),
        (t: string) => ticketLink(t),
        unitsFor(unit),
      );
      assertLinear(
        `ticketIn, ${JSON.stringify(unit)}`,
        (k) => unit.repeat(k),
        (t: string) => ticketIn(t, new Map()),
        unitsFor(unit),
      );
    }
  });

  it('timeline import: log, CSV and Slack text', () => {
    const shapes: Record<string, (p: string) => string> = {
      log: (p) => `2026-10-14T14:02:00Z deploy ${p}\n2026-10-14T14:15:00Z report\n`,
      csv: (p) => `time,event,source\n2026-10-14 14:02,"${p}",CI\n2026-10-14 14:15,report,Support\n`,
      slack: (p) => JSON.stringify([{ ts: '1760450520.0001', user: 'U1', text: p }]),
      bare: (p) => p,
    };
    for (const [shape, build] of Object.entries(shapes)) {
      for (const unit of [...UNITS, ',', '"', '\n', '2026-10-14T14:02:00Z ']) {
        assertLinear(
          `importEvents, ${JSON.stringify(unit)} in ${shape}`,
          (k) => build(unit.repeat(k)),
          (t: string) => importEvents(t),
          unitsFor(unit),
        );
      }
    }
  });

  it('team config: parsing it, and blame words on a document that grows with them', () => {
    for (const unit of UNITS) {
      assertLinear(
        `parseTeamConfig, ${JSON.stringify(unit)}`,
        (k) => `owners:\n  - "${unit.repeat(k).replace(/["\\]/g, '')}"\nblameWords: [a]\n`,
        (t: string) => parseTeamConfig(t),
        unitsFor(unit),
      );
    }
    // n blame words over a document of n lines: the rule must not try every word at every position.
    const config = (k: number): TeamConfig => ({ ...DEFAULT_CONFIG, blameWords: Array.from({ length: k }, (_, i) => `team phrase ${i}`) });
    const document = (k: number): string =>
      templateShaped({ summary: Array.from({ length: k }, (_, i) => `The team phrase ${i}x was not said, nor was team phrase ${i}`).join('\n\n') });
    assertLinear(
      'blame-language, n team words on n paragraphs',
      (k) => ({ text: document(k), config: config(k) }),
      (x: { text: string; config: TeamConfig }) => lintText(x.text, { config: x.config, today: '2026-11-01' }),
      250,
    );
  });

  it('fix all, with one fixable finding per row', () => {
    const rows = (k: number): string =>
      templateShaped({}).replace(
        '| Add a pool alert |',
        Array.from({ length: k }, (_, i) => `| Fix ${i} | Prevent | p${i % 4} | Ana | 2026-10-28 | Open | |`).join('\n') + '\n| Add a pool alert |',
      );
    assertLinear(
      'fixAllEdits, lower-case priorities in n rows',
      (k) => lintText(rows(k), { today: '2026-11-01' }),
      (f: ReturnType<typeof lintText>) => fixAllEdits(f),
      2_000,
    );
  });
});
