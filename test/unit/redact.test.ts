import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_PUBLISH, parsePostmortem, readPublishConfig, redactPostmortem, wildcardMatch, type PublishConfig } from '../../src/core';
import { joinLines } from './util';

/** The secrets a test plants: none may come out at `public`. */
const PEOPLE = ['Marguerite Okonkwo', 'Teodor Lindqvist', 'Priya Raman'];
const SECRETS = {
  email: 'marguerite.okonkwo@corp-mail.example.com',
  ipv4: '10.42.7.19',
  ipv6: 'fd12:3456:789a::1',
  host: 'ledger-db-07.prod.internal',
  corpHost: 'api.payments.corp',
  customer: 'Globex Industries',
  term: 'project-nightjar',
  wildcard: 'pg-eu-west-primary',
  ticket: 'OPS-4821',
  ticketLink: 'https://acme.atlassian.net/browse/OPS-4821',
  dashboard: 'https://grafana.internal/d/abc',
  handle: '@mokonkwo',
};
const CONFIG: PublishConfig = { ...DEFAULT_PUBLISH, customers: ['Globex Industries'], terms: ['project-nightjar', 'pg-*-primary'] };

/** Every string that must not survive at `public`: each secret, each person and each part of a name. */
const FORBIDDEN = [...Object.values(SECRETS), ...PEOPLE, ...PEOPLE.flatMap((p) => p.split(' '))].map((s) => s.toLowerCase());

/** Places a secret can be written in a post-mortem, `%` where it goes. */
const PLACES = [
  '#### Outage seen by %',
  'Plain prose mentions % in passing.',
  'A [link text with %](https://example.com/page) in prose.',
  'An image: ![diagram of %](https://example.com/a.png)',
  '| 14:05 | Alert from % fires | Monitoring | -- |',
  'Code: `ssh %` and **bold %** and _em %_.',
  '- Nested:\n  - deeper % here',
  '<!-- note: % -->',
  '[ref]: https://example.com/%',
  '> Quoted: %',
  '### Heading about %',
];

function document(placed: readonly [number, string][]): string {
  const extra = placed.map(([place, secret]) => PLACES[place % PLACES.length].replace('%', secret));
  return joinLines(
    '---',
    `title: Outage for ${SECRETS.customer}`,
    `author: ${PEOPLE[1]}`,
    `contact: ${SECRETS.email}`,
    '---',
    `# Post-Mortem: Ledger writes failed for ${SECRETS.customer} on ${SECRETS.host}`,
    '',
    '## Metadata',
    '- Date: 2026-10-14',
    `- Incident Commander: ${PEOPLE[0]}`,
    `- Post-Mortem Author: ${PEOPLE[1]}`,
    '',
    '## Executive Summary',
    `Writes to ${SECRETS.host} failed; ${PEOPLE[0]} paged ${SECRETS.handle}.`,
    ...extra,
    '',
    '## Timeline',
    '| Time | Event | Source |',
    '|---|---|---|',
    `| 14:02 | Deploy by Priya to ${SECRETS.corpHost} (${SECRETS.ipv4}) | CI |`,
    `| 14:10 | ${SECRETS.customer} reports errors | Support ${SECRETS.ticket} |`,
    '',
    '## Root Cause Analysis',
    `The pool on ${SECRETS.wildcard} (${SECRETS.ipv6}) ran out; see [the dashboard](${SECRETS.dashboard}) and ${SECRETS.ticketLink}.`,
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    `| Alert on ${SECRETS.term} saturation | Detect | P1 | ${PEOPLE[2]} | 2026-11-01 | Open |`,
    '',
    '## Supporting Information',
    `Raw notes from Teodor: <${SECRETS.dashboard}>`,
    '',
  );
}

function leaks(text: string, forbidden = FORBIDDEN): string[] {
  const lower = text.toLowerCase();
  return forbidden.filter((s) => lower.includes(s));
}

