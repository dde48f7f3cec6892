import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, applyEdits, fixAllEdits, lintText, type Finding, type Fix, type TeamConfig } from '../../src/core';
import { readFixture } from './util';

const TODAY = '2026-11-28';
const CLEAN = readFixture('2026-10-14-login-failures-after-reporting-deploy.md');

function lint(text: string, config: TeamConfig = DEFAULT_CONFIG): Finding[] {
  return lintText(text, { today: TODAY, config });
}

/** The clean example with `from` replaced by `to` (which must be there). */
function mutate(from: string | RegExp, to: string, text = CLEAN): string {
  const result = text.replace(from, to);
  assert.notEqual(result, text, `the example contains ${from}`);
  return result;
}

function only(text: string, code: string, config?: TeamConfig): Finding[] {
  return lint(text, config).filter((f) => f.code === code);
}

/** What VS Code does with a snippet edit: each `${n:text}` becomes its text. */
function expand(fix: Fix): Fix {
  if (!fix.snippet) return fix;
  return { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}/g, '$1').replace(/\\([\\$}])/g, '$1') })) };
}

const key = (f: Finding): string => `${f.code}@${f.range.start.line}:${f.message}`;

/**
 * Applies a fix and checks it removed its finding without touching anything else: every other
 * finding is still there, no new one appeared (but those `expectNew` names), and the text changed
 * only where the fix's edits are.
 */
function assertFixes(text: string, finding: Finding, fix: Fix, expectNew: string[] = []): string {
  const applied = expand(fix);
  const fixed = applyEdits(text, applied.edits);
  const before = lint(text).filter((f) => f !== finding);
  const after = lint(fixed);
  assert.ok(!after.some((f) => f.code === finding.code && f.message === finding.message), `"${fix.title}" removes "${finding.message}"`);
  const remaining = after.filter((f) => !expectNew.includes(f.code)).map((f) => `${f.code}:${f.message}`);
  const others = before.filter((f) => f.code !== finding.code || f.message !== finding.message).map((f) => `${f.code}:${f.message}`);
  assert.deepEqual(
    remaining.sort(),
    others.filter((o) => !o.startsWith(`${finding.code}:`) || remaining.includes(o)).sort(),
    'no other finding appears or goes',
  );
  const editedLines = new Set(
    applied.edits.flatMap((e) => Array.from({ length: e.range.end.line - e.range.start.line + 1 }, (_, i) => e.range.start.line + i)),
  );
  const a = text.split('\n');
  const b = fixed.split('\n');
  if (a.length === b.length) a.forEach((line, i) => editedLines.has(i) || assert.equal(b[i], line, `line ${i + 1} is untouched`));
  return fixed;
}

