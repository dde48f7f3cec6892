import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addEventEdits,
  analyzeTimeline,
  applyEdits,
  classifyEvent,
  type EventClass,
  convertToUtcEdits,
  detectImportFormat,
  displayWidth,
  durationEdits,
  formatTableEdits,
  gapAnalysisEdits,
  importEvents,
  mergeEventsEdits,
  parseCsv,
  parsePostmortem,
  sortTimelineEdits,
} from '../../src/core';
import { PRACTICE_TIMELINE, ROOT, joinLines } from './util';

const fixture = (name: string): string => readFileSync(join(ROOT, 'test', 'fixtures', 'import', name), 'utf8');

function doc(...rows: string[]): string {
  return joinLines(
    '# Post-Mortem: T',
    '',
    '## Metadata',
    '- Date: 2026-10-14',
    '- Duration:',
    '',
    '## Timeline',
    '| Time (UTC) | Event | Source | Gap Analysis |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Root Cause Analysis',
    'x',
    '',
  );
}

const cells = (text: string): string[][] => parsePostmortem(text).timeline!.entries.map((e) => e.row!.cells.map((c) => c.text));
const edit = (text: string, f: (m: ReturnType<typeof parsePostmortem>, lines: string[]) => Parameters<typeof applyEdits>[1]): string =>
  applyEdits(text, f(parsePostmortem(text), text.split('\n')));

/** The practice's timeline with the Gap Analysis cells left empty, for the analysis to fill. */
const PRACTICE = doc(...PRACTICE_TIMELINE.map((r) => r.replace(/\| [^|]* \|$/, '|  |')));

