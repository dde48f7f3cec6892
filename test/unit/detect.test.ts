import * as assert from 'node:assert/strict';
import { isPostmortem, parsePostmortem, postmortemReason } from '../../src/core';
import { joinLines, readExample } from './util';

describe('isPostmortem', () => {
  const reason = (text: string, pathMatches = false): string | undefined => postmortemReason(parsePostmortem(text), pathMatches);

  it('knows the title forms', () => {
    for (const title of ['# Post-Mortem: X', '# Postmortem: X', '# post mortem - X', '# POST-MORTEM: X']) {
      assert.equal(reason(title), 'title', title);
    }
    assert.equal(reason('# Postmortems we liked'), undefined);
    assert.equal(reason('Intro\n\n# Post-Mortem: X'), 'title', 'the first heading need not be on the first line');
    assert.equal(reason('# Notes\n\n# Post-Mortem: X'), undefined, 'only the first heading counts');
  });

  it('knows type: postmortem in front matter', () => {
    assert.equal(reason(joinLines('---', 'type: postmortem', '---', '# Checkout outage')), 'frontMatter');
    assert.equal(reason(joinLines('---', 'type: runbook', '---', '# Checkout outage')), undefined);
  });

  it('needs two canonical sections for a file matched only by its path', () => {
    const two = joinLines('# Checkout outage', '## Timeline', 'x', '## Action Items', 'y');
    assert.equal(reason(two, true), 'path');
    assert.equal(reason(two, false), undefined);
    assert.equal(reason(joinLines('# Index', '## Timeline', 'x', '## Notes'), true), undefined);
  });

  it('classifies the examples', () => {
    assert.equal(isPostmortem(parsePostmortem(readExample('2026-10-14-login-failures-after-reporting-deploy.md')), false), true);
    assert.equal(isPostmortem(parsePostmortem(readExample('2026-09-22-shakespeare-search-outage.md')), true), true);
    assert.equal(isPostmortem(parsePostmortem(readExample('2026-09-22-shakespeare-search-outage.md')), false), false);
    assert.equal(isPostmortem(parsePostmortem(readExample('README.md')), true), false, 'the index is no post-mortem');
  });
});
