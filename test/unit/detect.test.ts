import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectDocument, parsePostmortem } from '../../src/core';
import { baseName } from '../../src/core/detect';
import { METADATA_SECTION_NAMES, isMetadataHeading, sectionKindOf } from '../../src/core/vocabulary';
import { joinLines, readFixture } from './util';

const detect = (text: string, path?: string): ReturnType<typeof detectDocument> => detectDocument(parsePostmortem(text), path);
const kind = (text: string, path?: string): string | undefined => detect(text, path)?.kind;

describe('detectDocument', () => {
  it("knows the template's title forms and front matter, anywhere", () => {
    for (const title of ['# Post-Mortem: X', '# Postmortem: X', '# post mortem - X', '# POST-MORTEM: X']) {
      assert.equal(detect(title, 'notes/x.md')?.reason, 'title "Post-Mortem: …"', title);
    }
    assert.equal(kind('Intro\n\n# Post-Mortem: X'), 'postmortem', 'the first heading need not be on the first line');
    assert.equal(kind('# Notes\n\n# Post-Mortem: X'), undefined, 'only the first heading is the title');
    assert.equal(detect(joinLines('---', 'type: postmortem', '---', '# Checkout outage'))?.reason, 'front matter type: postmortem');
    assert.equal(kind(joinLines('---', 'type: runbook', '---', '# Checkout outage')), undefined);
  });

  it('needs a name signal and two incident sections, or a post-mortem folder and two', () => {
    const two = joinLines('# Checkout', '## Timeline', 'x', '## Action Items', 'y');
    assert.equal(kind(two, 'incidents/2024-01-01-checkout.md'), 'postmortem');
    assert.match(detect(two, 'incidents/2024-01-01-checkout.md')!.reason, /^in incidents\/; 2 incident sections/);
    assert.equal(kind(two, 'docs/checkout.md'), undefined, 'no name signal, no folder');
    assert.equal(kind(two.replace('# Checkout', '# Checkout outage postmortem'), 'docs/checkout.md'), 'postmortem', 'the title says so');
    assert.equal(kind(two, 'docs/PM2024-003 - Checkout.md'), 'postmortem', 'an incident id in the file name');
    assert.equal(kind(joinLines('# Checkout retrospective', '## Timeline', 'x'), 'docs/x.md'), undefined, 'one section is not enough');
    assert.equal(kind(joinLines('# Index', '## Timeline', 'x', '## Notes'), 'postmortems/index.md'), undefined, 'an index is never one');
  });

  it("reads a path's file name as splitting it at its slashes does, for any path (baseName)", () => {
    const part = fc.constantFrom('', 'a', 'README.md', 'x.MD', 'y.Markdown', 'z.mdx', 'notes.txt', '.md', 'a.md.md', 'é', 'a\nb', 'md', 'CHANGELOG');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const path = parts.join('/');
        const file = path.split('/').filter(Boolean).pop() ?? '';
        assert.equal(baseName(path), file.replace(/\.(?:md|markdown|mdx)$/i, ''), JSON.stringify(path));
      }),
      { numRuns: 3000 },
    );
  });

  it('never takes generic files, whatever they hold', () => {
    const doc = joinLines('# Post-Mortem: X', '## Timeline', 'x', '## Action Items', 'y', '## Root Cause', 'z');
    for (const name of ['README.md', 'CHANGELOG.md', 'index.md', 'SUMMARY.md', 'CONTRIBUTING.md']) {
      assert.equal(kind(doc, `postmortems/${name}`), undefined, name);
    }
  });

  it('reads a document with many incident sections as one without any name', () => {
    const doc = joinLines('# The 14 March API outage', '## Impact', 'x', '## Timeline', '- 10:00 a', '## Root cause', 'y', '## Lessons learned', 'z');
    assert.equal(kind(doc, 'docs/api.md'), 'postmortem');
  });

  it('knows templates: named so, a placeholder title, or empty sections', () => {
    const empty = joinLines('# Title (incident #)', '### Summary', '', '### Impact', '', '### Root Causes', '', '## Action Items', '', '## Timeline', '');
    assert.equal(kind(empty, 'docs/postmortems/sre.md'), 'template');
    const filled = joinLines('# Outage postmortem', '## Summary', 'x', '## Timeline', 'y', '## Action Items', 'z');
    assert.equal(kind(filled, 'templates/postmortem-template.md'), 'template');
    assert.equal(kind(filled, 'docs/outage.md'), 'postmortem');
  });

  it('says whether a document follows the template', () => {
    assert.equal(detect('# Post-Mortem: X')?.followsTemplate, true);
    assert.equal(detect(joinLines('# Outage postmortem', '## Summary', 'x', '## Timeline', 'y', '## Action Items', 'z'))?.followsTemplate, false);
  });

  it('classifies the fixture workspace', () => {
    assert.equal(kind(readFixture('2026-10-14-login-failures-after-reporting-deploy.md'), 'incidents/x.md'), 'postmortem');
    assert.equal(kind(readFixture('2026-09-22-shakespeare-search-outage.md'), 'postmortems/2026-09-22-shakespeare-search-outage.md'), 'postmortem');
    assert.equal(kind(readFixture('README.md'), 'postmortems/README.md'), undefined, 'the index is no post-mortem');
  });
});

