import * as vscode from 'vscode';
import type { PostmortemApi, TestingApi } from '../../src/extension';

export const EXTENSION_ID = 'postmortem-tools.postmortem';

/** The extension's test hooks (its API has them in VS Code's test mode only), once the workspace index is built. */
export async function testingApi(): Promise<TestingApi> {
  const exports = await vscode.extensions.getExtension<PostmortemApi>(EXTENSION_ID)!.activate();
  if (!exports.testing) throw new Error('the extension gives its test hooks in VS Code test mode only');
  await exports.testing.index.whenReady();
  return exports.testing;
}

/** The first (and only) folder of the test workspace: a fresh copy of test/fixtures/workspace. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function listNames(uri: vscode.Uri): Promise<string[]> {
  if (!(await exists(uri))) return [];
  return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name).sort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds, polling; fails with `what` after `timeout` ms. */
export async function waitFor<T>(what: string, condition: () => T | undefined | Promise<T | undefined>, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Closes every editor without saving, so each test starts from the same workbench. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * For a suite whose tests each write a file and open it: after each test the editors are closed (the
 * active one's file remembered), and after the suite those files are deleted. Returns the list, for
 * files a test creates without opening them.
 */
export function deleteOpenedFiles(): vscode.Uri[] {
  const created: vscode.Uri[] = [];
  afterEach(async () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri) created.push(uri);
    await closeAllEditors();
  });
  after(async () => {
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });
  return created;
}

/** A MarkdownString's text as it reads when rendered: `appendText` escapes spaces and punctuation. */
export function renderedText(md: vscode.MarkdownString | string): string {
  return (typeof md === 'string' ? md : md.value).replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}
