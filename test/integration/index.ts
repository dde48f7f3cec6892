// The `run()` that VS Code's extension host calls with `extensionTestsPath` (code-server or
// @vscode/test-electron alike): runs every bundled `*.test.js` beside this file with mocha.
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  // scripts/run-integration.mjs --grep PATTERN hands the pattern over in the environment.
  const grep = process.env.POSTMORTEM_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, forbidOnly: true, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of readdirSync(__dirname, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  }
  const host = `VS Code ${vscode.version}, ${vscode.env.appHost}${vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : ''}`;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
      console.log(`integration (${host}):`);
      console.log(`integration: ${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