describe('section names as people write them (sectionKindOf)', () => {
  it('knows a section by its name, its plural, or a heading that starts with it', () => {
    const cases: [string, string | undefined][] = [
      ['Timeline', 'timeline'],
      ['## Timeline of the outage', undefined], // the heading's text, not the line
      ['Timeline of the outage', 'timeline'],
      ['Timeline: what happened', 'timeline'],
      ['Timelines across regions', 'timeline'],
      ['Root Causes', 'rootCause'],
      ['Root cause and trigger', 'rootCause'],
      ['Impact on customers', 'impact'],
      ['Impacting factors', undefined],
      ['Action items for Q3', 'actionItems'],
      ['Corrective actions taken', 'actionItems'],
      ['Lessons learned: deploys', 'lessonsLearned'],
      ['Contributing factors (technical)', 'contributingFactors'],
      ['What went well during the response', 'wentWell'],
      ['What went well, and why', undefined],
      ['Where we got lucky this time', 'luck'],
      ['Supporting information and links', 'supporting'],
      ['Guide 12: configuring the service', undefined],
      ['Installation', undefined],
    ];
    for (const [heading, kind] of cases) assert.equal(sectionKindOf(heading), kind, heading);
  });

  it('reads any run of blanks between the words as one space', () => {
    for (const blanks of [' ', '  ', '\t', ' \t ', '\u00a0', '\u2003', ' \n ']) {
      for (const [words, kind] of [
        [['Root', 'Cause'], 'rootCause'],
        [['1.', 'Root', 'Cause', '12:', 'database'], 'rootCause'],
        [['Guide', '12:', 'configuring', 'it'], undefined],
        [['What', 'went', 'well', '**today**'], 'wentWell'],
        [['Lessons', 'Learned', '(2026)'], 'lessonsLearned'],
      ] as const) {
        assert.equal(sectionKindOf(words.join(blanks)), kind, JSON.stringify(words.join(blanks)));
        assert.equal(sectionKindOf(` ${words.join(blanks)}${blanks}`), kind, JSON.stringify(` ${words.join(blanks)}${blanks}`));
      }
    }
  });

  it('takes every heading that names a metadata field (## Date) for the metadata section (the fast reader relies on it)', () => {
    assert.ok(METADATA_SECTION_NAMES.size > 5);
    for (const name of METADATA_SECTION_NAMES) {
      for (const heading of [name, name.toUpperCase(), `**${name}**`, `${name}:`]) {
        assert.ok(isMetadataHeading(heading), heading);
        assert.equal(sectionKindOf(heading), 'metadata', heading);
      }
    }
  });
});
