import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import {
  DEFAULT_CONFIG,
  applyEdits,
  quietAfter,
  remindersDue,
  closeEdits,
  completionReport,
  reportMarkdown,
  reportText,
  summarize,
  detectDocument,
  isFollowUpOverdue,
  startReviewEdits,
  lifecycleOf,
  lintText,
  openHighPriority,
  parsePostmortem,
  parseTeamConfig,
  readFollowUps,
  splitLines,
  templateText,
} from '../../src/core';
import { joinLines, runCli } from './util';

function document(options: { date?: string; status?: string; schedule?: string[]; frontMatter?: string[]; actions?: string[] }): string {
  return joinLines(
    ...(options.frontMatter ? ['---', ...options.frontMatter, '---'] : []),
    '# Post-Mortem: Queue backlog',
    '',
    '## Metadata',
    '',
    `- **Date:** ${options.date ?? '2026-10-14'}`,
    '- **Severity:** SEV2',
    ...(options.status ? [`- **Status:** ${options.status}`] : []),
    '',
    '## Executive Summary',
    '',
    'Webhooks were delayed for three hours.',
    '',
    '## Action Items',
    '',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    ...(options.actions ?? [
      '| Add a queue age alert | Detect | P0 | SRE | 2026-10-28 | Open |',
      '| Document the pool | Process | P1 | Ana | 2026-11-01 | Done 2026-10-30 |',
      '| Tune the consumer | Prevent | P2 | Ben | 2026-11-15 | Open |',
    ]),
    '',
    ...(options.schedule ? ['## Follow-Up Schedule', ...options.schedule, ''] : []),
  );
}

function followUps(text: string): ReturnType<typeof readFollowUps> {
  return readFollowUps(parsePostmortem(text), splitLines(text));
}

describe('follow-up schedule', () => {
  it('reads the three schedule lines, ticked ones done, with their lines', () => {
    const text = document({
      schedule: ['- [x] 2026-10-28: Review action item progress', '- 2026-11-11: Verify fixes in production', '- 2026-11-12: Close post-mortem'],
    });
    const { followUps: steps, problems } = followUps(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      steps.map((s) => [s.kind, s.date, s.done, s.source, splitLines(text)[s.line!]]),
      [
        ['review', '2026-10-28', true, 'schedule', '- [x] 2026-10-28: Review action item progress'],
        ['verify', '2026-11-11', false, 'schedule', '- 2026-11-11: Verify fixes in production'],
        ['close', '2026-11-12', false, 'schedule', '- 2026-11-12: Close post-mortem'],
      ],
    );
  });

  it('computes the practice rhythm from the incident date when the schedule is still placeholders', () => {
    const { followUps: steps } = followUps(
      document({
        date: '2026-10-14',
        schedule: ['- [DATE]: Review action item progress', '- [DATE]: Verify fixes in production', '- [DATE]: Close post-mortem'],
      }),
    );
    assert.deepEqual(
      steps.map((s) => [s.kind, s.date, s.source]),
      [
        ['review', '2026-10-28', 'computed'],
        ['verify', '2026-11-11', 'computed'],
        ['close', '2026-11-11', 'computed'],
      ],
    );
  });

  it('reads review-dates from the front matter, as a list or by kind', () => {
    const list = followUps(document({ frontMatter: ['review-dates: [2026-10-30, 2026-11-13]'] })).followUps;
    assert.deepEqual(
      list.map((s) => [s.kind, s.date, s.source]),
      [
        ['review', '2026-10-30', 'frontMatter'],
        ['close', '2026-11-13', 'frontMatter'],
      ],
    );
    const byKind = followUps(document({ frontMatter: ['review-dates:', '  review: 2026-10-29', '  verify: "2026-11-12"'] })).followUps;
    assert.deepEqual(
      byKind.map((s) => [s.kind, s.date]),
      [
        ['review', '2026-10-29'],
        ['verify', '2026-11-12'],
      ],
    );
  });

  it('says which schedule lines it cannot use: not a date, or before the incident', () => {
    const { followUps: steps, problems } = followUps(
      document({ date: '2026-10-14', schedule: ['- 28/10/2026: Review action item progress', '- 2026-10-01: Verify fixes in production'] }),
    );
    assert.deepEqual(
      steps.map((s) => s.date),
      ['2026-10-01'],
    );
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /does not start with a date as YYYY-MM-DD/);
    assert.match(problems[1].message, /2026-10-01 is before the incident \(2026-10-14\)/);
  });

  it('has no schedule without dates of any kind, and never throws on a broken one', () => {
    assert.deepEqual(followUps(document({ date: '[INCIDENT DATE]' })).followUps, []);
    for (const line of ['-', '- [x]', '- 9999-99-99: x', '- **2026-10-28**', '1) 2026-10-28 — Close it', '- [ ] 2026-10-28 Review']) {
      assert.doesNotThrow(() => followUps(document({ schedule: [line] })));
    }
    const bold = followUps(document({ schedule: ['1) **2026-10-28** — Close it'] })).followUps;
    assert.deepEqual(
      bold.map((s) => [s.kind, s.date, s.label]),
      [['close', '2026-10-28', 'Close it']],
    );
  });

  it('counts the open P0/P1 items: not done, not declined, not P2', () => {
    assert.deepEqual(
      openHighPriority(parsePostmortem(document({}))).map((i) => i.action),
      ['Add a queue age alert'],
    );
  });

  it('is overdue after its date unless done', () => {
    const [review] = followUps(document({ date: '2026-10-14' })).followUps;
    assert.equal(isFollowUpOverdue(review, '2026-10-28'), false);
    assert.equal(isFollowUpOverdue(review, '2026-10-29'), true);
    assert.equal(isFollowUpOverdue({ ...review, done: true }, '2026-10-29'), false);
  });
});

