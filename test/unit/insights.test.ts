import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_CONFIG,
  analyzeTimeline,
  figuresOf,
  insights,
  parseActionModel,
  parsePostmortem,
  severityKey,
  splitLines,
  summarize,
  timelineFigures,
  type IndexedFile,
} from '../../src/core';
import { mutatedDocuments, seedDocuments } from './util';

/** A timeline across midnight: detected 30 minutes, resolved 140 minutes after the first event. */
const ACROSS_MIDNIGHT = [
  '| Time | Event |',
  '|---|---|',
  '| 23:50 | Deploy of the consumer |',
  '| 00:20 | Queue depth alert fires |',
  '| 01:05 | Consumer rolled back |',
  '| 02:10 | Queue drained, resolved |',
];

/** Analyze Gaps' own numbers, from the whole document. */
function analyzeGaps(text: string) {
  return figuresOf(analyzeTimeline(parsePostmortem(text), splitLines(text)));
}

describe('timeline figures in the index', () => {
  it('are the numbers Analyze Gaps gives, on every seed document', () => {
    let timed = 0;
    for (const text of seedDocuments()) {
      const figures = timelineFigures(parseActionModel(text), () => splitLines(text));
      assert.deepEqual(figures, analyzeGaps(text), text.slice(0, 200));
      if (figures?.resolve !== undefined) timed++;
    }
    assert.ok(timed >= 5, `only ${timed} seed documents have a timed timeline`);
  });

  it('are the numbers Analyze Gaps gives, on 2,000 mutated post-mortems', () => {
    const fragments = fc.constantFrom(
      '|',
      '\n',
      '- ',
      '## Timeline\n',
      '### 14:05\n',
      '| 10:00 | alert fired | x |\n',
      '```',
      '<!-- x -->',
      '14:30 ',
      'UTC',
      '\r\n',
    );
    fc.assert(
      fc.property(mutatedDocuments(fragments, 8), (text) => {
        assert.deepEqual(
          timelineFigures(parseActionModel(text), () => splitLines(text)),
          analyzeGaps(text),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('are kept with the summary, and not for a template', () => {
    const text = ['# Post-Mortem: Queue stalled', '', '## Metadata', '- Date: 2026-10-14', '', '## Timeline', ...ACROSS_MIDNIGHT, ''].join('\n');
    const summary = summarize('a.md', text, 'postmortems/a.md', DEFAULT_CONFIG)!;
    // Across midnight: 23:50 to 00:20 the next day is 30 minutes.
    assert.deepEqual(summary.figures, { detect: 30, mitigate: 75, resolve: 140, duration: 140, customerBeforeMonitoring: false });
  });
});

/** A post-mortem of the test set: metadata lines, an optional timeline, action item rows, factors. */
function incident(o: { title: string; date?: string; severity?: string; team?: string; timeline?: string[]; actions?: string[]; factors?: string }): string {
  return [
    `# Post-Mortem: ${o.title}`,
    '',
    '## Metadata',
    ...(o.date ? [`- Date: ${o.date}`] : []),
    ...(o.severity ? [`- Severity: ${o.severity}`] : []),
    ...(o.team ? [`- Team: ${o.team}`] : []),
    '',
    '## Executive Summary',
    `${o.title}.`,
    '',
    ...(o.timeline ? ['## Timeline', ...o.timeline, ''] : []),
    ...(o.factors ? ['## Contributing Factors', `- ${o.factors}`, ''] : []),
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    ...(o.actions ?? []),
    '',
  ].join('\n');
}

const TODAY = '2026-06-15';

/** Hand-counted: five post-mortems (one undated) and a template. */
const SET: Record<string, string> = {
  'a.md': incident({
    title: 'Queue stalled overnight',
    date: '2026-03-05',
    severity: 'SEV1',
    team: 'Payments',
    timeline: ACROSS_MIDNIGHT,
    actions: ['| Alert on queue age | Prevent | P0 | Ana | 2026-03-15 | Done 2026-03-20 |', '| Page on consumer lag | Detect | P1 | Ana | 2026-03-31 | Open |'],
  }),
  'b.md': incident({
    title: 'Errors for a night',
    date: '2026-03-20',
    severity: 'Sev 2',
    // Across days: detected 3 hours, resolved 5 hours 30 minutes after the change.
    timeline: [
      '- 2026-03-20 22:00 Config change deployed',
      '- 2026-03-21 01:00 Customer reports errors on checkout',
      '- 2026-03-21 03:30 Errors stop, resolved',
    ],
    actions: ['| Validate config changes | Detect | P1 | SRE | 2026-03-31 | Done 2026-03-25 |'],
    factors: 'The canary was skipped for config changes.',
  }),
  'c.md': incident({
    title: 'Checkout slow',
    date: '2026-04-10',
    severity: 'SEV1',
    team: 'Checkout',
    actions: ['| Write the runbook | Process | P2 | Checkout | 2026-07-01 | Open |'],
    factors: 'No canary for the checkout service.',
  }),
  'd.md': incident({
    title: 'Search latency',
    date: '2026-04-22',
    severity: 'SEV3',
    // In another zone: the differences are the same.
    timeline: [
      '| Time (PST) | Event |',
      '|---|---|',
      '| 09:00 | Deploy of the search service |',
      '| 09:45 | Latency alert fires |',
      '| 10:15 | Search service rolled back, resolved |',
    ],
  }),
  'e.md': incident({ title: 'Undated', severity: 'SEV2' }),
  'template.md': ['# Post-Mortem: [INCIDENT TITLE]', '', '## Executive Summary', '[2-3 sentences]', '', '## Timeline', '', '## Root Cause Analysis', ''].join(
    '\n',
  ),
};

function indexed(): IndexedFile[] {
  return Object.entries(SET).map(([file, text]) => {
    const summary = summarize(file, text, file === 'template.md' ? 'templates/template.md' : `postmortems/${file}`, DEFAULT_CONFIG);
    assert.ok(summary, file);
    return summary;
  });
}

describe('insights (hand-counted)', () => {
  it('counts incidents per month by severity, severities normalised and in order', () => {
    const result = insights(indexed(), TODAY);
    assert.deepEqual(result.months, ['2026-03', '2026-04']);
    assert.deepEqual(result.severities, ['SEV1', 'SEV2', 'SEV3']);
    assert.deepEqual(
      result.incidents.map((b) => [b.month, b.severity, b.count, b.files]),
      [
        ['2026-03', 'SEV1', 1, ['a.md']],
        ['2026-03', 'SEV2', 1, ['b.md']],
        ['2026-04', 'SEV1', 1, ['c.md']],
        ['2026-04', 'SEV3', 1, ['d.md']],
      ],
    );
  });

  it('gives the median and worst time to detect and resolve per month, across midnight, days and zones', () => {
    const result = insights(indexed(), TODAY);
    assert.deepEqual(
      result.times.map((b) => [b.month, b.measure, b.median, b.worst, b.count]),
      [
        ['2026-03', 'detect', 105, 180, 2],
        ['2026-03', 'resolve', 235, 330, 2],
        ['2026-04', 'detect', 45, 45, 1],
        ['2026-04', 'resolve', 75, 75, 1],
      ],
    );
    assert.deepEqual(
      {
        postmortems: result.totals.postmortems,
        undated: result.totals.undated,
        withTimes: result.totals.withTimes,
        detect: result.totals.detect,
        resolve: result.totals.resolve,
      },
      { postmortems: 5, undated: 1, withTimes: 3, detect: 45, resolve: 140 },
    );
  });

  it('rates P0/P1 completion by month due, as the Action Items view does (late and overdue count against)', () => {
    const result = insights(indexed(), TODAY);
    assert.deepEqual(
      result.completion.map((b) => [b.month, b.onTime, b.counted, Math.round(b.rate * 1000) / 1000, b.files]),
      [['2026-03', 1, 3, 0.333, ['a.md', 'b.md']]],
    );
    assert.deepEqual(result.totals.completion, { onTime: 1, counted: 3, rate: 1 / 3 });
    assert.equal(result.totals.healthyRate, 0.8);
  });

  it('counts action items by type and state, overdue apart', () => {
    const result = insights(indexed(), TODAY);
    assert.deepEqual(result.actions.map((b) => [b.type, b.state, b.count]).sort(), [
      ['Detect', 'done', 1],
      ['Detect', 'overdue', 1],
      ['Prevent', 'done', 1],
      ['Process', 'open', 1],
    ]);
  });

  it('counts the words that recur in contributing factors by post-mortem', () => {
    assert.deepEqual(
      insights(indexed(), TODAY).factors.map((b) => [b.factor, b.count, b.files]),
      [['canary', 2, ['b.md', 'c.md']]],
    );
  });

  it('filters by team (named in the metadata, else the owners) and by the last months', () => {
    const all = indexed();
    assert.deepEqual(insights(all, TODAY).teams, ['Checkout', 'Payments', 'SRE']);
    assert.deepEqual(
      insights(all, TODAY, { team: 'Payments' }).incidents.map((b) => b.files),
      [['a.md']],
    );
    assert.equal(insights(all, TODAY, { team: 'SRE' }).totals.postmortems, 1);
    const recent = insights(all, TODAY, { months: 3 });
    assert.deepEqual(recent.months, ['2026-04', '2026-05', '2026-06']);
    assert.deepEqual(
      recent.incidents.map((b) => b.files[0]),
      ['c.md', 'd.md'],
    );
    assert.equal(recent.totals.undated, 0, 'an undated post-mortem is in no month range');
    assert.deepEqual(recent.completion, [], 'no P0/P1 item due in the range');
  });

  it('reads severities as teams write them', () => {
    assert.deepEqual(['SEV1', 'sev-2 (major)', 'Severity 3', '1', 'critical', '', undefined, '**High**'].map(severityKey), [
      'SEV1',
      'SEV2',
      'SEV3',
      'SEV1',
      'Critical',
      'No severity',
      'No severity',
      'High',
    ]);
  });
});
