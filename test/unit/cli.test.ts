import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocument, type ReadDir } from '../../src/cli/files';
import { JsonArrayWriter, actionRecord, actionsJsonPart, jsonArray, modelActionsJson } from '../../src/cli/format';
import fc from 'fast-check';
import { RULES, indexedItems, lintModel, parseActionModel, parsePostmortem, splitLines, type IndexedItem, type Rule } from '../../src/core';
import { FIXTURE_WORKSPACE, ROOT, mutatedDocuments, practiceExample, runCli } from './util';

const run = runCli;

describe('streamed JSON', () => {
  it('writes an array batch by batch exactly as JSON.stringify(items, null, 2) does, on 500 random arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), (items) => assert.equal([...jsonArray(items)].join(''), JSON.stringify(items, null, 2))),
      { numRuns: 500 },
    );
  });

  it('joins its batches of 500 items, and indents the array inside an enclosing one', () => {
    const items = Array.from({ length: 1201 }, (_, i) => ({ n: i, tags: i % 2 ? ['a', 'b'] : [], note: i % 3 ? null : 'x\ny' }));
    assert.equal([...jsonArray(items)].join(''), JSON.stringify(items, null, 2));
    const nested = JSON.stringify({ results: items }, null, 2);
    assert.equal(`{\n  "results": ${[...jsonArray(items, '  ')].join('')}\n}`, nested);
    assert.equal([...jsonArray([], '  ')].join(''), '[]');
  });
});