describe('Start review and Close post-mortem (edits)', () => {
  const SCHEDULE = ['- 2026-10-28: Review action item progress', '- 2026-11-11: Verify fixes in production', '- 2026-11-11: Close post-mortem'];

  it('Start review ticks the first open step and adds a dated checklist of every P0/P1 item under the schedule', () => {
    const text = document({ schedule: SCHEDULE });
    const out = applyEdits(text, startReviewEdits(parsePostmortem(text), splitLines(text), '2026-10-28'));
    assert.ok(
      out.endsWith(
        joinLines(
          '## Follow-Up Schedule',
          '- [x] 2026-10-28: Review action item progress',
          '- 2026-11-11: Verify fixes in production',
          '- 2026-11-11: Close post-mortem',
          '',
          '### Review 2026-10-28',
          '',
          '- [ ] P0 Add a queue age alert (owner: SRE, due: 2026-10-28, open)',
          '- [x] P1 Document the pool (owner: Ana, due: 2026-11-01, done 2026-10-30)',
          '',
        ),
      ),
      out,
    );
    assert.equal(out.replace(/\n## Follow-Up Schedule[\s\S]*$/, ''), text.replace(/\n## Follow-Up Schedule[\s\S]*$/, ''), 'nothing else changes');
    // The next review ticks the next step.
    const again = applyEdits(out, startReviewEdits(parsePostmortem(out), splitLines(out), '2026-11-11'));
    assert.match(again, /^- \[x\] 2026-11-11: Verify fixes in production$/m);
    assert.match(again, /^### Review 2026-11-11$/m);
  });

  it('Start review adds the schedule section when the post-mortem has none', () => {
    const text = document({});
    const out = applyEdits(text, startReviewEdits(parsePostmortem(text), splitLines(text), '2026-10-28'));
    assert.match(out, /\n## Follow-Up Schedule\n\n### Review 2026-10-28\n\n- \[ \] P0 Add a queue age alert/);
  });

  it('Close refuses while P0/P1 items are open, and names them', () => {
    const text = document({ schedule: SCHEDULE });
    const result = closeEdits(parsePostmortem(text), splitLines(text), '2026-11-11');
    assert.ok('blockers' in result);
    assert.deepEqual(
      result.blockers.map((i) => i.action),
      ['Add a queue age alert'],
    );
  });

  it('Close sets the status with the date (replacing one, or adding it to the metadata) and ticks the close line', () => {
    const actions = [
      '| Add a queue age alert | Detect | P0 | SRE | 2026-10-28 | Done 2026-10-27 |',
      '| Tune the consumer | Prevent | P1 | Ben | 2026-11-15 | Declined: replaced by the new queue |',
    ];
    for (const status of [undefined, 'In Review']) {
      const text = document({ schedule: SCHEDULE, actions, status });
      const result = closeEdits(parsePostmortem(text), splitLines(text), '2026-11-11');
      assert.ok('edits' in result);
      const out = applyEdits(text, result.edits);
      assert.match(out, status ? /^- \*\*Status:\*\* Closed 2026-11-11$/m : /^- \*\*Severity:\*\* SEV2\n- Status: Closed 2026-11-11$/m);
      assert.match(out, /^- \[x\] 2026-11-11: Close post-mortem$/m);
      assert.equal(lifecycleOf(parsePostmortem(out)).status, 'closed');
      assert.deepEqual(
        lintText(out, { today: '2026-12-01' }).filter((f) => f.code === 'follow-up-schedule'),
        [],
      );
    }
  });
});

describe('follow-up-schedule rule', () => {
  const findings = (text: string, today = '2026-11-20'): string[] =>
    lintText(text, { today })
      .filter((f) => f.code === 'follow-up-schedule')
      .map((f) => `${f.range.start.line}: ${f.message}`);
  const lineOf = (text: string, start: string): number => splitLines(text).findIndex((l) => l.startsWith(start));

  it('reports a schedule line that is not a date, and one before the incident, where they are', () => {
    const text = document({
      schedule: [
        '- next week: Review action item progress',
        '- 28/10/2026: Review',
        '- 2026-10-01: Verify fixes in production',
        '- 2026-12-30: Close post-mortem',
      ],
    });
    assert.deepEqual(findings(text), [
      `${lineOf(text, '- 28/10/2026')}: "28/10/2026: Review" does not start with a date as YYYY-MM-DD: this follow-up is not scheduled.`,
      `${lineOf(text, '- 2026-10-01')}: 2026-10-01 is before the incident (2026-10-14): a follow-up comes after it.`,
    ]);
  });

  it('warns on the close line when the close date has passed and the post-mortem is not closed', () => {
    const text = document({ status: 'In Review', schedule: ['- [x] 2026-10-28: Review action item progress', '- 2026-11-11: Close post-mortem'] });
    assert.deepEqual(findings(text), [
      `${lineOf(text, '- 2026-11-11')}: This post-mortem was due to close on 2026-11-11 and is still "In Review": check that its P0/P1 action items are done or declined, then close it (or move the date).`,
    ]);
    assert.deepEqual(findings(text, '2026-11-11'), [], 'not before the day has passed');
    assert.deepEqual(findings(text.replace('- 2026-11-11: Close', '- [x] 2026-11-11: Close')), [], 'a ticked close line is done');
  });

  it('warns when a closed post-mortem still has open P0/P1 items, on its status', () => {
    const text = document({ status: 'Closed' });
    assert.deepEqual(findings(text), [
      `${lineOf(text, '- **Status:**')}: This post-mortem is closed with 1 P0/P1 action item still open ("Add a queue age alert"): finish or decline them, with a reason, before closing.`,
    ]);
  });

  it("says when a status is not one of the team's words", () => {
    const config = parseTeamConfig(joinLines('statuses:', '  draft: [Entwurf]', '  closed: [Erledigt]', '')).config;
    const text = document({ status: 'Fertig' });
    const messages = lintText(text, { today: '2026-10-20', config })
      .filter((f) => f.code === 'follow-up-schedule')
      .map((f) => f.message);
    assert.deepEqual(messages, ['Status "Fertig" is not one of the team\'s (Entwurf, Erledigt, in .postmortem.yaml): it is read as published.']);
  });

  it('asks nothing of a post-mortem with neither a status nor a written schedule', () => {
    assert.deepEqual(findings(document({}), '2027-06-01'), []);
  });
});

describe('follow-up settings in .postmortem.yaml', () => {
  it('reads the days and the e-mail addresses, and says what is wrong with bad ones', () => {
    const { config, problems } = parseTeamConfig(
      joinLines('followUps:', '  review: 7', '  close: 0', '  later: 3', 'emails:', '  Ana Lima: ana@example.com', '  Bo: not-an-address', ''),
    );
    assert.deepEqual(config.followUps, { review: 7, verify: 28, close: 28 });
    assert.deepEqual(config.emails, { 'ana lima': 'ana@example.com' });
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        '"followUps.close" must be a whole number of days (1 to 366).',
        'Unknown setting "followUps.later". Known: review, verify, close.',
        '"emails.Bo" must be an e-mail address.',
      ],
    );
    const text = document({ date: '2026-10-14' });
    assert.deepEqual(
      readFollowUps(parsePostmortem(text), splitLines(text), config.followUps).followUps.map((f) => f.date),
      ['2026-10-21', '2026-11-11', '2026-11-11'],
    );
  });
});

describe("the index keeps each post-mortem's follow-ups", () => {
  it("with the same reading as the document (the action items' fast reader included), all done once closed", () => {
    const text = document({
      schedule: ['- [x] 2026-10-28: Review action item progress', '- 2026-11-11: Verify fixes in production', '- 2026-11-12: Close post-mortem'],
    });
    const indexed = summarize('file:///w/q.md', text, 'postmortems/2026-10-14-queue.md', DEFAULT_CONFIG)!;
    assert.deepEqual(
      indexed.followUps,
      followUps(text).followUps.map(({ kind, date, label, done, line, source }) => ({ kind, date, label, done, line, source })),
    );
    assert.equal(indexed.closed, false);
    const closed = summarize(
      'file:///w/q.md',
      text.replace('- **Severity:** SEV2', '- **Severity:** SEV2\n- **Status:** Closed'),
      'postmortems/2026-10-14-queue.md',
      DEFAULT_CONFIG,
    )!;
    assert.ok(closed.closed && closed.followUps.every((f) => f.done));
  });
});

describe('completion report', () => {
  // Hand-counted: P0/P1 items, declined ones left out. On time: A (done before due), C (done, no date).
  // Late: B. Open past due: D. Not yet due: E (not counted). P2 F ignored. Rate 2 of 4 = 50%.
  const ROWS = [
    '| A | Detect | P0 | SRE | 2026-10-20 | Done 2026-10-19 |',
    '| B | Prevent | P1 | Ana | 2026-10-25 | Done 2026-10-30 |',
    '| C | Prevent | P1 | Ana | 2026-11-05 | Done |',
    '| D | Detect | P0 |  | 2026-11-10 | Open |',
    '| E | Process | P1 | Ben | 2026-12-20 | Open |',
    '| F | Process | P2 | Ben | 2026-10-01 | Open |',
    '| G | Prevent | P0 | Ana | 2026-10-21 | Declined: superseded by H |',
  ];
  const items = summarize('file:///w/q.md', document({ actions: ROWS }), 'postmortems/2026-10-14-queue.md', DEFAULT_CONFIG)!.items;

  it('counts on time against the 80% mark, by month, owner and type, with the late, overdue and unplanned items', () => {
    const report = completionReport(items, '2026-11-28');
    assert.deepEqual([report.total.onTime, report.total.counted, report.total.rate, report.total.healthy], [2, 4, 0.5, false]);
    assert.deepEqual(
      report.byMonth.map((r) => [r.key, r.onTime, r.counted]),
      [
        ['2026-10', 1, 2],
        ['2026-11', 1, 2],
        ['2026-12', 0, 0],
      ],
    );
    assert.deepEqual(
      report.byOwner.map((r) => [r.key, r.onTime, r.counted]),
      [
        ['Ana', 1, 2],
        ['Ben', 0, 0],
        ['no owner', 0, 1],
        ['SRE', 1, 1],
      ],
    );
    assert.deepEqual(
      report.byType.map((r) => [r.key, r.onTime, r.counted]),
      [
        ['Detect', 1, 2],
        ['Prevent', 1, 2],
        ['Process', 0, 0],
      ],
    );
    assert.deepEqual(
      report.late.map((i) => i.action),
      ['B'],
    );
    assert.deepEqual(
      report.overdue.map((i) => i.action),
      ['D'],
    );
    assert.deepEqual(
      report.withoutPlan.map((i) => i.action),
      ['D'],
    );
    assert.deepEqual(completionReport(items, '2026-11-28', '2026-11').total.counted, 2, '--since keeps items due from that month');
    assert.match(reportMarkdown(report, '2026-11-28'), /^On time: \*\*50% \(2\/4\) below 80%\*\*/m);
  });

  it('says "no due date" of an item without a plan and without a due date', () => {
    const unplanned = summarize(
      'file:///w/u.md',
      document({ actions: ['| H | Detect | P1 |  |  | Open |'] }),
      'postmortems/2026-10-14-u.md',
      DEFAULT_CONFIG,
    )!.items;
    const report = completionReport(unplanned, '2026-11-28');
    assert.match(reportText(report), /: P1 H \(no owner, no due date\)$/m);
    assert.match(reportMarkdown(report, '2026-11-28'), /- P1 H \(no owner, no due date\): /);
  });

  it('postmortem report --format json gives the same numbers from the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postmortem-report-'));
    writeFileSync(join(dir, '2026-10-14-queue.md'), document({ actions: ROWS }));
    const { status, out } = await runCli(['report', '.', '--format', 'json', '--today', '2026-11-28'], dir);
    assert.equal(status, 0);
    const report = JSON.parse(out) as { total: { onTime: number; counted: number; rate: number } };
    assert.deepEqual(report.total, { key: 'all', onTime: 2, counted: 4, rate: 0.5, healthy: false });
    assert.equal((await runCli(['report', '.', '--since', '2026-13'], dir)).status, 2, 'a bad month is bad usage');
  });
});

