import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openFile, openWorkbench, runCommand, workbench } from './workbench';

describe('5 Whys in the Markdown preview', () => {
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
});
