import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, renderedText, testingApi, waitFor, workspaceFolder } from './helpers';

function postmortem(title: string, service: string, rootCause: string): string {
  return [
    `# Post-Mortem: ${title}`,
    '',
    '## Metadata',
    '- Date: 2026-08-04',
    '- Severity: SEV2',
    `- Services: ${service}`,
    '',
    '## Executive Summary',
    `${title}.`,
    '',
    '## Root Cause Analysis',
    rootCause,
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    '| Add an alert | Detect | P1 | SRE | 2026-09-01 | Open |',
    '',
  ].join('\n');
}

describe('Search Post-Mortems and the Related view', () => {
  const folder = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'search-test');
  const first = (): vscode.Uri => vscode.Uri.joinPath(folder(), '2026-08-04-ledger-lag.md');
  const second = (): vscode.Uri => vscode.Uri.joinPath(folder(), '2026-09-10-ledger-replica.md');

  before(async () => {
    const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await write(
      first(),
      postmortem('Ledger replica lag stalled settlements', 'ledger-db', 'Replication lag on the ledger replica grew after a vacuum froze writes.'),
    );
    await write(
      second(),
      postmortem(
        'Settlement reports late after ledger replica failover',
        'ledger-db',
        'The ledger replica failed over during a vacuum and replication restarted.',
      ),
    );
    const testing = await testingApi();
    await waitFor('the index to read both post-mortems', () => testing.index.index.get(second().toString()) && testing.index.index.get(first().toString()));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(folder(), { recursive: true }).then(undefined, () => undefined);
  });

  it('is a palette command in the Post-Mortem category, with the view beside the others', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('postmortem.search'));
    assert.ok(commands.includes('postmortem.related.focus'), 'the Related view is contributed');
  });

  it('finds a post-mortem from a word of its root cause, with a typo, and follows an edit of the file', async () => {
    const testing = await testingApi();
    let search = await testing.search.ready();
    const hits = search.search('replicaton froze');
    assert.equal(hits[0]?.title, 'Ledger replica lag stalled settlements', JSON.stringify(hits));
    assert.match(hits[0].why, /root cause: .*replication.*froze|root cause: .*froze.*replication/);
    await vscode.workspace.fs.writeFile(
      first(),
      new TextEncoder().encode(postmortem('Ledger replica lag stalled settlements', 'ledger-db', 'A disk filled up on the ledger replica.')),
    );
    search = await waitFor('the search to read the edited file', async () => {
      const ready = await testing.search.ready();
      return ready.search('disk filled')[0]?.file === first().toString() ? ready : undefined;
    });
    assert.ok(!search.search('vacuum froze').some((h) => h.file === first().toString()), 'the old text is no longer found');
  });

  it('lists the post-mortems related to the open one, and says why', async () => {
    const testing = await testingApi();
    await vscode.commands.executeCommand('postmortem.related.focus');
    await vscode.window.showTextDocument(second());
    const rows = await waitFor('the Related view to list the other ledger post-mortem', async () => {
      await testing.relatedUpdated();
      const found = testing.related.getChildren();
      return found.some((r) => r.hit.file === first().toString()) ? found : undefined;
    });
    const row = rows.find((r) => r.hit.file === first().toString())!;
    assert.ok(row.hit.why.includes('same service: ledger-db'), row.hit.why.join(' | '));
    // Under it, one row per reason.
    assert.deepEqual(
      testing.related.getChildren(row).map((r) => testing.related.getTreeItem(r).label),
      row.hit.why,
    );
    assert.equal(testing.related.subject?.file, second().toString());
    const item = testing.related.getTreeItem(row);
    assert.equal(item.label, 'Ledger replica lag stalled settlements');
    assert.match(String(item.description), /^2026-08-04 · same service: ledger-db/);
    assert.match(renderedText(item.tooltip as vscode.MarkdownString), /Related because:[\s\S]*same service: ledger-db/);
    assert.equal(String(item.command?.arguments?.[0]), first().toString());
    // Never related to itself.
    assert.ok(!rows.some((r) => r.hit.file === second().toString()));
  });
});
