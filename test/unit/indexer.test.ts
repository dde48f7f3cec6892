import * as assert from 'node:assert/strict';
import { BATCH_MS, DEFAULT_CONFIG, Indexer, summarize, type IndexWorkspace, type IndexedFile, type TeamConfig } from '../../src/core';
import { joinLines } from './util';

/** A workspace in memory: files by key (`mem:/folder/path.md`), open editors' unsaved texts, exclusions, one team config per folder. */
class InMemoryWorkspace implements IndexWorkspace {
  readonly files = new Map<string, string>();
  readonly editors = new Map<string, string>();
  readonly excluded = new Set<string>();
  readonly configs = new Map<string, TeamConfig>();
  configReads = 0;
  findCalls = 0;
  /** Resolves findFiles only when the test says so (a slow first scan). */
  hold: Promise<void> | undefined;

  async findFiles(): Promise<readonly string[]> {
    this.findCalls++;
    if (this.hold) await this.hold;
    return [...this.files.keys()].filter((key) => this.isIncluded(key));
  }
  async read(key: string): Promise<string | undefined> {
    return this.editors.get(key) ?? this.files.get(key);
  }
  isIncluded(key: string): boolean {
    return key.endsWith('.md') && !this.excluded.has(key);
  }
  folderOf(key: string): string {
    return key.split('/').slice(0, 2).join('/');
  }
  async configFor(key: string): Promise<TeamConfig> {
    this.configReads++;
    return this.configs.get(this.folderOf(key)) ?? DEFAULT_CONFIG;
  }
  filesFor(): readonly string[] {
    return ['**/*.md'];
  }
  relativePath(key: string): string {
    return key.split('/').slice(2).join('/');
  }
}

function postmortem(title: string, action: string): string {
  return joinLines(
    `# Post-Mortem: ${title}`,
    '',
    '## Metadata',
    '- Date: 2026-10-14',
    '',
    '## Executive Summary',
    'Something broke.',
    '',
    '## Timeline',
    '| Time (UTC) | Event | Source | Gap Analysis |',
    '|---|---|---|---|',
    '| 14:02 | Deploy | CI | -- |',
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status | Ticket |',
    '|---|---|---|---|---|---|---|',
    `| ${action} | Prevent | P1 | SRE | 2026-11-01 | Open |  |`,
    '',
  );
}

