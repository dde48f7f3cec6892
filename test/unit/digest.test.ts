import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CONFIG,
  DEFAULT_PUBLISH,
  digest,
  digestHtml,
  digestMarkdown,
  exportPostmortem,
  summarize,
  type IndexedFile,
  type PublishConfig,
} from '../../src/core';
import { joinLines, runCli } from './util';

/** A post-mortem of the digest's test set. */
function incident(o: {
  title: string;
  date: string;
  severity: string;
  commander?: string;
  timeline?: string[];
  actions?: string[];
  factors?: string;
  services?: string;
  summary?: string;
}): string {
  return joinLines(
    `# Post-Mortem: ${o.title}`,
    '',
    '## Metadata',
    `- Date: ${o.date}`,
    `- Severity: ${o.severity}`,
    ...(o.commander ? [`- Incident Commander: ${o.commander}`] : []),
    ...(o.services ? [`- Services: ${o.services}`] : []),
    '',
    '## Executive Summary',
    o.summary ?? `${o.title}.`,
    '',
    '## Impact',
    '- 1,200 customers saw errors',
    '',
    ...(o.timeline ? ['## Timeline', ...o.timeline, ''] : []),
    '## Root Cause Analysis',
    `The cause of ${o.title.toLowerCase()}.`,
    '',
    ...(o.factors ? ['## Contributing Factors', `- ${o.factors}`, ''] : []),
    '## Lessons Learned',
    '- Alerts must page.',
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    ...(o.actions ?? []),
    '',
  );
}

const TODAY = '2026-04-10';

/** Hand-counted: March 2026 has three incidents (b across midnight, c across days, d without a timeline). */
const SET: Record<string, string> = {
  'a.md': incident({
    title: 'January queue stall',
    date: '2026-01-20',
    severity: 'SEV2',
    services: 'ledger',
    factors: 'No canary for ledger deploys.',
    actions: ['| Canary for ledger | Prevent | P1 | Ana Lima | 2026-03-15 | Done 2026-03-14 |'],
  }),
  'b.md': incident({
    title: 'Ledger writes failed overnight',
    date: '2026-03-04',
    severity: 'SEV1',
    commander: 'Marguerite Okonkwo',
    services: 'ledger, payments',
    factors: 'The canary was skipped again.',
    // 23:40 → 00:05 detected (25 min), 00:50 mitigated (70), 01:30 resolved (110).
    timeline: [
      '| Time | Event |',
      '|---|---|',
      '| 23:40 | Deploy of the ledger |',
      '| 00:05 | Error rate alert fires |',
      '| 00:50 | Ledger rolled back |',
      '| 01:30 | Writes recovered, resolved |',
    ],
    actions: [
      '| Page on ledger errors | Detect | P0 | Marguerite Okonkwo | 2026-03-20 | Done 2026-03-25 |',
      '| Ledger runbook | Process | P2 | SRE team | 2026-04-30 | Open |',
    ],
  }),
  'c.md': incident({
    title: 'Search stale for a day',
    date: '2026-03-11',
    severity: 'SEV2',
    summary: 'Search results were stale; see https://grafana.internal/d/search and ask ops@corp.example.com.',
    // Across days: detected after 26 hours, resolved after 30.
    timeline: ['- 2026-03-11 08:00 Indexer deploy', '- 2026-03-12 10:00 Customer reports stale results', '- 2026-03-12 14:00 Index rebuilt, resolved'],
    actions: [
      '| Alert on index age | Detect | P1 | Priya Raman | 2026-03-31 | Open |',
      '| Rebuild script | Mitigate | P2 | Priya Raman | 2026-03-31 | Done 2026-03-28 |',
    ],
  }),
  'd.md': incident({ title: 'Status page down', date: '2026-03-27', severity: 'SEV3', services: 'status' }),
  'e.md': incident({ title: 'April outage', date: '2026-04-02', severity: 'SEV1', services: 'ledger' }),
};

function indexed(): IndexedFile[] {
  return Object.entries(SET).map(([file, text]) => summarize(file, text, `postmortems/${file}`, DEFAULT_CONFIG)!);
}

