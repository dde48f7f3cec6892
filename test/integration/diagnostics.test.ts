import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, waitFor, workspaceFolder } from './helpers';

const PROBLEMS = 'postmortems/2026-11-03-payment-webhook-backlog.md';
const CLEAN = 'postmortems/2026-10-14-login-failures-after-reporting-deploy.md';

function uriOf(path: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, path);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'postmortem');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function open(path: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(path)));
}

describe('diagnostics as you type', () => {
  afterEach(closeAllEditors);

  it('shows the expected problems at the right lines of the example with problems', async () => {
    const editor = await open(PROBLEMS);
    const diagnostics = await waitFor('diagnostics on the example', () => (ours(editor.document.uri).length > 10 ? ours(editor.document.uri) : undefined));
    const at = (code: string): number[] => diagnostics.filter((d) => codeOf(d) === code).map((d) => d.range.start.line + 1);
    assert.deepEqual(at('action-missing-owner'), [49]);
    assert.deepEqual(at('action-invalid-type'), [50]);
    assert.deepEqual(at('action-invalid-priority'), [51]);
    assert.deepEqual(at('timeline-out-of-order'), [26]);
    assert.deepEqual(at('blame-language'), [31, 31]);
    assert.deepEqual(at('whys-too-shallow'), [35]);
    assert.deepEqual(at('unfilled-placeholder'), [9, 18]);
    assert.deepEqual(at('missing-section'), [1, 1]);
    const owner = diagnostics.find((d) => codeOf(d) === 'action-missing-owner')!;
    assert.equal(owner.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(
      typeof owner.code === 'object' && owner.code.target.path.endsWith('/docs/rules.md') && owner.code.target.fragment === 'action-missing-owner',
      'the code links to the rule docs',
    );
  });

  it('applies a quick fix through the API and the diagnostic goes away', async () => {
    const editor = await open(PROBLEMS);
    const uri = editor.document.uri;
    const diagnostic = await waitFor('action-invalid-type', () => ours(uri).find((d) => codeOf(d) === 'action-invalid-type'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Change Type to Prevent');
    assert.ok(fix?.edit, `a "Change Type to Prevent" fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    const before = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(
      editor.document.lineAt(49).text,
      '| Require review from the payments team for worker config | Prevent | P1 | Payments team | 2026-11-14 | Open | |',
    );
    await waitFor('the diagnostic to go', () => !ours(uri).some((d) => codeOf(d) === 'action-invalid-type'));
    assert.equal(editor.document.getText(), before.replace('| Prevention |', '| Prevent |'), 'nothing else changed');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo reverts the fix');
  });

  it('fixes all with source.fixAll.postmortem', async () => {
    const editor = await open(PROBLEMS);
    const uri = editor.document.uri;
    await waitFor('timeline-out-of-order', () => ours(uri).find((d) => codeOf(d) === 'timeline-out-of-order'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, 0, 0),
      'source.fixAll.postmortem',
    );
    assert.equal(actions.length, 1);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    const text = editor.document.getText();
    assert.match(text, /\| 10:31 \|.*\n\| 10:55 \|/, 'the timeline is sorted');
    assert.match(text, /\| Prevent \| P1 \| Payments team/);
    assert.match(text, /## Lessons Learned\n/);
    await waitFor(
      'the fixed problems to go',
      () => !ours(uri).some((d) => ['timeline-out-of-order', 'action-invalid-type', 'missing-section'].includes(codeOf(d))),
    );
  });

  it('finds nothing in the complete example, and follows typing', async () => {
    const editor = await open(CLEAN);
    const uri = editor.document.uri;
    await editor.edit((b) => b.insert(new vscode.Position(12, 0), 'It was human error.\n'));
    const blame = await waitFor('a blame-language hint for the typed text', () => ours(uri).find((d) => codeOf(d) === 'blame-language'));
    assert.equal(blame.range.start.line, 12);
    await vscode.commands.executeCommand('undo');
    await waitFor('no diagnostics after undo', () => ours(uri).length === 0);
    assert.deepEqual(ours(uri), []);
  });

  it('leaves Markdown that is not a post-mortem alone', async () => {
    const notes = await open('notes.md');
    await notes.edit((b) => b.insert(new vscode.Position(2, 0), 'It was human error. [TODO LATER]\n'));
    // The post-mortem opened after it is checked after it: once that has findings, notes.md was seen.
    const problems = await open(PROBLEMS);
    await waitFor('diagnostics on the post-mortem', () => ours(problems.document.uri).length > 0);
    assert.deepEqual(ours(notes.document.uri), []);
  });

  it('reports a broken .postmortem.yaml on that file', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('.postmortem.yaml')));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'owners: [unclosed\n'));
    const problem = await waitFor('invalid-config', () => ours(editor.document.uri).find((d) => codeOf(d) === 'invalid-config'));
    assert.match(problem.message, /not valid YAML/);
  });
});
