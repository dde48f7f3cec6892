import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  DEFAULT_CONFIG,
  RULES,
  TEMPLATE_SECTION_KINDS,
  applyEdits,
  fixAllEdits,
  type Finding,
  followUpCalendar,
  lifecycleOf,
  parsePostmortem,
  parseTeamConfig,
  readFollowUps,
  readStructure,
  splitLines,
  summarize,
  insights,
  PostmortemSearch,
  type IndexedFile,
} from '../../src/core';
import { mutatedDocuments, practiceExample } from './util';

/** Markdown-ish fragments that stress the parser's seams. */
const FRAGMENTS = [
  '|',
  '\\|',
  '---',
  '\n',
  '\r\n',
  '\r',
  '- ',
  '  - ',
  '# ',
  '## ',
  '### 5 Whys',
  '```',
  '~~',
  '[x] ',
  '**',
  ': ',
  '\t',
  '> ',
  '1. ',
  '<!--',
  '\u0000',
  '\uFFFD',
  '😀',
  '漢字',
];

const mutatedDocument = mutatedDocuments(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 }), fc.constant('')));

/** Every range the model hands out must lie inside the document, and the follow-up readers never throw. */
function assertRangesInside(text: string): void {
  const model = parsePostmortem(text);
  const { followUps, problems } = readFollowUps(model, splitLines(text));
  lifecycleOf(model);
  for (const p of problems) assert.ok(p.range.start.line >= 0 && p.range.end.line < model.lineCount, 'problem inside');
  followUpCalendar(
    followUps.map((f) => ({ ...f, file: 'pm.md', title: model.title?.text ?? '', openItems: [], attendees: [] })),
    '2026-11-01',
  );
  const lines = splitLines(text);
  assert.equal(model.lineCount, lines.length);
  const check = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): void => {
    assert.ok(r.start.line >= 0 && r.end.line < lines.length, 'line inside');
    assert.ok(r.start.character >= 0 && r.end.character <= lines[r.end.line].length, 'character inside');
  };
  model.sections.forEach((s) => check(s.heading));
  model.metadata.forEach((e) => check(e.valueRange));
  for (const timeline of model.timelines) {
    for (const e of timeline.entries) {
      e.row?.cells.forEach((c) => check(c.range));
      if (e.timeRange) check(e.timeRange);
      assert.ok(e.lines.start <= e.line && e.line < e.lines.end && e.lines.end <= lines.length, 'entry lines inside');
    }
  }
  model.actions?.items.forEach((i) => i.row.cells.forEach((c) => check(c.range)));
  for (const item of model.actionItems) {
    check(item.actionRange);
    assert.ok(item.lines.start <= item.line && item.line < item.lines.end && item.lines.end <= lines.length, 'item lines inside');
  }
  const walk = (n: { textRange: Parameters<typeof check>[0]; children: readonly unknown[] }): void => {
    check(n.textRange);
    (n.children as (typeof n)[]).forEach(walk);
  };
  model.whys?.roots.forEach(walk);
}

describe('parser robustness (property tests)', () => {
  it('never throws and keeps every range inside the document, on 3,000 mutated post-mortems', () => {
    fc.assert(fc.property(mutatedDocument, assertRangesInside), { numRuns: 3000 });
  });

  it('never throws on 2,000 random strings of Markdown-ish characters', () => {
    const chars = fc.constantFrom(...'|-#*`~[]()\\:\n\r \tax1'.split(''), ...FRAGMENTS);
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 400 }).map((a) => a.join('')),
        assertRangesInside,
      ),
      { numRuns: 2000 },
    );
  });

  it('reads binary data named .md without throwing', () => {
    const bytes = new Uint8Array(64 * 1024);
    let seed = 7;
    for (let i = 0; i < bytes.length; i++) bytes[i] = seed = (seed * 1103515245 + 12345) & 0xff;
    assertRangesInside(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  });

  it('reads a 5 MB post-mortem (mocha fails the test if it hangs)', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `| 14:${String(i % 60).padStart(2, '0')} | Event ${i} with some text \\| escaped | Metrics | -- |`);
    const text = practiceExample()
      .replace('| 14:02 |', `${rows.join('\n')}\n| 14:02 |`)
      .repeat(1);
    const big = text + '\n' + 'Filler paragraph with *emphasis* and `code`.\n'.repeat(Math.ceil((5_000_000 - text.length) / 44));
    assert.ok(big.length >= 5_000_000);
    const model = parsePostmortem(big);
    assert.equal(model.timeline?.entries.length, 40_005);
  });
});