describe('monthly digest (hand-counted)', () => {
  it("lists the month's post-mortems in date order with their summary, impact, root cause, lessons and duration", () => {
    const d = digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH);
    assert.deepEqual(
      d.entries.map((e) => [e.file, e.date, e.severity, e.duration]),
      [
        ['b.md', '2026-03-04', 'SEV1', 110],
        ['c.md', '2026-03-11', 'SEV2', 1800],
        ['d.md', '2026-03-27', 'SEV3', undefined],
      ],
    );
    assert.equal(d.entries[0].impact, '1,200 customers saw errors');
    assert.equal(d.entries[0].rootCause, 'The cause of ledger writes failed overnight.');
    assert.equal(d.entries[0].lessons, 'Alerts must page.');
  });

  it('counts severities, times to detect, mitigate and resolve (median and worst), items opened and closed', () => {
    const d = digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH);
    assert.deepEqual(d.bySeverity, [
      { severity: 'SEV1', count: 1 },
      { severity: 'SEV2', count: 1 },
      { severity: 'SEV3', count: 1 },
    ]);
    // b: 25, 70, 110; c: 1560, 1800 (no mitigation: the resolution counts), d: no timeline.
    assert.deepEqual(d.detect, { median: 793, worst: 1560, count: 2 });
    assert.deepEqual(d.mitigate, { median: 935, worst: 1800, count: 2 });
    assert.deepEqual(d.resolve, { median: 955, worst: 1800, count: 2 });
    assert.deepEqual(d.opened, [
      { type: 'Detect', count: 2 },
      { type: 'Mitigate', count: 1 },
      { type: 'Process', count: 1 },
    ]);
    // Done in March: a's canary (14th), c's rebuild script (28th), b's page (25th).
    assert.deepEqual(d.closed, [
      { type: 'Detect', count: 1 },
      { type: 'Mitigate', count: 1 },
      { type: 'Prevent', count: 1 },
    ]);
  });

  it('rates P0/P1 items due in the month against 80%, and lists those overdue today', () => {
    const d = digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH);
    // Due in March: a's P1 (on time), b's P0 (late), c's P1 (open, overdue on April 10).
    assert.deepEqual(d.completion, { onTime: 1, counted: 3, rate: 1 / 3, healthy: false });
    assert.deepEqual(
      d.overdue.map((o) => [o.action, o.priority, o.due]),
      [['Alert on index age', 'P1', '2026-03-31']],
    );
  });

  it('says how many incidents give no severity in words, and charts them as "No severity"', () => {
    const bare = summarize('n.md', incident({ title: 'Unrated blip', date: '2026-03-15', severity: '' }), 'postmortems/n.md', DEFAULT_CONFIG)!;
    const d = digest([...indexed(), bare], '2026-03', 'internal', TODAY, DEFAULT_PUBLISH);
    assert.match(digestMarkdown(d), /- \*\*4 incidents\*\*: 1 SEV1, 1 SEV2, 1 SEV3, 1 without a severity\n/);
    assert.match(digestMarkdown(d), /"No severity" : 1/);
    assert.match(digestHtml(d), /<strong>4 incidents<\/strong>: 1 SEV1, 1 SEV2, 1 SEV3, 1 without a severity/);
  });

  it('counts every overdue P0/P1 item but lists the 50 longest overdue, and says so', () => {
    // 60 open P1 items past due, one a day from 2026-01-01; the owner of the newest is named only there.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const due = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
      return `| Fix ${i} | Prevent | P1 | ${i === 59 ? 'Zbigniew Quillfeather' : 'Ana Lima'} | ${due} | Open |`;
    });
    const many = summarize('f.md', incident({ title: 'Many items', date: '2026-03-20', severity: 'SEV2', actions: rows }), 'postmortems/f.md', DEFAULT_CONFIG)!;
    const d = digest([...indexed(), many], '2026-03', 'public', TODAY, DEFAULT_PUBLISH);
    assert.equal(d.overdueCount, 61); // c's item too
    assert.equal(d.overdue.length, 50);
    assert.deepEqual(
      d.overdue.slice(0, 2).map((o) => o.due),
      ['2026-01-01', '2026-01-02'],
    );
    assert.match(digestMarkdown(d), /### Open P0\/P1 items past due \(61, the 50 longest overdue listed\)/);
    assert.match(digestHtml(d), /<h3>Open P0\/P1 items past due \(61, the 50 longest overdue listed\)<\/h3>/);
    // A name from an item not listed is still known, and redacted where it is repeated.
    const named = summarize('g.md', incident({ title: 'Quillfeather paged twice', date: '2026-03-21', severity: 'SEV3' }), 'postmortems/g.md', DEFAULT_CONFIG)!;
    assert.ok(!digestMarkdown(digest([...indexed(), many, named], '2026-03', 'public', TODAY, DEFAULT_PUBLISH)).includes('Quillfeather'));
    assert.match(digestMarkdown(digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH)), /### Open P0\/P1 items past due \(1\)\n/);
  });

  it('finds what recurs over this month and the two before, and the six months of incidents', () => {
    const d = digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH);
    assert.deepEqual(
      d.recurring.map((r) => [r.kind, r.value, r.count, r.months]),
      [
        ['contributing factor', 'canary', 2, ['2026-01', '2026-03']],
        ['service', 'ledger', 2, ['2026-01', '2026-03']],
      ],
    );
    assert.deepEqual(
      d.trend.map((t) => t.count),
      [0, 0, 0, 1, 0, 3],
    );
  });

  it('leaves nothing of the people, addresses and hosts at public, in Markdown and HTML', () => {
    const d = digest(indexed(), '2026-03', 'public', TODAY, DEFAULT_PUBLISH);
    for (const text of [digestMarkdown(d), digestHtml(d)]) {
      for (const secret of ['Marguerite', 'Okonkwo', 'Priya', 'Raman', 'Ana Lima', 'grafana.internal', 'ops@corp.example.com', 'b.md']) {
        assert.ok(!text.includes(secret), `${secret} in the public digest`);
      }
    }
    assert.match(digestMarkdown(d), /Search results were stale; see \[link removed\] and ask \[email\]\./);
  });

  it('counts a timeline written in two zones in one clock (09:00 PST is 17:00 UTC in January)', () => {
    const zones = incident({
      title: 'API errors',
      date: '2026-01-15',
      severity: 'SEV2',
      timeline: [
        '| Time | Event |',
        '|---|---|',
        '| 09:00 PST | Deploy of the API |',
        '| 17:30 UTC | Error rate alert fires |',
        '| 18:00 UTC | API rolled back, resolved |',
      ],
    });
    const d = digest([summarize('z.md', zones, 'postmortems/z.md', DEFAULT_CONFIG)!], '2026-01', 'internal', TODAY, DEFAULT_PUBLISH);
    assert.deepEqual(
      [d.detect, d.resolve],
      [
        { median: 30, worst: 30, count: 1 },
        { median: 60, worst: 60, count: 1 },
      ],
    );
    assert.equal(d.entries[0].duration, 60);
  });

  it('is no post-mortem itself: a digest committed beside the post-mortems is not read as one', () => {
    const markdown = digestMarkdown(digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH));
    assert.equal(summarize('digest.md', markdown, 'postmortems/2026-03-digest.md', DEFAULT_CONFIG), undefined);
  });

  it('draws Mermaid charts that Mermaid itself parses', async () => {
    // Mermaid needs a DOM to load: linkedom's, for its parser only.
    const { parseHTML } = await import('linkedom');
    const dom = parseHTML('<!DOCTYPE html><html><body></body></html>') as unknown as { document: unknown };
    const g = globalThis as Record<string, unknown>;
    const saved = { window: g.window, document: g.document };
    Object.assign(g, { window: dom, document: dom.document });
    try {
      const { default: mermaid } = await import('mermaid');
      const markdown = digestMarkdown(digest(indexed(), '2026-03', 'internal', TODAY, DEFAULT_PUBLISH));
      const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.equal(blocks.length, 2);
      const types = [];
      for (const block of blocks) types.push((await mermaid.parse(block))?.diagramType);
      assert.deepEqual(types, ['pie', 'xychart']);
      // A severity written with quotes and brackets cannot break a chart.
      const hostile = { ...SET, 'f.md': incident({ title: 'x', date: '2026-03-05', severity: 'SEV"1] ; `x' }) };
      const files = Object.entries(hostile).map(([f, t]) => summarize(f, t, `postmortems/${f}`, DEFAULT_CONFIG)!);
      for (const m of digestMarkdown(digest(files, '2026-03', 'internal', TODAY, DEFAULT_PUBLISH)).matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        await mermaid.parse(m[1]);
      }
    } finally {
      Object.assign(g, saved);
    }
  });
});