describe('actions JSON written a part at a time', () => {
  const item = fc.record({
    file: fc.oneof(fc.constantFrom('a.md', 'b "c".md', 'd\\e.md'), fc.string()),
    line: fc.nat(),
    action: fc.string(),
    type: fc.string(),
    priority: fc.string(),
    owner: fc.string(),
    due: fc.string(),
    dueDate: fc.option(fc.constantFrom('2026-01-01', '2026-12-31'), { nil: undefined }),
    status: fc.string(),
    ticket: fc.string(),
    state: fc.constantFrom('open', 'inProgress', 'done', 'declined' as const),
    done: fc.boolean(),
    doneDate: fc.option(fc.constant('2026-02-02'), { nil: undefined }),
    group: fc.option(fc.string(), { nil: undefined }),
  }) as fc.Arbitrary<IndexedItem>;
  const written = (parts: readonly (readonly IndexedItem[])[]): string => {
    let out = '';
    const writer = new JsonArrayWriter((s) => (out += s));
    for (const part of parts) writer.part(actionsJsonPart(part, '2026-06-01'));
    writer.end();
    return out;
  };

  it('gives the one array JSON.stringify(records, null, 2) gives, however the items are cut into parts (empty ones too)', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 1200 }), fc.array(fc.nat(), { maxLength: 6 }), (items, cuts) => {
        const whole = written([items]);
        const records = JSON.parse(whole) as { line: number; overdue: boolean }[];
        assert.equal(whole, JSON.stringify(records, null, 2) + '\n');
        assert.equal(
          whole,
          JSON.stringify(
            items.map((i) => actionRecord(i, '2026-06-01')),
            null,
            2,
          ) + '\n',
          'the records, as JSON.stringify writes them',
        );
        assert.deepEqual(
          records.map((r) => r.line),
          items.map((i) => i.line + 1),
        );
        const at = [0, ...cuts.map((c) => c % (items.length + 1)).sort((a, b) => a - b), items.length];
        assert.equal(written(at.slice(1).map((end, k) => items.slice(at[k], end))), whole);
      }),
      { numRuns: 200 },
    );
    assert.equal(written([]), '[]\n');
    assert.equal(written([[], []]), '[]\n');
  });

  it("writes a post-mortem's items from its model as from the index's items (placeholders, relative dues, --open), on 1,000 mutated post-mortems", () => {
    const fragments = fc.constantFrom(
      '| [ACTION] | Prevent | P0 | [OWNER] | [DATE] | Open | |',
      '| Fix it | Detect | P1 | Ana | Next sprint | Declined | n/a |',
      '|',
      '\n',
      '### Group\n',
      'Done 2026-01-01',
      'In progress',
    );
    const config = { sprint: { lengthDays: 14, start: '2026-01-05' } };
    fc.assert(
      fc.property(mutatedDocuments(fragments, 8), fc.boolean(), (text, open) => {
        const model = parseActionModel(text);
        const items = indexedItems('a "b".md', model, config).filter((i) => !open || (!i.done && i.state !== 'declined'));
        assert.equal(modelActionsJson('a "b".md', model, config, '2026-06-01', open), actionsJsonPart(items, '2026-06-01'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('postmortem lint (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'postmortem-cli-'));
    cpSync(FIXTURE_WORKSPACE, join(dir, 'team'), { recursive: true });
  });

  it('prints one JSON array with 1-based positions and exits 1 on error findings', async () => {
    const { status, out, err } = await run(['lint', 'team', '--format', 'json', '--today', '2026-11-28'], dir);
    assert.equal(err, '');
    assert.equal(status, 1);
    const findings = JSON.parse(out) as Record<string, unknown>[];
    assert.ok(Array.isArray(findings) && findings.length > 10);
    for (const f of findings) assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'code', 'severity', 'message']);
    const owner = findings.find((f) => f.code === 'action-missing-owner')!;
    assert.equal(owner.file, 'team/postmortems/2026-11-03-payment-webhook-backlog.md');
    assert.equal(owner.line, 49, '1-based line of the table row');
    assert.ok(!findings.some((f) => String(f.file).endsWith('README.md') || String(f.file).endsWith('notes.md')), 'only post-mortems are checked');
    assert.ok(!findings.some((f) => String(f.file).includes('2026-10-14')), 'the complete example is clean');
  });

  it('uses the nearest .postmortem.yaml (sprints from team/.postmortem.yaml)', async () => {
    const { out } = await run(['lint', 'team', '--format', 'json', '--today', '2026-11-28'], dir);
    const overdue = (JSON.parse(out) as { code: string; message: string }[]).filter((f) => f.code === 'action-overdue');
    assert.ok(
      overdue.some((f) => f.message.includes('due 2026-11-22 (Next sprint)')),
      'Next sprint resolves with the team sprint start 2026-01-05',
    );
  });

  it('exits 0 when nothing is an error, and prints a summary in text', async () => {
    const { status, out } = await run(['lint', 'team/postmortems/2026-10-14-login-failures-after-reporting-deploy.md', '--today', '2026-11-28'], dir);
    assert.equal(status, 0);
    assert.equal(out, 'No problems in 1 post-mortem and 1 team config.\n', 'team/.postmortem.yaml is checked too');
  });

  it('expands globs', async () => {
    const { out } = await run(['lint', 'team/**/2026-11-*.md', '--format', 'json', '--today', '2026-11-28'], dir);
    const files = new Set((JSON.parse(out) as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files], ['team/postmortems/2026-11-03-payment-webhook-backlog.md']);
  });

  it('writes SARIF 2.1.0 for code scanning', async () => {
    const { out } = await run(['lint', 'team', '--format', 'sarif', '--today', '2026-11-28'], dir);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'postmortem');
    assert.ok(run0.tool.driver.rules.some((r: { id: string }) => r.id === 'blame-language'));
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'action-missing-owner');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'team/postmortems/2026-11-03-payment-webhook-backlog.md');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 49);
  });

  it('exits 2 on bad usage, with a message on stderr', async () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--today', 'tomorrow'], ['frobnicate'], [], ['lint', '--bogus']]) {
      const { status, err } = await run(args, dir);
      assert.equal(status, 2, args.join(' '));
      assert.match(err, /^postmortem: /);
    }
  });

  it('reports an unreadable path, goes on with the others, and exits 2', async () => {
    const { status, out, err } = await run(['lint', 'missing.md', 'team', '--format', 'json', '--today', '2026-11-28'], dir);
    assert.equal(status, 2);
    assert.match(err, /missing\.md: no such file or folder/);
    assert.ok((JSON.parse(out) as unknown[]).length > 10, 'the other files were still checked');
  });

  it('skips binary files and checks huge, CRLF and broken files without stopping', async () => {
    const folder = join(dir, 'postmortems');
    mkdirSync(folder);
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
    writeFileSync(join(folder, 'binary.md'), binary);
    const big = '# Post-Mortem: Big\r\n\r\n## Timeline\r\n| Time | Event |\r\n|---|---|\r\n' + '| 10:00 | x \\| y |\r\n'.repeat(300_000);
    writeFileSync(join(folder, 'big.md'), big);
    writeFileSync(join(folder, 'broken.md'), '---\ntype: postmortem\nbad: [\n---\n# Broken\n| a | b\n|---\n| | | | |\n');
    const { status, out, err } = await run(['lint', 'postmortems', '--format', 'json', '--today', '2026-11-28'], dir);
    assert.equal(err, '');
    assert.equal(status, 1);
    const files = new Set((JSON.parse(out) as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files].sort(), ['postmortems/big.md', 'postmortems/broken.md']);
  });

  it('reports a broken config as invalid-config and keeps going', async () => {
    writeFileSync(join(dir, 'team.yaml'), 'owners: [unclosed\n');
    const { status, out } = await run(['lint', 'team', '--config', 'team.yaml', '--format', 'json', '--today', '2026-11-28'], dir);
    assert.equal(status, 1);
    const findings = JSON.parse(out) as { file: string; code: string }[];
    assert.ok(findings.some((f) => f.file === 'team.yaml' && f.code === 'invalid-config'));
    assert.ok(findings.some((f) => f.code === 'action-missing-owner'));
  });
});

