import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deleteOpenedFiles, workspaceFolder } from './helpers';

const ROWS = [
  '| 14:02 | Deploy of reporting-service v2.14.0 | CI/CD log |  |',
  '| 14:08 | DB connection pool usage rises above 80% | Metrics |  |',
  '| 14:15 | First customer reports login failure | Support ticket |  |',
  '| 14:18 | Auth service 5xx rate alert triggers | Monitoring |  |',
  '| 14:25 | Root cause identified; reporting service rolled back | Incident channel |  |',
];

function postmortem(rows: string[]): string {
  return [
    '# Post-Mortem: Timeline test',
    '',
    '## Metadata',
    '- Date: 2026-10-14',
    '',
    '## Timeline',
    '| Time (UTC) | Event | Source | Gap Analysis |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Root Cause Analysis',
    'Pool exhaustion.',
    '',
  ].join('\n');
}

/** A fresh post-mortem file in the workspace, open in an editor. */
async function open(rows: string[], change: (text: string) => string = (text) => text): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems', `timeline-test-${Date.now()}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(change(postmortem(rows))));
  return vscode.window.showTextDocument(uri);
}

const tableRows = (editor: vscode.TextEditor): string[] =>
  editor.document
    .getText()
    .split('\n')
    .filter((l) => /^\| (\d|20)/.test(l));

describe('Timeline helper', () => {
  deleteOpenedFiles();

  it('shows the CodeLens above the Timeline table', async () => {
    const editor = await open(ROWS);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('postmortem.timeline.'));
    assert.deepEqual(
      ours.map((l) => l.command!.title),
      ['Add event', 'Sort', 'Format', 'Analyze gaps', 'Import…'],
    );
    assert.ok(
      ours.every((l) => l.range.start.line === 6),
      'on the table header',
    );
  });

  it('adds an event at the right place with the cursor in its Event cell, in one undo step', async () => {
    const editor = await open([ROWS[4], ROWS[0]]);
    const before = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand('postmortem.timeline.addEvent', editor.document.uri), true);
    const rows = tableRows(editor);
    assert.equal(rows.length, 3);
    const added = rows.find((r) => r.endsWith('|  |  |  |'))!;
    assert.match(added, /^\| (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} \| {2}\| {2}\| {2}\|$/, 'now, in UTC');
    const cursor = editor.selection.active;
    assert.equal(editor.document.lineAt(cursor.line).text, added);
    assert.equal(cursor.character, added.indexOf(' |  |') + 3, 'in the Event cell');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo removes it');
  });

  it('sorts the table by time, in one undo step', async () => {
    const editor = await open([ROWS[2], ROWS[0], ROWS[4], ROWS[1], ROWS[3]]);
    const before = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand('postmortem.timeline.sort', editor.document.uri), true);
    assert.deepEqual(tableRows(editor), ROWS);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('fills the Gap Analysis column with the detection gap', async () => {
    const editor = await open(ROWS);
    const before = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand('postmortem.timeline.analyzeGaps', editor.document.uri), true);
    assert.equal(
      tableRows(editor)[2],
      '| 14:15 | First customer reports login failure | Support ticket | 7-minute detection gap (customer before monitoring) |',
    );
    assert.equal(tableRows(editor)[0], ROWS[0], 'other rows untouched');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('imports events from a log file in time order, without duplicates', async () => {
    const editor = await open(ROWS);
    const file = vscode.Uri.joinPath(workspaceFolder().uri, 'incident.log');
    await vscode.workspace.fs.writeFile(
      file,
      new TextEncoder().encode('2026-10-14T14:09:12Z WARN db-pool: usage 82%\n2026-10-14 16:20:00+02:00 INFO rollback finished\n'),
    );
    try {
      const before = editor.document.getText();
      assert.equal(await vscode.commands.executeCommand('postmortem.timeline.import', { uri: editor.document.uri, file, acceptAll: true }), true);
      assert.deepEqual(
        tableRows(editor).map((r) => r.split('|')[1].trim()),
        ['14:02', '14:08', '14:09', '14:15', '14:18', '14:20', '14:25'],
      );
      assert.equal(tableRows(editor)[2], '| 14:09 | WARN db-pool: usage 82% | incident |  |');
      assert.equal(
        await vscode.commands.executeCommand('postmortem.timeline.import', { uri: editor.document.uri, file, acceptAll: true }),
        false,
        'a second import adds nothing',
      );
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), before, 'one undo removes the import');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it("reads CSV times that say no zone in the timeline's zone, and in the zone given when it states none", async () => {
    const file = vscode.Uri.joinPath(workspaceFolder().uri, 'alerts.csv');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('time,summary\n10/14/2026 2:10 PM,Queue depth alert\n'));
    try {
      // The table says "Time (UTC)": the CSV's 2:10 PM is 14:10 UTC, whatever this machine's zone.
      const editor = await open(ROWS);
      assert.equal(await vscode.commands.executeCommand('postmortem.timeline.import', { uri: editor.document.uri, file, acceptAll: true }), true);
      assert.ok(tableRows(editor).includes('| 14:10 | Queue depth alert | alerts |  |'), tableRows(editor).join('\n'));
      // A timeline that states no zone: without a zone nothing is imported; with one, it is converted to it.
      const plain = await open(ROWS, (text) => text.replace('| Time (UTC) |', '| Time |'));
      const before = plain.document.getText();
      assert.equal(await vscode.commands.executeCommand('postmortem.timeline.import', { uri: plain.document.uri, file, acceptAll: true }), false);
      assert.equal(plain.document.getText(), before, 'nothing changed');
      assert.equal(
        await vscode.commands.executeCommand('postmortem.timeline.import', { uri: plain.document.uri, file, acceptAll: true, zone: 'America/New_York' }),
        true,
      );
      assert.ok(tableRows(plain).includes('| 18:10 | Queue depth alert | alerts |  |'), tableRows(plain).join('\n'));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