describe('reading a long document a window at a time (property tests)', () => {
  // Lines that start, continue and end blocks in as many ways as markdown-it has.
  const LINES = [
    '',
    '# Title',
    '## Timeline',
    'Setext',
    '===',
    '---',
    '- item',
    '- [ ] task',
    '* star',
    '1. one',
    '2) two',
    '  - nested',
    '    - deeper',
    '  continued',
    '    code',
    '```',
    '~~~',
    '> quote',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    'a | b',
    '--- | ---',
    '[ref]: https://x.example/a',
    '<!-- note',
    '-->',
    '<div>',
    'Paragraph text',
    '***',
    '\t- tab',
    '10. ten',
    '+ plus',
    '-',
    '  text under a bare marker',
  ];
  const documents = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), { maxLength: 120 }).map((lines) => lines.join('\n'));

  it('gives the same structure with windows of 2 to 16 lines as with the whole document, on 3,000 documents', () => {
    fc.assert(
      fc.property(documents, fc.integer({ min: 2, max: 16 }), (text, window) => {
        assert.deepEqual(readStructure(text, window), readStructure(text, Number.MAX_SAFE_INTEGER));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds markdown-it's tables, with their line spans, on 2,000 documents", () => {
    const stock = new MarkdownIt();
    fc.assert(
      fc.property(documents, (text) => {
        const structure = readStructure(text);
        // Front matter is not part of the body: markdown-it reads its lines as blank ones.
        const frontMatterEnd = structure.frontMatter?.lines.end ?? 0;
        const body = structure.lines.map((line, i) => (i < frontMatterEnd ? '' : line)).join('\n');
        const tables = stock
          .parse(body, {})
          .filter((t) => t.type === 'table_open' && t.level === 0)
          .map((t) => ({ start: t.map![0], end: t.map![1] }));
        const read = structure.blocks.filter((b) => b.type === 'table').map((b) => b.span);
        // Comments are blanked before our parse; compare only documents without them.
        if (!text.includes('<!--') && !text.includes('<div>')) assert.deepEqual(read, tables);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads CR, CRLF and NUL as markdown-it does (its own normalize step is off)', () => {
    const text = '# Title\0here\r\rA paragraph\r\n\r\n| a | b |\r|---|---|\r| \0 | 2 |\n\n- item\0';
    const stock = new MarkdownIt()
      .parse(text, {})
      .filter((t) => t.level === 0 && t.nesting !== -1 && t.map)
      .map((t) => [t.type, t.map![0], t.map![1]]);
    const structure = readStructure(text);
    assert.deepEqual(
      structure.blocks.map((b) => [b.type, b.span.start, b.span.end]),
      stock.map(([type, start, end]) => [
        String(type)
          .replace(/_open$/, '')
          .replace('bullet_list', 'list'),
        start,
        end,
      ]),
    );
    const heading = structure.blocks[0];
    assert.ok(heading.type === 'heading');
    assert.equal(heading.text, 'Title\uFFFDhere');
  });

  it('reads a list of 20,000 items cut into windows as one list', () => {
    const text = ['## Timeline', '', ...Array.from({ length: 20_000 }, (_, i) => `- 14:${String(i % 60).padStart(2, '0')} event ${i}`), '', 'After.'].join(
      '\n',
    );
    const blocks = readStructure(text).blocks;
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['heading', 'list', 'paragraph'],
    );
    const list = blocks[1];
    assert.ok(list.type === 'list');
    assert.equal(list.items.length, 20_000);
    assert.deepEqual(list.span, { start: 2, end: 20_002 });
    assert.equal(list.items[19_999].text, '14:19 event 19999');
  });
});

describe('rules robustness (property tests)', () => {
  // Each rule is run directly, without lintModel's safety net, so a rule that throws fails here.
  // applyEdits throws on an edit outside the text or two edits that overlap, as VS Code refuses them.
  const fixed = new Map<string, number>();
  const run = (text: string): void => {
    const model = parsePostmortem(text);
    const lines = splitLines(text);
    const findings: Finding[] = [];
    for (const rule of RULES) {
      for (const finding of rule.check({
        model,
        lines,
        config: DEFAULT_CONFIG,
        today: '2026-11-28',
        incidentDate: new Date(2026, 9, 14),
        followsTemplate: text.length % 2 === 0,
        requiredSections: TEMPLATE_SECTION_KINDS,
        withFixes: true,
      })) {
        findings.push({ code: rule.code, severity: 'warning', message: finding.message, range: finding.range, fixes: finding.fixes ?? [] });
        for (const fix of finding.fixes ?? []) {
          applyEdits(text, fix.edits);
          fixed.set(rule.code, (fixed.get(rule.code) ?? 0) + 1);
        }
      }
    }
    // Fix All takes one fix per finding, all at once: they must not overlap either.
    applyEdits(text, fixAllEdits(findings));
  };

  it('no rule throws on 2,000 mutated post-mortems, and every fix applies, alone and all at once', () => {
    fc.assert(fc.property(mutatedDocument, run), { numRuns: 2000 });
    // The documents exercise the fixes: with the rules stubbed out this would pass on nothing.
    assert.ok(fixed.size >= 8, `fixes of ${[...fixed.keys()].join(', ')} only`);
    assert.ok([...fixed.values()].reduce((a, b) => a + b, 0) >= 2000, JSON.stringify(Object.fromEntries(fixed)));
  });

  it('the team config parser never throws on 2,000 random YAML-ish texts', () => {
    const chars = fc.constantFrom(...'owners:[]{}-\n "\'#&*!|>rules: sprint: start: 2026-01-05 lengthDays: 14 x'.split(' '), '\n', ':', '-', ' ', '[', ']');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 200 }).map((a) => a.join('')),
        (text) => {
          parseTeamConfig(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('search and insights robustness (property tests)', () => {
  it('summarize, search, related and insights never throw on 1,000 mutated post-mortems, together and one by one', () => {
    const documents = fc.array(mutatedDocument, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(documents, fc.string({ maxLength: 30 }), (texts, query) => {
        const files = new Map<string, IndexedFile>();
        texts.forEach((text, i) => {
          const summary = summarize(`f${i}.md`, text, `postmortems/f${i}.md`, DEFAULT_CONFIG);
          if (summary) files.set(summary.file, summary);
        });
        const search = new PostmortemSearch();
        assert.equal(search.sync(files), true);
        for (const hit of search.search(query)) assert.ok(files.has(hit.file));
        for (const file of files.values()) for (const hit of search.related(file)) assert.notEqual(hit.file, file.file);
        const result = insights(files.values(), '2026-11-30', { months: 24 });
        assert.ok(result.totals.postmortems <= files.size);
        for (const bucket of result.times) assert.ok(bucket.median <= bucket.worst);
      }),
      { numRuns: 1000 },
    );
  });
});
