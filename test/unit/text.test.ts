import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EditError, applyEdits, lineRange, type TextEdit } from '../../src/core';
import { isBlankCode, isBlankText, splitLines, trimmed } from '../../src/core/text';

const at = (line: number, start: number, end = start): TextEdit['range'] => lineRange(line, start, end);

describe('applyEdits (what VS Code would do with a WorkspaceEdit)', () => {
  const text = 'one\r\ntwo\nthree';

  it('applies edits in any order, keeps CRLF and LF where they are, and inserts at one place in the order given', () => {
    const edits: TextEdit[] = [
      { range: at(2, 0, 5), newText: '3' },
      { range: at(0, 3), newText: '!' },
      { range: at(0, 3), newText: '?' },
      { range: { start: { line: 1, character: 1 }, end: { line: 2, character: 0 } }, newText: '-' },
    ];
    assert.equal(applyEdits(text, edits), 'one!?\r\nt-3');
    assert.equal(applyEdits(text, edits.slice(0, 3)), 'one!?\r\ntwo\n3');
  });

  it('refuses a position past the end of its line, a line past the end, or a range that ends before it starts', () => {
    assert.throws(() => applyEdits(text, [{ range: at(0, 4), newText: 'x' }]), EditError, 'inside the CRLF');
    assert.throws(() => applyEdits(text, [{ range: at(3, 0), newText: 'x' }]), EditError);
    assert.throws(() => applyEdits(text, [{ range: at(1, -1), newText: 'x' }]), EditError);
    assert.throws(() => applyEdits(text, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 1 } }, newText: 'x' }]), EditError);
    assert.equal(applyEdits(text, [{ range: at(2, 5), newText: '!' }]), 'one\r\ntwo\nthree!', 'the very end is inside');
  });

  it('refuses edits that overlap, and takes edits that only touch', () => {
    assert.throws(
      () =>
        applyEdits(text, [
          { range: at(1, 0, 2), newText: 'a' },
          { range: at(1, 1, 3), newText: 'b' },
        ]),
      /overlap/,
    );
    assert.throws(
      () =>
        applyEdits(text, [
          { range: at(1, 0, 3), newText: 'a' },
          { range: at(1, 1), newText: 'b' },
        ]),
      /overlap/,
    );
    assert.equal(
      applyEdits(text, [
        { range: at(1, 0, 1), newText: 'T' },
        { range: at(1, 1, 3), newText: 'WO' },
      ]),
      'one\r\nTWO\nthree',
    );
  });
});

describe('splitLines', () => {
  it('breaks lines at CRLF, CR and LF alike, a trailing break giving a last empty line (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b ', '\r', '\n', '\r\n', '\n\r', ''), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        assert.deepEqual(splitLines(t), t.split(/\r\n|\r|\n/));
      }),
      { numRuns: 2000 },
    );
    assert.deepEqual(splitLines('a\r\nb\rc\nd\n'), ['a', 'b', 'c', 'd', '']);
  });
});

describe('trimmed and isBlankText (trim without a copy)', () => {
  it('give what trim() gives, for every kind of blank at either end or alone', () => {
    // Every character trim() removes, some it keeps (zero-width space, U+180E), and ordinary ones.
    const chars = fc.constantFrom(...' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u180ea|é😀'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        assert.equal(trimmed(text), text.trim(), JSON.stringify(text));
        assert.equal(isBlankText(text), text.trim() === '', JSON.stringify(text));
        for (let from = 0; from <= text.length; from++) {
          assert.equal(isBlankText(text, from), text.slice(from).trim() === '', `${JSON.stringify(text)} from ${from}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('take as blank exactly the characters \\s matches, every one of the 65,536 code units', () => {
    for (let c = 0; c <= 0xffff; c++) assert.equal(isBlankCode(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  });
});
