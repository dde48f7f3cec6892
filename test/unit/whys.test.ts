import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DocumentValue, applyEdits, parsePostmortem, serializeWhys, splitLines, whyEdits, whysView, type WhyIntent, type WhyViewNode } from '../../src/core';
import { readFromWebview } from '../../src/shared/whysProtocol';
import { joinLines } from './util';

const BEFORE = ['# Post-Mortem: T', '', '## Root Cause Analysis', 'Intro text stays.', '', '### 5 Whys'];
const AFTER = [
  '',
  'Closing text stays.',
  '',
  '## Action Items',
  '| Action | Type | Priority | Owner | Due | Status |',
  '|---|---|---|---|---|---|',
  '| Existing | Detect | P2 | Ana | 2026-12-01 | Open |',
  '',
];

function doc(list: string[], eol = '\n'): string {
  return [...BEFORE, ...list, ...AFTER].join(eol);
}

function tree(text: string): WhyViewNode[] {
  return [...whysView(parsePostmortem(text)).roots];
}

function run(text: string, intent: WhyIntent): string {
  const result = whyEdits(DocumentValue.read(text), intent);
  if ('error' in result) throw new Error(result.error);
  return applyEdits(text, result.edits);
}

const n = (text: string, ...children: WhyViewNode[]): WhyViewNode => ({ text, children });

