import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openWorkbench, showPostMortems, viewRows, workbench } from './workbench';

describe('Post-Mortems view in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it("lists the workspace's post-mortems newest first with date, severity and open items, says why on hover, and opens one on click", async () => {
    await showPostMortems(page);
    const rows = viewRows(page, 'Post-Mortems');
    await rows.filter({ hasText: 'Payment webhooks delayed for 3 hours' }).first().waitFor({ timeout: 60_000 });
    const labels = await rows.locator('.label-name').allInnerTexts();
    // Newest incident first (an earlier UI test may have added a newer one).
    const order = [
      'Payment webhooks delayed for 3 hours',
      'Login failures after reporting-service deploy',
      'Shakespeare Sonnet++ Postmortem (incident #465)',
    ].map((t) => labels.indexOf(t));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])),
      labels.join(' | '),
    );
    const first = rows.filter({ hasText: 'Payment webhooks delayed for 3 hours' }).first();
    assert.match(await first.locator('.label-description').innerText(), /^2026-11-03 · SEV1 · \d+ open$/);
    // The row's accessible name carries the same facts for a screen reader.
    assert.match((await first.getAttribute('aria-label')) ?? '', /Payment webhooks delayed for 3 hours, 2026-11-03 · SEV1/);
    await first.hover();
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Read as a post-mortem because' }).first();
    await hover.waitFor({ timeout: 15_000 });
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /Read as a post-mortem because: title "Post-Mortem: …"/);
    await workbench().screenshot('postmortems.png', { keepHover: true });
    await first.click();
    await page.locator('.tabs-container .tab[aria-label*="2026-11-03-payment-webhook-backlog.md"]').waitFor({ timeout: 30_000 });
  });
});
