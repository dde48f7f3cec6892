import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FOLLOW_UP_DAYS,
  KNOWN_KEYS,
  LIFECYCLES,
  RULE_CODES,
  RULE_INFO,
  SETTING_DEFAULTS,
  SEVERITY_SETTINGS,
  isWebUrl,
  parseTeamConfig,
  ticketLink,
} from '../../src/core';
import { joinLines, ROOT } from './util';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const docs = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');

describe('package.json and docs', () => {
  it('limits untrusted workspaces: every setting that reaches a glob, a URL, a folder or a size is restricted', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.ok(nls[trust.description.replace(/%/g, '')].length > 40, 'says what Restricted Mode keeps and drops');
    const reaching = Object.keys(manifest.contributes.configuration.properties).filter((key) => /files|folder|url|size/i.test(key));
    assert.deepEqual([...trust.restrictedConfigurations].sort(), reaching.sort());
    assert.ok(reaching.length >= 4);
  });

  it('opens only http(s) links, in any case, from settings, team config or ticket cells', () => {
    for (const url of ['https://x.example/1', 'HTTPS://X.EXAMPLE/1', 'http://x', ' Http://x ']) assert.ok(isWebUrl(url), url);
    for (const url of ['file:///etc/passwd', 'vscode://settings', 'command:workbench.action.quit', 'javascript:alert(1)', 'https:/x', 'https://', '']) {
      assert.ok(!isWebUrl(url), url);
    }
    assert.equal(ticketLink('[OPS-1](HTTPS://jira.example.com/browse/OPS-1)'), 'HTTPS://jira.example.com/browse/OPS-1');
    assert.equal(ticketLink('[x](file:///etc/passwd)'), undefined);
    assert.equal(ticketLink('see vscode://a/b'), undefined);
  });

  it('declares the settings with the defaults the code uses (one home: SETTING_DEFAULTS)', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(
      {
        folder: properties['postmortem.folder'].default,
        severities: properties['postmortem.severities'].default,
        files: properties['postmortem.files'].default,
        maxFileSize: properties['postmortem.maxFileSize'].default,
        gapMinutes: properties['postmortem.timeline.gapMinutes'].default,
      },
      { ...SETTING_DEFAULTS, severities: [...SETTING_DEFAULTS.severities], files: [...SETTING_DEFAULTS.files] },
    );
  });

  it('contributes a JSON Schema for .postmortem.yaml (completion and hover in the YAML extension) that says what the reader accepts', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '.postmortem.yaml', url: './schemas/postmortem-config.schema.json' }]);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'postmortem-config.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties), [...KNOWN_KEYS]);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.rules.propertyNames.enum, [...RULE_CODES]);
    assert.deepEqual(schema.properties.rules.additionalProperties.enum, [...SEVERITY_SETTINGS]);
    assert.deepEqual(Object.keys(schema.properties.followUps.properties), Object.keys(FOLLOW_UP_DAYS));
    assert.deepEqual(Object.keys(schema.properties.statuses.properties), [...LIFECYCLES]);
    assert.deepEqual(Object.keys(schema.properties.lifecycle.properties), [...LIFECYCLES]);
    // Every key the schema describes is one the reader takes without a problem, and one it does not know is reported.
    const sample = [
      'requiredSections: [Summary, Timeline]',
      'owners: [SRE team]',
      'sprint: { lengthDays: 14, start: 2026-01-05 }',
      'blameWords: [careless]',
      'allowWords: [should have]',
      'ticketUrl: https://example.com/new?title={title}',
      'severities: [SEV1, SEV2]',
      'rules: { blame-language: hint }',
      'followUps: { review: 10, verify: 20, close: 30 }',
      'emails: { Ana Lima: ana@example.com }',
      'statuses: { draft: [WIP] }',
      'lifecycle: { draft: hint }',
    ].join('\n');
    assert.deepEqual(parseTeamConfig(sample).problems, []);
    assert.match(parseTeamConfig('colour: blue').problems[0].message, /^Unknown setting "colour"\. Known: requiredSections, owners, sprint/);
  });

  it("checks .postmortem.yaml with that schema: a wrong value gets the schema's errorMessage, at the value", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'postmortem-config.schema.json'), 'utf8'));
    for (const key of KNOWN_KEYS) {
      const { problems } = parseTeamConfig(`${key}: 42\n`);
      assert.deepEqual(
        problems.map((p) => [p.message, p.range.start.character, p.range.end.character]),
        [[`"${key}" ${schema.properties[key].errorMessage}`, key.length + 2, key.length + 4]],
        key,
      );
    }
    // Inside a mapping and a list: the entry's own message, the item's position, and the rest still read.
    const { config, problems } = parseTeamConfig(
      joinLines('sprint: { lengthDays: 0, start: 2026-01-05 }', 'owners: [Ana, 7, SRE]', 'rules: { no-such-rule: hint }', ''),
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        `"sprint.lengthDays" ${schema.properties.sprint.properties.lengthDays.errorMessage}`,
        `"owners" ${schema.properties.owners.errorMessage.replace(/\.$/, ' (item 2 is not).')}`,
        `"rules.no-such-rule" is not a rule. Known: ${RULE_CODES.join(', ')}.`,
      ],
    );
    assert.equal(config.sprint.start, '2026-01-05');
    assert.deepEqual(config.owners, ['Ana', 'SRE']);
    // The root must be a mapping; an alias bomb is refused, not expanded.
    assert.deepEqual(
      parseTeamConfig('- a\n').problems.map((p) => p.message),
      [schema.errorMessage],
    );
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    assert.match(parseTeamConfig(bomb).problems[0].message, /could not be read/);
  });

  it('declares a postmortem.rules setting for every rule, with its default', () => {
    const properties = manifest.contributes.configuration.properties['postmortem.rules'].properties as Record<string, { markdownDescription: string }>;
    assert.deepEqual(
      Object.keys(properties),
      RULE_INFO.map((r) => r.code),
    );
    for (const rule of RULE_INFO) assert.match(properties[rule.code].markdownDescription, new RegExp(`Default: \`${rule.defaultSeverity}\``));
  });

  it('documents every rule in docs/rules.md, where the diagnostics link to', () => {
    for (const rule of RULE_INFO) {
      assert.match(docs, new RegExp(`^## ${rule.code}$`, 'm'), rule.code);
      assert.match(docs, new RegExp(`\\| \\[${rule.code}\\]\\(#${rule.code}\\) \\| ${rule.defaultSeverity} \\|`), `${rule.code} in the table with its default`);
    }
  });

  it('gives every command a category and a localized title', () => {
    for (const command of manifest.contributes.commands as { command: string; title: string; category: string }[]) {
      assert.equal(command.category, '%category%', command.command);
      assert.ok(nls[command.title.slice(1, -1)], `${command.command} has a title in package.nls.json`);
    }
  });
});