const actions = (indexer: Indexer): string[] =>
  indexer.index
    .items()
    .map((i) => i.action)
    .sort();

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the index over a workspace (core Indexer, in-memory workspace)', () => {
  it('scans every included post-mortem, reading the team config once per folder, and leaves out the rest', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/postmortems/one.md', postmortem('One', 'Add alert'));
    ws.files.set('mem:/a/postmortems/two.md', postmortem('Two', 'Add runbook'));
    ws.files.set('mem:/b/incidents/three.md', postmortem('Three', 'Add canary'));
    ws.files.set('mem:/b/notes.md', '# Notes\n\nNothing here.\n');
    ws.files.set('mem:/b/binary.md', 'PK\u0000\u0003 not text');
    ws.files.set('mem:/b/skipped.md', postmortem('Skipped', 'Never read'));
    ws.excluded.add('mem:/b/skipped.md');
    const indexer = new Indexer(ws);
    let fired = 0;
    indexer.onDidChange(() => fired++);
    await indexer.rescan();
    assert.deepEqual(actions(indexer), ['Add alert', 'Add canary', 'Add runbook']);
    assert.equal(ws.configReads, 2, 'one per folder');
    assert.equal(fired, 1);
  });

  it('reads changed files again after the batch delay, and drops deleted ones', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add alert'));
    const indexer = new Indexer(ws);
    await indexer.rescan();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add a better alert'));
    ws.files.set('mem:/a/two.md', postmortem('Two', 'Add runbook'));
    indexer.queue('mem:/a/one.md');
    indexer.queue('mem:/a/two.md');
    assert.deepEqual(actions(indexer), ['Add alert'], 'not before the batch delay');
    await indexer.whenReady();
    assert.deepEqual(actions(indexer), ['Add a better alert', 'Add runbook']);
    ws.files.delete('mem:/a/two.md');
    indexer.queue('mem:/a/two.md');
    await indexer.whenReady();
    assert.deepEqual(actions(indexer), ['Add a better alert']);
  });

  it("reads an open editor's unsaved text over the file, as it is typed", async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add alert'));
    const indexer = new Indexer(ws);
    await indexer.rescan();
    let typed = postmortem('One', 'Add alert (typing…)');
    indexer.queueText('mem:/a/one.md', () => typed);
    typed = postmortem('One', 'Add alert on queue age');
    await later(BATCH_MS + 50);
    assert.deepEqual(actions(indexer), ['Add alert on queue age'], 'the text as it is when the delay ends');
  });

  it('reads a file changed during a scan again after it, and a newer scan replaces a running one', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Old action'));
    // The scan reads the old text, then waits; meanwhile the file changes and its own update lands first.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = ws.read.bind(ws);
    let reads = 0;
    ws.read = async (key) => {
      const text = await read(key);
      if (reads++ === 0) await gate;
      return text;
    };
    const indexer = new Indexer(ws);
    const scan = indexer.rescan();
    await later(10);
    ws.files.set('mem:/a/one.md', postmortem('One', 'New action'));
    indexer.queue('mem:/a/one.md');
    await later(BATCH_MS + 50);
    assert.deepEqual(actions(indexer), ['New action'], 'the change is read while the scan waits');
    release();
    await scan;
    await indexer.whenReady();
    assert.deepEqual(actions(indexer), ['New action'], "the scan's older text does not win");

    let hold!: () => void;
    ws.hold = new Promise((resolve) => (hold = resolve));
    const stale = indexer.rescan();
    ws.hold = undefined;
    ws.files.set('mem:/a/two.md', postmortem('Two', 'Second file'));
    const fresh = indexer.rescan();
    hold();
    await Promise.all([stale, fresh]);
    assert.deepEqual(actions(indexer), ['New action', 'Second file']);
  });

  it('fills the views before reading the search text and timeline figures, which come on first request and stay', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add alert'));
    ws.files.set('mem:/a/two.md', postmortem('Two', 'Add runbook'));
    const indexer = new Indexer(ws);
    let changes = 0;
    indexer.onDidChange(() => changes++);
    await indexer.rescan();
    const one = (): IndexedFile => indexer.index.get('mem:/a/one.md')!;
    assert.deepEqual(actions(indexer), ['Add alert', 'Add runbook'], 'the action items are there at once');
    assert.equal(one().insights, false);
    assert.equal(one().text, undefined);
    assert.equal(changes, 1);

    await indexer.whenInsightsReady();
    assert.equal(changes, 2, 'one change for the whole pass');
    assert.ok(indexer.index.files().every((f) => f.insights));
    assert.equal(one().text?.summary, 'Something broke.');
    const direct = summarize('mem:/a/one.md', ws.files.get('mem:/a/one.md')!, 'one.md', DEFAULT_CONFIG);
    assert.deepEqual([one().text, one().figures], [direct?.text, direct?.figures], 'as a direct reading gives them');

    // From now on a changed file, and a new scan, read them too.
    ws.files.set('mem:/a/two.md', postmortem('Two', 'Add runbook').replace('Something broke.', 'The queue backed up.'));
    indexer.queue('mem:/a/two.md');
    await indexer.whenReady();
    assert.equal(indexer.index.get('mem:/a/two.md')?.text?.summary, 'The queue backed up.');
    await indexer.rescan();
    await indexer.whenInsightsReady();
    assert.ok(
      indexer.index.files().every((f) => f.insights && f.text !== undefined),
      'read again after the scan',
    );
  });

  it('reads the search text after a newer scan when one starts during its pass', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add alert'));
    const indexer = new Indexer(ws);
    await indexer.rescan();
    const pass = indexer.whenInsightsReady();
    ws.files.set('mem:/a/two.md', postmortem('Two', 'Add runbook'));
    const scan = indexer.rescan();
    await Promise.all([pass, scan]);
    await indexer.whenInsightsReady();
    assert.deepEqual(
      indexer.index.files().map((f) => [f.title, f.insights, f.text?.summary]),
      [
        ['One', true, 'Something broke.'],
        ['Two', true, 'Something broke.'],
      ],
    );
  });

  it('keeps the other files when one cannot be read or summarized', async () => {
    const ws = new InMemoryWorkspace();
    ws.files.set('mem:/a/one.md', postmortem('One', 'Add alert'));
    ws.files.set('mem:/a/huge.md', 'x');
    const read = ws.read.bind(ws);
    ws.read = async (key) => (key.endsWith('huge.md') ? undefined : read(key));
    const indexer = new Indexer(ws);
    await indexer.rescan();
    assert.deepEqual(actions(indexer), ['Add alert']);
  });
});
