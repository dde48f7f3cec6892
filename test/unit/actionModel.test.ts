import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseActionModel, parsePostmortem } from '../../src/core';
import { mutatedDocuments, seedDocuments } from './util';

const FRAGMENTS = ['|', '\\|', '---', '===', '\n', '\r\n', '- ', '  - ', '# ', '## ', '## Action Items\n', '```', '~~~', '    ```', '<div>', '> ', '1. ', '\t', '| a | b |\n|---|---|\n', ' #', '## x ##', '#\n'];

function expected(text: string): unknown {
  const { lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems } = parsePostmortem(text);
  return { lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems };
}

describe('parseActionModel (the index\'s fast read)', () => {
  it('reads the examples exactly as parsePostmortem does', () => {
    for (const text of seedDocuments()) assert.deepEqual(parseActionModel(text), expected(text));
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
