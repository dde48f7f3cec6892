import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectDocument, parseActionModel, parsePostmortem, surelyNotPostmortem } from '../../src/core';
import { isListLine, isRunLine, scan } from '../../src/core/actionModel';
import { isRunThenBlank } from '../../src/core/text';
import { joinLines, mutatedDocuments, seedDocuments } from './util';

const FRAGMENTS = [
  '|',
  '\\|',
  '---',
  '===',
  '\n',
  '\r\n',
  '- ',
  '  - ',
  '# ',
  '## ',
  '## Action Items\n',
  '```',
  '~~~',
  '    ```',
  '<div>',
  '> ',
  '1. ',
  '1)',
  '123456789. ',
  '1234567890) ',
  '-\t',
  '+ ',
  '* ',
  '- - -',
  '--- \t',
  '=\t',
  '\t',
  '| a | b |\n|---|---|\n',
  ' #',
  '## x ##',
  '#\n',
  'TODO — ',
  'Action item – ',
  ':',
  '\u00a0',
  '\u00a0**Impact**: x\n',
];

function expected(text: string): unknown {
  const { lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems } = parsePostmortem(text);
  return { lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems };
}

describe("parseActionModel (the index's fast read)", () => {
  it("tells list markers and setext underlines by character as markdown-it's patterns do", () => {
    const chars = fc.array(fc.constantFrom('-', '=', '*', '+', '1', '0', '9', '.', ')', ' ', '\t', 'a', '\u00a0', '\u3000', '\v'), {
      minLength: 1,
      maxLength: 14,
    });
    // Numbered markers around markdown-it's nine digits, too: "123456789." is one, "1234567890." is not.
    const numbered = fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('.', ')', ':'), fc.constantFrom('', ' ', '\t', 'a'))
      .map(([n, mark, after]) => ['1'.repeat(n), mark, after]);
    const line = fc.tuple(fc.nat(3), fc.oneof(chars, numbered));
    fc.assert(
      fc.property(line, ([spaces, chars]) => {
        const text = ' '.repeat(spaces) + chars.join('');
        const first = spaces;
        const c = text.charCodeAt(first);
        if (c === 32 || c === 9) return; // the scan asks only from a line's first non-blank character
        assert.equal(isListLine(text, first, c), /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(text), JSON.stringify(text));
        if (c === 45 || c === 61) {
          assert.equal(isRunLine(text, first, c), /^ {0,3}(=+|-+)[ \t]*$/.test(text), JSON.stringify(text));
          // The quick look's test (surelyNotPostmortem): any blank after the run.
          assert.equal(isRunThenBlank(text, first, text.length, c, true), /^ {0,3}(?:=+|-+)\s*$/.test(text), JSON.stringify(text));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the fixture workspace exactly as parsePostmortem does', () => {
    for (const text of seedDocuments()) assert.deepEqual(parseActionModel(text), expected(text));
  });

  it('agrees with parsePostmortem on 3,000 small edits of the documents it reads itself', () => {
    // Most mutated documents leave the fast read for the full reader: these keep to the ones it reads.
    const seeds = seedDocuments().filter((text) => scan(text) !== undefined);
    assert.ok(seeds.length >= 2, `only ${seeds.length} seed documents take the fast read`);
    const edited = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.constantFrom(...FRAGMENTS)), { minLength: 1, maxLength: 4 }))
      .map(([seed, edits]) =>
        edits.reduce((text, [at, length, insert]) => {
          const start = at % (text.length + 1);
          return text.slice(0, start) + insert + text.slice(start + (length % 3 === 0 ? length : 0));
        }, seed),
      );
    let read = 0;
    fc.assert(
      fc.property(edited, (text) => {
        if (scan(text) !== undefined) read++;
        assert.deepEqual(parseActionModel(text), expected(text));
      }),
      { numRuns: 3000 },
    );
    assert.ok(read > 1000, `the fast read took only ${read} of the 3,000 documents`);
  });

  it('agrees with parsePostmortem on 5,000 mutated post-mortems', () => {
    const doc = mutatedDocuments(fc.constantFrom(...FRAGMENTS), 10);
    fc.assert(
      fc.property(doc, (text) => {
        assert.deepEqual(parseActionModel(text), expected(text));
      }),
      { numRuns: 5000 },
    );
  });
});