/** Every reference a page would load: a tag's src, srcset, poster or data, a link or script tag, CSS url() or @import. */
function externalLoads(html: string): string[] {
  const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  return [
    ...tags.filter((t) => /^<(?:link|script|iframe|object|embed|img|video|audio|source)\b/i.test(t) || /\s(?:src|srcset|poster|data|background)\s*=/i.test(t)),
    ...styles.filter((css) => /url\(|@import/i.test(css)),
  ];
}

describe('export of one post-mortem', () => {
  const text = joinLines(
    '# Post-Mortem: Ledger writes failed',
    '',
    '## Metadata',
    '- Date: 2026-03-04',
    '- Incident Commander: Marguerite Okonkwo',
    '',
    '## Executive Summary',
    'Writes failed. ![graph](https://grafana.internal/render.png) <script>alert(1)</script> <img src=x onerror=alert(1)>',
    '',
    '## Timeline',
    '| Time | Event |',
    '|---|---|',
    '| 10:00 | Deploy |',
    '| 10:40 | Alert fires |',
    '',
    '## Root Cause Analysis',
    '### 5 Whys',
    '- Why did writes fail? The pool was full.',
    '  - Why was it full? A slow query.',
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    '| Add a query timeout | Prevent | P0 | Marguerite Okonkwo | 2026-03-10 | Open |',
    '',
  );

  it('is one page that loads nothing: no script, image, font or stylesheet from anywhere, at every audience', () => {
    for (const audience of ['internal', 'org', 'public'] as const) {
      const { html } = exportPostmortem(text, { audience, publish: DEFAULT_PUBLISH, today: '2026-04-01', gapMinutes: 10 });
      assert.deepEqual(externalLoads(html), [], audience);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, "the document's HTML is text");
      assert.match(html, /@media print/);
    }
  });

  it('draws the 5 Whys as a tree, action items with their state, the timeline gap marked', () => {
    const { html } = exportPostmortem(text, { audience: 'internal', publish: DEFAULT_PUBLISH, today: '2026-04-01', gapMinutes: 10 });
    assert.match(html, /<ul class="postmortem-whys">/);
    assert.match(html, /data-postmortem-status="Overdue \(due 2026-03-10\)"/);
    assert.match(html, /data-postmortem-gap="40-minute gap since the previous event"/);
  });

  it('redacts for the public: names become roles, the picture is its alt text', () => {
    const publish: PublishConfig = DEFAULT_PUBLISH;
    const { html, redactions } = exportPostmortem(text, { audience: 'public', publish, today: '2026-04-01', gapMinutes: 10 });
    assert.ok(!/Marguerite|Okonkwo|grafana/.test(html));
    assert.match(html, /the incident commander/);
    assert.ok(redactions.length >= 3);
  });
});

