import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG, TEMPLATE_SECTION_KINDS, applyEdits, lintText, parsePostmortem, parseTableRow } from '../../src/core';
import { readActionTable } from '../../src/core/actionRead';
import { cellCount, parseTable } from '../../src/core/table';
import { PRACTICE_ACTIONS, joinLines, practiceExample, readFixture } from './util';

describe('parsePostmortem', () => {
  it('reads an empty list item under a "### Date" section as an empty value with an empty range, and its fix applies', () => {
    // Found by the fix property test: the range ran from after "1. " back to the trimmed line's end.
    const text = joinLines('# Title', '', '### Date', '1. ', '', '### Trigger', 'A deploy.');
    const date = parsePostmortem(text).metadata.find((m) => m.key === 'date');
    assert.deepEqual(date && [date.value, date.valueRange.start, date.valueRange.end], ['', { line: 3, character: 2 }, { line: 3, character: 2 }]);
    const fixes = lintText(text, { config: DEFAULT_CONFIG }).flatMap((f) => f.fixes);
    for (const fix of fixes) applyEdits(text, fix.edits);
  });

  describe('on the template filled with the practice example', () => {
    const model = parsePostmortem(practiceExample());

    it('finds the title', () => {
      assert.equal(model.title?.text, 'Login failures after reporting deploy');
      assert.equal(model.title?.hasPostmortemPrefix, true);
      assert.equal(model.title?.range.start.line, 0);
    });

    it("yields the 11 sections in the template's order, and the 5 Whys heading inside Root Cause Analysis", () => {
      assert.deepEqual(
        model.sections.filter((s) => s.level === 2).map((s) => s.kind),
        [...TEMPLATE_SECTION_KINDS],
      );
      assert.deepEqual(
        model.sections.filter((s) => s.level !== 2).map((s) => [s.title, s.kind, s.level]),
        [['5 Whys', 'rootCause', 3]],
      );
      assert.ok(model.sections.every((s) => !s.isEmpty));
    });

    it('gives each section its heading line and body lines', () => {
      const lines = practiceExample().split('\n');
      for (const section of model.sections.filter((s) => s.level === 2)) {
        assert.equal(lines[section.heading.start.line], `## ${section.title}`);
        assert.equal(section.body.start, section.heading.start.line + 1);
        const next = lines[section.body.end];
        assert.ok(next === undefined || next.startsWith('## '), `${section.title} ends before the next section`);
      }
    });

    it('reads the metadata list', () => {
      const byKey = Object.fromEntries(model.metadata.map((e) => [e.key, e.value]));
      assert.equal(byKey.date, '2026-10-14');
      assert.equal(byKey.severity, 'SEV2');
      assert.equal(byKey.incidentCommander, '[NAME]');
      assert.equal(byKey.reviewDate, '[DATE]');
      const date = model.metadata.find((e) => e.key === 'date')!;
      assert.equal(practiceExample().split('\n')[date.line].slice(date.valueRange.start.character, date.valueRange.end.character), '2026-10-14');
    });

    it('yields the 5 timeline rows with their cells', () => {
      const timeline = model.timeline!;
      assert.equal(timeline.entries.length, 5);
      assert.deepEqual(
        timeline.entries.map((e) => e.cells.time?.text),
        ['14:02', '14:08', '14:15', '14:18', '14:25'],
      );
      assert.equal(timeline.entries[2].cells.source?.text, 'Support ticket');
      assert.equal(timeline.entries[2].cells.gap?.text, '7-minute detection gap (customer before monitoring)');
      assert.equal(timeline.entries[0].cells.event?.text, 'Deploy of reporting-service v2.14.0');
    });

    it('yields the 4 action items with owners, types and priorities', () => {
      const actions = model.actions!;
      assert.equal(actions.layout, 'template');
      assert.deepEqual(
        actions.items.map((i) => [i.action, i.type, i.priority, i.owner, i.due]),
        [
          ['Add query timeout to reporting service DB connections', 'Prevent', 'P0', 'Backend team', 'This sprint'],
          ['Add connection pool saturation alert', 'Detect', 'P1', 'SRE team', 'This sprint'],
          ['Add query plan validation to migration CI', 'Prevent', 'P2', 'Platform team', 'Next sprint'],
          ['Document DB connection pool sizing guidelines', 'Process', 'P3', 'SRE team', 'This quarter'],
        ],
      );
      assert.ok(
        actions.items.every((i) => !i.done && i.status === '' && i.ticket === ''),
        'rows without Status are open',
      );
      const lines = practiceExample().split('\n');
      assert.equal(lines[actions.items[0].row.line], PRACTICE_ACTIONS[0]);
    });

    it('reads the 5 Whys as a tree', () => {
      const whys = model.whys!;
      assert.ok(whys.heading);
      assert.equal(whys.roots.length, 1);
      assert.equal(whys.roots[0].text, '[WHY DID IT HAPPEN?]');
      assert.equal(whys.roots[0].children[0].children[0].depth, 3);
    });
  });

  describe('on the fixture workspace', () => {
    it('reads the complete example, with done items and a branching 5 Whys tree', () => {
      const model = parsePostmortem(readFixture('2026-10-14-login-failures-after-reporting-deploy.md'));
      assert.equal(model.sections.filter((s) => s.level === 2).length, 11);
      assert.deepEqual(
        model.actions!.items.map((i) => [i.done, i.doneDate]),
        [
          [true, '2026-10-20'],
          [true, '2026-10-22'],
          [true, '2026-11-04'],
          [true, '2026-11-19'],
        ],
      );
      assert.equal(model.actions!.items[0].ticket, '[OPS-1412](https://tracker.example.com/OPS-1412)');
      const roots = model.whys!.roots;
      assert.equal(roots.length, 1);
      assert.equal(roots[0].children.length, 2, 'two branches under the first why');
      assert.equal(roots[0].children[0].children.length, 2);
      const leaves: string[] = [];
      const walk = (n: (typeof roots)[number]): void => (n.children.length ? n.children.forEach(walk) : void leaves.push(n.text));
      roots.forEach(walk);
      assert.equal(leaves.length, 3);
      assert.ok(leaves.every((l) => l.endsWith('(root cause)')));
    });

    it('reads the SRE-book layout: Action Item | Type | Owner | Bug with DONE/TODO', () => {
      const model = parsePostmortem(readFixture('2026-09-22-shakespeare-search-outage.md'));
      assert.equal(model.title?.hasPostmortemPrefix, false);
      const actions = model.actions!;
      assert.equal(actions.layout, 'sre');
      assert.equal(actions.items.length, 8);
      assert.deepEqual(
        actions.items.map((i) => i.done),
        [true, false, false, false, true, false, false, true],
      );
      assert.equal(actions.items[1].owner, 'martym');
      assert.equal(actions.items[1].ticket, 'Bug 5554823 TODO');
      assert.equal(model.timeline!.entries[0].cells.time?.text, '2026-09-22 14:51');
      // The preamble's "- Date:" list is its metadata.
      assert.equal(model.metadata.find((e) => e.key === 'date')?.value, '2026-09-22');
      assert.equal(model.metadata.find((e) => e.key === 'severity')?.value, 'SEV3');
    });

    it('reads blank metadata values as empty, with a range where the value goes', () => {
      const text = readFixture('2026-11-03-payment-webhook-backlog.md');
      const model = parsePostmortem(text);
      const author = model.metadata.find((e) => e.key === 'author')!;
      assert.equal(author.value, '');
      assert.equal(author.valueRange.start.character, author.valueRange.end.character);
      assert.equal(model.actions!.items[0].owner, '');
    });
  });

  describe('front matter', () => {
    it('reads metadata from YAML front matter and keeps line numbers right', () => {
      const model = parsePostmortem(
        joinLines(
          '---',
          'type: postmortem',
          'date: 2026-05-01',
          'severity: SEV1',
          'incident_commander: Ana',
          '---',
          '# Checkout outage',
          '',
          '## Timeline',
          '| Time | Event |',
          '|---|---|',
          '| 10:00 | x |',
        ),
      );
      assert.deepEqual(model.frontMatter?.lines, { start: 0, end: 6 });
      assert.equal(model.frontMatter?.data?.type, 'postmortem');
      const byKey = Object.fromEntries(model.metadata.map((e) => [e.key ?? e.label, e.value]));
      assert.equal(byKey.date, '2026-05-01');
      assert.equal(byKey.severity, 'SEV1');
      assert.equal(byKey.incidentCommander, 'Ana');
      assert.equal(model.metadata.find((e) => e.key === 'severity')?.line, 3);
      assert.equal(model.title?.range.start.line, 6);
      assert.equal(model.timeline?.entries[0].line, 11);
    });

    it('reports broken YAML with its line instead of throwing', () => {
      const model = parsePostmortem(joinLines('---', 'type: postmortem', 'severity: [SEV1', 'owner: x', '---', '# Post-Mortem: X'));
      assert.ok(model.frontMatter?.error);
      assert.equal(model.frontMatter?.data, undefined);
      assert.ok(model.frontMatter!.error!.range.start.line >= 1 && model.frontMatter!.error!.range.start.line <= 4);
      assert.equal(model.title?.text, 'X');
    });

    it('ignores a --- line that is never closed', () => {
      const model = parsePostmortem(joinLines('---', '# Post-Mortem: X'));
      assert.equal(model.frontMatter, undefined);
    });
  });

  describe('tables that are not tidy', () => {
    const doc = (...rows: string[]): string =>
      joinLines('# Post-Mortem: T', '', '## Action Items', '| Action | Type | Priority | Owner | Due | Status |', '|---|---|---|---|---|---|', ...rows);

    it('keeps missing cells missing', () => {
      const item = parsePostmortem(doc('| Fix it | Prevent |')).actions!.items[0];
      assert.equal(item.action, 'Fix it');
      assert.equal(item.owner, '');
      assert.equal(item.cells.owner, undefined);
    });

    it('keeps extra pipes as extra cells without shifting the known ones', () => {
      const item = parsePostmortem(doc('| Fix it | Prevent | P1 | Ana | 2026-01-01 | Open | extra | more |')).actions!.items[0];
      assert.equal(item.owner, 'Ana');
      assert.equal(item.row.cells.length, 8);
    });

    it('keeps escaped pipes inside a cell', () => {
      const item = parsePostmortem(doc('| Use `a \\| b` in the query | Prevent | P1 | Ana |')).actions!.items[0];
      assert.equal(item.action, 'Use a | b in the query');
      assert.equal(item.type, 'Prevent');
    });

    it('reads rows without leading or trailing pipes', () => {
      const item = parsePostmortem(doc('Fix it | Detect | P2 | Ana')).actions!.items[0];
      assert.deepEqual([item.action, item.type, item.priority, item.owner], ['Fix it', 'Detect', 'P2', 'Ana']);
    });

    it('reads CRLF line endings and no trailing newline', () => {
      const text = doc('| Fix it | Prevent | P1 | Ana | 2026-01-01 | Done |').replace(/\n/g, '\r\n');
      const model = parsePostmortem(text);
      assert.equal(model.eol, '\r\n');
      const item = model.actions!.items[0];
      assert.equal(item.done, true);
      assert.equal(item.row.line, 5);
      assert.equal(item.row.range.end.character, '| Fix it | Prevent | P1 | Ana | 2026-01-01 | Done |'.length);
    });

    it('reads done from the Status, a strike-through or a [x]', () => {
      const items = parsePostmortem(
        doc(
          '| A | Prevent | P1 | Ana | | Done 2026-12-01 |',
          '| ~~B~~ | Prevent | P1 | Ana | | |',
          '| [x] C | Prevent | P1 | Ana | | |',
          '| D | Prevent | P1 | Ana | | Doing |',
          '| E | Prevent | P1 | Ana | | **Closed** |',
        ),
      ).actions!.items;
      assert.deepEqual(
        items.map((i) => [i.action, i.done, i.doneDate]),
        [
          ['A', true, '2026-12-01'],
          ['B', true, undefined],
          ['C', true, undefined],
          ['D', false, undefined],
          ['E', true, undefined],
        ],
      );
    });

    it('gives an empty cell an empty range where a person would type', () => {
      const row = parseTableRow('| a |  | c |', 7);
      assert.deepEqual(
        row.cells.map((c) => [c.text, c.range.start.character, c.range.end.character]),
        [
          ['a', 2, 3],
          ['', 6, 6],
          ['c', 9, 10],
        ],
      );
      assert.equal(row.cells[1].range.start.line, 7);
    });

    it('splits cells at unescaped pipes, with or without a leading and a trailing pipe', () => {
      const texts = (line: string): string[] => parseTableRow(line, 0).cells.map((c) => c.text);
      assert.deepEqual(texts('| a | b |'), ['a', 'b']);
      assert.deepEqual(texts('a | b'), ['a', 'b']);
      assert.deepEqual(texts('  | a | b |\t '), ['a', 'b'], 'spaces and a tab after the last pipe');
      assert.deepEqual(texts('| a | b |\u00a0'), ['a', 'b'], 'a no-break space after the last pipe is blank too');
      assert.deepEqual(texts('| a | b | c'), ['a', 'b', 'c'], 'text after the last pipe is a cell');
      assert.deepEqual(texts('| a \\| b | c |'), ['a | b', 'c'], 'an escaped pipe stays in its cell');
      assert.deepEqual(texts('| a \\\\| b |'), ['a \\\\', 'b'], 'a backslash escapes the backslash, not the pipe');
      assert.deepEqual(texts('| `x` |  |'), ['`x`', '']);
      assert.deepEqual(texts('no pipes'), ['no pipes']);
      assert.deepEqual(texts(''), ['']);
    });

    it('counts the cells it would split, without splitting (cellCount)', () => {
      // Against a split written out here, the way GFM reads a row: leading blanks and pipe, unescaped pipes, blank tail.
      const reference = (line: string): number => {
        let rest = line.replace(/^[ \t]*\|?/, '');
        const cells: string[] = [];
        let cell = '';
        for (let i = 0; i < rest.length; i++) {
          if (rest[i] === '\\') {
            cell += rest.slice(i, i + 2);
            i++;
          } else if (rest[i] === '|') {
            cells.push(cell);
            cell = '';
          } else cell += rest[i];
        }
        rest = cell;
        return cells.length === 0 || rest.trim() !== '' ? cells.length + 1 : cells.length;
      };
      const chars = fc.constantFrom('|', '|', '\\', ' ', '\t', '\u00a0', 'a', '-', ':');
      fc.assert(
        fc.property(fc.array(chars, { maxLength: 16 }), (parts) => {
          const line = parts.join('');
          assert.equal(cellCount(line), reference(line), JSON.stringify(line));
          assert.equal(parseTableRow(line, 0).cells.length, reference(line), JSON.stringify(line));
        }),
        { numRuns: 3000 },
      );
    });

    it("reads a row's values from its line as it reads them from its cells (the fast reader's way)", () => {
      const piece = fc.constantFrom(
        '|',
        '|',
        '\\|',
        '\\',
        ' ',
        '\t',
        '\u00a0',
        'a',
        '**P0**',
        '~~x~~',
        '`y`',
        '[x] ',
        'Done 2026-01-02',
        'DONE',
        'TODO',
        'In progress',
        'n/a',
        '',
      );
      const header = fc.constantFrom(
        '| Action | Type | Priority | Owner | Due | Status | Ticket |',
        '| Action Item | Type | Owner | Bug |',
        'Owner | Action | Due',
        '| Status | Action |',
      );
      fc.assert(
        fc.property(header, fc.array(fc.array(piece, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), (head, rows) => {
          const lines = [head, '|---|', ...rows.map((r) => r.join(''))];
          const table = parseTable(lines, { start: 0, end: lines.length });
          const kept = readActionTable(table, true);
          const lean = readActionTable(table, false);
          const fields = (items: typeof kept.items) =>
            items.map((i) => ({ ...i, row: i.row.line, cells: Object.fromEntries(Object.entries(i.cells).map(([k, c]) => [k, [c?.text, c?.range]])) }));
          assert.deepEqual(fields(lean.items), fields(kept.items), JSON.stringify(lines));
          assert.deepEqual(
            lean.items.map((i) => i.actionRange),
            kept.items.map((i) => i.actionRange),
          );
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('sections', () => {
    it('reads a first heading that starts "Post-Mortem:" as the title, whatever section its words name', () => {
      for (const title of ['Post-Mortem: Timeline', 'POSTMORTEM - Action Items', 'Post mortem: Impact']) {
        const model = parsePostmortem(joinLines(`## ${title}`, '### Impact', 'Users saw errors.'));
        assert.equal(model.title?.hasPostmortemPrefix, true, title);
        assert.deepEqual(
          model.sections.map((s) => [s.title, s.kind]),
          [['Impact', 'impact']],
          title,
        );
      }
      // Without the prefix a first heading that names a section is one.
      assert.deepEqual(
        parsePostmortem(joinLines('## Timeline', '### Impact', 'x')).sections.map((s) => s.kind),
        ['timeline', 'impact'],
      );
    });

    it('matches synonyms and any case, and marks empty sections', () => {
      const model = parsePostmortem(
        joinLines('# Post-Mortem: X', '## ROOT CAUSE', '', '<!-- todo -->', '## action item', '- a', '## Appendix', 'text', '## Odds and ends', 'text'),
      );
      assert.deepEqual(
        model.sections.map((s) => [s.kind, s.isEmpty]),
        [
          ['rootCause', true],
          ['actionItems', false],
          ['supporting', false],
          [undefined, false],
        ],
      );
    });

    it('does not take headings inside code blocks or quotes as sections', () => {
      const model = parsePostmortem(joinLines('# Post-Mortem: X', '```', '## Timeline', '```', '> ## Impact', '## Impact', 'ok'));
      assert.deepEqual(
        model.sections.map((s) => s.heading.start.line),
        [5],
      );
    });

    it('reads a nested list in Root Cause Analysis as the tree when there is no 5 Whys heading', () => {
      const model = parsePostmortem(joinLines('# Post-Mortem: X', '## Root Cause Analysis', 'Text.', '', '* A', '    * B', '        * C', '* D'));
      const roots = model.whys!.roots;
      assert.equal(model.whys!.heading, undefined);
      assert.deepEqual(
        roots.map((r) => [r.text, r.marker, r.children.map((c) => c.text)]),
        [
          ['A', '*', ['B']],
          ['D', '*', []],
        ],
      );
      assert.equal(roots[0].children[0].children[0].text, 'C');
      assert.deepEqual(roots[0].lines, { start: 4, end: 7 });
    });
  });
});
