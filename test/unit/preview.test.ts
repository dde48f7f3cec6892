import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { postmortemPreviewPlugin } from '../../src/core/preview';
import { joinLines } from './util';

const render = (text: string, gapMinutes = 10): string =>
  new MarkdownIt().use(postmortemPreviewPlugin({ today: () => '2026-11-28', gapMinutes: () => gapMinutes })).render(text);

/** The status badges in document order: [the element's tag, its badge]. */
const badges = (html: string): [string, string][] =>
  [...html.matchAll(/<(\w+) class="postmortem-action [^"]*" data-postmortem-status="([^"]*)"/g)].map((m) => [m[1], m[2]]);

const HEAD = [
  '# Post-Mortem: Checkout errors',
  '',
  '## Metadata',
  '',
  '- **Date:** 2026-11-01',
  '- **Severity:** SEV2',
  '',
  '## Executive Summary',
  '',
  'Checkout failed.',
  '',
];

describe('the Markdown preview of a post-mortem', () => {
  it('shows each action item of a table with its state, overdue ones as overdue, the text escaped', () => {
    const html = render(
      joinLines(
        ...HEAD,
        '## Action Items',
        '',
        '| Action | Type | Priority | Owner | Due | Status |',
        '|---|---|---|---|---|---|',
        '| Add an <b>alert</b> | Detect | P1 | SRE | 2026-12-15 | Open |',
        '| Fix the pool | Prevent | P0 | DB | 2026-11-10 | Open |',
        '| Write the runbook | Process | P2 | SRE | 2026-11-10 | Done 2026-11-09 |',
        '| Shard the queue | Prevent | P2 | SRE | 2026-12-20 | In progress |',
        '| Rewrite it all | Prevent | P3 | SRE | 2026-12-20 | Declined |',
        '',
      ),
    );
    assert.deepEqual(badges(html), [
      ['td', 'Open'],
      ['td', 'Overdue (due 2026-11-10)'],
      ['td', 'Done'],
      ['td', 'In progress'],
      ['td', 'Declined'],
    ]);
    assert.match(html, /Add an &lt;b&gt;alert&lt;\/b&gt;/, 'text stays escaped');
    assert.equal(html.match(/<th[ >]/g)?.length, 6, 'the header row gets no badge');
  });

  it('shows the state of bullets, tasks and labelled lines too', () => {
    const html = render(
      joinLines(
        ...HEAD,
        '## Timeline',
        '',
        '- 14:00 Errors start',
        '- 14:05 Alert fires',
        '',
        '## Root Cause',
        '',
        'The pool was too small.',
        '',
        '## Action Items',
        '',
        '- [x] Raise the pool size (owner: DB, due: 2026-11-05)',
        '- [ ] Alert on pool saturation (owner: SRE, due: 2026-12-30)',
        '',
        'Action item: review the runbook',
        '',
      ),
    );
    assert.deepEqual(
      badges(html).map(([tag, badge]) => `${tag} ${badge}`),
      ['li Done', 'li Open', 'p Open'],
    );
  });

  it('highlights the timeline entries after a long gap with the Analyze Gaps note, in a table or a list', () => {
    const table = render(
      joinLines(
        ...HEAD,
        '## Timeline',
        '',
        '| Time (UTC) | Event |',
        '|---|---|',
        '| 14:00 | Error rate rises on checkout |',
        '| 14:03 | Alert fires for checkout errors |',
        '| 14:40 | Rollback started |',
        '',
      ),
    );
    const gaps = [...table.matchAll(/<td class="postmortem-gap" data-postmortem-gap="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(gaps, ['3-minute detection gap', '37-minute gap since the previous event']);
    const list = joinLines(...HEAD, '## Timeline', '', '- 14:00 Deploy finished', '- 14:30 Rollback started', '');
    assert.match(
      render(list),
      /<li class="postmortem-gap" data-postmortem-gap="30-minute gap since the previous event" title="30-minute gap since the previous event">/,
    );
    assert.equal(render(list, 60).includes('postmortem-gap'), false, 'the gap threshold is the setting');
  });

  it('leaves other Markdown as it was', () => {
    const text = joinLines(
      '# Guide',
      '',
      '| Action | Owner | Due | Status |',
      '|---|---|---|---|',
      '| Install | Ana | 2020-01-01 | Open |',
      '',
      '- 14:00 a',
      '- 15:00 b',
      '',
    );
    assert.equal(render(text), new MarkdownIt().render(text));
  });
});
