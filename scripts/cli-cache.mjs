// Writes the V8 code cache of the CLI bundle (dist/cli-main.js.cache), read by dist/cli.js at start.
// The bundle's modules are initialised here and its main lints a small post-mortem and lists its action
// items (output dropped), so the cache holds the compiled code a run needs, not only the top level.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

const SAMPLE = [
  '# Post-Mortem: Sample',
  '',
  '## Metadata',
  '- Date: 2026-01-05',
  '- Severity: SEV2',
  '',
  '## Summary',
  'A deploy failed.',
  '',
  '## Action Items',
  '',
  '| Action | Type | Priority | Owner | Due | Status | Ticket |',
  '|---|---|---|---|---|---|---|',
  '| Add an alert | Detect | P1 | SRE | 2026-02-01 | Open | OPS-1 |',
  '| Add a timeout | Prevent | P0 | Backend | Next sprint | Done 2026-01-20 | OPS-2 |',
  '',
];

export async function writeCliCache(file = resolve('dist', 'cli-main.js')) {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const dir = mkdtempSync(join(tmpdir(), 'postmortem-cli-cache-'));
  try {
    writeFileSync(join(dir, 'sample.md'), SAMPLE.join('\n'));
    // Each command a large run spends its time in: the full reader (lint), the fast one (actions, list).
    for (const args of [
      ['lint', 'sample.md'],
      ['actions', '.', '--format', 'json'],
      ['list', '.', '--format', 'json'],
      ['actions', '.'],
    ]) {
      await module.exports.main(
        args,
        dir,
        () => undefined,
        () => undefined,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}
