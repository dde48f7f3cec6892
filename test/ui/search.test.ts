import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, quickInput, runCommand, showPostMortems, viewRows, workbench } from './workbench';

/** A second incident of the fixture's payment webhooks: the same consumers, the same missing canary. */
const EARLIER = [
  '# Post-Mortem: Payment webhooks stuck after consumer scaling',
  '',
  '## Metadata',
  '- Date: 2026-07-15',
  '- Severity: SEV2',
  '',
  '## Executive Summary',
  'Payment provider webhooks waited in the queue for an hour after the webhook consumers were scaled down.',
  '',
  '## Root Cause Analysis',
  'A worker config change scaled the webhook consumers down to one; the queue of payment webhooks grew.',
  '',
  '## Contributing Factors',
  '- Worker config changes skip the canary stage.',
  '',
].join('\n');

describe('Search Post-Mortems and Related in the workbench', () => {
  let page: Page;
  let earlier: string;
  before(async () => {
    earlier = join(workbench().workspace, 'postmortems', '2026-07-15-payment-webhook-consumers.md');
    writeFileSync(earlier, EARLIER);
    page = await openWorkbench();
  });
  after(() => rmSync(earlier, { force: true }));

  it('finds a post-mortem from a misspelt word of its contributing factors and opens it with Enter', async () => {
    await runCommand(page, 'Post-Mortem: Search Post-Mortems');
    // The palette closes and the search opens in its place: type once it is there.
    await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Search Post-Mortems' }).waitFor({ timeout: 30_000 });
    // The whole query at once (as pasted): typed a key at a time, the list shows each prefix's results a
    // moment late, and a prefix on the way ("pending paym") matches both words too, so a row read then
    // could be any of them.
    await quickInput(page).fill('pending paymnt');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'summary: pending, payment' }).first().waitFor({ timeout: 30_000 });
    assert.match(await rows.first().innerText(), /Payment webhooks delayed for 3 hours[\s\S]*2026-11-03 · SEV1[\s\S]*summary: pending, payment/);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab[aria-label*="2026-11-03-payment-webhook-backlog.md"]').waitFor({ timeout: 30_000 });
  });

  it('lists the earlier incident in the Related view with why, and opens it on click', async () => {
    await showPostMortems(page);
    // Make room for the Related view at the bottom of the side bar: fold the two views above it.
    const header = (view: string) => page.locator(`.part.sidebar .pane-header[aria-label^="${view}"]`);
    for (const view of ['Action Items', 'Follow-Ups']) if ((await header(view).getAttribute('aria-expanded')) === 'true') await header(view).click();
    const rows = viewRows(page, 'Related');
    const row = rows.filter({ hasText: 'Payment webhooks stuck after consumer scaling' }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.locator('.label-description').innerText(), /^2026-07-15 · similar/);
    assert.match((await row.getAttribute('aria-label')) ?? '', /related because: similar/);
    // The best one is unfolded: its reasons are rows of their own, readable in a narrow side bar.
    await rows
      .filter({ hasText: /^similar root cause: .*webhooks/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await workbench().screenshot('related.png');
    await row.click();
    await page.locator('.tabs-container .tab[aria-label*="2026-07-15-payment-webhook-consumers.md"]').waitFor({ timeout: 30_000 });
    for (const view of ['Action Items', 'Follow-Ups']) await header(view).click();
  });
});
