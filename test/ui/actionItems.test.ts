import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, showPostMortems, viewRows, waitForFile, workbench } from './workbench';

describe('Action Items sidebar in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it('lists the open action items of the workspace, and Mark Done from the context menu edits the file', async () => {
    await showPostMortems(page);
    const rows = viewRows(page, 'Action Items');
    await rows.filter({ hasText: 'Alert on webhook queue age' }).first().waitFor({ timeout: 60_000 });
    const labels = await rows.locator('.label-name').allInnerTexts();
    assert.deepEqual(labels.slice(0, 5), [
      'Payment webhooks delayed for 3 hours',
      'Alert on webhook queue age, not only depth',
      'Require review from the payments team for worker config',
      'Improve monitoring',
      'Canary stage for worker config changes',
    ]);
    assert.ok(labels.includes('Shakespeare Sonnet++ Postmortem (incident #465)'));
    assert.ok(!labels.some((l) => l.includes('Add query timeout')), 'done items are hidden');
    // The overdue badge on the activity bar entry.
    const badge = page.locator('.activitybar .action-item:has(a.action-label[aria-label^="Post-Mortems"]) .badge-content', { hasText: /^\d+$/ });
    await badge.waitFor();
    assert.ok(Number(await badge.innerText()) >= 3, 'at least the three overdue items of the SEV1 example');
    // Widen the sidebar (drag its sash, as a person would) so the title shows the completion rate.
    const sidebar = (await page.locator('.part.sidebar').boundingBox())!;
    const edge = { x: sidebar.x + sidebar.width + 2, y: sidebar.y + sidebar.height / 2 };
    await page.mouse.move(edge.x, edge.y);
    await page.mouse.down();
    await page.mouse.move(edge.x + 300, edge.y, { steps: 10 });
    await page.mouse.up();
    // The completion rate heads the tree (and is the view's description).
    const message = page.locator('.part.sidebar .pane-body .message', { hasText: 'P0/P1 on time' }).first();
    await message.waitFor();
    assert.match(await message.innerText(), /^P0\/P1 on time: \d+% \(\d+\/\d+\) \(healthy: 80% or more\)$/);
    await workbench().screenshot('action-items.png');

    await rows.filter({ hasText: 'Improve monitoring' }).first().click({ button: 'right' });
    const markDone = page.locator('.monaco-menu .action-item:has(a.action-menu-item:has-text("Mark Done"))');
    await markDone.waitFor();
    await markDone.hover();
    await page.keyboard.press('Enter');
    await rows.filter({ hasText: 'Improve monitoring' }).waitFor({ state: 'detached', timeout: 30_000 });
    // The row leaves the tree when the edit is applied; the save reaches the disk a moment later.
    const doneRow = /^\| Improve monitoring \| Detect \| P5 \| SRE team \| \| Done \d{4}-\d{2}-\d{2} \| \|$/m;
    const path = join(workbench().workspace, 'postmortems', '2026-11-03-payment-webhook-backlog.md');
    assert.match(await waitForFile(path, (text) => doneRow.test(text)), doneRow);
  });
});
