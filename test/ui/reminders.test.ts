import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, runCommand, waitForFile, workbench } from './workbench';

describe('Follow-up reminders in the workbench', () => {
  let page: Page;
  const settings = (): string => join(workbench().workspace, '.vscode', 'settings.json');
  const cache = (): string => join(workbench().workspace, 'postmortems', 'reminder-cache-primary.md');
  before(async () => {
    // On before the workbench opens: the reminders read the setting when the extension starts.
    mkdirSync(join(workbench().workspace, '.vscode'), { recursive: true });
    writeFileSync(settings(), JSON.stringify({ 'postmortem.followUps.remind': true }));
    page = await openWorkbench();
  });
  after(async () => {
    rmSync(settings(), { force: true });
    rmSync(cache(), { force: true });
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('reminds on the day of a review with the open P0/P1 items, once a day; Snooze quiets it, Start Review writes the review note', async () => {
    // The workbench the tests drive shows no toasts (code-server's test mode turns them off): the
    // reminders are read where a person finds them after a toast, in the notification centre.
    const center = page.locator('.notifications-center');
    const notification = (title: string) => center.locator('.monaco-list-row:visible', { hasText: title });
    /** Opens the notification centre until the notification is there: the extension starts seconds after the workbench. */
    const waitForNotification = async (title: string): Promise<Locator> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
        try {
          await notification(title).waitFor({ timeout: 3_000 });
          return notification(title);
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
    };
    // The examples' reviews are overdue: the reminders show one notification per post-mortem.
    const payment = await waitForNotification('Payment webhooks delayed for 3 hours');
    assert.match(
      await payment.innerText(),
      /Follow-up due for “Payment webhooks delayed for 3 hours”: Review action item progress \(overdue since 2026-11-17\)[^]*3 P0\/P1 action item\(s\) open: “/,
    );
    await notification('Shakespeare Sonnet++ Postmortem').waitFor();
    await button(payment, 'Snooze').click();
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="For a week"]').click();
    // Dismissed with its close button: shown today all the same.
    await notification('Shakespeare').locator('.codicon-notifications-clear').click();
    await notification('Shakespeare').waitFor({ state: 'detached' });
    await payment.waitFor({ state: 'detached' });

    // A post-mortem whose review is today: its reminder comes, and the others do not come back.
    const today = isoToday();
    writeFileSync(cache(), reviewDueToday(today));
    const reminder = await waitForNotification('Cache cluster lost its primary');
    assert.match(
      await reminder.innerText(),
      new RegExp(
        `Follow-up due for “Cache cluster lost its primary”: Review action item progress \\(today\\)\\. 1 P0/P1 action item\\(s\\) open: “Add a failover drill” \\(Mara\\)\\.`,
      ),
    );
    assert.equal(await notification('Payment webhooks').count(), 0, 'snoozed for a week');
    assert.equal(await notification('Shakespeare').count(), 0, 'shown once today already');
    await workbench().screenshot('follow-up-reminder.png');

    await button(reminder, 'Start Review').click();
    await page.locator('.tabs-container .tab[aria-label*="reminder-cache-primary.md"]').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: new RegExp(`Review\\s${today}`) }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+S');
    const saved = await waitForFile(cache(), (text) => text.includes(`### Review ${today}`));
    assert.ok(saved.includes(`- [x] ${today}: Review action item progress`), saved);
    assert.ok(saved.includes(`- [ ] P0 Add a failover drill (owner: Mara, due: ${today}, open)`), saved);
  });
});

/** A notification's button; the notification centre shows the buttons of an expanded notification only. */
function button(notification: Locator, label: string): Locator {
  const expand = notification.locator('.codicon-notifications-expand');
  const target = notification.locator('.monaco-button', { hasText: label });
  return {
    click: async () => {
      if (!(await target.isVisible()) && (await expand.isVisible())) await expand.click();
      await target.click();
    },
  } as Locator;
}

/** Today on this machine, as the extension host (the same machine) reads it. */
function isoToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function reviewDueToday(today: string): string {
  return [
    '# Post-Mortem: Cache cluster lost its primary',
    '',
    '## Metadata',
    '',
    '- **Date:** 2026-11-01',
    '- **Severity:** SEV2',
    '- **Status:** Published',
    '',
    '## Executive Summary',
    '',
    'The cache cluster lost its primary and reads fell back to the database for 40 minutes.',
    '',
    '## Action Items',
    '',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    `| Add a failover drill | Prevent | P0 | Mara | ${today} | Open |`,
    '| Alert on replica lag | Detect | P2 | Ivo | 2027-01-15 | Open |',
    '',
    '## Follow-Up Schedule',
    '',
    `- [ ] ${today}: Review action item progress`,
    '- [ ] 2099-01-01: Verify fixes in production',
    '- [ ] 2099-01-02: Close post-mortem',
    '',
  ].join('\n');
}
