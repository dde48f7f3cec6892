import * as assert from 'node:assert/strict';
import {
  addEventEdits,
  analyzeTimeline,
  applyEdits,
  convertToUtcEdits,
  detectDocument,
  incidentDateOf,
  lintModel,
  markDoneEdits,
  parsePostmortem,
  setDueEdits,
  setOwnerEdits,
  sortTimelineEdits,
  splitLines,
  summarize,
  DEFAULT_CONFIG,
  convertToTemplateEdits,
  findItem,
  inferTeamConfig,
  parseTeamConfig,
  type Finding,
  type PostmortemModel,
} from '../../src/core';
import { joinLines, readShape, shapeFiles } from './util';

const TODAY = '2026-11-29';
const model = (path: string): PostmortemModel => parsePostmortem(readShape(path));
const lint = (path: string): Finding[] => {
  const text = readShape(path);
  const m = parsePostmortem(text);
  return lintModel(m, splitLines(text), { today: TODAY, detection: detectDocument(m, path) });
};
const items = (path: string): [string, string, string][] => model(path).actionItems.map((i) => [i.action, i.state, i.group ?? '']);
const times = (path: string, which = 0): string[] => model(path).timelines[which].entries.map((e) => `${e.time?.date ?? '?'} ${e.timeText}`);
const edit = (text: string, f: (m: PostmortemModel, lines: string[]) => Parameters<typeof applyEdits>[1]): string =>
  applyEdits(text, f(parsePostmortem(text), splitLines(text)));

