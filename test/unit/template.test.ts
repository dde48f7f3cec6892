import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  TEMPLATE,
  TEMPLATE_PLACEHOLDERS,
  TEMPLATE_SECTION_KINDS,
  applyEdits,
  followUpSchedule,
  insertSectionEdit,
  splitLines,
  createFreeFile,
  exactIsoDate,
  formatIsoDate,
  parseIsoDate,
  parsePostmortem,
  slugify,
  snippetFileText,
  templateSnippet,
  templateText,
} from '../../src/core';
import { ROOT, joinLines } from './util';

/** What VS Code inserts for a snippet body: each `${n:text}` becomes its text, escapes undone. */
function expandSnippet(body: string): string {
  return body.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}/g, '$1').replace(/\\([\\$}])/g, '$1');
}

describe('template', () => {
  it('is the one source of snippets/postmortem.code-snippets (run `npm run snippets` after changing it)', () => {
    const file = readFileSync(join(ROOT, 'snippets', 'postmortem.code-snippets'), 'utf8');
    assert.equal(file, snippetFileText());
    const body = (JSON.parse(file) as Record<string, { body: string[] }>)['Post-Mortem'].body.join('\n');
    assert.equal(expandSnippet(body), TEMPLATE, 'the snippet inserts exactly the template');
  });

  it('puts a tabstop on every placeholder, numbered in reading order', () => {
    const snippet = templateSnippet();
    const tabstops = [...snippet.matchAll(/\$\{(\d+):\[([^\]]+)\]\}/g)];
    assert.deepEqual(
      tabstops.map((m) => m[2]),
      TEMPLATE_PLACEHOLDERS,
    );
    assert.deepEqual(
      tabstops.map((m) => Number(m[1])),
      TEMPLATE_PLACEHOLDERS.map((_, i) => i + 1),
    );
    assert.ok(TEMPLATE_PLACEHOLDERS.length > 20);
  });

  it('fills title, date, severity and the follow-up schedule, leaving the rest as tabstops', () => {
    const values = { title: 'Costs: $5 {really}', date: '2026-12-30', severity: 'SEV1', followUp: followUpSchedule('2026-12-30') };
    const snippet = templateSnippet(values);
    assert.match(snippet, /^# Post-Mortem: Costs: \\\$5 \{really\\\}$/m, 'snippet syntax in a value is escaped');
    assert.equal(expandSnippet(snippet), templateText(values));
    const text = templateText(values);
    assert.match(text, /^- Date: 2026-12-30$/m);
    assert.match(text, /^- Severity: SEV1$/m);
    assert.match(text, /^- 2027-01-13: Review action item progress$/m, '+2 weeks, across the year end');
    assert.match(text, /^- 2027-01-27: Verify fixes in production$/m, '+4 weeks');
    assert.match(text, /^- 2027-01-27: Close post-mortem$/m);
    assert.match(snippet, /^- Post-Mortem Review Date: \$\{\d+:\[DATE\]\}$/m, 'the review meeting date stays a tabstop');
    assert.equal(snippet.match(/\$\{1:/g)?.length, 1);
    assert.match(snippet, /\$\{1:\[START\]\}/, 'the first tabstop is the first unfilled placeholder');
  });

  it('parses as a post-mortem with every section', () => {
    const model = parsePostmortem(TEMPLATE);
    assert.deepEqual(
      model.sections.filter((s) => s.level === 2).map((s) => s.kind),
      [...TEMPLATE_SECTION_KINDS],
    );
    assert.equal(model.sections.find((s) => s.level === 3)?.title, '5 Whys', 'the 5 Whys heading is a section inside Root Cause Analysis');
    assert.equal(model.timeline?.entries.length, 1);
    assert.deepEqual(Object.keys(model.actions!.columns), ['action', 'type', 'priority', 'owner', 'due', 'status', 'ticket']);
  });
});

describe('followUpSchedule and dates', () => {
  it('schedules at +2 and +4 weeks across month ends and leap days', () => {
    assert.deepEqual(followUpSchedule('2028-02-15'), { review: '2028-02-29', verify: '2028-03-14', close: '2028-03-14' });
    assert.equal(followUpSchedule('not a date'), undefined);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    assert.ok(parseIsoDate('2026-11-28'));
    for (const bad of ['2026-02-30', '2026-13-01', '26-11-28', '2026/11/28', '', 'today']) assert.equal(parseIsoDate(bad), undefined, bad);
  });

  it('checks an exact date without a Date as parsing and formatting it does, on 20,000 strings', () => {
    const digits = fc.integer({ min: 0, max: 9999 });
    const dateLike = fc
      .tuple(digits, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.oneof(
          dateLike,
          fc.string({ maxLength: 12 }),
          dateLike.map((s) => ` ${s}`),
          // One character changed: a letter, a sign or a non-ASCII digit where a digit or a dash stands.
          fc.tuple(dateLike, fc.nat(9), fc.constantFrom('a', '+', '/', ' ', '٣', '０', '.', '-', '5')).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1)),
        ),
        (text) => {
          const parsed = parseIsoDate(text);
          assert.equal(exactIsoDate(text), parsed && text === text.trim() ? formatIsoDate(parsed) : undefined, text);
        },
      ),
      { numRuns: 20_000 },
    );
    assert.equal(exactIsoDate('2024-02-29'), '2024-02-29');
    assert.equal(exactIsoDate('1900-02-29'), undefined);
    assert.ok(parseIsoDate('0000-02-29'), 'year 0 is a leap year (not 1900)');
  });
});

