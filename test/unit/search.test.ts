import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, PostmortemSearch, plainLine, summarize, type IndexedFile } from '../../src/core';
import { joinLines, runCli } from './util';

interface Incident {
  readonly file: string;
  readonly title: string;
  readonly date: string;
  readonly services?: string;
  readonly tags?: string;
  readonly summary: string;
  readonly rootCause: string;
  readonly factors?: string;
  readonly lessons?: string;
}

/** A post-mortem in its own shape (no template), as a team would write one. */
function postmortem(i: Incident): string {
  return joinLines(
    '---',
    `title: ${JSON.stringify(i.title)}`,
    ...(i.tags ? [`tags: [${i.tags}]`] : []),
    '---',
    `# ${i.title}`,
    '',
    `- Date: ${i.date}`,
    ...(i.services ? [`- Services: ${i.services}`] : []),
    '',
    '## Summary',
    '',
    i.summary,
    '',
    '## Timeline',
    '',
    '- 10:00 Alert fired',
    '- 10:30 Resolved',
    '',
    '## Root cause',
    '',
    i.rootCause,
    '',
    ...(i.factors ? ['## Contributing factors', '', i.factors, ''] : []),
    ...(i.lessons ? ['## Lessons learned', '', i.lessons, ''] : []),
    '## Action items',
    '',
    '- [ ] Add an alert (owner: SRE, due 2026-12-01)',
    '',
  );
}

/** Hand-written incidents: two about the payments database's connection pool, the rest unrelated. */
const INCIDENTS: readonly Incident[] = [
  {
    file: 'incidents/2026-03-02-checkout-pool.md',
    title: 'Checkout errors from database connection pool exhaustion',
    date: '2026-03-02',
    services: 'payments-db, checkout',
    tags: 'database, capacity',
    summary: 'Checkout failed for 40 minutes because the payments database ran out of connections.',
    rootCause: 'A batch job opened connections without a limit and exhausted the connection pool of the payments database.',
    factors: 'No alert on pool saturation. The batch job had no timeout.',
    lessons: 'Pool saturation needs an alert before customers notice.',
  },
  {
    file: 'incidents/2026-05-19-certificate.md',
    title: 'API unreachable after TLS certificate expired',
    date: '2026-05-19',
    services: 'api-gateway',
    tags: 'tls',
    summary: 'Clients could not reach the public API for 25 minutes: the gateway served an expired certificate.',
    rootCause: 'The certificate renewal job failed silently for 30 days because its credentials were rotated.',
    lessons: 'Expiry dates need monitoring, not only renewal jobs.',
  },
  {
    file: 'incidents/2026-07-08-dns.md',
    title: 'Internal DNS resolution failures',
    date: '2026-07-08',
    services: 'dns',
    tags: 'network',
    summary: 'Services in the eu cluster could not resolve internal names for 12 minutes.',
    rootCause: 'A resolver configuration change removed the forwarders for the internal zone.',
  },
  {
    file: 'incidents/2026-09-30-search-index.md',
    title: 'Search results stale for a day',
    date: '2026-09-30',
    services: 'search',
    summary: 'Search showed day-old results because the indexer stopped consuming the queue.',
    rootCause: 'The indexer crashed on a malformed message and the queue consumer did not restart.',
  },
  {
    file: 'incidents/2026-11-12-refunds-pool.md',
    title: 'Refunds delayed: connection pool exhausted on the payments database',
    date: '2026-11-12',
    services: 'payments-db, refunds',
    tags: 'database',
    summary: 'Refunds were delayed for two hours while the payments database refused new connections.',
    rootCause: 'A slow migration held connections open until the connection pool was exhausted.',
    factors: 'The pool size had not changed since the database was moved.',
  },
];

function summaries(incidents = INCIDENTS): Map<string, IndexedFile> {
  const files = new Map<string, IndexedFile>();
  for (const i of incidents) {
    const summary = summarize(i.file, postmortem(i), i.file, DEFAULT_CONFIG);
    assert.ok(summary, `${i.file} is read as a post-mortem`);
    files.set(i.file, summary);
  }
  return files;
}

