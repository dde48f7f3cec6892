import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TEMPLATE, parseActionModel, parsePostmortem } from '../../src/core';
import { practiceExample, readExample } from './util';

const SEEDS = [
  TEMPLATE,
  practiceExample(),
  readExample('2026-10-14-login-failures-after-reporting-deploy.md'),
  readExample('2026-11-03-payment-webhook-backlog.md'),
  readExample('2026-09-22-shakespeare-search-outage.md'),
  readExample('README.md'),
];
const FRAGMENTS = ['|', '\\|', '---', '===', '\n', '\r\n', '- ', '  - ', '# ', '## ', '## Action Items\n', '```', '~~~', '    ```', '<div>', '> ', '1. ', '\t', '| a | b |\n|---|---|\n', ' #', '## x ##', '#\n'];

function expected(text: string): unknown {
  const { lineCount, eol, title, frontMatter, metadata, sections, actions } = parsePostmortem(text);
  return { lineCount, eol, title, frontMatter, metadata, sections, actions };
}

describe('parseActionModel (the index\'s fast read)', () => {
  it('reads the examples exactly as parsePostmortem does', () => {
    for (const text of SEEDS) assert.deepEqual(parseActionModel(text), expected(text));
  });

  it('agrees with parsePostmortem on 5,000 mutated post-mortems', () => {
    const doc = fc
      .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 120 }), fc.constantFrom(...FRAGMENTS)), { maxLength: 10 }))
      .map(([seed, edits]) => {
        let text = seed;
        for (const [at, length, insert] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert + text.slice(start + (length % 2 === 0 ? length : 0));
        }
        return text;
      });
    fc.assert(
      fc.property(doc, (text) => {
        assert.deepEqual(parseActionModel(text), expected(text));
      }),
      { numRuns: 5000 },
    );
  });
});
