import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { followUpSchedule, templateText } from '../../src/core';
import { waitFor } from '../integration/helpers';

// Run in a window with no folder open (vscode.dev before a folder is picked, a gist on github.dev).
describe('New Post-Mortem with no folder open', () => {
  it('opens the filled template as an untitled Markdown document, checked as a draft', async () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined, 'this suite runs in a window with no folder');
    const args = { title: 'Queue backlog after deploy', severity: 'SEV3', date: '2026-05-04' };
    const uri = await vscode.commands.executeCommand<vscode.Uri>('postmortem.new', args);
    assert.equal(uri.scheme, 'untitled');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the new post-mortem is open');
    assert.equal(editor.document.uri.toString(), uri.toString());
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), templateText({ ...args, followUp: followUpSchedule(args.date), status: 'Draft' }));
    assert.equal(editor.document.getText(editor.selection), '[START]', 'the first placeholder is selected');
    // The checks run on it: a Draft's unfilled placeholders are hints, not warnings.
    const problems = await waitFor('diagnostics on the untitled post-mortem', () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    });
    const placeholders = problems.filter((d) => d.code && (typeof d.code === 'object' ? d.code.value : d.code) === 'unfilled-placeholder');
    assert.ok(placeholders.length > 0, problems.map((d) => d.message).join('\n'));
    assert.ok(placeholders.every((d) => d.severity === vscode.DiagnosticSeverity.Hint));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