describe('search text', () => {
  it('reads the summary, root cause, factors, lessons, services and tags of a post-mortem in its own shape', () => {
    const summary = summaries().get('incidents/2026-03-02-checkout-pool.md')!;
    assert.deepEqual(summary.text, {
      summary: 'Checkout failed for 40 minutes because the payments database ran out of connections.',
      impact: '',
      rootCause: 'A batch job opened connections without a limit and exhausted the connection pool of the payments database.',
      lessons: 'Pool saturation needs an alert before customers notice.',
      factors: 'No alert on pool saturation. The batch job had no timeout.',
      services: ['payments-db', 'checkout'],
      tags: ['database', 'capacity'],
      teams: [],
    });
  });

  it('keeps a long section to its first sentences, and reads links as their text', () => {
    const long = Array.from({ length: 40 }, (_, n) => `Sentence number ${n} about the [outage](https://example.com/${n}).`).join(' ');
    const summary = summarize('a.md', postmortem({ ...INCIDENTS[2], summary: long }), 'incidents/a.md', DEFAULT_CONFIG)!;
    assert.ok(summary.text!.summary.length <= 280, String(summary.text!.summary.length));
    assert.match(summary.text!.summary, /^Sentence number 0 about the outage\. .*\.$/);
    assert.doesNotMatch(summary.text!.summary, /https:/);
    assert.equal(plainLine('- **Bold** `code` | cell | [link](http://x)'), 'Bold code cell link');
  });

  it('marks a section cut mid-sentence with an ellipsis', () => {
    // One sentence of 60 words: no sentence end to stop at before the limit.
    const long = `The hub was ${Array.from({ length: 60 }, (_, n) => `word${n}`).join(' ')} and then recovered.`;
    const summary = summarize('a.md', postmortem({ ...INCIDENTS[2], summary: long }), 'incidents/a.md', DEFAULT_CONFIG)!;
    assert.ok(summary.text!.summary.length <= 281, String(summary.text!.summary.length));
    assert.match(summary.text!.summary, /^The hub was word0 word1 .* word\d+\.\.\.$/);
  });

  it('keeps no search text for a template', () => {
    const template = summarize(
      't.md',
      joinLines('# Post-Mortem: [TITLE]', '', '## Executive Summary', '[2-3 sentences]', '## Timeline', '## Root Cause Analysis', ''),
      'templates/postmortem-template.md',
      DEFAULT_CONFIG,
    );
    assert.equal(template?.kind, 'template');
    assert.equal(template?.text, undefined);
  });
});

