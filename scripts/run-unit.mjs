// Runs the unit tests (test/unit, bundled to out/test/unit) with mocha in plain Node: no VS Code.
//   --grep PATTERN   only the tests whose full title matches
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { grepArg } from './args.mjs';

const dir = resolve(import.meta.dirname, '..', 'out', 'test', 'unit');
const grep = grepArg();
const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, forbidOnly: true, reporter: 'spec', ...(grep ? { grep } : {}) });
for (const file of readdirSync(dir, { recursive: true }).map(String).sort()) {
  if (file.endsWith('.test.js')) mocha.addFile(join(dir, file));
}
const runner = mocha.run((failures) => {
  const { passes, failures: failed, pending } = runner.stats;
  console.log(`unit: ${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 ? 1 : 0;
});
