// Playwright helpers for the workbench that scripts/run-ui.mjs opens (CONTRIBUTING.md lists the selectors).
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export interface Workbench {
  readonly page: Page;
  /** The absolute path of the workspace the workbench has open (a copy of test/fixtures/workspace). */
  readonly workspace: string;
  /** Saves a picture of the workbench; `keepHover` keeps a hover the test opened on purpose. */
  screenshot(name: string, options?: { keepHover?: boolean }): Promise<unknown>;
  open(): Promise<unknown>;
}

export function workbench(): Workbench {
  const value = (globalThis as { workbench?: Workbench }).workbench;
  if (!value) throw new Error('run the UI tests with scripts/run-ui.mjs');
  return value;
}

/**
 * Opens the workbench and waits until it is ready for keyboard input. The workbench restores what the
 * previous test file left (editors, the panel): close them, so each file starts from the same view.
 */
export async function openWorkbench(): Promise<Page> {
  const { page, open } = workbench();
  await open();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: 60_000 });
  await runCommand(page, 'View: Close All Editors');
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
  return page;
}

/**
 * Opens the Command Palette, types `>` + text as a person would, and waits for the row whose label
 * contains `label`. The palette lists only the commands known when it opened, and extensions register
 * theirs a few seconds after the workbench shows, so it tries again until the row is there.
 */
export async function findInPalette(page: Page, text: string, label: string, timeout = 60_000) {
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = quickInput(page);
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${text}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      return row;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The quick input's text box (palette, input boxes and quick picks share it). */
export function quickInput(page: Page) {
  return page.locator('.quick-input-widget input');
}

/** Opens a workspace file by name with Quick Open (Ctrl+P), as a person would. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  // Click the matching row: Enter would take whichever row is first while the list still filters.
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().click();
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).waitFor();
}

/**
 * Shows the Post-Mortems container in the side bar, as a click on its activity bar entry does; a
 * click on the entry that is already showing would hide the side bar instead.
 */
export async function showPostMortems(page: Page): Promise<void> {
  const entry = page.locator('.activitybar .action-item:has(a.action-label[aria-label^="Post-Mortems"])');
  await entry.waitFor({ timeout: 60_000 });
  const showing = /\bchecked\b/.test((await entry.getAttribute('class')) ?? '') && (await page.locator('.part.sidebar').isVisible());
  // Click the entry, not its icon: the overdue badge lies over the icon and takes the click.
  if (!showing) await entry.click();
}

/** The tree rows of one view of the side bar, by the view's name ("Action Items", "Post-Mortems"). */
export function viewRows(page: Page, view: string) {
  return page.locator(`.part.sidebar .pane:has(.pane-header[aria-label^="${view}"]) .pane-body .monaco-list-row[role="treeitem"]`);
}

/** Runs a command by its palette title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await findInPalette(page, title, title);
  await page.keyboard.press('Enter');
}

/**
 * Waits until the file on disk satisfies `check` and returns its text. The editor and the views show a
 * change a moment before the save reaches the disk, so a test never reads the file right after the UI
 * changed. Throws with the last text read when the deadline passes.
 */
export async function waitForFile(path: string, check: (text: string) => boolean, timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let text: string;
  for (;;) {
    text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (check(text)) return text;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} did not reach the expected text within ${timeout} ms; it reads:\n${text.slice(0, 2000)}`);
}