describe('timeline', () => {
  it('adds an event in time order, the cursor in its Event cell', () => {
    const text = doc('| 14:02 | a | s |  |', '| 14:20 | b | s |  |');
    const { edits, cursor } = addEventEdits(parsePostmortem(text), text.split('\n'), '14:10');
    const out = applyEdits(text, edits);
    assert.deepEqual(
      cells(out).map((c) => c[0]),
      ['14:02', '14:10', '14:20'],
    );
    assert.equal(out.split('\n')[cursor.line], '| 14:10 |  |  |  |');
    assert.equal(cursor.character, '| 14:10 | '.length);
  });

  it('creates the table (and the section) when missing', () => {
    const withSection = joinLines('# Post-Mortem: T', '## Timeline', 'Later.', '## Impact', 'x');
    const out = edit(withSection, (m, l) => addEventEdits(m, l, '09:00').edits);
    assert.match(
      out,
      /## Timeline\n\| Time \(UTC\) \| Event \| Source \| Gap Analysis \|\n\|---\|---\|---\|---\|\n\| 09:00 \| {2}\| {2}\| {2}\|\n\nLater\./,
      'a blank line keeps the text out of the table',
    );
    const without = joinLines('# Post-Mortem: T', '## Impact', 'x', '## Root Cause Analysis', 'y');
    const out2 = edit(without, (m, l) => addEventEdits(m, l, '09:00').edits);
    assert.match(out2, /x\n## Timeline\n\| Time \(UTC\)[^\n]*\n[^\n]*\n\| 09:00 \| {2}\| {2}\| {2}\|\n\n## Root Cause Analysis/);
    assert.equal(cells(out2).length, 1);
  });

  it('sorts stably, across midnight with full dates, HH:MM rows on the incident date', () => {
    const text = doc(
      '| 23:50 | late evening | s |  |',
      '| 2026-10-15 00:10 | after midnight | s |  |',
      '| 14:00 | same | a |  |',
      '| 14:00 | same | b |  |',
      '| 2026-10-13 09:00 | the day before | s |  |',
    );
    const sorted = edit(text, (m, l) => sortTimelineEdits(m, m.timeline!, l));
    // 23:50 is on the incident date; the 14:00 rows carry the date of the row above them (the 15th).
    assert.deepEqual(
      cells(sorted).map((c) => `${c[0]} ${c[1]} ${c[2]}`),
      ['2026-10-13 09:00 the day before s', '23:50 late evening s', '2026-10-15 00:10 after midnight s', '14:00 same a', '14:00 same b'],
    );
  });

  it('formats columns by display width and round-trips the cells (CJK, emoji, escaped pipes)', () => {
    const text = doc('| 14:02 | 部署 v2 😀 | CI \\| CD |  |', '| 14:08 | pool | Metrics | long note here |', '| 14:09 | short row |');
    const formatted = edit(text, (m, l) => formatTableEdits(m.timeline!.table!, l));
    assert.deepEqual(cells(formatted), cells(text), 'same cells after formatting');
    const rows = formatted.split('\n').filter((l) => l.startsWith('|'));
    const widths = rows.slice(0, 4).map(displayWidth);
    assert.ok(
      widths.every((w) => w === widths[0]),
      `aligned: ${widths}`,
    );
    assert.match(formatted, /\| CI \\\| CD +\|/);
    assert.equal(
      edit(formatted, (m, l) => formatTableEdits(m.timeline!.table!, l)),
      formatted,
      'formatting twice changes nothing',
    );
    assert.equal(displayWidth('漢字'), 4);
    assert.equal(displayWidth('e\u0301'), 1);
  });

  it('converts zoned times to UTC in a table headed UTC', () => {
    const text = doc(
      '| 09:02 EST | a | s |  |',
      '| 14:02+02:00 | b | s |  |',
      '| 23:30 PDT | c | s |  |',
      '| 2026-10-14 01:00 CEST | d | s |  |',
      '| 14:05 | e | s |  |',
      '| 14:02 XYZ | f | s |  |',
    );
    assert.deepEqual(
      cells(edit(text, (m, l) => convertToUtcEdits(m, l))).map((c) => c[0]),
      ['13:02', '12:02', '2026-10-15 06:30', '2026-10-13 23:00', '14:05', '14:02 XYZ'],
      'New York is on EDT on 2026-10-14 (EST is the wrong name then); a new day gets its date; no zone is already UTC; an unknown zone is left alone',
    );
  });

  it('classes events from their text and source, and a tag overrides', () => {
    const cases: [string, string, EventClass][] = [
      ['Deploy of reporting-service v2.14.0', 'CI/CD log', 'change'],
      ['Terraform apply changes the load balancer health check path', 'Atlas run', 'change'],
      ['Feature flag new-checkout enabled for 100% of traffic', 'LaunchDarkly', 'change'],
      ['Version 4.2.1 of the billing API shipped to production', 'Spinnaker', 'change'],
      ['DB connection pool usage rises above 80%', 'Metrics', 'symptom'],
      ['p99 request duration climbs past 3 s', 'Grafana', 'symptom'],
      ['Disk on db-7 reaches 95% full', 'Node exporter', 'symptom'],
      ['Auth service 5xx rate alert triggers', 'Monitoring', 'alert'],
      ['Heartbeat check for api.example.com goes red', 'Pingdom', 'alert'],
      ['On-call engineer receives a page for high error budget burn', 'PagerDuty', 'alert'],
      ['First customer reports login failure', 'Support ticket', 'customer'],
      ['Merchant emails support: payouts missing', 'Zendesk', 'customer'],
      ['Incident commander assigned, status page updated', 'Slack #inc-42', 'response'],
      ['Engineers begin looking at the database slow query log', 'Slack', 'response'],
      ['Root cause identified; reporting service rolled back', 'Incident channel', 'mitigation'],
      ['Traffic drained from us-east-1 to us-west-2', 'Runbook', 'mitigation'],
      ['Bad build pulled and previous image redeployed', 'Argo CD', 'mitigation'],
      ['Queue drained, all orders confirmed', 'Metrics', 'resolution'],
      ['All replicas caught up; service fully operational', 'Metrics', 'resolution'],
      ['Pool usage graph posted #alert', 'Metrics', 'alert'],
    ];
    assert.deepEqual(
      cases.map(([event, source]) => classifyEvent(event, source)),
      cases.map(([, , cls]) => cls),
    );
  });

  it('classes events in wording its rules were not written from: at least 22 of 24', () => {
    // Written before the rules were widened and never used to tune them: 11 of 24 before, 23 after.
    // Add to this list rather than fitting the rules to it.
    const unseen: [string, string, EventClass][] = [
      ['Helm chart 3.8 upgraded on the ingress controllers', 'Argo', 'change'],
      ['Schema migration adds an index to the orders table', 'Flyway', 'change'],
      ['New pricing service version goes live', 'Deploy bot', 'change'],
      ['Canary for auth 2.3 promoted to all regions', 'Spinnaker', 'change'],
      ['Memory on the cache nodes climbs to 98%', 'Prometheus', 'symptom'],
      ['Replication lag on the read replica grows past 10 minutes', 'CloudWatch', 'symptom'],
      ['Pods in the payments namespace start crash looping', 'Kubernetes events', 'symptom'],
      ['Queue depth for email jobs keeps increasing', 'Grafana', 'symptom'],
      ['Synthetic login check fails from three regions', 'Checkly', 'alert'],
      ['PagerDuty pages the storage on-call', 'PagerDuty', 'alert'],
      ['Error budget burn alert triggers for checkout', 'Nobl9', 'alert'],
      ['A hospital customer calls the support line about missing results', 'Phone', 'customer'],
      ['Several users post on the community forum that sync is broken', 'Forum', 'customer'],
      ['Enterprise client opens a P1 case', 'Salesforce', 'customer'],
      ['Incident declared, SEV2, commander is Lee', 'Slack', 'response'],
      ['Database team joins the bridge', 'Zoom', 'response'],
      ['Investigation narrows the problem to the new index', 'Slack', 'response'],
      ['Feature flag turned off to stop the bad code path', 'LaunchDarkly', 'mitigation'],
      ['Traffic shifted away from the unhealthy zone', 'Load balancer', 'mitigation'],
      ['Long-running queries killed on the primary', 'psql', 'mitigation'],
      ['Extra workers added to work through the backlog', 'Kubernetes', 'mitigation'],
      ['Latency back within SLO for 30 minutes, incident closed', 'Grafana', 'resolution'],
      ['Backlog fully processed and monitoring green', 'Metrics', 'resolution'],
      ['Customer-facing status set to resolved', 'Statuspage', 'resolution'],
    ];
    const wrong = unseen
      .filter(([event, source, cls]) => classifyEvent(event, source) !== cls)
      .map(([event, source, cls]) => `${cls} <- ${classifyEvent(event, source)}: ${event} | ${source}`);
    assert.ok(wrong.length <= 2, wrong.join('\n'));
  });

  it("finds the practice example's 7-minute detection gap, customer before monitoring, and 23 minutes", () => {
    const model = parsePostmortem(PRACTICE);
    const lines = PRACTICE.split('\n');
    const analysis = analyzeTimeline(model, lines)!;
    assert.equal(analysis.detectionGap, 7);
    assert.equal(analysis.customerBeforeMonitoring, true);
    assert.equal(analysis.duration, 23);
    assert.deepEqual([analysis.timeToDetect, analysis.timeToMitigate, analysis.start, analysis.end], [13, 23, '14:02', '14:25']);
    const filled = applyEdits(PRACTICE, gapAnalysisEdits(model, lines, analysis));
    assert.deepEqual(
      cells(filled).map((c) => c[3]),
      ['', '', '7-minute detection gap (customer before monitoring)', '', ''],
    );
    const withDuration = applyEdits(PRACTICE, durationEdits(model, lines, analysis));
    assert.match(withDuration, /^- Duration: 14:02 to 14:25 \(23 minutes\)$/m);
  });

  it('notes long gaps and never overwrites a cell a person wrote', () => {
    const text = doc('| 10:00 | Deploy v1 | CI |  |', '| 10:05 | errors rise | Metrics | noticed late |', '| 10:40 | alert fires | Monitoring |  |');
    const model = parsePostmortem(text);
    const analysis = analyzeTimeline(model, text.split('\n'))!;
    const out = applyEdits(text, gapAnalysisEdits(model, text.split('\n'), analysis));
    assert.deepEqual(
      cells(out).map((c) => c[3]),
      ['', 'noticed late', '35-minute gap since the previous event; 35-minute detection gap'],
    );
  });

  describe('import', () => {
    it('reads a Slack export, skipping joins', () => {
      const result = importEvents(fixture('slack-incident-2026-10-14.json'), { sourceName: 'Slack' });
      assert.equal(result.format, 'slack');
      assert.deepEqual(
        result.events.map((e) => [e.time.toISOString().slice(11, 16), e.event, e.source]),
        [
          ['14:11', 'Priya Raman: Seeing login errors, anyone else?', 'Slack'],
          ['14:14', "Tomás Okafor: Declaring an incident, I'm IC", 'Slack'],
          ['14:18', 'Priya Raman: Rolling back reporting-service', 'Slack'],
        ],
      );
    });

    it('reads a CSV alert export with quoted fields, guessing the columns', () => {
      const result = importEvents(fixture('pagerduty-alerts.csv'), { sourceName: 'PagerDuty' });
      assert.equal(result.format, 'csv');
      assert.deepEqual(
        result.events.map((e) => [e.time.toISOString(), e.event]),
        [
          ['2026-10-14T14:18:05.000Z', 'Auth service 5xx rate above 5%'],
          ['2026-10-14T14:31:40.000Z', 'Checkout latency, p99 > 2s'],
        ],
      );
      assert.deepEqual(parseCsv('a,"b ""c"", d"\n1,2\n'), [
        ['a', 'b "c", d'],
        ['1', '2'],
      ]);
      assert.equal(importEvents(fixture('pagerduty-alerts.csv'), { csv: { time: 0, text: [2] } }).error, 'No events with a time found in this CSV export.');
    });

    it("reads CSV times written without a zone in the zone the file or the person gives, never the machine's", () => {
      const times = (csv: string, zone?: string | number): string[] =>
        importEvents(csv, zone === undefined ? {} : { zone }).events.map((e) => e.time.toISOString().slice(0, 16));
      const plain = 'time,summary\n10/14/2026 2:18 PM,Alert fired\nOct 14 2026 14:31,Latency\n';
      // Said by nobody: not read, and the import says why (the feature then asks).
      const unsaid = importEvents(plain);
      assert.equal(unsaid.needsZone, true);
      assert.deepEqual(unsaid.events, []);
      assert.match(unsaid.error!, /no time zone/);
      assert.deepEqual(times(plain, 'UTC'), ['2026-10-14T14:18', '2026-10-14T14:31']);
      assert.deepEqual(times(plain, 'America/New_York'), ['2026-10-14T18:18', '2026-10-14T18:31']);
      assert.deepEqual(times(plain, 'Asia/Tokyo'), ['2026-10-14T05:18', '2026-10-14T05:31']);
      // The header's zone, a zone column, or a zone written with the time win over the one given.
      assert.deepEqual(times('Time (UTC-8),summary\n10/14/2026 2:18 PM,Alert\n', 'UTC'), ['2026-10-14T22:18']);
      assert.deepEqual(times('time,tz,summary\n10/14/2026 2:18 PM,Europe/Berlin,Alert\n10/14/2026 2:20 PM,+05:30,Other\n', 'UTC'), [
        '2026-10-14T12:18',
        '2026-10-14T08:50',
      ]);
      assert.deepEqual(times('time,summary\n10/14/2026 2:18 PM EDT,Alert\n', 'UTC'), ['2026-10-14T18:18']);
      // ISO 8601 with an offset is what it says; a day without a year or a bare number is no time.
      assert.deepEqual(times('time,summary\n2026-10-14T14:18:05+02:00,Alert\nOct 14 14:31,Latency\n1697293080,Epoch\n', 'UTC'), ['2026-10-14T12:18']);
    });

    it('reads log lines with ISO 8601 times in any offset', () => {
      const result = importEvents(fixture('app.log'));
      assert.equal(result.format, 'log');
      assert.deepEqual(
        result.events.map((e) => e.time.toISOString().slice(11, 16)),
        ['14:09', '14:12', '14:20'],
      );
    });

    it('reads git log --date=iso (deploys and reverts)', () => {
      const result = importEvents(fixture('deploys.gitlog'));
      assert.equal(result.format, 'git');
      assert.deepEqual(
        result.events.map((e) => [e.time.toISOString().slice(11, 16), e.event, e.source]),
        [
          ['14:01', 'Deploy reporting-service v2.14.0', 'git 4f2a9c1'],
          ['14:24', 'Revert "Deploy reporting-service v2.14.0"', 'git 9e8d7c6'],
        ],
      );
    });

    it('gives a clear message on bad or foreign input', () => {
      assert.match(importEvents('{ not json').error!, /^Could not read this slack export/);
      assert.match(importEvents('just some words').error!, /^Not a known export/);
      assert.match(importEvents('\u0000\u0001').error!, /binary/);
      assert.match(importEvents('[{"text": "no ts"}]').error!, /No events with a time/);
      assert.equal(detectImportFormat('name,value\nx,1'), 'csv');
    });

    it('merges in time order without duplicates, and a second import adds nothing', () => {
      const events = importEvents(fixture('app.log')).events;
      const once = edit(PRACTICE, (m, l) => mergeEventsEdits(m, l, events).edits);
      assert.deepEqual(
        cells(once).map((c) => `${c[0]} ${c[2]}`),
        ['14:02 CI/CD log', '14:08 Metrics', '14:09 Log', '14:12 Log', '14:15 Support ticket', '14:18 Monitoring', '14:20 Log', '14:25 Incident channel'],
      );
      const model = parsePostmortem(once);
      assert.deepEqual(mergeEventsEdits(model, once.split('\n'), events), { edits: [], added: 0 });
    });

    it('creates the timeline table when importing into a post-mortem without one', () => {
      const text = joinLines('# Post-Mortem: T', '- Date: 2026-10-14', '## Timeline', '## Impact', 'x');
      const out = edit(text, (m, l) => mergeEventsEdits(m, l, importEvents(fixture('deploys.gitlog')).events).edits);
      assert.deepEqual(cells(out), [
        ['14:01', 'Deploy reporting-service v2.14.0', 'git 4f2a9c1', ''],
        ['14:24', 'Revert "Deploy reporting-service v2.14.0"', 'git 9e8d7c6', ''],
      ]);
    });
  });
});