describe('redaction', () => {
  it('leaves nothing planted at public: titles, link texts, alt texts, tables, code spans, front matter, comments', () => {
    const text = document(PLACES.map((_, i) => [i, PEOPLE[i % 3]] as [number, string]));
    const result = redactPostmortem(text, parsePostmortem(text), 'public', CONFIG);
    assert.deepEqual(leaks(result.text), [], result.text);
    // What a reader still learns.
    assert.match(result.text, /^# Post-Mortem: Ledger writes failed for \[customer\] on \[internal host\]$/m);
    assert.match(result.text, /Writes to \[internal host\] failed; the incident commander paged a responder\./);
    assert.match(result.text, /\| Alert on \[redacted\] saturation \| Detect \| P1 \| an engineer \| 2026-11-01 \| Open \|/);
    assert.match(result.text, /see the dashboard and \[link removed\]/);
    assert.match(result.text, /An image: diagram of the incident commander$/m);
    assert.doesNotMatch(result.text, /Supporting Information|Raw notes/, 'a section public does not get is left out');
    assert.doesNotMatch(result.text, /^---$/m, 'no front matter');
  });

  it('never lets a planted secret through at public, wherever 2,000 random documents put it', () => {
    const secret = fc.constantFrom(...Object.values(SECRETS), ...PEOPLE, ...PEOPLE.map((p) => p.toUpperCase()), ...PEOPLE.map((p) => p.split(' ')[0]));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), secret), { maxLength: 12 }), (placed) => {
        const text = document(placed);
        const result = redactPostmortem(text, parsePostmortem(text), 'public', CONFIG);
        assert.deepEqual(leaks(result.text), [], result.text);
      }),
      { numRuns: 2000 },
    );
  });

  it('at org: people become roles, e-mails, customers and terms go; hosts and links stay', () => {
    const text = document([]);
    const result = redactPostmortem(text, parsePostmortem(text), 'org', CONFIG);
    assert.deepEqual(
      leaks(
        result.text,
        [...PEOPLE, SECRETS.email, SECRETS.customer, SECRETS.term].map((s) => s.toLowerCase()),
      ),
      [],
    );
    assert.ok(result.text.includes(SECRETS.host) && result.text.includes(SECRETS.dashboard));
    assert.match(result.text, /## Supporting Information/, 'org gets every section');
  });

  it('internal is the document as it is', () => {
    const text = document([[0, PEOPLE[0]]]);
    assert.deepEqual(redactPostmortem(text, parsePostmortem(text), 'internal', CONFIG), { text, redactions: [] });
  });

  it('lists what was redacted where (for the preview)', () => {
    const text = document([]);
    const { redactions } = redactPostmortem(text, parsePostmortem(text), 'public', CONFIG);
    const at = (line: number) => redactions.filter((r) => r.line === line).map((r) => `${r.kind}:${r.original}->${r.replacement}`);
    const summaryLine = text.split('\n').findIndex((l) => l.startsWith('Writes to'));
    assert.deepEqual(at(summaryLine), [
      `hosts:${SECRETS.host}->[internal host]`,
      `people:${PEOPLE[0]}->the incident commander`,
      `people:${SECRETS.handle}->a responder`,
    ]);
    assert.ok(redactions.some((r) => r.kind === 'frontMatter' && r.line === 0));
    assert.ok(redactions.some((r) => r.kind === 'section' && r.original === 'Supporting Information'));
  });

  it('keeps what is not a secret: times, versions, file names, public links of listed domains', () => {
    const text = joinLines(
      '# Post-Mortem: Slow search',
      '',
      '## Executive Summary',
      'At 14:02:33 v2.14.0 of config.yaml went out; see https://status.example.com/incidents/1 and https://example.org/x.',
      '',
    );
    const config = { ...DEFAULT_PUBLISH, publicDomains: ['status.example.com'] };
    const result = redactPostmortem(text, parsePostmortem(text), 'public', config);
    assert.match(result.text, /At 14:02:33 v2\.14\.0 of config\.yaml went out; see https:\/\/status\.example\.com\/incidents\/1 and \[link removed\]\./);
  });

  it('matches wildcard terms against whole tokens', () => {
    assert.equal(wildcardMatch('pg-*-primary', 'pg-eu-west-primary'), true);
    assert.equal(wildcardMatch('pg-*-primary', 'pg-primary'), false);
    assert.equal(wildcardMatch('*nightjar', 'Project-NIGHTJAR'), true);
    assert.equal(wildcardMatch('a*b*c', 'a'.repeat(200) + 'x'), false);
  });

  it('reads publish from the team config, keeping only known sections and kinds', () => {
    const config = readPublishConfig({ customers: ['Acme'], public: { sections: ['executiveSummary', 'nonsense'], redact: ['emails', 'x'] } });
    assert.deepEqual(config.public, { sections: ['executiveSummary'], redact: ['emails'] });
    assert.deepEqual(config.org, DEFAULT_PUBLISH.org);
    assert.deepEqual(config.customers, ['Acme']);
  });

  it('stays linear on hostile lines (mocha fails the test if it hangs)', () => {
    const hostile = ['['.repeat(50_000), '@'.repeat(50_000), 'a.'.repeat(30_000), '1.'.repeat(30_000), ':'.repeat(50_000), 'https://'.repeat(10_000)];
    for (const line of hostile) {
      const text = `# Post-Mortem: X\n\n## Executive Summary\n${line}\n`;
      redactPostmortem(text, parsePostmortem(text), 'public', CONFIG);
    }
  });
});