describe('postmortem list and init (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'postmortem-cli-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'shapes'), join(dir, 'repo'), { recursive: true });
  });

  it('lists every post-mortem where it lives, newest first, with why', async () => {
    const { status, out } = await run(['list', 'repo', '--format', 'json'], dir);
    assert.equal(status, 0);
    const entries = JSON.parse(out) as Record<string, unknown>[];
    for (const e of entries) assert.deepEqual(Object.keys(e), ['file', 'kind', 'title', 'date', 'severity', 'status', 'open', 'reason']);
    assert.deepEqual(
      entries.map((e) => [e.file, e.kind, e.date]),
      [
        ['repo/docs/retros/2024-07-09-search-retrospective.md', 'postmortem', '2024-07-09'],
        ['repo/blog/2024-06-03-api-postmortem.md', 'postmortem', '2024-06-01'],
        ['repo/postmortems/2024-05-02-cron-overlap.md', 'postmortem', '2024-05-02'],
        ['repo/incidents/2024-04-02-dns.md', 'postmortem', '2024-04-02'],
        ['repo/incidents/2024-03-05--cache-stampede.md', 'postmortem', '2024-03-05'],
        ['repo/reports/2024-02-11-login-outage.md', 'postmortem', '2024-02-11'],
        ['repo/postmortems/PM2024-007 - Queue saturation.md', 'postmortem', '2024-01-16'],
        ['repo/sre/2024-01-09-checkout-postmortem.md', 'postmortem', '2024-01-09'],
        ['repo/templates/postmortem-template.md', 'template', null],
      ],
    );
    const sre = entries.find((e) => String(e.file).startsWith('repo/sre/'))!;
    assert.equal(sre.status, 'Complete, action items in progress');
    assert.equal(sre.open, 3);
    const text = (await run(['list', 'repo'], dir)).out;
    assert.match(text, /^ {2}why: in incidents\/; 5 incident sections/m);
    assert.match(text, /^8 post-mortems and 1 template\.$/m);
  });

  it("lists files of the same date by code unit, the same on every machine (not the locale's order)", async () => {
    const same = join(dir, 'same');
    mkdirSync(same);
    const doc = (title: string): string =>
      `# Post-Mortem: ${title}\n\n## Metadata\n- Date: 2026-03-01\n\n## Action Items\n| Action | Owner |\n|---|---|\n| Fix it | Ana |\n`;
    for (const name of ['b.md', 'B.md', 'a.md', '_x.md', 'é.md']) writeFileSync(join(same, name), doc(name));
    const { out } = await run(['list', 'same', '--format', 'json'], dir);
    // A locale puts a before B and _ first; code units put capitals first, then _, then lower case, then é.
    assert.deepEqual(
      (JSON.parse(out) as { file: string }[]).map((e) => e.file),
      ['same/B.md', 'same/_x.md', 'same/a.md', 'same/b.md', 'same/é.md'],
    );
    const actions = JSON.parse((await run(['actions', 'same', '--format', 'json'], dir)).out) as { file: string }[];
    assert.deepEqual(
      actions.map((a) => a.file),
      ['same/B.md', 'same/_x.md', 'same/a.md', 'same/b.md', 'same/é.md'],
    );
  });

  it('lints a folder of real shapes with no error, and finds the one real out-of-order row', async () => {
    const { status, out } = await run(['lint', 'repo', '--format', 'json', '--today', '2026-11-29'], dir);
    const findings = JSON.parse(out) as { code: string; severity: string; file: string }[];
    assert.equal(status, 0, 'no error-severity finding');
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(
      findings.filter((f) => f.code === 'timeline-out-of-order').map((f) => f.file),
      ['repo/postmortems/PM2024-007 - Queue saturation.md'],
    );
  });

  it('init writes .postmortem.yaml once, and again only with --force', async () => {
    const first = await run(['init', 'repo'], dir);
    assert.equal(first.status, 0);
    assert.equal(first.out, 'Wrote .postmortem.yaml from 8 post-mortems.\n');
    const written = readFileSync(join(dir, '.postmortem.yaml'), 'utf8');
    assert.match(written, /^requiredSections:\n {2}- Executive Summary # 8 of 8$/m);
    const again = await run(['init', 'repo'], dir);
    assert.equal(again.status, 2);
    assert.match(again.err, /exists; run again with --force/);
    assert.equal((await run(['init', 'repo', '--force'], dir)).status, 0);
  });
});

