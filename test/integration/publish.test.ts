import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, readText, testingApi, workspaceFolder } from './helpers';

describe('Monthly Digest, Export Post-Mortem and Preview Redaction', () => {
  const fixture = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems', '2026-11-03-payment-webhook-backlog.md');
  const target = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'payment-webhook.public.html');

  before(async () => {
    await testingApi();
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(target()).then(undefined, () => undefined);
  });

  it('are palette commands in the Post-Mortem category', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['postmortem.digest', 'postmortem.export', 'postmortem.previewRedaction']) assert.ok(commands.includes(id), id);
  });

  it("opens the month's digest beside, from the index, redacted for the public", async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('postmortem.digest', '2026-11', 'public');
    const text = document.getText();
    assert.match(text, /^# Post-Mortem Digest: November 2026$/m);
    assert.match(text, /### Payment webhooks delayed for 3 hours/);
    assert.match(text, /```mermaid\npie showData/);
    assert.ok(!text.includes('Dana Whitfield'), 'the incident commander is a role');
    assert.equal(vscode.window.activeTextEditor?.document, document);
  });

  it('exports the post-mortem as one HTML page that loads nothing, and says how many redactions', async () => {
    const written = await vscode.commands.executeCommand<vscode.Uri>('postmortem.export', fixture(), 'public', target());
    assert.equal(written?.toString(), target().toString());
    const html = await readText(target());
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<title>Payment webhooks delayed for 3 hours<\/title>/);
    assert.ok(!/<script|<img|<link|Dana/.test(html));
  });

  it('previews the redaction as a diff of the document and what the audience gets', async () => {
    const result = await vscode.commands.executeCommand<{ text: string; redactions: unknown[] }>('postmortem.previewRedaction', fixture(), 'public');
    assert.ok(result.redactions.length > 0);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor');
    assert.match(tab.label, /2026-11-03-payment-webhook-backlog\.md ↔ Public \(\d+ redactions\)/);
    const right = (tab.input as vscode.TabInputTextDiff).modified;
    assert.equal((await vscode.workspace.openTextDocument(right)).getText(), result.text);
  });
});