describe('5 Whys list and tree', () => {
  for (const [name, list] of [
    ['- and 2 spaces', ['- A', '  - B', '    - C', '  - D', '- E']],
    ['* and 4 spaces', ['* A', '    * B', '        * C', '    * D', '* E']],
    ['+ and 2 spaces', ['+ A', '  + B', '    + C', '  + D', '+ E']],
  ] as const) {
    it(`round-trips a list written with ${name}`, () => {
      for (const eol of ['\n', '\r\n']) {
        const text = doc([...list], eol);
        const model = parsePostmortem(text);
        assert.equal(serializeWhys(model.whys!, splitLines(text), eol), list.join(eol));
        assert.deepEqual(tree(text), [n('A', n('B', n('C')), n('D')), n('E')]);
      }
    });
  }

  it('reads markup in a why as its text, children included', () => {
    assert.deepEqual(tree(doc(['- <img src=x onerror=alert(1)>', '  - <b>B</b>'])), [n('<img src=x onerror=alert(1)>', n('<b>B</b>'))]);
  });

  describe('intents make minimal edits', () => {
    const text = doc(['- A', '  - B', '    - C', '  - D', '- E']);
    const result = (intent: WhyIntent) => whyEdits(DocumentValue.read(text), intent) as { edits: { range: { start: { line: number } }; newText: string }[] };

    it('editText replaces only the text', () => {
      const { edits } = result({ type: 'editText', path: [0, 1], text: 'D2' });
      assert.equal(edits.length, 1);
      assert.equal(edits[0].newText, 'D2');
      assert.deepEqual(tree(run(text, { type: 'editText', path: [0, 1], text: 'D2' })), [n('A', n('B', n('C')), n('D2')), n('E')]);
    });

    it('addChild adds one line under the subtree, addSibling after it, addRoot at the end', () => {
      assert.deepEqual(tree(run(text, { type: 'addChild', path: [0], text: 'X' })), [n('A', n('B', n('C')), n('D'), n('X')), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'addSibling', path: [0, 0], text: 'X' })), [n('A', n('B', n('C')), n('X'), n('D')), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'addRoot', text: 'X' })), [n('A', n('B', n('C')), n('D')), n('E'), n('X')]);
      assert.equal(result({ type: 'addChild', path: [0] }).edits.length, 1);
    });

    it("delete removes the subtree's lines", () => {
      assert.deepEqual(tree(run(text, { type: 'delete', path: [0, 0] })), [n('A', n('D')), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'delete', path: [1] })), [n('A', n('B', n('C')), n('D'))]);
    });

    it('move swaps with the sibling, subtrees included', () => {
      assert.deepEqual(tree(run(text, { type: 'move', path: [0, 1], direction: 'up' })), [n('A', n('D'), n('B', n('C'))), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'move', path: [0], direction: 'down' })), [n('E'), n('A', n('B', n('C')), n('D'))]);
      assert.ok('error' in whyEdits(DocumentValue.read(text), { type: 'move', path: [0], direction: 'up' }));
    });

    it('indent and outdent', () => {
      assert.deepEqual(tree(run(text, { type: 'indent', path: [0, 1] })), [n('A', n('B', n('C'), n('D'))), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'outdent', path: [0, 0, 0] })), [n('A', n('B'), n('C'), n('D')), n('E')]);
      assert.deepEqual(tree(run(text, { type: 'outdent', path: [0, 0] })), [n('A', n('D')), n('B', n('C')), n('E')], 'later siblings stay under the parent');
      assert.ok('error' in whyEdits(DocumentValue.read(text), { type: 'indent', path: [0, 0] }));
      assert.ok('error' in whyEdits(DocumentValue.read(text), { type: 'outdent', path: [1] }));
    });

    it('creates an action item for a root cause: Type Prevent, no owner', () => {
      const out = run(text, { type: 'createActionItem', path: [0, 0, 0] });
      assert.match(out, /\| Existing \| Detect \| P2 \| Ana \| 2026-12-01 \| Open \|\n\| C \| Prevent \| {2}\| {2}\| {2}\| Open \|/);
      const item = parsePostmortem(out).actions!.items[1];
      assert.deepEqual([item.action, item.type, item.owner], ['C', 'Prevent', '']);
    });

    it('creates the 5 Whys heading (and Root Cause Analysis) when missing', () => {
      const none = joinLines('# Post-Mortem: T', '', '## Root Cause Analysis', 'Why it broke.', '', '## Action Items', 'x');
      const out = run(none, { type: 'addRoot', text: 'First why' });
      assert.match(out, /Why it broke\.\n\n### 5 Whys\n- First why\n\n## Action Items/);
      const noRca = joinLines('# Post-Mortem: T', '', '## Contributing Factors', 'x');
      assert.deepEqual(tree(run(noRca, { type: 'addRoot', text: 'W' })), [n('W')]);
    });
  });

  it('random trees and intent sequences never change text outside the list, and the list parses to the expected tree (property)', () => {
    const nodeArb: fc.Memo<WhyViewNode> = fc.memo((d) =>
      fc.record({
        text: fc.constantFrom('A', 'B b', 'Why? (root cause)', 'x <img src=x onerror=alert(1)>', '漢字'),
        children: d > 1 ? fc.array(nodeArb(d - 1), { maxLength: 3 }) : fc.constant([]),
      }),
    );
    const pathArb = fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 4 });
    const intentArb: fc.Arbitrary<WhyIntent> = fc.oneof(
      fc.record({ type: fc.constant('editText' as const), path: pathArb, text: fc.constantFrom('New text', 'Y') }),
      fc.record({ type: fc.constant('addChild' as const), path: pathArb }),
      fc.record({ type: fc.constant('addSibling' as const), path: pathArb }),
      fc.record({ type: fc.constant('delete' as const), path: pathArb }),
      fc.record({ type: fc.constant('move' as const), path: pathArb, direction: fc.constantFrom('up' as const, 'down' as const) }),
      fc.record({ type: fc.constant('indent' as const), path: pathArb }),
      fc.record({ type: fc.constant('outdent' as const), path: pathArb }),
    );
    const render = (nodes: WhyViewNode[], marker: string, unit: string, depth = 0): string[] =>
      nodes.flatMap((node) => [`${unit.repeat(depth)}${marker} ${node.text}`, ...render([...node.children], marker, unit, depth + 1)]);
    /** The same intent on the in-memory tree: what the list must parse back to. */
    const expect = (roots: WhyViewNode[], intent: WhyIntent): WhyViewNode[] | undefined => {
      const clone = (ns: readonly WhyViewNode[]): WhyViewNode[] => ns.map((x) => ({ text: x.text, children: clone(x.children) }));
      const copy = clone(roots);
      if (intent.type === 'addRoot' || intent.type === 'createActionItem') return undefined;
      const path = intent.path;
      let siblings = copy as WhyViewNode[];
      let parentSiblings: WhyViewNode[] | undefined;
      let parentIndex = -1;
      for (let i = 0; i < path.length - 1; i++) {
        const next = siblings[path[i]];
        if (!next) return undefined;
        parentSiblings = siblings;
        parentIndex = path[i];
        siblings = next.children as WhyViewNode[];
      }
      const i = path[path.length - 1];
      const node = siblings[i];
      if (!node) return undefined;
      switch (intent.type) {
        case 'editText':
          siblings[i] = { text: intent.text, children: node.children };
          break;
        case 'addChild':
          siblings[i] = { text: node.text, children: [...node.children, { text: 'Why?', children: [] }] };
          break;
        case 'addSibling':
          siblings.splice(i + 1, 0, { text: 'Why?', children: [] });
          break;
        case 'delete':
          siblings.splice(i, 1);
          break;
        case 'move': {
          const j = intent.direction === 'up' ? i - 1 : i + 1;
          if (!siblings[j]) return undefined;
          [siblings[i], siblings[j]] = [siblings[j], siblings[i]];
          break;
        }
        case 'indent':
          if (i === 0) return undefined;
          siblings.splice(i, 1);
          siblings[i - 1] = { text: siblings[i - 1].text, children: [...siblings[i - 1].children, node] };
          break;
        case 'outdent':
          if (!parentSiblings) return undefined;
          siblings.splice(i, 1);
          parentSiblings.splice(parentIndex + 1, 0, node);
          break;
      }
      return copy;
    };
    fc.assert(
      fc.property(
        fc.array(nodeArb(3), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('-', '*', '+'),
        fc.constantFrom('  ', '    '),
        fc.constantFrom('\n', '\r\n'),
        fc.array(intentArb, { maxLength: 6 }),
        (roots, marker, unit, eol, intents) => {
          let text = doc(render(roots, marker, unit), eol);
          let expected: WhyViewNode[] = roots;
          for (const intent of intents) {
            const next = expect(expected, intent);
            const result = whyEdits(DocumentValue.read(text), intent);
            if (next === undefined) {
              assert.ok('error' in result, `${JSON.stringify(intent)} is refused`);
              continue;
            }
            if ('error' in result) {
              assert.ok(intent.type === 'editText' || expected.length === 0, result.error);
              continue;
            }
            text = applyEdits(text, result.edits);
            expected = next;
            const lines = text.split(eol);
            assert.deepEqual(lines.slice(0, BEFORE.length), BEFORE, 'text before the list is untouched');
            assert.deepEqual(lines.slice(lines.length - AFTER.length), AFTER, 'text after the list is untouched');
            assert.deepEqual(tree(text), expected);
            if (expected.length === 0) return;
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('5 Whys in the Markdown preview', () => {
  const render = async (text: string): Promise<string> => {
    const MarkdownIt = (await import('markdown-it')).default;
    const { postmortemPreviewPlugin } = await import('../../src/core/preview');
    return new MarkdownIt().use(postmortemPreviewPlugin({ today: () => '2026-11-28', gapMinutes: () => 10 })).render(text);
  };

  it('marks the list under ### 5 Whys (and only it) for the tree style', async () => {
    const html = await render(
      joinLines('## Root Cause Analysis', '- not this list', '', '### 5 Whys', '- A <b>x</b>', '  - B', '- C', '', '## Other', '- nor this'),
    );
    assert.equal(html.match(/class="postmortem-whys"/g)?.length, 1);
    assert.equal(html.match(/class="postmortem-whys-branch"/g)?.length, 1);
    assert.match(html, /<ul class="postmortem-whys">\n<li>A &lt;b&gt;x&lt;\/b&gt;/, 'text stays escaped');
    assert.match(html, /<ul>\n<li>not this list/);
  });

  it('marks exactly the list the parser reads: a nested list in Root Cause without a heading, a numbered chain', async () => {
    const tree = await render(
      joinLines('# Outage postmortem', '## Root cause', '- a flat list first', '', 'Text.', '', '* A', '  * B', '', '## Timeline', '- 10:00 x'),
    );
    assert.match(tree, /<ul class="postmortem-whys">\n<li>A/);
    assert.match(tree, /<ul>\n<li>a flat list first/);
    const chain = await render(
      joinLines('# Outage postmortem', '## How did this happen?', '1. **Why did lookups fail?** Wrong address.', '2. **Why was it wrong?** Typed by hand.'),
    );
    assert.match(chain, /<ol class="postmortem-whys postmortem-whys-chain">/);
    const none = await render(joinLines('# Notes', '- a', '  - b'));
    assert.doesNotMatch(none, /postmortem-whys/);
  });
});

describe('5 Whys written as a numbered chain', () => {
  it('is read as a chain, and the editor refuses to restructure it', async () => {
    const { parsePostmortem: parse, whyEdits, DocumentValue: Value } = await import('../../src/core');
    const edits = (text: string, intent: WhyIntent) => whyEdits(Value.read(text), intent);
    const text = joinLines(
      '# Outage postmortem',
      '## Root cause',
      '1. **Why did lookups fail?** Wrong address.',
      '2. **Why was it wrong?** Typed by hand.',
      '3. **Why by hand?** No generator.',
    );
    const whys = parse(text).whys!;
    assert.equal(whys.shape, 'chain');
    assert.deepEqual([whys.roots.length, whys.roots[0].children.length, whys.roots[0].children[0].children[0].depth], [1, 1, 3]);
    assert.match((edits(text, { type: 'indent', path: [0, 0] }) as { error: string }).error, /numbered chain/);
  });
});

describe('5 Whys editor keeps the list whatever is typed', () => {
  const shape = (nodes: readonly WhyViewNode[]): unknown => nodes.map((node) => shape(node.children));
  const outside = (text: string): string => {
    const lines = text.split('\n');
    return [...lines.slice(0, BEFORE.length), ...lines.slice(lines.length - AFTER.length)].join('\n');
  };

  it('replaces a why written over two lines whole: no tail left behind', () => {
    const text = doc(['- Why did logins fail? The pool', '  was exhausted by a report.', '  - Why? No timeout.']);
    assert.deepEqual(tree(text), [n('Why did logins fail? The pool was exhausted by a report.', n('Why? No timeout.'))]);
    const edited = run(text, { type: 'editText', path: [0], text: 'The pool was exhausted.' });
    assert.equal(edited, doc(['- The pool was exhausted.', '  - Why? No timeout.']));
  });

  it('edits a why whose text starts on the line after its marker, keeping it a list item with its children', () => {
    const text = doc(['-', '  Old text', '  - Child']);
    assert.deepEqual(tree(text), [n('Old text', n('Child'))]);
    const edited = run(text, { type: 'editText', path: [0], text: 'New text' });
    assert.equal(edited, doc(['-', '  New text', '  - Child']));
    assert.deepEqual(tree(edited), [n('New text', n('Child'))]);
    // A marker with no text at all gets its space.
    assert.equal(run(doc(['-', '  - Child']), { type: 'editText', path: [0], text: 'Text' }), doc(['- Text', '  - Child']));
  });

  for (const typed of [
    '```',
    '~~~ js',
    '## Action Items',
    '# Title',
    '> quoted',
    '- nested?',
    '* star',
    '+ plus',
    '1. one',
    '2) two',
    '[ ] box',
    '[x] done',
    '---',
    '* * *',
    '___',
    '--',
    '- -',
    '**',
    '<div>',
    '<!-- note',
    'a <!-- b',
    '[ref]: https://x',
    '===',
    'line\nbreak',
    '  padded  ',
  ]) {
    it(`typing ${JSON.stringify(typed)} into a why changes only its text`, () => {
      const text = doc(['- A', '  - B', '    - C', '  - D', '- E']);
      const edited = run(text, { type: 'editText', path: [0], text: typed });
      assert.deepEqual(shape(tree(edited)), shape(tree(text)), 'the same tree');
      assert.equal(outside(edited), outside(text), 'the text around the list is untouched');
      assert.equal(parsePostmortem(edited).sections.length, parsePostmortem(text).sections.length, 'no section added or removed');
      const shown = tree(edited)[0].text;
      assert.equal(shown.replace(/\\(?=[#>*+\-`~[<=_!.)])/g, ''), typed.replace(/\s+/g, ' ').trim(), 'the text reads as typed, escapes aside');
      // Editing it again with what is shown changes nothing (escaping is stable).
      assert.deepEqual((whyEdits(DocumentValue.read(edited), { type: 'editText', path: [0], text: shown }) as { edits: unknown[] }).edits, []);
    });
  }

  it('any typed text, on any node, keeps the tree and the rest of the document (property)', () => {
    const fragments = fc.constantFrom(
      '#',
      '## ',
      '```',
      '~~~',
      '- ',
      '* ',
      '+ ',
      '1. ',
      '1) ',
      '> ',
      '<!--',
      '-->',
      '[ ] ',
      '[x] ',
      '---',
      '***',
      '<div>',
      '[a]: ',
      '|',
      '\\',
      '\n',
      '\r\n',
      ' ',
      'word',
      '**',
      '_',
      '`',
    );
    const typed = fc.array(fc.oneof(fragments, fc.string({ maxLength: 5 })), { maxLength: 8 }).map((parts) => parts.join(''));
    const text = doc(['- A', '  - B', '    - C', '  - D', '- E']);
    const paths = [[0], [0, 0], [0, 0, 0], [0, 1], [1]];
    fc.assert(
      fc.property(typed, fc.constantFrom(...paths), (value, path) => {
        const result = whyEdits(DocumentValue.read(text), { type: 'editText', path, text: value });
        if ('error' in result) return value.trim() === '';
        const edited = applyEdits(text, result.edits);
        assert.deepEqual(shape(tree(edited)), shape(tree(text)));
        assert.equal(outside(edited), outside(text));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the 5 Whys webview protocol (src/shared)', () => {
  it('takes ready and well-formed intents on a version, and nothing else', () => {
    assert.deepEqual(readFromWebview({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(readFromWebview({ type: 'intent', version: 3, intent: { type: 'editText', path: [0, 1], text: 'Why?' } }), {
      type: 'intent',
      version: 3,
      intent: { type: 'editText', path: [0, 1], text: 'Why?' },
    });
    for (const junk of [
      null,
      'ready',
      { type: 'intent', version: 1.5, intent: { type: 'addRoot' } },
      { type: 'intent', version: 1, intent: { type: 'delete', path: [] } },
      { type: 'intent', version: 1, intent: { type: 'editText', path: [0], text: 'x'.repeat(10_001) } },
      { type: 'intent', version: 1, intent: { type: 'move', path: [0], direction: 'left' } },
      { type: 'intent', version: 1, intent: { type: 'eval', path: [0] } },
    ]) {
      assert.equal(readFromWebview(junk), undefined, JSON.stringify(junk)?.slice(0, 80));
    }
  });
});
