import * as assert from 'node:assert/strict';
import {
  ActionIndex,
  DEFAULT_CONFIG,
  TEMPLATE,
  applyEdits,
  buildIndex,
  completionRate,
  filterItems,
  formatIsoDate,
  groupItems,
  markDoneEdits,
  plainItem,
  parsePostmortem,
  resolveDue,
  summarize,
  ticketLink,
  ticketUrl,
  timeSlicer,
  type IndexedItem,
} from '../../src/core';
import { FIXTURE_WORKSPACE, joinLines, readFixture, runCli } from './util';

const TODAY = '2026-11-28';
const NONE = { mine: false, overdue: false, highPriority: false, showDone: false };

function doc(date: string, ...rows: string[]): string {
  return joinLines(
    '# Post-Mortem: Test',
    '',
    '## Metadata',
    `- Date: ${date}`,
    '',
    '## Action Items',
    '| Action | Type | Priority | Owner | Due | Status |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  );
}

function files(index: ActionIndex): Map<string, ReturnType<ActionIndex['files']>[number]> {
  return new Map(index.files().map((f) => [f.file, f]));
}

describe('action-item index', () => {
  it('summarizes a post-mortem into short items, and skips other Markdown', () => {
    const summary = summarize('a.md', readFixture('2026-11-03-payment-webhook-backlog.md'), 'notes/x.md', DEFAULT_CONFIG)!;
    assert.equal(summary.title, 'Payment webhooks delayed for 3 hours');
    assert.equal(summary.incidentDate, '2026-11-03');
    assert.equal(summary.severity, 'SEV1');
    assert.deepEqual(plainItem(summary.items[0]), {
      file: 'a.md',
      line: 48,
      action: 'Alert on webhook queue age, not only depth',
      type: 'Detect',
      priority: 'P0',
      owner: '',
      due: '2026-11-10',
      dueDate: '2026-11-10',
      status: 'Open',
      ticket: '',
      state: 'open',
      done: false,
      doneDate: undefined,
      group: undefined,
    });
    assert.equal(summarize('n.md', readFixture('README.md'), 'postmortems/x.md', DEFAULT_CONFIG), undefined);
    assert.deepEqual(summarize('t.md', TEMPLATE, 'notes/x.md', DEFAULT_CONFIG)!.items, [], "the template's [ACTION] row is no item");
  });

  it("agrees with the diagnostics' model on every item of the fixture workspace", () => {
    for (const name of [
      '2026-09-22-shakespeare-search-outage.md',
      '2026-10-14-login-failures-after-reporting-deploy.md',
      '2026-11-03-payment-webhook-backlog.md',
    ]) {
      const text = readFixture(name);
      const model = parsePostmortem(text).actions!.items;
      const indexed = summarize(name, text, 'postmortems/x.md', DEFAULT_CONFIG)!.items;
      assert.deepEqual(
        indexed.map((i) => [i.line, i.action, i.owner, i.priority, i.done]),
        model.map((i) => [i.row.line, i.action, i.owner, i.priority, i.done]),
      );
    }
  });

  it('builds from many files with bounded concurrency, and updates one file', async () => {
    const texts = new Map<string, string>();
    for (let i = 0; i < 50; i++) texts.set(`f${i}.md`, doc('2026-11-01', `| Item ${i} | Prevent | P${i % 4} | Team ${i % 3} | 2026-12-01 | Open |`));
    texts.set('broken.md', '\u0000\u0001binary');
    const index = new ActionIndex();
    let inFlight = 0;
    let maxInFlight = 0;
    const read = async (file: string): Promise<string | undefined> => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return texts.get(file);
    };
    const ok = await buildIndex(
      index,
      [...texts.keys(), 'missing.md'],
      read,
      (f, t) => summarize(f, t, 'postmortems/x.md', DEFAULT_CONFIG),
      timeSlicer(5, Date.now, () => new Promise((r) => setTimeout(r, 0))),
      8,
    );
    assert.equal(ok, true);
    assert.equal(index.size, 50);
    assert.ok(maxInFlight <= 8);
    index.set(
      'f3.md',
      summarize('f3.md', doc('2026-11-01', '| Item 3 renamed | Prevent | P1 | Ana | 2026-12-01 | Done |'), 'postmortems/x.md', DEFAULT_CONFIG),
    );
    assert.deepEqual(
      index.get('f3.md')!.items.map((i) => [i.action, i.done]),
      [['Item 3 renamed', true]],
    );
    index.delete('f4.md');
    assert.equal(index.items().length, 49);
  });

  it('gives the thread back every slice when files are read at once, however many readers run', async () => {
    // A clock that only reading a file moves (1 ms a file), and a probe that notes it at every turn of the event loop.
    let clock = 0;
    const turns: number[] = [];
    let probing = true;
    const probe = (): void => {
      turns.push(clock);
      if (probing) setTimeout(probe, 0);
    };
    probe();
    const index = new ActionIndex();
    const text = doc('2026-11-01', '| Item | Prevent | P1 | Ana | 2026-12-01 | Open |');
    const files = Array.from({ length: 400 }, (_, i) => `f${i}.md`);
    const ok = await buildIndex(
      index,
      files,
      (file) => Promise.resolve(file.endsWith('.md') ? text : undefined),
      (f, t) => {
        clock++;
        return summarize(f, t, 'postmortems/x.md', DEFAULT_CONFIG);
      },
      timeSlicer(
        5,
        () => clock,
        () => new Promise((r) => setTimeout(r, 0)),
      ),
      32,
    );
    probing = false;
    assert.equal(ok, true);
    assert.equal(index.size, 400);
    const longest = Math.max(...turns.slice(1).map((t, i) => t - turns[i]));
    // A slice and the one summary that ended it: not a slice for each reader, nor a summary more for each.
    assert.ok(longest <= 5 + 1, `${longest} ms of reading between two turns of the event loop`);
    assert.ok(turns.length > 400 / (5 + 1), `${turns.length} turns`);
  });

  it('lists files newest incident first, undated first, and keeps its lists until a file changes', () => {
    const index = new ActionIndex();
    const put = (file: string, date: string, action: string) =>
      index.set(file, summarize(file, doc(date, `| ${action} | Prevent | P1 | Ana | 2026-12-01 | Open |`), `postmortems/${file}`, DEFAULT_CONFIG));
    put('a.md', '2026-01-05', 'A');
    put('b.md', '2026-03-01', 'B');
    put('c.md', '[YYYY-MM-DD]', 'C');
    assert.deepEqual(
      index.files().map((f) => f.file),
      ['c.md', 'b.md', 'a.md'],
    );
    const before = index.items();
    assert.equal(index.items(), before, 'the same list while nothing changes');
    put('a.md', '2026-01-05', 'A edited');
    assert.notEqual(index.items(), before);
    assert.deepEqual(
      index.items().map((i) => i.action),
      ['C', 'B', 'A edited'],
    );
    put('a.md', '2026-06-30', 'A moved');
    assert.deepEqual(
      index.items().map((i) => i.action),
      ['C', 'A moved', 'B'],
    );
    index.delete('c.md');
    assert.deepEqual(
      index.files().map((f) => f.file),
      ['a.md', 'b.md'],
    );
  });

  it('stops when cancelled', async () => {
    let cancelled = false;
    const index = new ActionIndex();
    const ok = await buildIndex(
      index,
      Array.from({ length: 100 }, (_, i) => `f${i}`),
      async () => {
        cancelled = true;
        return doc('2026-01-01');
      },
      (f, t) => summarize(f, t, 'postmortems/x.md', DEFAULT_CONFIG),
      timeSlicer(
        5,
        Date.now,
        async () => undefined,
        () => cancelled,
      ),
      4,
    );
    assert.equal(ok, false);
    assert.ok(index.size < 100);
  });

  describe('due dates', () => {
    const sprint = { sprint: { lengthDays: 14, start: '2026-01-05' } };
    const at = (due: string, incident: string): string | undefined => {
      const date = resolveDue(due, new Date(Number(incident.slice(0, 4)), Number(incident.slice(5, 7)) - 1, Number(incident.slice(8))), sprint);
      return date && formatIsoDate(date);
    };

    it('resolves sprints across month and year ends', () => {
      assert.equal(at('This sprint', '2026-01-05'), '2026-01-18', 'first day of a sprint');
      assert.equal(at('This sprint', '2026-01-18'), '2026-01-18', 'last day of a sprint');
      assert.equal(at('This sprint', '2026-01-30'), '2026-02-01', 'across a month end');
      assert.equal(at('This sprint', '2026-12-25'), '2027-01-03', 'across a year end');
      assert.equal(at('Next sprint', '2026-12-25'), '2027-01-17');
      assert.equal(at('This sprint', '2025-12-31'), '2026-01-04', 'before the configured start');
      assert.equal(at('this  SPRINT', '2026-03-01'), '2026-03-01');
    });

    it('resolves quarters and keeps ISO dates', () => {
      assert.equal(at('This quarter', '2026-11-03'), '2026-12-31');
      assert.equal(at('Next quarter', '2026-11-03'), '2027-03-31');
      assert.equal(at('2026-02-28', '2026-11-03'), '2026-02-28');
      assert.equal(at('someday', '2026-11-03'), undefined);
      assert.equal(resolveDue('This sprint', undefined, sprint), undefined, 'no incident date, no relative due');
    });

    it("resolves each term from its own post-mortem's date and its own team's sprint", () => {
      // The index remembers resolved terms: the same words must still give each incident and team its own date.
      const due = (date: string, config: { sprint: { lengthDays: number; start: string } }, term = 'Next sprint'): (string | undefined)[] =>
        summarize('a.md', doc(date, `| Fix | Prevent | P1 | Ana | ${term} | Open |`, '| Other | Detect | P2 | Bo |  | Open |'), 'a.md', config)!.items.map(
          (i) => i.dueDate,
        );
      const weekly = { sprint: { lengthDays: 7, start: '2026-01-05' } };
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(due('2026-12-25', sprint), ['2027-01-17', undefined]);
        assert.deepEqual(due('2026-12-26', sprint), ['2027-01-17', undefined]);
        assert.deepEqual(due('2026-01-05', sprint), ['2026-02-01', undefined]);
        assert.deepEqual(due('2026-01-05', weekly), ['2026-01-18', undefined], "another team's sprint");
        assert.deepEqual(due('2026-01-05', { sprint: { lengthDays: 14, start: '2026-01-12' } }), ['2026-01-25', undefined], 'another start');
        assert.deepEqual(due('2026-11-03', sprint, 'Next quarter'), ['2027-03-31', undefined]);
        assert.deepEqual(due('2026-11-03', sprint, 'someday'), [undefined, undefined]);
      }
    });
  });

  describe('views of the items', () => {
    const index = new ActionIndex();
    index.set(
      'old.md',
      summarize(
        'old.md',
        doc(
          '2026-09-01',
          '| Old P0 | Prevent | P0 | Ana | 2026-09-10 | Done 2026-09-09 |',
          '| Old P1 late | Detect | P1 | SRE team | 2026-09-10 | Done 2026-09-20 |',
          '| Old open | Process | P2 | | | |',
        ),
        'postmortems/x.md',
        DEFAULT_CONFIG,
      ),
    );
    index.set(
      'new.md',
      summarize(
        'new.md',
        doc(
          '2026-11-20',
          '| New overdue | Prevent | P1 | Ana, SRE team | 2026-11-25 | Open |',
          '| New later | Mitigate | P3 | Bo | 2027-01-10 | Open |',
          '| New soon | Detect | P0 | Bo | 2026-12-02 | |',
        ),
        'postmortems/x.md',
        DEFAULT_CONFIG,
      ),
    );
    const items = index.items();
    const labels = (groups: ReturnType<typeof groupItems>): [string, string[]][] => groups.map((g) => [g.label, g.items.map((i) => i.action)]);

    it('hides done items unless asked, and filters mine, overdue and P0/P1', () => {
      assert.deepEqual(
        filterItems(items, NONE, TODAY, []).map((i) => i.action),
        ['New overdue', 'New later', 'New soon', 'Old open'],
        'the index lists the newest post-mortem first, each in table order',
      );
      assert.equal(filterItems(items, { ...NONE, showDone: true }, TODAY, []).length, 6);
      assert.deepEqual(
        filterItems(items, { ...NONE, mine: true }, TODAY, ['sre team']).map((i) => i.action),
        ['New overdue'],
        'a cell naming several owners matches each',
      );
      assert.deepEqual(
        filterItems(items, { ...NONE, overdue: true }, TODAY, []).map((i) => i.action),
        ['New overdue'],
      );
      assert.deepEqual(
        filterItems(items, { ...NONE, highPriority: true }, TODAY, []).map((i) => i.action),
        ['New overdue', 'New soon'],
      );
    });

    it('groups by post-mortem (newest first), owner, priority and due (overdue first)', () => {
      const open = filterItems(items, NONE, TODAY, []);
      assert.deepEqual(
        groupItems(open, 'postmortem', TODAY, files(index)).map((g) => g.key),
        ['pm:new.md', 'pm:old.md'],
      );
      assert.deepEqual(
        groupItems([...open].reverse(), 'postmortem', TODAY, files(index)).map((g) => g.key),
        ['pm:new.md', 'pm:old.md'],
        'items in any order',
      );
      assert.deepEqual(labels(groupItems(open, 'owner', TODAY, files(index))), [
        ['Ana, SRE team', ['New overdue']],
        ['Bo', ['New soon', 'New later']],
        ['No owner', ['Old open']],
      ]);
      assert.deepEqual(labels(groupItems(open, 'priority', TODAY, files(index))), [
        ['P0', ['New soon']],
        ['P1', ['New overdue']],
        ['P2', ['Old open']],
        ['P3', ['New later']],
      ]);
      assert.deepEqual(labels(groupItems(open, 'due', TODAY, files(index))), [
        ['Overdue', ['New overdue']],
        ['Due in the next 7 days', ['New soon']],
        ['Later', ['New later']],
        ['No due date', ['Old open']],
      ]);
    });

    it('groups by post-mortem alike whether the items come as the index gives them or in another order', () => {
      const other = new ActionIndex();
      // a and b tie (same date, same title); c is older; d has no date yet, so it comes first.
      for (const [file, date] of [
        ['a.md', '2026-10-01'],
        ['b.md', '2026-10-01'],
        ['c.md', '2026-09-01'],
        ['d.md', 'TBD'],
      ] as const) {
        const rows = [1, 2].map((n) => `| ${file} item ${n} | Prevent | P2 | Bo | 2026-12-20 | Open |`);
        other.set(file, summarize(file, doc(date, ...rows), `postmortems/${file}`, DEFAULT_CONFIG));
      }
      const grouped = (list: readonly IndexedItem[]): [string, string[]][] =>
        groupItems(list, 'postmortem', TODAY, files(other)).map((g) => [g.key, g.items.map((i) => i.action)]);
      const inIndexOrder = grouped(other.items());
      assert.deepEqual(
        inIndexOrder.map(([key]) => key),
        ['pm:d.md', ...(inIndexOrder[1][0] === 'pm:a.md' ? ['pm:a.md', 'pm:b.md'] : ['pm:b.md', 'pm:a.md']), 'pm:c.md'],
      );
      for (const [key, actions] of inIndexOrder) {
        assert.deepEqual(
          actions,
          [1, 2].map((n) => `${key.slice(3)} item ${n}`),
        );
      }
      // Without the tie the runs are taken as they come; the same runs with the oldest file's first are
      // sorted again: the same groups.
      const byFile = other.files().filter((f) => f.file !== 'b.md');
      const runs = grouped(byFile.flatMap((f) => f.items));
      assert.deepEqual(runs, [...inIndexOrder.slice(0, 1), ...inIndexOrder.slice(1, 4).filter(([key]) => key !== 'pm:b.md')]);
      assert.deepEqual(grouped([byFile[2], ...byFile.slice(0, 2)].flatMap((f) => f.items)), runs);
      // A file's items apart: still one group per file.
      const [first, second] = other.files().filter((f) => f.file === 'a.md' || f.file === 'c.md');
      assert.deepEqual(grouped([first.items[0], second.items[0], first.items[1], second.items[1]]), [
        [`pm:${first.file}`, first.items.map((i) => i.action)],
        [`pm:${second.file}`, second.items.map((i) => i.action)],
      ]);
    });

    it('merges owners written in two cases into one group, by due date then priority, ties in the order given', () => {
      const other = new ActionIndex();
      for (const [file, date, rows] of [
        ['a.md', '2026-10-01', ['| A late | Prevent | P2 | bo | 2026-12-20 | Open |', '| A first | Detect | P1 | Bo | 2026-12-01 | Open |']],
        [
          'b.md',
          '2026-09-01',
          [
            '| B tie P0 | Prevent | P0 | BO | 2026-12-20 | Open |',
            '| B tie P2 | Detect | P2 | bo | 2026-12-20 | Open |',
            '| B none | Process | P1 | Ana | | |',
          ],
        ],
      ] as const) {
        other.set(file, summarize(file, doc(date, ...rows), `postmortems/${file}`, DEFAULT_CONFIG));
      }
      assert.deepEqual(labels(groupItems(other.items(), 'owner', TODAY, files(other))), [
        ['Ana', ['B none']],
        ['bo', ['A first', 'B tie P0', 'A late', 'B tie P2']],
      ]);
      assert.deepEqual(labels(groupItems(other.items(), 'priority', TODAY, files(other))), [
        ['P0', ['B tie P0']],
        ['P1', ['A first', 'B none']],
        ['P2', ['A late', 'B tie P2']],
      ]);
    });

    it('computes the completion rate of P0/P1 items done on time', () => {
      // Counted: Old P0 (on time), Old P1 late (late), New overdue (overdue). New soon is not due yet.
      assert.deepEqual(completionRate(items, TODAY), { onTime: 1, counted: 3, rate: 1 / 3 });
      assert.deepEqual(completionRate([], TODAY), { onTime: 0, counted: 0, rate: undefined });
    });

    it('builds ticket links and new-ticket URLs', () => {
      const item = items.find((i) => i.action === 'New overdue') as IndexedItem;
      const url = ticketUrl('https://github.com/acme/ops/issues/new?title={title}&body={body}', item, 'Test');
      assert.ok(url.startsWith('https://github.com/acme/ops/issues/new?title=New%20overdue&body=Action%20item'));
      assert.equal(ticketLink('[OPS-1](https://t.example/OPS-1)'), 'https://t.example/OPS-1');
      assert.equal(ticketLink('see https://t.example/2 now'), 'https://t.example/2');
      assert.equal(ticketLink('OPS-3'), undefined);
    });
  });

  describe('mark done', () => {
    it('writes Done and the date into the Status cell', () => {
      const text = doc('2026-11-01', '| A | Prevent | P1 | Ana | 2026-12-01 | Open |', '| B | Prevent | P1 | Ana | 2026-12-01 | |');
      const model = parsePostmortem(text);
      const lines = text.split('\n');
      const once = applyEdits(text, markDoneEdits(model, model.actionItems[1], TODAY, lines));
      assert.match(once, /^\| B \| Prevent \| P1 \| Ana \| 2026-12-01 \| Done 2026-11-28 \|$/m);
      assert.equal(once.split('\n').length, lines.length);
    });

    it('adds a Status column when the table has none, in one edit per line', () => {
      const text = joinLines('# Post-Mortem: T', '## Action Items', '| Action | Owner |', '|---|---|', '| A | Ana |', '| B |');
      const model = parsePostmortem(text);
      const edits = markDoneEdits(model, model.actionItems[1], TODAY, text.split('\n'));
      assert.equal(edits.length, 4);
      assert.equal(
        applyEdits(text, edits),
        joinLines('# Post-Mortem: T', '## Action Items', '| Action | Owner | Status |', '|---|---|---|', '| A | Ana |  |', '| B | | Done 2026-11-28 |'),
      );
      const after = parsePostmortem(applyEdits(text, edits)).actions!.items;
      assert.deepEqual(
        after.map((i) => [i.action, i.done]),
        [
          ['A', false],
          ['B', true],
        ],
      );
    });

    it('turns TODO into DONE in the SRE book layout', () => {
      const text = readFixture('2026-09-22-shakespeare-search-outage.md');
      const model = parsePostmortem(text);
      const item = model.actionItems[1];
      const fixed = applyEdits(text, markDoneEdits(model, item, TODAY, text.split('\n')));
      assert.equal(parsePostmortem(fixed).actions!.items[1].done, true);
      assert.match(fixed, /Bug 5554823 \*\*DONE\*\*/);
    });
  });

  describe('postmortem actions (CLI)', () => {
    it('prints the items as JSON from the same index code', async () => {
      const { status, out } = await runCli(['actions', '.', '--format', 'json', '--today', TODAY, '--open'], FIXTURE_WORKSPACE);
      assert.equal(status, 0);
      const items = JSON.parse(out) as Record<string, unknown>[];
      assert.equal(items.length, 9);
      assert.deepEqual(
        items.find((i) => i.action === 'Canary stage for worker config changes'),
        {
          file: 'postmortems/2026-11-03-payment-webhook-backlog.md',
          line: 52,
          action: 'Canary stage for worker config changes',
          type: 'Prevent',
          priority: 'P1',
          owner: 'Platform team',
          due: '2026-11-22',
          status: 'Open',
          state: 'open',
          done: false,
          overdue: true,
          ticket: '[PAY-88](https://tracker.example.com/PAY-88)',
          group: null,
        },
      );
    });

    it('lists done items without --open, and refuses sarif', async () => {
      assert.match((await runCli(['actions', '.', '--today', TODAY], FIXTURE_WORKSPACE)).out, /^16 action items: 9 open, 3 overdue\.$/m);
      const sarif = await runCli(['actions', '.', '--format', 'sarif'], FIXTURE_WORKSPACE);
      assert.equal(sarif.status, 2);
      assert.match(sarif.err, /--format must be text, json/);
    });
  });
});
