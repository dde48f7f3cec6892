import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { findInPalette, openWorkbench, quickInput, showPostMortems, waitForFile, workbench } from './workbench';

describe('New Post-Mortem in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it('shows "Post-Mortem: New Post-Mortem" in the Command Palette', async () => {
    // The picture shows the sidebar as a user sees it once the extension runs, not while it starts.
    await showPostMortems(page);
    await page.locator('.pane-body .monaco-list-row[role="treeitem"]').first().waitFor({ timeout: 60_000 });
    const row = await findInPalette(page, 'New Post-Mortem', 'Post-Mortem: New Post-Mortem');
    assert.match((await row.getAttribute('aria-label')) ?? '', /^Post-Mortem: New Post-Mortem/);
    await workbench().screenshot('palette.png');
  });

  it('creates the post-mortem from the prompts a person answers', async () => {
    await page.keyboard.press('Enter');
    const input = quickInput(page);
    await page.locator('.quick-input-widget .quick-input-title:has-text("New Post-Mortem (1/3)")').waitFor({ timeout: 30_000 });
    await input.fill('Queue backlog in EU');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title:has-text("New Post-Mortem (2/3)")').waitFor();
    await input.fill('SEV2');
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="SEV2"]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title:has-text("New Post-Mortem (3/3)")').waitFor();
    await input.fill('2026-11-20');
    await page.keyboard.press('Enter');

    await page.locator('.tabs-container .tab[aria-label*="2026-11-20-queue-backlog-in-eu.md"]').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines:has-text("Post-Mortem: Queue backlog in EU")').first().waitFor();
    const file = join(workbench().workspace, 'postmortems', '2026-11-20-queue-backlog-in-eu.md');
    const text = await waitForFile(file, (t) => t !== '');
    assert.match(text, /^# Post-Mortem: Queue backlog in EU$/m);
    assert.match(text, /^- Severity: SEV2$/m);
    assert.match(text, /^- 2026-12-04: Review action item progress$/m);
    // Typing replaces the first placeholder: the snippet's tabstop is live in the editor.
    await page.keyboard.type('14:02');
    await page.locator('.monaco-editor .view-lines:has-text("Duration: 14:02 to [END]")').first().waitFor();
    await workbench().screenshot('new-postmortem.png');
  });
});
