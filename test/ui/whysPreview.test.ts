import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openFile, openWorkbench, runCommand, workbench } from './workbench';

describe('The Markdown preview of a post-mortem', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
  });

  it("draws the 5 Whys list as a tree in VS Code's built-in preview", async () => {
    await openFile(page, '2026-11-03-payment-webhook-backlog.md');
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const preview = page.frameLocator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]').frameLocator('iframe#active-frame');
    const tree = preview.locator('ul.postmortem-whys');
    await tree.waitFor({ timeout: 60_000 });
    assert.equal(await preview.locator('ul.postmortem-whys-branch').count(), 1);
    assert.match(await tree.innerText(), /Why were webhooks delayed\?/);
    await tree.scrollIntoViewIfNeeded();
    await workbench().screenshot('whys-preview.png');
  });

  it('shows each action item with its state as a badge and the timeline gaps highlighted, in the same preview', async () => {
    const preview = page.frameLocator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]').frameLocator('iframe#active-frame');
    const badges = preview.locator('td[data-postmortem-status]');
    await badges.first().waitFor({ timeout: 60_000 });
    // Four action items; the P0 due 2026-11-10 is overdue whatever today is (this test runs after it).
    assert.equal(await badges.count(), 4);
    const overdue = preview.locator('td.postmortem-action-overdue').first();
    assert.match((await overdue.getAttribute('data-postmortem-status')) ?? '', /^Overdue \(due 2026-11-10\)$/);
    // What a person sees: the stylesheet draws the attribute as the badge before the cell's text.
    type Styles = { getComputedStyle(element: unknown, pseudo: string): { content: string } };
    const drawn = await overdue.evaluate((cell) => (globalThis as unknown as Styles).getComputedStyle(cell, '::before').content);
    assert.equal(drawn, '"Overdue (due 2026-11-10)"');
    // The timeline's 75-minute gap before the alert, and the other notes of Analyze Gaps.
    const gaps = preview.locator('td.postmortem-gap');
    assert.ok((await gaps.count()) >= 1);
    assert.match((await gaps.first().getAttribute('title')) ?? '', /75-minute gap since the previous event/);
    await overdue.scrollIntoViewIfNeeded();
    await workbench().screenshot('preview-action-badges.png');
  });
});
