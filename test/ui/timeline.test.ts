import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openFile, openWorkbench, workbench } from './workbench';

describe('Timeline helper in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it('shows the CodeLens and the event classes above and in the Timeline table', async () => {
    await openFile(page, '2026-10-14-login-failures-after-reporting-deploy.md');
    // Go to the Timeline (Ctrl+G, line 20) so the table is in view.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':20');
    await page.keyboard.press('Enter');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Analyze gaps' }).first();
    await lens.waitFor({ timeout: 30_000 });
    const text = (await lens.innerText()).replace(/\u00a0/g, ' ');
    for (const title of ['Add event', 'Sort', 'Format', 'Analyze gaps', 'Import…']) assert.ok(text.includes(title), `${title} in "${text}"`);
    await page.locator('.monaco-editor', { hasText: 'detection by a customer' }).first().waitFor({ timeout: 30_000 });
    await workbench().screenshot('timeline.png');
  });
});
