import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, testingApi, closeAllEditors, readText, renderedText, waitFor, workspaceFolder } from './helpers';

/** Documents in the shapes teams write, from the repository's test/fixtures/shapes (the extension under test is the repository). */
const fixture = (path: string): vscode.Uri =>
  vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'test', 'fixtures', 'shapes', path);
const COPIED = [
  'incidents/2024-03-05--cache-stampede.md',
  'docs/retros/2024-07-09-search-retrospective.md',
  'reports/2024-02-11-login-outage.md',
  'templates/postmortem-template.md',
  'docs/writing-postmortems.md',
  'docs/README.md',
];

const api = testingApi;

const target = (path: string): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'mixed', path);

describe('a workspace of post-mortems in many shapes', () => {
  before(async () => {
    for (const path of COPIED) await vscode.workspace.fs.writeFile(target(path), await vscode.workspace.fs.readFile(fixture(path)));
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder().uri, 'mixed'), { recursive: true });
  });

  it('lists them in the Post-Mortems view where they live, newest first, the template last, no article or README', async () => {
    const exports = await api();
    const titles = (): string[] => exports.postmortems.files().map((f) => f.title);
    const expected = [
      'Retrospective: Search indexing stall',
      '2024-03-05: Cache stampede on the catalog API',
      'Incident report February 11 2024 - Login outage',
      'Title (incident #)',
    ];
    await waitFor('the copied post-mortems in the view', () => expected.every((t) => titles().includes(t)), 30_000);
    const mixed = exports.postmortems.files().filter((f) => f.file.includes('/mixed/'));
    assert.deepEqual(
      mixed.map((f) => [f.title, f.kind, f.incidentDate]),
      [
        ['Retrospective: Search indexing stall', 'postmortem', '2024-07-09'],
        ['2024-03-05: Cache stampede on the catalog API', 'postmortem', '2024-03-05'],
        ['Incident report February 11 2024 - Login outage', 'postmortem', '2024-02-11'],
        ['Title (incident #)', 'template', undefined],
      ],
    );
    const item = exports.postmortems.getTreeItem(mixed[0]);
    assert.equal(item.description, '2024-07-09 · 3 open');
    assert.match(renderedText(item.tooltip as vscode.MarkdownString), /Read as a post-mortem because: title says "Retrospective"; 3 incident sections/);
    assert.equal(item.command?.command, 'vscode.open');
  });

  it('lists their action items in the Action Items view, with groups and states', async () => {
    const exports = await api();
    await exports.actionItems.setState({ grouping: 'postmortem', filters: { mine: false, overdue: false, highPriority: false, showDone: false } });
    const group = await waitFor("the retrospective's items", () =>
      exports.actionItems.getChildren().find((n) => n.kind === 'group' && n.group.label === 'Retrospective: Search indexing stall'),
    );
    const items = exports.actionItems.getChildren(group).map((n) => (n.kind === 'item' ? [n.item.action, n.item.state, n.item.group] : []));
    assert.deepEqual(items, [
      ['Ignore unknown fields in the indexer', 'inProgress', 'Indexing'],
      ['Ensure that alerting is in place for: consumer lag, deserialization errors', 'open', 'Indexing'],
      ['Share the rollback steps with the listings team', 'open', 'Process'],
    ]);
    assert.ok(!exports.actionItems.getChildren().some((n) => n.kind === 'group' && n.group.label === 'Title (incident #)'), 'a template has no items');
  });

  it('checks them as their own shape: no errors, the zone hint, nothing for an article', async () => {
    const retro = await vscode.workspace.openTextDocument(target('docs/retros/2024-07-09-search-retrospective.md'));
    await vscode.window.showTextDocument(retro);
    const diagnostics = await waitFor('diagnostics of the retrospective', () => {
      const found = vscode.languages.getDiagnostics(retro.uri).filter((d) => d.source === 'postmortem');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      [],
    );
    const zone = diagnostics.find((d) => (d.code as { value: string }).value === 'timeline-zone-mismatch')!;
    assert.equal(zone.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(zone.range.start.line, 8);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', retro.uri, new vscode.Position(0, 3));
    const text = hover.flatMap((h) => h.contents.map((c) => renderedText(typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Read as a post-mortem because: title says "Retrospective"/);

    const article = await vscode.workspace.openTextDocument(target('docs/writing-postmortems.md'));
    await vscode.window.showTextDocument(article);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      vscode.languages.getDiagnostics(article.uri).filter((d) => d.source === 'postmortem'),
      [],
      'an article about post-mortems is left alone',
    );
  });

  it('Mark Done ticks the task box where it is written, in one undo step', async () => {
    const exports = await api();
    const group = exports.actionItems.getChildren().find((n) => n.kind === 'group' && n.group.label === 'Incident report February 11 2024 - Login outage')!;
    const node = exports.actionItems
      .getChildren(group)
      .find((n) => n.kind === 'item' && n.item.action === 'Add the login service to the certificate inventory')!;
    assert.ok(await vscode.commands.executeCommand('postmortem.actionItems.markDone', node));
    const uri = target('reports/2024-02-11-login-outage.md');
    assert.match(await readText(uri), /^- \[x\] Add the login service to the certificate inventory$/m);
    const editor = await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('undo');
    assert.match(editor.document.getText(), /^- \[ \] Add the login service to the certificate inventory$/m);
    await editor.document.save();
  });
});
