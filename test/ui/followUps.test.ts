import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openWorkbench, showPostMortems, viewRows, workbench } from './workbench';

describe('Follow-Ups view in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it('lists the reviews to come and overdue, with what each is for and the open P0/P1 items, and opens the post-mortem on click', async () => {
    await showPostMortems(page);
    // The view may be collapsed below the others: open its header.
    const header = page.locator('.part.sidebar .pane-header[aria-label^="Follow-Ups"]');
    await header.waitFor({ timeout: 60_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const rows = viewRows(page, 'Follow-Ups');
    // The payment example has no schedule: its reviews are its incident date plus 14 and 28 days.
    const payment = rows.filter({ hasText: 'Payment webhooks delayed for 3 hours' });
    await payment.first().waitFor({ timeout: 60_000 });
    const labels = await payment.locator('.label-name').allInnerTexts();
    assert.ok(labels.includes('2026-11-17: Review action item progress'), labels.join(' | '));
    assert.ok(labels.includes('2026-12-01: Close post-mortem'), labels.join(' | '));
    for (const description of await payment.locator('.label-description').allInnerTexts()) {
      assert.match(description, /^((overdue|today) · )?Payment webhooks delayed for 3 hours · 3 open P0\/P1$/);
    }
    // The login example's schedule is all ticked: nothing of it is listed.
    assert.equal(await rows.filter({ hasText: 'Login failures after reporting-service deploy' }).count(), 0);
    await workbench().screenshot('follow-ups.png');
    await payment.first().click();
    await page.locator('.tabs-container .tab[aria-label*="2026-11-03-payment-webhook-backlog.md"]').waitFor({ timeout: 30_000 });
  });
});
