import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_INFO } from '../../src/core';
import { ROOT } from './util';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const docs = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');

describe('package.json and docs', () => {
  it('declares a postmortem.rules setting for every rule, with its default', () => {
    const properties = manifest.contributes.configuration.properties['postmortem.rules'].properties as Record<string, { markdownDescription: string }>;
    assert.deepEqual(Object.keys(properties), RULE_INFO.map((r) => r.code));
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