describe('postmortem CLI on hostile files and folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'postmortem-hostile-'));
  });

  const postmortem = (title: string, extra = ''): string =>
    [
      '# Post-Mortem: ' + title,
      '',
      '## Executive Summary',
      '',
      'On 2026-10-14 logins failed for 23 minutes.',
      extra,
      '',
      '## Timeline',
      '',
      '- 14:02 deploy',
      '',
      '## Action Items',
      '',
      '- [ ] Add a timeout (owner: @ana, due 2026-12-01)',
      '',
    ].join('\n');

  it('reads a file with a byte order mark like one without: title and front matter seen', async () => {
    writeFileSync(join(dir, 'bom.md'), '\uFEFF---\ntitle: Login failures\ndate: 2026-10-14\n---\n' + postmortem('Login failures'));
    const { status, out } = await run(['list', 'bom.md', '--format', 'json'], dir);
    assert.equal(status, 0);
    const [entry] = JSON.parse(out) as { title: string; date: string }[];
    assert.equal(entry.title, 'Login failures');
    assert.equal(entry.date, '2026-10-14');
  });

  it('a YAML alias in front matter is a finding on that file; the next file is still checked', async () => {
    writeFileSync(join(dir, 'a.md'), '---\nstatus: *WIP*\n---\n' + postmortem('A'));
    writeFileSync(join(dir, 'b.md'), postmortem('B', 'Someone failed to check it.'));
    const { status, out, err } = await run(['lint', '.', '--format', 'json', '--today', '2026-11-01'], dir);
    assert.ok(!err.includes('    at '), 'no stack trace');
    const findings = JSON.parse(out) as { file: string; code: string }[];
    assert.ok(findings.some((f) => f.file === 'a.md' && f.code === 'invalid-front-matter'));
    assert.ok(
      findings.some((f) => f.file === 'b.md' && f.code === 'blame-language'),
      'b.md was linted',
    );
    assert.equal(status, 1);
  });

  it('a file the reader fails on becomes an internal-error finding (no stack unless --debug); the run goes on and exits 1', async () => {
    writeFileSync(join(dir, 'a.md'), postmortem('A'));
    writeFileSync(join(dir, 'b.md'), postmortem('B', 'Someone failed to check it.'));
    const failing: typeof readDocument = (file, ...rest) =>
      file.endsWith('a.md') ? { kind: 'failed', error: new Error('boom in the reader') } : readDocument(file, ...rest);
    const { status, out, err } = await runCli(['lint', '.', '--today', '2026-11-01'], dir, { read: failing });
    assert.equal(status, 1);
    assert.match(out, /^a\.md:1:1: error internal-error: Reading this file failed: boom in the reader\./m);
    assert.match(out, /^b\.md:\d+:\d+: information blame-language/m);
    assert.match(out, /in 2 of 2 files \(2 post-mortems\)\.$/m);
    assert.ok(!/\bat .*\.js:\d+/.test(out + err), 'no stack without --debug');
    assert.match((await runCli(['lint', '.', '--debug'], dir, { read: failing })).err, /Error: boom in the reader\n\s+at /, 'the stack with --debug');
  });

  it('a rule that throws becomes an internal-error finding and the other rules still report', () => {
    const text = postmortem('A', 'Someone failed to check it.');
    const throwing: Rule = {
      code: 'thrower',
      defaultSeverity: 'error',
      description: 'test',
      check: () => {
        throw new TypeError('x is undefined');
      },
    };
    const findings = lintModel(parsePostmortem(text), splitLines(text), { rules: [throwing, ...RULES], today: '2026-11-01' });
    const internal = findings.find((f) => f.code === 'internal-error');
    assert.equal(internal?.message, 'The thrower check failed: x is undefined. Please report this with the file if you can.');
    assert.ok(findings.some((f) => f.code === 'blame-language'));
  });

  it('lints a file with 150,000 findings without overflowing the stack', async function () {
    this.timeout(60_000);
    writeFileSync(join(dir, 'many.md'), postmortem('Many', 'We failed to do it. '.repeat(150_000)));
    const { status, out } = await run(['lint', 'many.md', '--format', 'json'], dir);
    assert.notEqual(status, 2);
    assert.ok((JSON.parse(out) as { code: string }[]).filter((f) => f.code === 'blame-language').length === 150_000);
  });

  it('gives the same output, in the same order, when worker threads share the files', async function () {
    this.timeout(60_000);
    // Three threads over chunks of one or two files: the merge must keep the files' order.
    let workerChunks = 0;
    const threaded = { workerScript: join(ROOT, 'dist', 'cli.js'), parallelFrom: 1, threads: 3, onWorkerChunk: () => workerChunks++ };
    for (const args of [
      ['actions', '.', '--format', 'json', '--today', '2026-11-28'],
      ['actions', '.', '--today', '2026-11-28'],
      ['actions', '.', '--open', '--format', 'json', '--today', '2026-11-28'],
      ['followups', '.', '--format', 'json', '--today', '2026-11-28'],
      ['digest', '.', '--month', '2026-10', '--today', '2026-11-28'],
      ['list', '.', '--format', 'json'],
      ['lint', '.', '--format', 'json', '--today', '2026-11-28'],
      ['lint', '.', '--today', '2026-11-28'],
    ]) {
      const alone = await runCli(args, FIXTURE_WORKSPACE);
      const shared = await runCli(args, FIXTURE_WORKSPACE, threaded);
      assert.ok(alone.out.length > 100, `${args[0]} printed something`);
      assert.deepEqual(shared, alone, args.join(' '));
    }
    assert.ok(workerChunks >= 5, `the workers read chunks too (${workerChunks})`);
    // Chunks without a post-mortem print nothing of their own: the empty array, the zero count.
    const notes = mkdtempSync(join(tmpdir(), 'postmortem-notes-'));
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(notes, `${name}.md`), `# ${name}\n\nNothing here.\n`);
    assert.equal((await runCli(['actions', '.', '--format', 'json'], notes, threaded)).out, '[]\n');
    assert.equal((await runCli(['actions', '.'], notes, threaded)).out, '0 action items: 0 open, 0 overdue.\n');
  });

  it('on two threads, a worker reads the files while this thread parses them, with the same output as one thread', async function () {
    this.timeout(60_000);
    let batches = 0;
    const reader = { workerScript: join(ROOT, 'dist', 'cli.js'), parallelFrom: 1, threads: 2, onWorkerChunk: () => batches++ };
    // Enough files that the worker sends some of them: this thread reads the first ones while the worker starts.
    const many = mkdtempSync(join(tmpdir(), 'postmortem-reader-'));
    for (let i = 0; i < 400; i++) {
      const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`;
      const text =
        i % 3 === 2
          ? `# Notes ${i}\n\nNothing here.\n`
          : practiceExample().replace('Login failures after reporting deploy', `Incident ${i}`).replaceAll('2026-10-14', date);
      writeFileSync(join(many, `${String(i).padStart(3, '0')}-pm.md`), text);
    }
    for (const args of [
      ['actions', '.', '--format', 'json', '--today', '2026-11-28'],
      ['actions', '.', '--open', '--today', '2026-11-28'],
      ['list', '.', '--format', 'json'],
      ['digest', '.', '--month', '2026-10', '--today', '2026-11-28'],
      ['followups', '.', '--format', 'json', '--today', '2026-11-28'],
    ]) {
      const alone = await runCli(args, many);
      assert.ok(alone.out.length > 100, `${args[0]} printed something`);
      assert.deepEqual(await runCli(args, many, reader), alone, args.join(' '));
      assert.deepEqual(await runCli(args, FIXTURE_WORKSPACE, reader), await runCli(args, FIXTURE_WORKSPACE), `${args.join(' ')} (fixtures)`);
    }
    assert.ok(batches > 0, 'the worker read some of the files');
    // A worker that fails as it starts: this thread reads every file.
    const failing = join(mkdtempSync(join(tmpdir(), 'postmortem-worker-')), 'fails.js');
    writeFileSync(failing, "throw new Error('no worker today');\n");
    const args = ['actions', '.', '--format', 'json', '--today', '2026-11-28'];
    assert.deepEqual(await runCli(args, many, { workerScript: failing, parallelFrom: 1, threads: 2 }), await runCli(args, many));
  });

  it('on two threads, the worker reads the ordinary pages at the end of the list ahead, from the end, with the same output as one thread', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'postmortem-back-'));
    for (let i = 0; i < 300; i++) {
      const text = practiceExample().replace('Login failures after reporting deploy', `Incident ${i}`);
      writeFileSync(join(dir, `a-${String(i).padStart(3, '0')}.md`), text);
    }
    // Then pages, with among them what the worker cannot skip: a post-mortem (it stops there), a file too
    // large (a message, in the files' order), a binary one and an empty one.
    for (let i = 0; i < 600; i++) writeFileSync(join(dir, `b-${String(i).padStart(3, '0')}.md`), `# Guide ${i}\n\n- Step one.\n- Step two.\n`);
    writeFileSync(join(dir, 'b-450.md'), practiceExample().replace('Login failures after reporting deploy', 'Among the pages'));
    writeFileSync(join(dir, 'b-500.md'), `# Big\n\n${'x'.repeat(1_200_000)}\n`);
    writeFileSync(join(dir, 'b-550.md'), Buffer.from([0x23, 0x20, 0, 1, 2]));
    writeFileSync(join(dir, 'b-560.md'), '');
    let back = 0;
    // One batch ahead at most: the worker runs out of credit at once and reads from the end while this thread parses.
    const reader = {
      workerScript: join(ROOT, 'dist', 'cli.js'),
      parallelFrom: 1,
      threads: 2,
      readAhead: 1,
      onWorkerChunk: (from?: 'back') => (back += from === 'back' ? 1 : 0),
    };
    for (const args of [
      ['actions', '.', '--format', 'json', '--max-size', '1', '--today', '2026-11-28'],
      ['actions', '.', '--max-size', '1', '--today', '2026-11-28'],
      ['list', '.', '--format', 'json', '--max-size', '1'],
    ]) {
      const alone = await runCli(args, dir);
      assert.match(alone.err, /b-500\.md: skipped, larger than 1\.0 MB/);
      assert.deepEqual(await runCli(args, dir, reader), alone, args.join(' '));
    }
    assert.ok(back > 0, 'the worker read some pages from the end');
  });

  it('starts worker threads while it lists the files, and does without them when they are too few or fail', async function () {
    this.timeout(60_000);
    const args = ['actions', '.', '--format', 'json', '--today', '2026-11-28'];
    const alone = await runCli(args, FIXTURE_WORKSPACE);
    // Too few files for the workers started: they are stopped unused, and the run ends.
    let workerChunks = 0;
    const few = await runCli(args, FIXTURE_WORKSPACE, {
      workerScript: join(ROOT, 'dist', 'cli.js'),
      parallelFrom: 1000,
      threads: 3,
      onWorkerChunk: () => workerChunks++,
    });
    assert.deepEqual(few, alone);
    assert.equal(workerChunks, 0);
    // Workers that fail as they start: this thread reads every chunk.
    const failing = join(mkdtempSync(join(tmpdir(), 'postmortem-worker-')), 'fails.js');
    writeFileSync(failing, "throw new Error('no worker today');\n");
    assert.deepEqual(await runCli(args, FIXTURE_WORKSPACE, { workerScript: failing, parallelFrom: 1, threads: 3 }), alone);
  });

  it('an unreadable subfolder is named and its siblings are still linted', async () => {
    for (const sub of ['a', 'b', 'c']) {
      mkdirSync(join(dir, 'postmortems', sub), { recursive: true });
      writeFileSync(join(dir, 'postmortems', sub, `${sub}.md`), postmortem(sub.toUpperCase()));
    }
    const denied: ReadDir = (path) => {
      if (path.endsWith(join('postmortems', 'b'))) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return readdirSync(path, { withFileTypes: true });
    };
    const { status, out, err } = await runCli(['list', '.', '--format', 'json'], dir, { readDir: denied });
    assert.equal(err, `postmortem: ${join('postmortems', 'b')}: permission denied\n`);
    assert.deepEqual((JSON.parse(out) as { file: string }[]).map((e) => e.file).sort(), ['postmortems/a/a.md', 'postmortems/c/c.md']);
    assert.equal(status, 2);
  });

  it('follows a symbolic link to a Markdown file', async () => {
    mkdirSync(join(dir, 'postmortems'));
    writeFileSync(join(dir, 'real.txt'), postmortem('Linked'));
    symlinkSync(join(dir, 'real.txt'), join(dir, 'postmortems', '2026-10-14-linked.md'));
    const { out } = await run(['list', 'postmortems', '--format', 'json'], dir);
    assert.deepEqual(
      (JSON.parse(out) as { title: string }[]).map((e) => e.title),
      ['Linked'],
    );
  });

  it('refuses a device without reading it, and skips a file over --max-size with a message', async () => {
    const device = await run(['lint', '/dev/zero'], dir);
    assert.equal(device.status, 2);
    assert.match(device.err, /\/dev\/zero: not a regular file/);
    writeFileSync(join(dir, 'big.md'), postmortem('Big', 'x'.repeat(2 * 1024 * 1024)));
    const skipped = await run(['lint', '.', '--max-size', '1'], dir);
    assert.match(skipped.err, /big\.md: skipped, larger than 1\.0 MB \(2\.0 MB\); raise --max-size to check it/);
    assert.match(skipped.out, /No problems in 0 post-mortems/);
    const read = await run(['lint', '.', '--max-size', '3', '--format', 'json'], dir);
    assert.equal(read.err, '');
  });

  it('rejects a --today with spaces, and counts the team config in the summary', async () => {
    assert.equal((await run(['actions', '.', '--today', ' 2027-01-01'], dir)).status, 2);
    writeFileSync(join(dir, '.postmortem.yaml'), 'owners: oops\n');
    writeFileSync(join(dir, 'a.md'), postmortem('A', 'Someone failed to check it.'));
    const { out } = await run(['lint', '.', '--today', '2026-11-01'], dir);
    assert.match(out, /in 2 of 2 files \(1 post-mortem and 1 team config\)\.$/m);
  });
});