/** The reader takes `text` for a post-mortem, and the quick look does not turn it away. */
function assertSeen(text: string): void {
  assert.ok(detectDocument(parsePostmortem(text), undefined), `the reader takes ${JSON.stringify(text)} for a post-mortem`);
  assert.equal(surelyNotPostmortem(text, undefined), false, JSON.stringify(text));
}

describe('surelyNotPostmortem (the quick look before any reading)', () => {
  it('never turns away a document the reader takes for a post-mortem or a template, on 5,000 mutated documents', () => {
    // Headings and labels the quick look must see through: setext underlines, CRLF, bold labels, blanks before them.
    const headings = [
      '-->',
      '<!-- x -->',
      ' ##',
      '## Detection ##\n',
      'Resolution #\n',
      'Timeline\n---\n',
      'Impact\r\n===\r\n',
      '**Root Cause**\n',
      '__Impact__: x\n',
      '   ## Timeline\n',
      '\t# Impact\n',
      '\u00a0# Impact\n',
      '\r',
      // A title that says "Post-Mortem: …": setext, of any level, in the front matter.
      'Postmortem: outage\n===\n',
      '\u00a0Post-mortem – outage\n---\n',
      '## Post mortem: outage\n',
      '\u00a0**Impact**: x\n',
      '\u3000__Root cause__\n',
      'title: "Post-Mortem: outage"\n',
      "title = '''Postmortem: outage'''\n",
    ];
    const doc = mutatedDocuments(fc.constantFrom(...FRAGMENTS, ...headings), 10);
    let taken = 0;
    fc.assert(
      fc.property(doc, (text) => {
        if (!detectDocument(parsePostmortem(text), undefined)) return;
        taken++;
        assert.equal(surelyNotPostmortem(text, undefined), false);
      }),
      { numRuns: 5000 },
    );
    assert.ok(taken > 2500, `only ${taken} of the documents were post-mortems`);
  });

  it('sees headings with closing hashes, and leaves documents with HTML comments to the reader', () => {
    const closed = joinLines('# Retrospective: indexing stall', '', '## Detection ##', 'Paged at 09:10.', '', '## Resolution ##', 'Rolled back.', '');
    assertSeen(closed);
    const commented = joinLines(
      '# Export overlap retrospective',
      '',
      '<!-- draft',
      '-->Impact',
      '===',
      'Rows doubled.',
      '',
      'Resolution',
      '---',
      'Deduplicated.',
      '',
    );
    assertSeen(commented);
  });

  it('sees a title that says "Post-Mortem: …" wherever the reader finds it', () => {
    for (const text of [
      joinLines('Postmortem: cache stall', '===', '', 'Some text.', ''),
      joinLines('\u00a0Post-mortem – cache stall', 'on the edge nodes', '---', '', 'Some text.', ''),
      // The prefix's blanks may be a line break: "Postmortem" over ": cache stall".
      'Postmortem\r\n: cache stall\n===\n\nSome text.\n',
      joinLines('Post', 'mortem: cache stall', '===', '', 'Some text.', ''),
      joinLines('## Post mortem: cache stall', '', 'Some text.', ''),
      joinLines('---', 'title: "Postmortem: cache stall"', '---', '', 'Some text.', ''),
      joinLines('---', 'title: >-', '  Postmortem: cache stall', '---', '', 'Some text.', ''),
      joinLines('+++', "title = '''Post-Mortem: cache stall'''", '+++', '', 'Some text.', ''),
    ]) {
      assertSeen(text);
    }
    // Ordinary pages still are not read: a setext heading, and front matter, without that title.
    assert.equal(surelyNotPostmortem(joinLines('---', 'title: Install guide', '---', '', 'Install', '===', '', 'Run it.', ''), undefined), true);
  });

  it('sees bold labels after a no-break space, as the reader does', () => {
    const text = joinLines('# Retrospective: cache stall', '', '\u00a0**Impact**: users saw errors', '', '\u00a0**Root cause**: a bad key', '');
    assertSeen(text);
  });

  it('sees a setext heading of several lines, from wherever its paragraph starts', () => {
    // The heading over `===` is "Action items for\nthe platform team" (a section): its paragraph starts
    // under the title's line, and its last line alone names none.
    const text = joinLines(
      '# Retrospective: storage stall',
      'Action items for',
      'the platform team',
      '===',
      'Add a canary.',
      '',
      '## Timeline',
      '- 09:10 paged',
      '',
    );
    assertSeen(text);
  });

  it('sees headings after a lone CR, a line break to markdown-it too', () => {
    const text = '# Retrospective: indexing stall\r\r## Timeline\r- 09:10 paged\r\r## Action Items\r- [ ] Alert on lag\r';
    assertSeen(text);
  });
});