describe('rules', () => {
  it('find nothing in the complete example', () => {
    assert.deepEqual(lint(CLEAN).map(key), []);
  });

  describe('missing-section', () => {
    it('reports a missing section on the title line, and the fix inserts it in template order', () => {
      const text = mutate(/## What Went Well\n[\s\S]*?(?=## What Could Be Improved)/, '');
      const [finding] = only(text, 'missing-section');
      assert.equal(finding.message, 'Missing section "What Went Well".');
      assert.equal(finding.range.start.line, 0);
      const fixed = assertFixes(text, finding, finding.fixes[0], ['unfilled-placeholder']);
      assert.match(fixed, /## Contributing Factors[\s\S]*## What Went Well\n- \[THING THAT WORKED DURING THE RESPONSE\]\n\n## What Could Be Improved/);
    });

    it('appends a section that belongs at the end', () => {
      const text = mutate(/## Follow-Up Schedule[\s\S]*$/, '');
      const [finding] = only(text, 'missing-section');
      const fixed = assertFixes(text, finding, finding.fixes[0], ['unfilled-placeholder']);
      assert.match(fixed, /guidelines.*\n\n## Lessons Learned[\s\S]*\n\n## Follow-Up Schedule\n- \[DATE\]: Review action item progress/);
    });

    it("follows the team's required sections", () => {
      const text = mutate(/## Lessons Learned\n[\s\S]*?(?=## Follow-Up)/, '');
      assert.equal(only(text, 'missing-section').length, 1);
      assert.equal(only(text, 'missing-section', { ...DEFAULT_CONFIG, requiredSections: ['metadata', 'timeline'] }).length, 0);
    });
  });

  it('empty-section: a heading with nothing under it', () => {
    const text = mutate(/## What Went Well\n[\s\S]*?(?=## What Could Be Improved)/, '## What Went Well\n<!-- later -->\n\n');
    const findings = only(text, 'empty-section');
    assert.equal(findings.length, 1);
    assert.equal(text.split('\n')[findings[0].range.start.line], '## What Went Well');
  });

  it('unfilled-placeholder: finds template placeholders and ALL CAPS brackets, not links or code', () => {
    const text = mutate(
      '- Incident Commander: Priya Raman',
      '- Incident Commander: [NAME]\n- Note: see [the runbook](x), [ref][1], `[NOT THIS]`, [x] done, [TBD BY SRE]',
    );
    const findings = only(text, 'unfilled-placeholder');
    assert.deepEqual(
      findings.map((f) => text.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character)),
      ['[NAME]', '[TBD BY SRE]'],
    );
    const fix = findings[0].fixes[0];
    assert.equal(fix.snippet, true);
    assert.equal(fix.edits[0].newText, '${1:[NAME]}', 'the fix selects the placeholder as a tabstop');
  });

  describe('missing-metadata', () => {
    it('reports a missing key and the fix inserts it', () => {
      const text = mutate('- Incident Commander: Priya Raman\n', '');
      const [finding] = only(text, 'missing-metadata');
      assert.equal(finding.message, 'Metadata "Incident Commander" is missing.');
      const fixed = assertFixes(text, finding, finding.fixes[0], ['unfilled-placeholder']);
      assert.match(fixed, /- Post-Mortem Review Date: 2026-10-16\n- Incident Commander: \[NAME\]\n/);
    });

    it('reports an empty value on its line', () => {
      const text = mutate('- Severity: SEV2', '- Severity:');
      const [finding] = only(text, 'missing-metadata');
      assert.equal(finding.message, 'Metadata "Severity" is empty.');
      assert.equal(text.split('\n')[finding.range.start.line], '- Severity:');
      const fixed = assertFixes(text, finding, finding.fixes[0], ['unfilled-placeholder']);
      assert.match(fixed, /^- Severity: \[SEV LEVEL\]$/m);
    });

    it('reads front matter keys as metadata', () => {
      const text = mutate(/## Metadata\n[\s\S]*?(?=## Executive Summary)/, '## Metadata\nSee front matter.\n\n').replace(
        /^/,
        '---\ndate: 2026-10-14\nseverity: SEV2\nincident_commander: Priya\nauthor: Tomás\n---\n',
      );
      assert.deepEqual(only(text, 'missing-metadata'), []);
    });
  });

  it('invalid-date: metadata dates and action dues', () => {
    let text = mutate('- Date: 2026-10-14', '- Date: 14/10/2026');
    text = mutate('| Next sprint |', '| Someday |', text);
    const findings = only(text, 'invalid-date');
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        '"14/10/2026" is not a date: write Date as YYYY-MM-DD.',
        'Due "Someday" is not a date (YYYY-MM-DD) nor one of: This sprint, Next sprint, This quarter, Next quarter.',
      ],
    );
    assert.deepEqual(only(mutate('| Next sprint |', '| 2026-12-01 |'), 'invalid-date'), []);
  });

  describe('action items', () => {
    /** The clean example with its first action row replaced. */
    const row = (cells: string): string => mutate(/^\| Add query timeout to reporting service DB connections .*$/m, cells);

    it('action-missing-owner: the fixes offer the known owners and a placeholder', () => {
      const text = row('| Add query timeout | Prevent | P0 |  | 2026-12-20 | Open |');
      const config = { ...DEFAULT_CONFIG, owners: ['SRE team', 'Backend team'] };
      const [finding] = only(text, 'action-missing-owner', config);
      assert.equal(finding.severity, 'error');
      assert.deepEqual(
        finding.fixes.map((f) => f.title),
        ['Assign to SRE team', 'Assign to Backend team', 'Insert an owner placeholder'],
      );
      const fixed = assertFixes(text, finding, finding.fixes[1]);
      assert.match(fixed, /^\| Add query timeout \| Prevent \| P0 \| Backend team \| 2026-12-20 \| Open \|/m);
      assert.deepEqual(only(CLEAN, 'action-missing-owner'), []);
    });

    it('action-missing-owner: a short row gets the owner cell appended', () => {
      const text = row('| Add query timeout | Prevent | P0 |');
      const finding = only(text, 'action-missing-owner')[0];
      const fixed = applyEdits(text, expand(finding.fixes[finding.fixes.length - 1]).edits);
      assert.match(fixed, /^\| Add query timeout \| Prevent \| P0 \| \[OWNER\] \|$/m);
    });

    it('action-missing-due: the preferred fix writes This sprint', () => {
      const text = row('| Add query timeout | Prevent | P0 | SRE team |  | Open | OPS-1 |');
      const [finding] = only(text, 'action-missing-due');
      assert.equal(finding.fixes[0].isPreferred, true);
      const fixed = assertFixes(text, finding, finding.fixes[0], ['action-overdue']);
      assert.match(fixed, /\| SRE team \| This sprint \| Open \|/);
    });

    it('action-invalid-type: offers the closest type first', () => {
      const text = row('| Add query timeout | Prevention | P0 | SRE team | 2026-12-20 | Open | OPS-1 |');
      const [finding] = only(text, 'action-invalid-type');
      assert.match(finding.message, /Did you mean Prevent\?/);
      assertFixes(text, finding, finding.fixes[0]);
      assert.deepEqual(
        only(row('| X | Monitoring | P0 | SRE | 2026-12-20 | Open | OPS-1 |'), 'action-invalid-type')[0].fixes[0].title,
        'Change Type to Detect',
      );
    });

    it('action-invalid-priority: clamps numbers and maps words', () => {
      for (const [value, expected] of [
        ['P5', 'P3'],
        ['High', 'P1'],
        ['critical', 'P0'],
        ['2', 'P2'],
      ]) {
        const text = row(`| X | Prevent | ${value} | SRE | 2026-12-20 | Open | OPS-1 |`);
        const [finding] = only(text, 'action-invalid-priority');
        assert.equal(finding.fixes[0].title, `Change Priority to ${expected}`, value);
        assert.equal(finding.fixes[0].isPreferred, true);
      }
      const text = row('| X | Prevent | P5 | SRE | 2026-12-20 | Open | OPS-1 |');
      const [finding] = only(text, 'action-invalid-priority');
      assertFixes(text, finding, finding.fixes[0]);
    });

    it('action-overdue: resolves relative dues from the incident date and the sprint', () => {
      // Incident 2026-10-14; sprints of 14 days from 2024-01-01: that sprint ends 2026-10-18.
      const text = row('| Add query timeout | Prevent | P0 | SRE team | This sprint | Open | OPS-1 |');
      const [finding] = only(text, 'action-overdue');
      assert.equal(finding.message, 'Action "Add query timeout" is overdue: due 2026-10-18 (This sprint), not done.');
      const marked = assertFixes(text, finding, finding.fixes[0]);
      assert.match(marked, /\| This sprint \| Done 2026-11-28 \| OPS-1 \|/);
      const moved = assertFixes(text, finding, finding.fixes[1]);
      assert.match(moved, /\| SRE team \| 2026-12-05 \| Open \|/);
      assert.deepEqual(only(row('| X | Prevent | P0 | SRE | 2026-11-28 | Open | OPS-1 |'), 'action-overdue'), [], 'due today is not overdue');
    });

    it('action-overdue: mark done adds a Status column when the table has none', () => {
      const text = [
        '# Post-Mortem: X',
        '- Date: 2026-10-14',
        '## Action Items',
        '| Action | Type | Priority | Owner | Due |',
        '|---|---|---|---|---|',
        '| A | Prevent | P2 | SRE | 2026-10-20 |',
        '| B | Prevent | P3 | SRE |',
      ].join('\n');
      const [finding] = only(text, 'action-overdue');
      const fixed = applyEdits(text, finding.fixes[0].edits);
      assert.equal(
        fixed.split('\n').slice(3).join('\n'),
        [
          '| Action | Type | Priority | Owner | Due | Status |',
          '|---|---|---|---|---|---|',
          '| A | Prevent | P2 | SRE | 2026-10-20 | Done 2026-11-28 |',
          '| B | Prevent | P3 | SRE | |  |',
        ].join('\n'),
      );
      assert.deepEqual(only(fixed, 'action-overdue'), []);
    });

    it('action-missing-ticket: P0 and P1 items without a link or tracker id', () => {
      assert.equal(only(row('| X | Prevent | P1 | SRE | 2026-12-20 | Open | |'), 'action-missing-ticket').length, 1);
      assert.equal(only(row('| X | Prevent | P2 | SRE | 2026-12-20 | Open | |'), 'action-missing-ticket').length, 0);
      for (const ticket of ['OPS-1', '#12', 'https://x.test/1', 'Bug 5554823']) {
        assert.equal(only(row(`| X | Prevent | P0 | SRE | 2026-12-20 | Open | ${ticket} |`), 'action-missing-ticket').length, 0, ticket);
      }
    });
  });

  describe('timeline', () => {
    it('timeline-invalid-time: neither HH:MM nor YYYY-MM-DD HH:MM', () => {
      const text = mutate('| 14:08 |', '| soon |');
      const [finding] = only(text, 'timeline-invalid-time');
      assert.equal(finding.message, '"soon" is not a time: write HH:MM (optionally with a date and a zone), or --:-- when it is not known.');
      assert.deepEqual(only(mutate('| 14:08 |', '| 2026-10-14 14:08 |'), 'timeline-invalid-time'), []);
    });

    it('timeline-out-of-order: the fix sorts the rows and changes nothing else', () => {
      const text = mutate(/(\| 14:15 \|.*\n)(\| 14:18 \|.*\n)/, '$2$1');
      const [finding] = only(text, 'timeline-out-of-order');
      assert.match(finding.message, /^14:15 is earlier than 14:18/);
      assert.equal(assertFixes(text, finding, finding.fixes[0]), CLEAN);
    });

    it('timeline-out-of-order: full dates sort across midnight', () => {
      const text = mutate('| 14:02 |', '| 2026-10-13 23:50 |');
      assert.deepEqual(only(text, 'timeline-out-of-order'), []);
      const wrong = mutate('| 14:25 |', '| 2026-10-14 00:10 |');
      assert.equal(only(wrong, 'timeline-out-of-order').length, 1);
    });
  });

  it('blame-language: hints, in prose only, configurable', () => {
    const text = mutate(
      '## What Went Well\n',
      '## What Went Well\n- The engineer failed to check the dashboard (human error).\n- `should have` in code is fine.\n',
    );
    const findings = only(text, 'blame-language');
    assert.deepEqual(
      findings.map((f) => f.message.split('"')[1]),
      ['failed to', 'human error'],
    );
    const fixed = assertFixes(text, findings[0], findings[0].fixes[0]);
    assert.match(fixed, /The engineer did not check/);
    assert.deepEqual(only(text, 'blame-language', { ...DEFAULT_CONFIG, allowWords: ['failed to', 'human error'] }), []);
    const cowboy = mutate('Support escalated', 'A cowboy escalated');
    assert.equal(only(cowboy, 'blame-language', { ...DEFAULT_CONFIG, blameWords: ['cowboy'] }).length, 1);
  });

  it('blame-language: the same findings on a plain ASCII line as on one with other characters', () => {
    // ASCII lines take a faster path (lower-cased once, word by word); a trailing "é" forces the general one.
    const lines = [
      'The engineer failed to check; Human Error, again.',
      'Failed to page: the on-call should have seen it (human-error?)',
      'A cowboy fix by the cowboys, failed tofu, unfailed to.',
      'failed to',
    ];
    const found = (line: string, blameWords: string[]) =>
      only(mutate('Support escalated', line), 'blame-language', { ...DEFAULT_CONFIG, blameWords }).map((f) => [
        f.range.start.character,
        f.range.end.character,
        f.message,
      ]);
    // A team phrase that starts with a sign ("#blame") turns the faster path off: both agree too.
    for (const [line, words] of [...lines.map((l): [string, string[]] => [l, ['cowboy']]), ['Who gets the #blame here?', ['#blame']] as [string, string[]]]) {
      const ascii = found(line, words);
      assert.ok(ascii.length > 0, line);
      assert.deepEqual(found(`${line} é`, words), ascii, line);
    }
  });

  it('blame-language: a short list (each phrase looked for in the text first) finds what a long one (the trie alone) finds', () => {
    // The Kelvin sign lower-cases to "k": the trie reads "\u212Aicked off" as "kicked off", and so must the short list.
    const lines = ['HUMAN ERROR: the engineer Failed To page.', 'A Cowboy deploy; the cowboys; failed tofu.', 'x', 'should\nhave', 'Cowboy \u212Aicked off'];
    const filler = Array.from({ length: 70 }, (_, i) => `zzfiller${i}`);
    for (const line of lines) {
      const found = (blameWords: string[]) =>
        only(mutate('Support escalated', line), 'blame-language', { ...DEFAULT_CONFIG, blameWords }).map((f) => [
          f.range.start.line,
          f.range.start.character,
          f.message,
        ]);
      assert.deepEqual(found(['Cowboy', 'kicked off']), found(['Cowboy', 'kicked off', ...filler]), line);
    }
    assert.equal(only(mutate('Support escalated', lines[4]), 'blame-language', { ...DEFAULT_CONFIG, blameWords: ['kicked off'] }).length, 1);
    assert.equal(only(mutate('Support escalated', lines[0]), 'blame-language').length, 2);
  });

  it('whys-too-shallow: a branch that stops before three levels', () => {
    const text = mutate('    - Why was there no alert? Pool saturation was never on the SLO dashboard. (root cause)\n', '');
    const [finding] = only(text, 'whys-too-shallow');
    assert.match(finding.message, /stops at 2 levels/);
    assert.match(text.split('\n')[finding.range.start.line], /Why did we not notice/);
  });

  it('severities come from the team config and from overrides, and off disables', () => {
    const text = mutate('| 14:08 |', '| soon |');
    assert.equal(only(text, 'timeline-invalid-time', { ...DEFAULT_CONFIG, rules: { 'timeline-invalid-time': 'hint' } })[0].severity, 'hint');
    assert.deepEqual(
      lintText(text, { today: TODAY, severities: { 'timeline-invalid-time': 'off' } }).filter((f) => f.code === 'timeline-invalid-time'),
      [],
    );
  });

  it('fix all applies every preferred fix at once', () => {
    let text = mutate(/(\| 14:15 \|.*\n)(\| 14:18 \|.*\n)/, '$2$1');
    text = mutate(
      '| Add query timeout to reporting service DB connections | Prevent | P0 |',
      '| Add query timeout to reporting service DB connections | Prevention | P0 |',
      text,
    );
    const fixed = applyEdits(text, fixAllEdits(lint(text)));
    assert.equal(fixed, CLEAN);
  });

  it('keeps CRLF line endings in inserted text', () => {
    const text = mutate(/## Follow-Up Schedule[\s\S]*$/, '').replace(/\n/g, '\r\n');
    const [finding] = only(text, 'missing-section');
    const fixed = applyEdits(text, finding.fixes[0].edits);
    assert.ok(!/[^\r]\n/.test(fixed), 'every line break is CRLF');
  });
});

describe('fixAllEdits', () => {
  it('adds two sections missing at the end of the document, in order', () => {
    const text = CLEAN.replace(/## Lessons Learned[\s\S]*$/, '');
    const fixed = applyEdits(text, fixAllEdits(lintText(text, { today: TODAY })));
    assert.match(fixed, /guidelines.*\n\n## Lessons Learned\n\[KEY TAKEAWAYS for the broader organization\]\n\n## Follow-Up Schedule\n- \[DATE\]: Review/);
    assert.deepEqual(
      lintText(fixed, { today: TODAY }).filter((f) => f.code === 'missing-section'),
      [],
    );
  });
});