describe('file names', () => {
  it('slugifies titles', () => {
    assert.equal(slugify('Database failover: primary lost!'), 'database-failover-primary-lost');
    assert.equal(slugify('Ünïcödé  café — outage'), 'unicode-cafe-outage');
    assert.equal(slugify('???'), 'incident');
    assert.ok(slugify('x'.repeat(200)).length <= 60);
  });

  it('creates the first free name, by trying to create it', async () => {
    const taken = new Set(['2026-01-01-outage.md', '2026-01-01-outage-2.md']);
    const create = async (n: string): Promise<boolean> => !taken.has(n) && !!taken.add(n);
    assert.equal(await createFreeFile('2026-01-01', 'Outage', create), '2026-01-01-outage-3.md');
    assert.equal(await createFreeFile('2026-01-01', 'Outage', create), '2026-01-01-outage-4.md', 'the one just made is taken');
    assert.equal(await createFreeFile('2026-01-02', 'Outage', create), '2026-01-02-outage.md');
  });
});

describe('insertSectionEdit (a new section where the template has it)', () => {
  const doc = joinLines('# Post-Mortem: Cache outage', '', '## Timeline', '- 14:02 deploy', '', '## Lessons Learned', 'Caches need limits.');
  const insert = (text: string, kind: Parameters<typeof insertSectionEdit>[2], body: string[]): string => {
    const { edit } = insertSectionEdit(parsePostmortem(text), splitLines(text), kind, body);
    return applyEdits(text, [edit]);
  };

  it("goes before the first section that follows it in the template, at the document's heading level", () => {
    assert.equal(
      insert(doc, 'actionItems', ['| Action |', '|---|']),
      joinLines(
        '# Post-Mortem: Cache outage',
        '',
        '## Timeline',
        '- 14:02 deploy',
        '',
        '## Action Items',
        '| Action |',
        '|---|',
        '',
        '## Lessons Learned',
        'Caches need limits.',
      ),
    );
    const deeper = doc.replaceAll('## ', '### ');
    assert.match(
      insert(deeper, 'rootCause', ['Pool exhaustion.']),
      /### Timeline\n- 14:02 deploy\n\n### Root Cause Analysis\nPool exhaustion.\n\n### Lessons Learned/,
    );
  });

  it('goes at the end, after one blank line, when nothing in the document follows it', () => {
    assert.equal(insert(doc, 'followUp', ['- 2026-11-01: Review']), `${doc}\n\n## Follow-Up Schedule\n- 2026-11-01: Review\n\n`);
    assert.equal(insert(`${doc}\n`, 'followUp', ['x']), `${doc}\n\n## Follow-Up Schedule\nx\n\n`);
  });
});
