import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { format } from 'date-fns';
import type { TestingApi } from '../../src/extension';
import type { Node } from '../../src/features/actionItems/provider';
import { testingApi, closeAllEditors, readText, waitFor, workspaceFolder } from './helpers';

const api = testingApi;

/** What the view shows: group label, then its items' labels. */
function shown(api: TestingApi): { group: string; items: string[] }[] {
  return api.actionItems.getChildren().map((group: Node) => ({
    group: group.kind === 'group' ? group.group.label : group.kind,
    items: api.actionItems.getChildren(group).map((n) => (n.kind === 'item' ? n.item.action : '')),
  }));
}

function uriOf(path: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, path);
}

describe('Action Items view', () => {
  afterEach(closeAllEditors);

  it('shows the open items of the examples, grouped by post-mortem', async () => {
    const exports = await api();
    await exports.actionItems.setState({ grouping: 'postmortem', filters: { mine: false, overdue: false, highPriority: false, showDone: false } });
    const view = shown(exports);
    assert.deepEqual(
      view.map((g) => g.group),
      ['Payment webhooks delayed for 3 hours', 'Shakespeare Sonnet++ Postmortem (incident #465)'],
      'newest incident first; the complete example has no open item; notes.md is no post-mortem',
    );
    assert.deepEqual(view[0].items, [
      'Alert on webhook queue age, not only depth',
      'Require review from the payments team for worker config',
      'Improve monitoring',
      'Canary stage for worker config changes',
    ]);
    assert.equal(view[1].items.length, 5, 'the SRE-book items marked TODO');
    const item = exports.actionItems.getChildren(exports.actionItems.getChildren()[0])[0];
    const treeItem = exports.actionItems.getTreeItem(item);
    assert.equal(treeItem.contextValue, 'actionItem:open');
    assert.match(String(treeItem.description), /^P0 · no owner · /);
    assert.equal(treeItem.command?.command, 'vscode.open');
  });

  it('groups by due with overdue first, and filters', async () => {
    const exports = await api();
    exports.clock.pin('2026-11-28');
    try {
      await exports.actionItems.setState({ grouping: 'due', filters: { mine: false, overdue: false, highPriority: true, showDone: false } });
      const view = shown(exports);
      assert.equal(view[0].group, 'Overdue');
      assert.deepEqual(view[0].items, [
        'Alert on webhook queue age, not only depth',
        'Require review from the payments team for worker config',
        'Canary stage for worker config changes',
      ]);
      assert.ok(exports.actionItems.overdueCount() >= 3);
      await exports.actionItems.setState({ grouping: 'postmortem', filters: { mine: false, overdue: false, highPriority: false, showDone: true } });
      assert.ok(
        shown(exports).some((g) => g.group === 'Login failures after reporting-service deploy'),
        'show done brings the complete example back',
      );
      assert.match(exports.actionItems.describe(), /^P0\/P1 on time: \d+% \(\d+\/\d+\)$/);
    } finally {
      exports.clock.pin(undefined);
      await exports.actionItems.setState({ grouping: 'postmortem', filters: { mine: false, overdue: false, highPriority: false, showDone: false } });
    }
  });

  it('follows files created, changed and deleted on disk', async () => {
    const exports = await api();
    const uri = uriOf('postmortems/2026-11-20-disk-event.md');
    const write = (action: string): Thenable<void> =>
      vscode.workspace.fs.writeFile(
        uri,
        new TextEncoder().encode(
          `# Post-Mortem: Disk event\n\n- Date: 2026-11-20\n\n## Action Items\n| Action | Type | Priority | Owner | Due |\n|---|---|---|---|---|\n| ${action} | Prevent | P1 | SRE team | 2026-12-01 |\n`,
        ),
      );
    await write('Rotate the disk alarms');
    await waitFor('the new file in the view', () => shown(exports).find((g) => g.group === 'Disk event')?.items[0] === 'Rotate the disk alarms');
    await write('Rotate the disk alarms weekly');
    await waitFor('the change in the view', () => shown(exports).find((g) => g.group === 'Disk event')?.items[0] === 'Rotate the disk alarms weekly');
    await vscode.workspace.fs.delete(uri);
    await waitFor('the file to leave the view', () => !shown(exports).some((g) => g.group === 'Disk event'));
  });

  it('Mark done writes "Done <today>" into the file and the item leaves the open list', async () => {
    const exports = await api();
    const path = 'postmortems/2026-11-03-payment-webhook-backlog.md';
    const group = exports.actionItems.getChildren().find((n) => n.kind === 'group' && n.group.label.startsWith('Payment webhooks'))!;
    const node = exports.actionItems.getChildren(group).find((n) => n.kind === 'item' && n.item.action === 'Improve monitoring')!;
    assert.ok(await vscode.commands.executeCommand(`postmortem.actionItems.markDone`, node));
    const today = format(new Date(), 'yyyy-MM-dd');
    const text = await readText(uriOf(path));
    assert.match(
      text,
      new RegExp(`^\\| Improve monitoring \\| Detect \\| P5 \\| SRE team \\| \\| Done ${today} \\| \\|$`, 'm'),
      'the Status cell, saved to disk',
    );
    await waitFor('the item to leave the open list', () => !shown(exports).some((g) => g.items.includes('Improve monitoring')));
    // One undo step takes it back.
    const editor = await vscode.window.showTextDocument(uriOf(path));
    await vscode.commands.executeCommand('undo');
    assert.match(editor.document.getText(), /^\| Improve monitoring \| Detect \| P5 \| SRE team \| \| Open \| \|$/m);
    await editor.document.save();
    await waitFor('the item back in the list', () => shown(exports).some((g) => g.items.includes('Improve monitoring')));
  });

  it('shows unsaved edits of an open editor', async () => {
    const exports = await api();
    const editor = await vscode.window.showTextDocument(uriOf('postmortems/2026-11-03-payment-webhook-backlog.md'));
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('| Improve monitoring |'));
    await editor.edit((b) => b.replace(new vscode.Range(line, 2, line, 20), 'Add queue-age SLO'));
    assert.equal(editor.document.isDirty, true);
    await waitFor('the unsaved text in the view', () => shown(exports).some((g) => g.items.includes('Add queue-age SLO')));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the reverted text in the view', () => shown(exports).some((g) => g.items.includes('Improve monitoring')));
  });
});
