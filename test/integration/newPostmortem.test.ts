import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { format } from 'date-fns';
import { TEMPLATE, followUpSchedule, templateText } from '../../src/core';
import { EXTENSION_ID, closeAllEditors, exists, listNames, readText, sleep, waitFor, workspaceFolder } from './helpers';

const folder = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems');

async function removeCreated(before: string[]): Promise<void> {
  for (const name of await listNames(folder())) {
    if (!before.includes(name)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), name));
  }
}

describe('activation', () => {
  it('activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // Every command the manifest contributes (palette, menus, views) has a handler once active.
    const commands = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 20, contributed.join(', '));
    assert.deepEqual(
      contributed.filter((c) => !commands.has(c)),
      [],
      'contributed but not registered',
    );
  });
});

describe('Post-Mortem: New Post-Mortem', () => {
  let before: string[] = [];
  beforeEach(async () => {
    before = await listNames(folder());
  });
  afterEach(async () => {
    await closeAllEditors();
    await removeCreated(before);
  });

  const args = { title: 'Database failover: primary lost!', severity: 'SEV2', date: '2026-03-14' };
  const expectedName = '2026-03-14-database-failover-primary-lost.md';

  it('creates <folder>/<date>-<slug>.md with the filled template and the cursor on the first placeholder', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('postmortem.new', args);
    assert.equal(uri.toString(), vscode.Uri.joinPath(folder(), expectedName).toString());
    const expected = templateText({ title: args.title, date: args.date, severity: 'SEV2', followUp: followUpSchedule(args.date), status: 'Draft' });
    assert.equal(await readText(uri), expected, 'the file on disk holds the filled template');
    assert.match(expected, /^# Post-Mortem: Database failover: primary lost!$/m);
    assert.match(expected, /^- Date: 2026-03-14$/m);
    assert.match(expected, /^- Severity: SEV2$/m);
    assert.match(expected, /^- 2026-03-28: Review action item progress$/m);
    assert.match(expected, /^- 2026-04-11: Verify fixes in production$/m);
    assert.match(expected, /^- 2026-04-11: Close post-mortem$/m);

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the new post-mortem is open');
    assert.equal(editor.document.uri.toString(), uri.toString());
    assert.equal(editor.document.isDirty, false, 'the file is saved');
    assert.equal(editor.document.getText(editor.selection), '[START]', 'the first tabstop is selected');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.equal(editor.document.getText(editor.selection), '[END]', 'Tab goes to the next placeholder');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.equal(editor.document.getText(editor.selection), '[TOTAL DURATION]');
  });

  it('never overwrites an existing file: it picks the next free name', async () => {
    // Another title than the test above: VS Code keeps a closed document's model for a while, and
    // re-creating a just-deleted file under the same name is not what this test is about.
    const args = { title: 'Disk full on primary', severity: 'SEV3', date: '2026-03-15' };
    const first = await vscode.commands.executeCommand<vscode.Uri>('postmortem.new', args);
    await closeAllEditors();
    await vscode.workspace.fs.writeFile(first, new TextEncoder().encode('# Post-Mortem: hand-written notes\n'));
    const second = await vscode.commands.executeCommand<vscode.Uri>('postmortem.new', args);
    assert.equal(first.path.split('/').pop(), '2026-03-15-disk-full-on-primary.md');
    assert.equal(second.path.split('/').pop(), '2026-03-15-disk-full-on-primary-2.md');
    assert.equal(await readText(first), '# Post-Mortem: hand-written notes\n', 'the first file is untouched');
    assert.match(await readText(second), /^# Post-Mortem: Disk full on primary$/m);
  });

  it('asks for the date with today as the default', async () => {
    const pending = vscode.commands.executeCommand<vscode.Uri>('postmortem.new', { title: 'Cache stampede', severity: 'SEV3' });
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const uri = await pending;
    const today = format(new Date(), 'yyyy-MM-dd');
    assert.equal(uri.path.split('/').pop(), `${today}-cache-stampede.md`);
    assert.match(await readText(uri), new RegExp(`^- Date: ${today}$`, 'm'));
  });

  it("offers the team's severities from .postmortem.yaml over the setting's", async () => {
    const config = vscode.Uri.joinPath(workspaceFolder().uri, '.postmortem.yaml');
    const original = await readText(config);
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(`${original}\nseverities: [Critical, Major, Minor]\n`));
    try {
      const text = await waitFor('the team severities to be offered', async () => {
        const pending = vscode.commands.executeCommand<vscode.Uri>('postmortem.new', { title: 'Queue backlog', date: '2026-03-20' });
        await sleep(500);
        // The first severity offered is taken.
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const written = await readText(await pending);
        if (written.includes('- Severity: Critical')) return written;
        await closeAllEditors();
        await removeCreated(before);
        return undefined;
      });
      assert.match(text, /^- Severity: Critical$/m);
    } finally {
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(original));
    }
  });

  for (const [step, partial] of [
    ['the title', {}],
    ['the severity', { title: 'Cancelled incident' }],
    ['the date', { title: 'Cancelled incident', severity: 'SEV1' }],
  ] as const) {
    it(`creates nothing when ${step} prompt is cancelled`, async () => {
      const pending = vscode.commands.executeCommand<vscode.Uri | undefined>('postmortem.new', partial);
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await pending, undefined);
      assert.deepEqual(await listNames(folder()), before, 'no file was created');
      assert.equal(vscode.window.activeTextEditor, undefined, 'no editor was opened');
    });
  }

  it('refuses a date that is not YYYY-MM-DD and creates nothing', async () => {
    const result = await vscode.commands.executeCommand('postmortem.new', { ...args, date: '2026-02-30' });
    assert.equal(result, undefined);
    assert.deepEqual(await listNames(folder()), before);
  });

  it('contributes the template as the "postmortem" snippet for Markdown', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'Post-Mortem' });
    await waitFor('the snippet to be inserted', () => document.getText().length > 0);
    assert.equal(document.getText(), TEMPLATE);
    assert.equal(editor.document.getText(editor.selection), '[INCIDENT TITLE]');
    assert.ok(await exists(workspaceFolder().uri));
  });
});