describe('documents in the shapes teams write them', () => {
  describe('detection', () => {
    it('takes each post-mortem where it lives, the template as a template, and no article, README, changelog or runbook', () => {
      const kinds = Object.fromEntries(shapeFiles().map((f) => [f, detectDocument(model(f), f)?.kind ?? 'none']));
      assert.deepEqual(kinds, {
        'CHANGELOG.md': 'none',
        'blog/2024-06-03-api-postmortem.md': 'postmortem',
        'docs/README.md': 'none',
        'docs/retros/2024-07-09-search-retrospective.md': 'postmortem',
        'docs/runbook-dns.md': 'none',
        'docs/writing-postmortems.md': 'none',
        'incidents/2024-03-05--cache-stampede.md': 'postmortem',
        'incidents/2024-04-02-dns.md': 'postmortem',
        'postmortems/2024-05-02-cron-overlap.md': 'postmortem',
        'postmortems/PM2024-007 - Queue saturation.md': 'postmortem',
        'reports/2024-02-11-login-outage.md': 'postmortem',
        'sre/2024-01-09-checkout-postmortem.md': 'postmortem',
        'templates/postmortem-template.md': 'template',
      });
    });

    it('says why, in words', () => {
      assert.match(
        detectDocument(model('incidents/2024-04-02-dns.md'), 'incidents/2024-04-02-dns.md')!.reason,
        /^in incidents\/; 5 incident sections \(Impact, Timeline, Root Cause Analysis, Action Items, Lessons Learned\)$/,
      );
      assert.match(
        detectDocument(model('postmortems/PM2024-007 - Queue saturation.md'), 'postmortems/PM2024-007 - Queue saturation.md')!.reason,
        /^file name says "PM2024"/,
      );
      assert.match(detectDocument(model('docs/retros/2024-07-09-search-retrospective.md'), 'x.md')!.reason, /^title says "Retrospective"/);
    });

    it('the template gets placeholder checks only, and no action items in the index', () => {
      assert.deepEqual(lint('templates/postmortem-template.md'), []);
      assert.deepEqual(summarize('t', readShape('templates/postmortem-template.md'), 'templates/postmortem-template.md', DEFAULT_CONFIG)?.items, []);
    });
  });

  describe('sections and metadata', () => {
    it('reads sections at any level, setext headings, bold labels, containers and the lead paragraph', () => {
      assert.deepEqual(
        model('incidents/2024-04-02-dns.md').sections.map((s) => [s.kind, s.source, s.level]),
        [
          ['executiveSummary', 'lead', 0],
          ['impact', 'heading', 2],
          ['timeline', 'heading', 2],
          ['rootCause', 'heading', 2],
          ['actionItems', 'heading', 2],
          ['lessonsLearned', 'heading', 2],
        ],
      );
      assert.equal(model('incidents/2024-04-02-dns.md').title?.text, 'DNS resolution failures in eu-west', 'a setext title');
      const labels = model('postmortems/PM2024-007 - Queue saturation.md').sections.filter((s) => s.source === 'label');
      assert.deepEqual(
        labels.map((s) => [s.title, s.kind]),
        [
          ['What happened?', 'executiveSummary'],
          ['The underlying issue', 'rootCause'],
        ],
      );
      const lessons = model('incidents/2024-03-05--cache-stampede.md').sections.filter((s) =>
        ['lessonsLearned', 'wentWell', 'couldBeImproved'].includes(s.kind ?? ''),
      );
      assert.deepEqual(
        lessons.map((s) => [s.title, s.level]),
        [
          ['Lessons', 2],
          ['What Went Well', 3],
          ['What Went Wrong', 3],
        ],
      );
    });

    it('time headings inside a timeline do not end it', () => {
      const timeline = model('reports/2024-02-11-login-outage.md').sections.find((s) => s.kind === 'timeline')!;
      const lines = splitLines(readShape('reports/2024-02-11-login-outage.md'));
      assert.equal(lines[timeline.body.end], '## Follow-up timeline (times in GMT)');
    });

    it("reads metadata from sections, titles, summaries and TOML front matter, the incident date before a blog's publication date", () => {
      const sre = model('sre/2024-01-09-checkout-postmortem.md');
      assert.deepEqual(
        sre.metadata.map((e) => [e.key, e.value, e.source]),
        [
          ['date', '2024-01-09', 'section'],
          ['author', 'lena, omar', 'section'],
          ['status', 'Complete, action items in progress', 'section'],
          ['date', '2024-01-09', 'summary'],
        ].slice(0, 3),
      );
      const blog = model('blog/2024-06-03-api-postmortem.md');
      assert.equal(blog.title?.text, 'API Postmortem: Token refresh failures');
      assert.equal(blog.title?.source, 'frontMatter');
      assert.equal(blog.frontMatter?.format, 'toml');
      assert.equal(incidentDateOf(blog), '2024-06-01', 'the summary says 2024-06-01; the front matter date 2024-06-03 is when the post went out');
      assert.equal(incidentDateOf(model('incidents/2024-03-05--cache-stampede.md')), '2024-03-05', 'from the title');
      assert.equal(incidentDateOf(model('postmortems/PM2024-007 - Queue saturation.md')), '2024-01-16', 'from "On Tuesday 16 January 2024"');
    });
  });

  describe('action items', () => {
    it('reads bullets with done marks, child bullets that say done, and reference-style tickets', () => {
      const m = model('incidents/2024-03-05--cache-stampede.md');
      assert.deepEqual(
        m.actionItems.map((i) => [i.action, i.state, i.ticket]),
        [
          ['Add a cache hit-rate alert.', 'done', ''],
          ['Stop flushing the whole cache on deploy.', 'done', 'https://github.com/example/catalog/issues/91'],
          ['Warm the cache in batches after a flush #93.', 'open', 'https://github.com/example/catalog/issues/93'],
          ['Write down the warm-up procedure in the runbook.', 'open', ''],
        ],
      );
      assert.equal(m.actionItems[1].doneDate, '2024-03-08');
    });

    it('reads task lists grouped by sub-headings, a task with its parts as nested tasks, and (in progress)', () => {
      assert.deepEqual(items('docs/retros/2024-07-09-search-retrospective.md'), [
        ['Ignore unknown fields in the indexer', 'inProgress', 'Indexing'],
        ['Ensure that alerting is in place for: consumer lag, deserialization errors', 'open', 'Indexing'],
        ['Add the indexer to the schema change checklist', 'done', 'Process'],
        ['Share the rollback steps with the listings team', 'open', 'Process'],
      ]);
    });

    it("a task with its parts is done when they all are, under way when some are; a plain lead-in's children are items", () => {
      const text = (a: string, b: string): string =>
        joinLines(
          '# Outage postmortem',
          '## Timeline',
          '- 10:00 a',
          '## Action Items',
          '- [ ] Alerts for:',
          `  - [${a}] lag`,
          `  - [${b}] errors`,
          '- Also:',
          '  - rotate keys',
          '  - page on lag',
          '## Impact',
          'x',
        );
      assert.deepEqual(
        parsePostmortem(text('x', 'x')).actionItems.map((i) => [i.action, i.state]),
        [
          ['Alerts for: lag, errors', 'done'],
          ['rotate keys', 'open'],
          ['page on lag', 'open'],
        ],
      );
      assert.equal(parsePostmortem(text('x', ' ')).actionItems[0].state, 'inProgress');
      assert.equal(parsePostmortem(text(' ', ' ')).actionItems[0].state, 'open');
    });

    it('reads bold leads, priority words, owners, dues, declined items and labels for taken and planned actions', () => {
      assert.deepEqual(
        items('postmortems/PM2024-007 - Queue saturation.md').map((i) => i[0]),
        ['Alert on queue depth and age', 'Size the pool from the worker count', 'Rehearse the month-end run in staging'],
      );
      assert.deepEqual(
        model('blog/2024-06-03-api-postmortem.md').actionItems.map((i) => [i.priority, i.action]),
        [
          ['HIGH', 'Keep a retired key in the key set for a cache lifetime after rotation'],
          ['MEDIUM', 'Cut the key set cache to one hour'],
          ['MEDIUM', 'Alert on 401 rates per client version'],
        ],
      );
      assert.deepEqual(
        model('postmortems/2024-05-02-cron-overlap.md').actionItems.map((i) => [i.action, i.state, i.owner, i.due]),
        [
          ['Add a lock to the export job', 'open', '@sam', ''],
          ['Make the export idempotent', 'open', '', '2024-06-01'],
          ['Page on duplicate-row check failures', 'declined', '', ''],
          ['Move the export to the workflow engine', 'inProgress', '', ''],
        ],
        'the commented-out task is no item',
      );
      assert.deepEqual(items('incidents/2024-04-02-dns.md'), [
        ['Reverted the configuration.', 'done', 'Actions taken'],
        ['Added a syntax check to the resolver deploy.', 'done', 'Actions taken'],
        ['Generate the upstream list from the inventory', 'open', 'Planned actions'],
        ['Canary resolver changes in one zone first', 'open', 'Planned actions'],
        ['add a reachability probe to the resolver deploy.', 'open', ''],
      ]);
      assert.equal(model('incidents/2024-04-02-dns.md').actionItems[4].shape, 'label', '"Action point:" in the lessons');
    });

    it('reads the SRE book table with lower-case types and other, DONE and TODO', () => {
      const m = model('sre/2024-01-09-checkout-postmortem.md');
      assert.deepEqual(
        m.actionItems.map((i) => [i.type, i.owner, i.state, i.ticket]),
        [
          ['prevent', 'omar', 'done', 'Bug 71001'],
          ['process', 'lena', 'open', 'Bug 71002'],
          ['mitigate', 'omar', 'open', ''],
          ['other', 'lena', 'open', 'Bug 71003'],
        ],
      );
      assert.deepEqual(
        lint('sre/2024-01-09-checkout-postmortem.md').filter((f) => f.code === 'action-invalid-type'),
        [],
        'its own vocabulary',
      );
    });

    it('edits an item where it is written: ticks the box, adds marks, replaces them, one item only', () => {
      const retro = readShape('docs/retros/2024-07-09-search-retrospective.md');
      const m = parsePostmortem(retro);
      const lines = splitLines(retro);
      const done = applyEdits(retro, markDoneEdits(m, m.actionItems[0], TODAY, lines));
      assert.match(done, /^- \[x\] Ignore unknown fields in the indexer \(done 2026-11-29\)$/m, 'the box ticked and "(in progress)" replaced');
      assert.equal(parsePostmortem(done).actionItems[0].state, 'done');
      const cron = readShape('postmortems/2024-05-02-cron-overlap.md');
      const c = parsePostmortem(cron);
      const cl = splitLines(cron);
      const owned = applyEdits(cron, setOwnerEdits(c, c.actionItems[1], 'Ana', cl));
      assert.match(owned, /^- Make the export idempotent \(due: 2024-06-01\) \(owner: Ana\)$/m);
      const moved = applyEdits(cron, setDueEdits(c, c.actionItems[1], '2026-12-15', cl));
      assert.match(moved, /^- Make the export idempotent \(due: 2026-12-15\)$/m);
      const doneBullet = applyEdits(cron, markDoneEdits(c, c.actionItems[3], TODAY, cl));
      assert.match(doneBullet, /^- Move the export to the workflow engine \(done 2026-11-29\)$/m);
      assert.equal(splitLines(doneBullet).filter((l, i) => l !== cl[i]).length, 1, 'one line changed');
    });

    it('never edits another item with the same text', () => {
      const text = joinLines('# Outage postmortem', '## Timeline', '- 10:00 a', '## Action Items', '- Add an alert', '- Add an alert', '## Impact', 'x');
      const m = parsePostmortem(text);
      assert.equal(findItem(m, 4, 'Add an alert')?.line, 4, 'the same line finds it');
      assert.equal(findItem(m, 9, 'Add an alert'), undefined, 'moved and twice in the document: refused');
    });

    it('declined items are never overdue and leave the completion rate alone', () => {
      const text = joinLines(
        '# Outage postmortem',
        '## Timeline',
        '- 10:00 a',
        '## Action Items',
        '- [P1] Page on errors (due: 2020-01-01) (declined)',
        '## Impact',
        'x',
      );
      const summary = summarize('f', text, 'incidents/f.md', DEFAULT_CONFIG)!;
      assert.equal(summary.items[0].state, 'declined');
      assert.deepEqual(
        lintModel(parsePostmortem(text), splitLines(text), { today: TODAY }).filter((f) => f.code === 'action-overdue'),
        [],
      );
    });
  });

  describe('timelines', () => {
    it('reads a table with a padded date-and-time column, an unknown time, and the zone from the header', () => {
      const t = model('postmortems/PM2024-007 - Queue saturation.md').timeline!;
      assert.equal(t.shape, 'table');
      assert.equal(t.zone?.text, 'CET');
      assert.deepEqual(t.entries.map((e) => [e.timeText, e.time?.unknown]).slice(3, 5), [
        ['2024-01-16 10:45', false],
        ['2024-01-17 --:--', true],
      ]);
    });

    it('finds the one real out-of-order row and no false invalid times', () => {
      const findings = lint('postmortems/PM2024-007 - Queue saturation.md');
      assert.deepEqual(
        findings.filter((f) => f.code.startsWith('timeline-')).map((f) => [f.code, f.range.start.line + 1, f.message]),
        [['timeline-out-of-order', 19, '2024-01-16 10:45 is earlier than 2024-01-16 11:05 above it: keep the timeline in time order.']],
      );
    });

    it('reads bullets with times in code spans, a date-only day marker, and the zone from a note line', () => {
      const t = model('docs/retros/2024-07-09-search-retrospective.md').timeline!;
      assert.equal(t.shape, 'list');
      assert.equal(t.zone?.text, 'PST');
      assert.deepEqual(times('docs/retros/2024-07-09-search-retrospective.md'), [
        '2024-07-09 July 9',
        '2024-07-09 08:05',
        '2024-07-09 08:40',
        '2024-07-09 09:10',
        '2024-07-09 09:55',
        '2024-07-09 10:30',
      ]);
    });

    it('hints when a zone abbreviation is the wrong one for the date, and reads the local time', () => {
      const findings = lint('docs/retros/2024-07-09-search-retrospective.md').filter((f) => f.code === 'timeline-zone-mismatch');
      assert.deepEqual(
        findings.map((f) => f.message),
        ['PST is written, but on 2024-07-09 that zone is on PDT (UTC−7); the times are read as its local time, UTC−7.'],
      );
      const text = readShape('docs/retros/2024-07-09-search-retrospective.md');
      const utc = edit(text, (m, l) => convertToUtcEdits(m, l));
      assert.match(utc, /^All times listed in UTC\.$/m, 'the note says UTC');
      assert.match(utc, /^- `15:05` Indexer logs its first deserialization error$/m, '08:05 Pacific daylight time is 15:05 UTC');
    });

    it('reads day headings with bullets, time headings with paragraphs, and stamped paragraphs', () => {
      assert.deepEqual(times('blog/2024-06-03-api-postmortem.md').slice(0, 3), ['2024-05-31 17:00 UTC', '2024-06-01 12:05 UTC', '2024-06-01 12:10 UTC']);
      const report = model('reports/2024-02-11-login-outage.md');
      assert.deepEqual([report.timeline!.shape, report.timeline!.zone?.text, report.timelines.length], ['headings', 'GMT', 2]);
      assert.deepEqual(report.timeline!.entries.map((e) => [e.timeText, e.event]).slice(0, 2), [
        ['5:00 PM', 'Certificate expires; sign-ins start failing.'],
        ['5:06 PM', 'First user reports arrive in the support channel.'],
      ]);
      const dns = model('incidents/2024-04-02-dns.md').timeline!;
      assert.equal(dns.shape, 'paragraphs');
      assert.deepEqual(
        dns.entries.map((e) => e.time?.minutes),
        [555, 561, 580, 605],
      );
      const stampede = model('incidents/2024-03-05--cache-stampede.md').timeline!;
      assert.equal(stampede.zone?.text, 'America/New_York', 'an IANA zone in a note');
    });

    it('reads 24-hour times without a colon and bold entries with a full date', () => {
      assert.deepEqual(
        model('postmortems/2024-05-02-cron-overlap.md').timeline!.entries.map((e) => e.time?.minutes),
        [598, 604, 631, 640],
      );
    });

    it('analyzes gaps on every shape, from keys in UTC', () => {
      const m = model('incidents/2024-03-05--cache-stampede.md');
      const analysis = analyzeTimeline(m, splitLines(readShape('incidents/2024-03-05--cache-stampede.md')))!;
      assert.deepEqual([analysis.start, analysis.end, analysis.duration], ['2024-03-05 9:12', '2024-03-05 9:53', 41]);
      assert.equal(analysis.rows[2].note, '16-minute gap since the previous event; 16-minute detection gap');
    });

    it("sorts and adds events in the timeline's own shape", () => {
      const list = joinLines(
        '# Outage postmortem',
        '## Timeline',
        '- `10:05` b happened',
        '- `10:00` a happened',
        '  and went on',
        '- `10:10` c happened',
        '',
        '## Action Items',
        '- x',
      );
      const sorted = edit(list, (m, l) => sortTimelineEdits(m, m.timeline!, l));
      assert.equal(
        sorted,
        joinLines(
          '# Outage postmortem',
          '## Timeline',
          '- `10:00` a happened',
          '  and went on',
          '- `10:05` b happened',
          '- `10:10` c happened',
          '',
          '## Action Items',
          '- x',
        ),
      );
      const added = parsePostmortem(sorted);
      const { edits, cursor } = addEventEdits(added, splitLines(sorted), '10:07');
      const out = applyEdits(sorted, edits);
      assert.equal(splitLines(out)[cursor.line], '- `10:07` ', 'a bullet written like the others');
      assert.deepEqual(
        parsePostmortem(out).timeline!.entries.map((e) => e.timeText),
        ['10:00', '10:05', '10:07', '10:10'],
      );

      const headings = joinLines(
        '# Outage postmortem',
        '## Timeline',
        '### 5:20 PM',
        'Fix deployed.',
        '',
        '### 5:00 PM',
        'Expired.',
        '',
        '## Action Items',
        '- x',
      );
      const sortedHeadings = edit(headings, (m, l) => sortTimelineEdits(m, m.timeline!, l));
      assert.equal(
        sortedHeadings,
        joinLines('# Outage postmortem', '## Timeline', '### 5:00 PM', 'Expired.', '', '### 5:20 PM', 'Fix deployed.', '', '## Action Items', '- x'),
      );
      const withHeading = edit(sortedHeadings, (m, l) => addEventEdits(m, l, '5:10 PM').edits);
      assert.match(withHeading, /### 5:00 PM\nExpired\.\n\n### 5:10 PM\n\n\n\n### 5:20 PM/);
    });

    it('never reads prose, placeholders or blame inside comments and code blocks', () => {
      const findings = lint('postmortems/2024-05-02-cron-overlap.md');
      assert.deepEqual(
        findings.filter((f) => f.code === 'blame-language' || f.code === 'unfilled-placeholder'),
        [],
      );
    });
  });

  it('has at most one error-level finding per post-mortem on average without a team config', () => {
    const postmortems = shapeFiles().filter((f) => detectDocument(model(f), f)?.kind === 'postmortem');
    const errors = postmortems.flatMap((f) => lint(f).filter((x) => x.severity === 'error'));
    assert.ok(errors.length <= postmortems.length, errors.map((e) => e.message).join('\n'));
  });
});

describe('Convert to template', () => {
  const convert = (path: string): string => {
    const text = readShape(path);
    return applyEdits(text, convertToTemplateEdits(parsePostmortem(text), splitLines(text)));
  };

  it("keeps every line of every post-mortem somewhere (a heading's words may become the template's name)", () => {
    for (const path of shapeFiles().filter((f) => detectDocument(model(f), f)?.kind === 'postmortem')) {
      const before = parsePostmortem(readShape(path));
      const headingLines = new Set(before.sections.filter((s) => s.source === 'heading').map((s) => s.heading.start.line));
      if (before.title?.source === 'heading') headingLines.add(before.title.range.start.line);
      const after = convert(path);
      splitLines(readShape(path)).forEach((line, i) => {
        if (line.trim() === '' || headingLines.has(i) || /^\s{0,3}(?:=+|-+)\s*$/.test(line)) return;
        // A bold label's line keeps its words after the label; a list item's words may move into a list or table.
        const words = line
          .replace(/^\s{0,3}(?:\*\*|__)[^*_]+(?:\*\*|__)\s*:?\s*/, '')
          .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '')
          .trim();
        assert.ok(words === '' || after.includes(words), `${path}:${i + 1} "${line}" survives`);
      });
    }
  });

  it('renames and orders sections, turns listed items into the table with their status, adds what is missing', () => {
    const out = convert('incidents/2024-04-02-dns.md');
    const m = parsePostmortem(out);
    assert.equal(detectDocument(m, 'incidents/2024-04-02-dns.md')?.followsTemplate, true);
    assert.deepEqual(
      m.sections.filter((s) => s.level === 2).map((s) => s.title),
      [
        'Metadata',
        'Executive Summary',
        'Impact',
        'Timeline',
        'Root Cause Analysis',
        'Contributing Factors',
        'What Went Well',
        'What Could Be Improved',
        'Action Items',
        'Lessons Learned',
        'Follow-Up Schedule',
      ],
    );
    assert.deepEqual(
      m.actionItems.map((i) => [i.shape, i.action, i.state, i.owner]),
      [
        ['table', 'Reverted the configuration. (Actions taken)', 'done', ''],
        ['table', 'Added a syntax check to the resolver deploy. (Actions taken)', 'done', ''],
        ['table', 'Generate the upstream list from the inventory (Planned actions)', 'open', 'Priya'],
        ['table', 'Canary resolver changes in one zone first (Planned actions)', 'open', ''],
        ['label', 'add a reachability probe to the resolver deploy.', 'open', ''],
      ],
      'the list kept in a comment is not read twice; the "Action point:" line stays in Lessons, where it is read',
    );
    assert.match(out, /^- Date: 2024-04-02$/m);
    assert.equal(m.timeline?.entries.length, 4, 'the timeline moves whole');
  });
});

describe('postmortem init', () => {
  it('infers a config that parses without problems from the post-mortems', () => {
    const docs = shapeFiles()
      .filter((f) => detectDocument(model(f), f)?.kind === 'postmortem')
      .map((f) => ({ ...model(f), path: f }));
    const text = inferTeamConfig(docs, TODAY);
    const { config, problems } = parseTeamConfig(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.requiredSections, ['executiveSummary', 'timeline', 'rootCause', 'actionItems'], 'what at least 60% of them have');
    assert.ok(config.owners.includes('Priya') && config.owners.includes('omar'));
    assert.match(text, /^# {3}timelines: .*one heading per time \(\d\)/m);
    assert.match(text, /^# {3}time zones: .*PST \(1\)/m);
  });
});