describe('PostmortemSearch', () => {
  it('ranks the post-mortem a reader would pick first, with the words that matched and where', () => {
    const search = new PostmortemSearch();
    search.sync(summaries());
    const [first] = search.search('expired certificate');
    assert.equal(first.file, 'incidents/2026-05-19-certificate.md');
    assert.match(first.why, /^title: (expired|certificate), (expired|certificate); summary: .*root cause: certificate/);
    assert.equal(search.search('queue consumer')[0].file, 'incidents/2026-09-30-search-index.md');
  });

  it('forgives a typo and a word cut short', () => {
    const search = new PostmortemSearch();
    search.sync(summaries());
    assert.equal(search.search('certifcate')[0]?.file, 'incidents/2026-05-19-certificate.md');
    assert.equal(search.search('resolv')[0]?.file, 'incidents/2026-07-08-dns.md');
    assert.deepEqual(search.search('kubernetes'), []);
  });

  it('relates the post-mortem about the same service and the same root cause first, and says why', () => {
    const search = new PostmortemSearch();
    const files = summaries();
    search.sync(files);
    const related = search.related(files.get('incidents/2026-11-12-refunds-pool.md')!);
    assert.equal(related[0].file, 'incidents/2026-03-02-checkout-pool.md');
    assert.ok(related[0].why.includes('same service: payments-db'), related[0].why.join(' | '));
    assert.ok(related[0].why.includes('same tag: database'), related[0].why.join(' | '));
    assert.ok(
      related[0].why.some((w) => /^similar (title|root cause): .*(pool|connection|exhausted)/.test(w)),
      related[0].why.join(' | '),
    );
    // Unrelated incidents share no service, tag or two words of substance.
    assert.ok(!related.some((r) => r.file === 'incidents/2026-07-08-dns.md'), related.map((r) => r.file).join(' | '));
    assert.ok(!related.some((r) => r.file === 'incidents/2026-11-12-refunds-pool.md'), 'never related to itself');
  });

  it('follows changes one file at a time: an edited, a new and a deleted post-mortem', () => {
    const search = new PostmortemSearch();
    const files = summaries();
    search.sync(files);
    assert.equal(search.size, 5);
    const dnsFile = 'incidents/2026-07-08-dns.md';
    files.set(dnsFile, summarize(dnsFile, postmortem({ ...INCIDENTS[2], rootCause: 'A certificate on the resolver expired.' }), dnsFile, DEFAULT_CONFIG)!);
    files.delete('incidents/2026-05-19-certificate.md');
    const added = {
      ...INCIDENTS[0],
      file: 'incidents/2026-12-01-ledger.md',
      title: 'Ledger writes rejected',
      services: 'ledger',
      tags: '',
      summary: 'Ledger writes were rejected.',
    };
    files.set(added.file, summarize(added.file, postmortem(added), added.file, DEFAULT_CONFIG)!);
    assert.equal(search.sync(files), true);
    assert.equal(search.size, 5);
    assert.deepEqual(
      search.search('certificate').map((h) => h.file),
      [dnsFile],
    );
    assert.equal(search.search('ledger')[0].file, added.file);
  });

  it('stops a long sync when asked and goes on where it stopped', () => {
    const search = new PostmortemSearch();
    const many = new Map<string, IndexedFile>();
    const base = summaries().get('incidents/2026-09-30-search-index.md')!;
    for (let n = 0; n < 300; n++) many.set(`f${n}.md`, { ...base, file: `f${n}.md`, title: `Incident ${n}` });
    let slices = 1;
    while (!search.sync(many, () => true)) slices++;
    assert.equal(search.size, 300);
    assert.ok(slices > 2, String(slices));
  });
});

describe('postmortem search and related', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pm-search-'));
    mkdirSync(join(dir, 'incidents'));
    for (const i of INCIDENTS) writeFileSync(join(dir, i.file), postmortem(i));
    writeFileSync(join(dir, 'README.md'), '# Notes\n\nThe certificate expired once.\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints file, title, score and why as JSON, best first', async () => {
    const { status, out } = await runCli(['search', 'certificate expiry', '.', '--format', 'json'], dir);
    assert.equal(status, 0);
    const hits = JSON.parse(out) as { file: string; title: string; score: number; why: string }[];
    assert.equal(hits[0].file, 'incidents/2026-05-19-certificate.md');
    assert.equal(hits[0].title, 'API unreachable after TLS certificate expired');
    assert.deepEqual(Object.keys(hits[0]), ['file', 'title', 'score', 'why']);
    assert.ok(hits[0].score > 0 && hits[0].why.includes('certificate'), hits[0].why);
    assert.ok(!hits.some((h) => h.file === 'README.md'), 'only post-mortems are searched');
  });

  it('says when nothing matches, and needs a query', async () => {
    assert.match((await runCli(['search', 'kubernetes', '.'], dir)).out, /No post-mortem matches "kubernetes"/);
    const bad = await runCli(['search'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.err, /search needs a query/);
    assert.match((await runCli(['search', 'x', '--limit', '0'], dir)).err, /--limit must be a whole number/);
  });

  it('relates a post-mortem to the others, with why', async () => {
    const { status, out } = await runCli(['related', 'incidents/2026-11-12-refunds-pool.md', '.', '--limit', '1'], dir);
    assert.equal(status, 0);
    assert.match(out, /incidents\/2026-03-02-checkout-pool\.md {2}Checkout errors/);
    assert.match(out, /same service: payments-db/);
    assert.equal(out.trim().split('\n').length, 2, out);
  });
});
