import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, quickInput, runCommand, workbench } from './workbench';

/** Two incidents of the Payments team in June 2026, with timed timelines: 20 and 40 minutes to detect. */
function postmortem(title: string, day: string, severity: string, detect: number): string {
  return [
    `# Post-Mortem: ${title}`,
    '',
    '## Metadata',
    `- Date: 2026-06-${day}`,
    `- Severity: ${severity}`,
    '- Team: Payments',
    '',
    '## Executive Summary',
    `${title}.`,
    '',
    '## Timeline',
    '| Time (UTC) | Event |',
    '|---|---|',
    '| 10:00 | Deploy of the ledger service |',
    `| 10:${String(detect).padStart(2, '0')} | Error rate alert fires |`,
    '| 11:30 | Ledger service rolled back, resolved |',
    '',
    '## Contributing Factors',
    '- The canary stage was skipped for ledger deploys.',
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    '| Require the canary for ledger deploys | Prevent | P1 | Payments | 2026-07-01 | Done 2026-06-28 |',
    '',
  ].join('\n');
}

describe('Insights view in the workbench', () => {
  let page: Page;
  let frame: FrameLocator;
  const files = ['2026-06-03-ledger-errors.md', '2026-06-17-ledger-timeouts.md'];

  before(async () => {
    const dir = join(workbench().workspace, 'postmortems');
    writeFileSync(join(dir, files[0]), postmortem('Ledger errors after deploy', '03', 'SEV1', 20));
    writeFileSync(join(dir, files[1]), postmortem('Ledger timeouts after deploy', '17', 'SEV2', 40));
    page = await openWorkbench();
    await runCommand(page, 'Post-Mortem: Show Insights');
    frame = page.frameLocator('iframe.webview.ready[src*="extensionId=postmortem-tools.postmortem"]').frameLocator('iframe#active-frame');
    await frame.locator('h1', { hasText: 'Post-Mortem Insights' }).waitFor({ timeout: 60_000 });
    // The range a person picks to see every incident, whatever today is.
    await frame.locator('select#range').selectOption('all');
    await frame.locator('[aria-label="2026-06: 1 SEV1 incident"]').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    for (const file of files) rmSync(join(workbench().workspace, 'postmortems', file), { force: true });
    await runCommand(page, 'View: Close All Editors');
  });

  it('draws every chart with its numbers as text, in the theme', async () => {
    for (const title of [
      'Incidents per month, by severity',
      'Time to detect and to resolve (median per month)',
      'P0/P1 action items done on time, by month due',
      'Action items by type and state',
      'Top contributing factors',
    ]) {
      const chart = frame.locator('section.chart', { has: frame.locator('h2', { hasText: title }) });
      assert.equal((await chart.locator('svg').count()) > 0, true, `${title} is drawn`);
    }
    // The June incidents: one bar per severity, the median time to detect of the two (30 minutes).
    await frame.locator('[aria-label="2026-06: 1 SEV2 incident"]').waitFor();
    await frame.locator('[aria-label="2026-06: time to detect 30 min (median of 2, worst 40 min)"]').waitFor();
    // "canary" is in the contributing factors of both (and of the fixture's payment incident).
    await frame.locator('[aria-label^=\'"canary" in the contributing factors of \']').waitFor();
    await workbench().screenshot('insights.png');
    // The same numbers as a table, for a screen reader and for copying.
    const times = frame.locator('section#times');
    await times.locator('summary').click();
    assert.match(await times.locator('table').innerText(), /2026-06\tTime to detect\t30 min\t40 min\t2/);
    // Bars take the theme's chart colours, not Plot's defaults.
    const fill = await frame.locator('[aria-label="2026-06: 1 SEV1 incident"]').getAttribute('fill');
    assert.ok(fill && fill !== 'currentColor' && !/steelblue|#4269d0/i.test(fill), String(fill));
  });

  it('is reachable by keyboard: Tab to a bar, Enter opens the post-mortem behind it', async () => {
    // From the last filter, the next Tab stop is the first bar: June's SEV1 incident.
    await frame.locator('select#team').focus();
    await page.keyboard.press('Tab');
    const bar = frame.locator('[aria-label="2026-06: 1 SEV1 incident"]');
    assert.equal(await bar.evaluate((e) => e === e.ownerDocument.activeElement), true, 'Tab reaches the bar');
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab[aria-label*="${files[0]}"]`).waitFor({ timeout: 30_000 });
  });

  it('filters by team, and a click on a point lists the post-mortems behind it', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Post-Mortem Insights' }).click();
    await frame.locator('select#team').selectOption('Payments');
    await frame.locator('.totals', { hasText: /^2 post-mortems · median time to detect 30 min/ }).waitFor({ timeout: 30_000 });
    await frame.locator('[aria-label="2026-06: time to detect 30 min (median of 2, worst 40 min)"]').click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 30_000 });
    assert.match(await page.locator('.quick-input-title').innerText(), /2026-06 · time to detect: 2 post-mortems/);
    assert.equal(await rows.count(), 2);
    for (const title of ['Ledger errors after deploy', 'Ledger timeouts after deploy']) await rows.filter({ hasText: title }).first().waitFor();
    await quickInput(page).press('Escape');
  });
});