describe('parseActionModel reads no-break spaces as markdown-it does', () => {
  it('a bold label after one, and a delimiter row with one (no table)', () => {
    const doc = (lead: string, delimiter: string): string =>
      joinLines(lead, '# Post-Mortem: X', '', '## Metadata', '- Date: 2026-10-14', '', '## Action Items', '| Action | Owner |', delimiter, '| A | Ana |', '');
    for (const text of [doc('\u00a0**Impact**: x', '|---|---|'), doc('', '|---\u00a0|---|')]) {
      assert.deepEqual(parseActionModel(text), expected(text));
    }
  });
});

describe('parseActionModel falls back wherever the full reader finds items outside a table', () => {
  const base = (extra: string): string =>
    joinLines(
      '# Post-Mortem: X',
      '',
      '## Metadata',
      '- Date: 2026-10-14',
      '',
      '## Lessons Learned',
      extra,
      '',
      '## Action Items',
      '| Action | Owner |',
      '|---|---|',
      '| A | Ana |',
      '',
    );

  it('a labelled task item, and a lead-in sentence over two lines', () => {
    for (const text of [
      base('- [ ] TODO: rotate the keys'),
      base(joinLines('To prevent this from', 'happening again we will:', '- add a canary')),
      base('1. [x] Action item: page on lag'),
      // A dash ends a label as a colon does: the fast read once left these out of the index.
      base('TODO — add an alert on lag'),
      base('- Action item – page on lag'),
    ]) {
      assert.deepEqual(parseActionModel(text), expected(text));
    }
  });

  it('a labelled line after any list marker and one to four blanks of any kind, and not after five', () => {
    // The fast read runs the label pattern only where a marker's blanks may lead to a label: every form of it.
    const labels = ['TODO: rotate the keys', '**Action item**: page on lag', '__Next step__ — canary', '[ ] follow-up: alert', 'todo:x'];
    for (const marker of ['-', '+', '*', '1.', '12)', '123456789.', '1234567890.', '1']) {
      for (const blanks of [' ', '    ', '     ', '\t', '\u00a0', ' \u2003 ', '']) {
        for (const label of labels) {
          const text = base(`${marker}${blanks}${label}`);
          assert.deepEqual(parseActionModel(text), expected(text), JSON.stringify(`${marker}${blanks}${label}`));
        }
      }
    }
    // The items the full reader finds, the fast read leaves to it: it never reads them as no item.
    assert.equal(parseActionModel(base('- TODO: rotate the keys')).actionItems.length, 2);
  });

  it('a setext underline or a rule ends with its own character, a list item does not', () => {
    for (const line of ['---', '- - -', '===', '--- ', '-- x', '- x', '= x', '==\t', '-']) {
      const text = joinLines(
        '# Post-Mortem: X',
        '',
        '## Metadata',
        '- Date: 2026-10-14',
        'Some words',
        line,
        '',
        '## Action Items',
        '| Action |',
        '|---|',
        '| A |',
        '',
      );
      assert.deepEqual(parseActionModel(text), expected(text), JSON.stringify(line));
    }
  });
});
