import * as assert from 'node:assert/strict';
import ICAL from 'ical.js';
import * as vscode from 'vscode';
import { EXTENSION_ID, testingApi, deleteOpenedFiles, readText, waitFor, workspaceFolder } from './helpers';

function postmortem(actions: string[]): string {
  return [
    '# Post-Mortem: Follow-up test',
    '',
    '## Metadata',
    '- Date: 2026-10-14',
    '- Severity: SEV2',
    '- Status: In Review',
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    ...actions,
    '',
    '## Follow-Up Schedule',
    '- 2026-10-28: Review action item progress',
    '- 2026-11-11: Verify fixes in production',
    '- 2026-11-11: Close post-mortem',
    '',
  ].join('\n');
}

const OPEN = ['| Add a queue age alert | Detect | P0 | SRE | 2026-10-28 | Open |', '| Tune the consumer | Prevent | P2 | Ben | 2026-11-15 | Open |'];
const DONE = ['| Add a queue age alert | Detect | P0 | SRE | 2026-10-28 | Done 2026-10-27 |', '| Tune the consumer | Prevent | P2 | Ben | 2026-11-15 | Open |'];

async function open(actions: string[]): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems', `follow-up-test-${Date.now()}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(postmortem(actions)));
  return vscode.window.showTextDocument(uri);
}

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('Follow-ups: Start Review and Close Post-Mortem', () => {
  const created = deleteOpenedFiles();

  it('are registered and contributed to the palette, in the Post-Mortem category, for Markdown editors', async () => {
    const commands = await vscode.commands.getCommands(true);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string; category: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
    };
    for (const id of ['postmortem.startReview', 'postmortem.close']) {
      assert.ok(commands.includes(id), `${id} is registered`);
      assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.category, 'Post-Mortem');
      assert.equal(manifest.contributes.menus.commandPalette.find((c) => c.command === id)?.when, 'editorLangId == markdown');
    }
  });

  it('Start Review adds a dated checklist of the P0/P1 items and ticks the review, in one undo step', async () => {
    const editor = await open(OPEN);
    const before = editor.document.getText();
    assert.deepEqual(await vscode.commands.executeCommand('postmortem.startReview'), { applied: true });
    const text = editor.document.getText();
    assert.match(text, /^- \[x\] 2026-10-28: Review action item progress$/m);
    assert.ok(text.includes(`### Review ${today()}\n\n- [ ] P0 Add a queue age alert (owner: SRE, due: 2026-10-28, open)\n`), text);
    assert.ok(!text.includes('Tune the consumer (owner'), 'only P0/P1 items are on the checklist');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo removes the note and the tick');
  });

  it('Close Post-Mortem refuses while a P0/P1 item is open and names it, and changes nothing', async () => {
    const editor = await open(OPEN);
    const before = editor.document.getText();
    assert.deepEqual(await vscode.commands.executeCommand('postmortem.close'), { blockers: ['Add a queue age alert'] });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(editor.document.getText(), before);
  });

  it('Close Post-Mortem sets the status to Closed with the date and ticks the close line when the P0/P1 items are done', async () => {
    const editor = await open(DONE);
    assert.deepEqual(await vscode.commands.executeCommand('postmortem.close'), { applied: true });
    const text = editor.document.getText();
    assert.match(text, new RegExp(`^- Status: Closed ${today()}$`, 'm'));
    assert.match(text, /^- \[x\] 2026-11-11: Close post-mortem$/m);
  });

  it('the Follow-Ups view lists the reviews not done, soonest first, with what each is for and the open P0/P1 items', async () => {
    const api = await testingApi();
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems', `follow-up-view-${Date.now()}.md`);
    created.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(postmortem(OPEN).replace('- 2026-10-28: Review', '- [x] 2026-10-28: Review')));
    const rows = await waitFor('the new post-mortem in the Follow-Ups view', () => {
      const ours = api.followUps.rows().filter((r) => r.file.file === uri.toString());
      return ours.length > 0 ? ours : undefined;
    });
    assert.deepEqual(
      rows.map((r) => [r.step.date, r.step.kind, r.openP0P1]),
      [
        ['2026-11-11', 'verify', 1],
        ['2026-11-11', 'close', 1],
      ],
      'the ticked review is not listed',
    );
    const item = api.followUps.getTreeItem(rows[0]);
    assert.equal(item.label, '2026-11-11: Verify fixes in production');
    assert.equal(item.description, 'overdue · Follow-up test · 1 open P0/P1');
    assert.deepEqual((item.command?.arguments?.[1] as vscode.TextDocumentShowOptions).selection?.start.line, 15, 'opens at the schedule line');
    const all = api.followUps.rows().map((r) => r.step.date);
    assert.deepEqual(all, [...all].sort(), 'soonest first');
  });

  it('shows the status and the next step above the title, and Request review sets In Review in one undo step', async () => {
    const editor = await open(OPEN);
    const replaced = editor.document.getText().replace('- Status: In Review', '- Status: Draft');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), replaced));
    const lenses = async (): Promise<vscode.CodeLens[]> =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)).filter(
        (l) => l.range.start.line === 0 && l.command,
      );
    const titles = (await lenses()).map((l) => l.command!.title);
    assert.deepEqual(titles.slice(0, 2), ['$(milestone) Draft', 'Request review']);
    assert.ok(titles.includes('Start review (due 2026-10-28)'), titles.join(' | '));
    const request = (await lenses()).find((l) => l.command!.title === 'Request review')!;
    const before = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand(request.command!.command, ...(request.command!.arguments ?? [])), true);
    assert.match(editor.document.getText(), /^- Status: In Review$/m);
    assert.deepEqual((await lenses()).map((l) => l.command!.title).slice(0, 2), ['$(milestone) In Review', 'Publish']);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('Add Follow-Ups to Calendar writes an iCalendar file of every follow-up, the same on a second export', async () => {
    const target = vscode.Uri.joinPath(workspaceFolder().uri, `follow-ups-${Date.now()}.ics`);
    created.push(target);
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('postmortem.followUps.calendar', target))?.toString(), target.toString());
    const text = await readText(target);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    const payment = events.filter((e) => e.summary.endsWith(': Payment webhooks delayed for 3 hours'));
    assert.deepEqual(
      payment.map((e) => [e.summary.split(':')[0], e.startDate.toString()]),
      [
        ['Review action item progress', '2026-11-17'],
        ['Verify fixes in production', '2026-12-01'],
        ['Close post-mortem', '2026-12-01'],
      ],
    );
    assert.match(payment[0].description, /Open P0\/P1 action items:\n- \[P0\] Alert on webhook queue age/);
    assert.equal(new Set(events.map((e) => e.uid)).size, events.length, 'one UID per follow-up');
    await vscode.commands.executeCommand('postmortem.followUps.calendar', target);
    assert.equal(await readText(target), text, 'a second export is the same file');
  });
});
