// Runs the unit tests (test/unit, bundled to out/test/unit) with mocha in plain Node: no VS Code.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'out', 'test', 'unit');
const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, forbidOnly: true, reporter: 'spec' });
for (const file of readdirSync(dir, { recursive: true }).map(String).sort()) {
  if (file.endsWith('.test.js')) mocha.addFile(join(dir, file));
}
const runner = mocha.run((failures) => {
  const { passes, failures: failed, pending } = runner.stats;
  console.log(`unit: ${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 ? 1 : 0;
});