describe('lifecycle', () => {
  it('reads the status words, and a post-mortem without one is published', () => {
    const status = (s?: string): string => lifecycleOf(parsePostmortem(document({ status: s }))).status;
    assert.deepEqual(
      [
        status(),
        status('Draft'),
        status('WIP'),
        status('In Review'),
        status('Published'),
        status('Closed 2026-11-20'),
        status('Final'),
        status('Complete, action items in progress'),
      ],
      ['published', 'draft', 'draft', 'inReview', 'published', 'closed', 'published', 'published'],
    );
  });
});

describe('checks that follow the lifecycle', () => {
  const STAGED = new Set(['missing-section', 'unfilled-placeholder', 'empty-section', 'missing-metadata']);
  const severities = (text: string, configText = ''): string[] => {
    const config = parseTeamConfig(configText).config;
    return [
      ...new Set(
        lintText(text, { today: '2026-10-15', config })
          .filter((f) => STAGED.has(f.code))
          .map((f) => f.severity),
      ),
    ];
  };
  const fresh = (status?: string): string => templateText({ title: 'Queue backlog', date: '2026-10-14', severity: 'SEV2', status });

  it("makes a draft's unfilled parts hints, in review warnings, published (or no status) errors", () => {
    assert.match(fresh('Draft'), /^- Status: Draft$/m, 'New Post-Mortem writes the status');
    assert.deepEqual(severities(fresh('Draft')), ['hint']);
    assert.deepEqual(severities(fresh('In Review')), ['warning']);
    assert.deepEqual(severities(fresh('Published')), ['error']);
    assert.deepEqual(severities(fresh()), ['error']);
  });

  it("reads the team's status words and severities from .postmortem.yaml", () => {
    const config = joinLines('statuses:', '  draft: [Entwurf]', '  closed: [Erledigt]', 'lifecycle:', '  draft: information', '');
    assert.deepEqual(severities(fresh('Entwurf'), config), ['information']);
    assert.equal(lifecycleOf(parsePostmortem(fresh('Erledigt 2026-11-20')), parseTeamConfig(config).config.statuses).status, 'closed');
    assert.deepEqual(lifecycleOf(parsePostmortem(fresh('Draft')), parseTeamConfig(config).config.statuses), {
      status: 'published',
      written: 'Draft',
      known: false,
    });
    assert.deepEqual(
      parseTeamConfig(joinLines('lifecycle:', '  later: hint', '  draft: off', '')).problems.map((p) => p.message),
      ['Unknown setting "lifecycle.later". Known: draft, inReview, published, closed.', '"lifecycle.draft" must be error, warning, information or hint.'],
    );
  });

  it('leaves a post-mortem in its own shape with no status as it was', () => {
    const own = joinLines(
      '# Incident 2026-10-14: login failures',
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
      '- [ ] Add an alert (owner: @ana, due 2026-10-28)',
      '',
    );
    const detection = detectDocument(parsePostmortem(own), 'incidents/2026-10-14-login.md');
    assert.equal(detection?.followsTemplate, false);
    const staged = lintText(own, { today: '2026-10-15', detection }).filter((f) => STAGED.has(f.code));
    assert.ok(staged.length > 0);
    // No summary: a warning, as for any document in its own shape, not the published stage's error.
    assert.deepEqual([...new Set(staged.map((f) => `${f.code} ${f.severity}`))], ['missing-section warning']);
  });
});