describe('postmortem digest and export', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pm-digest-'));
    mkdirSync(join(dir, 'postmortems'));
    for (const [file, text] of Object.entries(SET)) writeFileSync(join(dir, 'postmortems', file), text);
    writeFileSync(join(dir, '.postmortem.yaml'), 'publish:\n  customers: [Globex]\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the month's digest, last month by default", async () => {
    const { status, out } = await runCli(['digest', '.', '--today', '2026-04-10'], dir);
    assert.equal(status, 0);
    assert.match(out, /^# Post-Mortem Digest: March 2026$/m);
    assert.match(out, /- \*\*3 incidents\*\*: 1 SEV1, 1 SEV2, 1 SEV3/);
    assert.match(out, /\[post-mortem\]\(postmortems\/b\.md\)/);
    const html = await runCli(['digest', '--month', '2026-03', '.', '--format', 'html', '--audience', 'public', '--today', '2026-04-10'], dir);
    assert.match(html.out, /^<!DOCTYPE html>/);
    assert.deepEqual(externalLoads(html.out), []);
    assert.ok(!html.out.includes('Okonkwo'));
  });

  it('refuses a bad month, audience or format', async () => {
    assert.match((await runCli(['digest', '--month', '2026-13'], dir)).err, /--month must be a month/);
    assert.match((await runCli(['digest', '--audience', 'everyone'], dir)).err, /--audience must be internal, org or public/);
    assert.match((await runCli(['digest', '--format', 'json'], dir)).err, /--format must be markdown or html/);
    assert.match((await runCli(['export'], dir)).err, /export needs the post-mortem to export/);
  });

  it('exports one post-mortem as HTML', async () => {
    const { status, out } = await runCli(['export', 'postmortems/b.md', '--audience', 'public'], dir);
    assert.equal(status, 0);
    assert.match(out, /<title>Ledger writes failed overnight<\/title>/);
    assert.ok(!out.includes('Okonkwo'));
  });
});
