import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openWorkbench, quickInput, runCommand, workbench } from './workbench';

describe('Monthly Digest in the workbench', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });
  after(async () => {
    await runCommand(page, 'View: Revert and Close Editor');
  });

  it('asks for the month and the audience, and opens the digest beside', async () => {
    await runCommand(page, 'Post-Mortem: Monthly Digest');
    await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Monthly Digest' }).waitFor({ timeout: 30_000 });
    const input = quickInput(page);
    await input.pressSequentially('November 2026', { delay: 20 });
    const month = page.locator('.quick-input-list .monaco-list-row', { hasText: 'November 2026' }).first();
    await month.waitFor();
    assert.match(await month.innerText(), /November 2026[\s\S]*1 post-mortem/);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Monthly Digest: November 2026' }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Organisation' }).first().click();
    const editor = page.locator('.editor-instance .view-lines').last();
    await editor.filter({ hasText: 'Post-Mortem Digest: November 2026' }).waitFor({ timeout: 30_000 });
    // The top of the digest, as the editor shows it (word-wrapped beside the other editor).
    const text = (await editor.innerText())
      .replace(/\u00a0/g, ' ')
      .split('\n')
      .map((l) => l.trim())
      .join(' ');
    assert.match(text, /_For the organisation: people as roles; e-mail addresses, customers and team terms removed\. Generated \d{4}-\d{2}-\d{2}\._/);
    assert.match(text, /- \*\*1 incident\*\*: 1 SEV1/);
    assert.match(text, /\*\*Time to detect\*\*: median 1 hour 15 minutes/);
    await workbench().screenshot('digest.png');
  });
});