describe('postmortem followups (CLI)', () => {
  const run = runCli;

  it('lists every follow-up soonest first with its open P0/P1 items, as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postmortem-followups-'));
    mkdirSync(join(dir, 'postmortems'));
    writeFileSync(
      join(dir, 'postmortems', '2026-10-14-queue.md'),
      document({ schedule: ['- [x] 2026-10-28: Review action item progress', '- 2026-11-11: Verify fixes in production', '- 2026-11-12: Close post-mortem'] }),
    );
    writeFileSync(join(dir, 'postmortems', '2026-09-01-old.md'), document({ date: '2026-09-01', status: 'Closed' }));
    writeFileSync(join(dir, 'README.md'), '# Notes\n\nNot a post-mortem.\n');
    const { status, out, err } = await run(['followups', '.', '--format', 'json', '--today', '2026-11-12'], dir);
    assert.equal(err, '');
    assert.equal(status, 0);
    const entries = JSON.parse(out) as { file: string; date: string; kind: string; done: boolean; overdue: boolean; openP0P1: number }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.date, e.kind, e.done, e.overdue, e.openP0P1]),
      [
        ['postmortems/2026-09-01-old.md', '2026-09-15', 'review', true, false, 1],
        ['postmortems/2026-09-01-old.md', '2026-09-29', 'verify', true, false, 1],
        ['postmortems/2026-09-01-old.md', '2026-09-29', 'close', true, false, 1],
        ['postmortems/2026-10-14-queue.md', '2026-10-28', 'review', true, false, 1],
        ['postmortems/2026-10-14-queue.md', '2026-11-11', 'verify', false, true, 1],
        ['postmortems/2026-10-14-queue.md', '2026-11-12', 'close', false, false, 1],
      ],
    );
    const text = (await run(['followups', '.', '--today', '2026-11-12'], dir)).out;
    assert.match(
      text,
      /^2026-11-11 {2}OVERDUE {3}verify {2}postmortems\/2026-10-14-queue\.md:\d+: Queue backlog \(Verify fixes in production; 1 open P0\/P1 item\)$/m,
    );
    assert.match(text, /^2026-11-12 {2}TODAY {5}close/m);
    assert.match(text, /6 follow-ups: 1 overdue, 1 to come\.\n$/);
  });

  it('writes an iCalendar file: one event per follow-up on its date, UIDs stable when a date moves, people invited by the team config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postmortem-ics-'));
    const schedule = (review: string): string[] => [
      `- ${review}: Review action item progress`,
      '- 2026-11-11: Verify fixes in production',
      '- 2026-11-12: Close post-mortem',
    ];
    const write = (review: string): void =>
      writeFileSync(
        join(dir, 'queue.md'),
        document({ schedule: schedule(review) }).replace(
          '- **Severity:** SEV2',
          '- **Severity:** SEV2\n- **Incident Commander:** Ana Lima\n- **Post-Mortem Author:** Bo Chen',
        ),
      );
    writeFileSync(join(dir, '.postmortem.yaml'), 'emails:\n  Ana Lima: ana@example.com\n');
    const events = (ics: string): { uid: string; date: string; summary: string; description: string; attendees: string[] }[] =>
      new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((c) => {
        const event = new ICAL.Event(c);
        return {
          uid: event.uid,
          date: event.startDate.toString(),
          summary: event.summary,
          description: event.description,
          attendees: c.getAllProperties('attendee').map((a) => String(a.getFirstValue())),
        };
      });
    write('2026-10-28');
    const first = await run(['followups', 'queue.md', '--format', 'ics', '--today', '2026-11-01'], dir);
    assert.equal(first.status, 0, first.err);
    const parsed = events(first.out);
    assert.deepEqual(
      parsed.map((e) => e.date),
      ['2026-10-28', '2026-11-11', '2026-11-12'],
    );
    assert.equal(parsed[0].summary, 'Review action item progress: Queue backlog');
    assert.match(parsed[0].description, /Open P0\/P1 action items:\n- \[P0\] Add a queue age alert \(SRE, due 2026-10-28\)/);
    assert.deepEqual(
      parsed[0].attendees.map((a) => a.toLowerCase()),
      ['mailto:ana@example.com'],
    );
    assert.equal(new Set(parsed.map((e) => e.uid)).size, 3);
    // The same run again writes the same file; a moved date keeps the UID.
    assert.equal((await run(['followups', 'queue.md', '--format', 'ics', '--today', '2026-11-01'], dir)).out, first.out);
    write('2026-10-30');
    const moved = events((await run(['followups', 'queue.md', '--format', 'ics', '--today', '2026-11-01'], dir)).out);
    assert.deepEqual(
      moved.map((e) => [e.uid, e.date]),
      [
        [parsed[0].uid, '2026-10-30'],
        [parsed[1].uid, '2026-11-11'],
        [parsed[2].uid, '2026-11-12'],
      ],
    );
  });
});

describe('follow-up reminders', () => {
  const schedule = ['- [x] 2026-10-28: Review action item progress', '- [ ] 2026-11-11: Verify fixes in production', '- [ ] 2026-11-12: Close post-mortem'];
  const files = [summarize('queue.md', document({ schedule }), 'postmortems/queue.md', DEFAULT_CONFIG)!];
  const due = (today: string, quiet = {}): string[] =>
    remindersDue(files, today, quiet).flatMap((r) =>
      r.steps.map((step) => `${step.kind} ${step.date}${step.date < today ? ' overdue' : ''}: ${r.open.map((i) => i.action).join(', ')}`),
    );

  it('reminds of each step not done on its day and every day after, with the open P0/P1 items', () => {
    assert.deepEqual(due('2026-11-10'), []);
    assert.deepEqual(due('2026-11-11'), ['verify 2026-11-11: Add a queue age alert']);
    assert.deepEqual(due('2026-11-20'), ['verify 2026-11-11 overdue: Add a queue age alert', 'close 2026-11-12 overdue: Add a queue age alert']);
  });

  it('shows a reminder once a day: quiet until tomorrow once shown, longer when snoozed, again when its date moves', () => {
    const shown = remindersDue(files, '2026-11-11', {});
    const quiet = quietAfter(
      {},
      shown.flatMap((r) => r.keys),
      '2026-11-11',
    );
    assert.deepEqual(due('2026-11-11', quiet), []);
    assert.deepEqual(due('2026-11-12', quiet), ['verify 2026-11-11 overdue: Add a queue age alert', 'close 2026-11-12: Add a queue age alert']);
    const snoozed = quietAfter(
      quiet,
      shown.flatMap((r) => r.keys),
      '2026-11-12',
      7,
    );
    assert.deepEqual(due('2026-11-18', snoozed), ['close 2026-11-12 overdue: Add a queue age alert']);
    assert.deepEqual(due('2026-11-19', snoozed), ['verify 2026-11-11 overdue: Add a queue age alert', 'close 2026-11-12 overdue: Add a queue age alert']);
    // What is over is dropped: the state stays as small as what is pending.
    assert.deepEqual(Object.keys(quietAfter(snoozed, [], '2026-11-30')), []);
    // Moved to a later day, the review is reminded of on that day even while its old date is snoozed.
    const moved = [
      summarize(
        'queue.md',
        document({ schedule: [schedule[0], '- [ ] 2026-11-15: Verify fixes in production', schedule[2]] }),
        'postmortems/queue.md',
        DEFAULT_CONFIG,
      )!,
    ];
    const verify = (today: string): string[] =>
      remindersDue(moved, today, snoozed)
        .flatMap((r) => r.steps)
        .filter((step) => step.kind === 'verify')
        .map((step) => step.date);
    assert.deepEqual(verify('2026-11-14'), []);
    assert.deepEqual(verify('2026-11-15'), ['2026-11-15']);
  });

  it('makes one reminder per post-mortem, the one with the oldest step first', () => {
    const other = summarize(
      'cache.md',
      document({
        schedule: ['- [ ] 2026-11-05: Review action item progress', '- [ ] 2026-12-01: Verify fixes in production', '- [ ] 2026-12-02: Close post-mortem'],
      }).replace('Queue backlog', 'Cache outage'),
      'postmortems/cache.md',
      DEFAULT_CONFIG,
    )!;
    assert.deepEqual(
      remindersDue([...files, other], '2026-11-12', {}).map((r) => [r.file.title, r.steps.map((s) => s.kind)]),
      [
        ['Cache outage', ['review']],
        ['Queue backlog', ['verify', 'close']],
      ],
    );
  });

  it('never reminds for a closed post-mortem, a template or a document that is not a post-mortem', () => {
    const closed = summarize('closed.md', document({ schedule, status: 'Closed 2026-11-12' }), 'postmortems/closed.md', DEFAULT_CONFIG)!;
    const template = summarize('template.md', templateText(), 'postmortems/template.md', DEFAULT_CONFIG)!;
    assert.equal(template.kind, 'template');
    assert.deepEqual(remindersDue([closed, template], '2026-12-31', {}), []);
    assert.equal(summarize('notes.md', joinLines('# Notes', '', 'Review on 2026-11-11.'), 'notes.md', DEFAULT_CONFIG), undefined);
  });
});
