// The `run()` the web worker extension host calls with `extensionTestsPath`: the suite that
// setup.ts and the bundled test files registered, after checking that this is the web worker.
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers';

export function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const kind = extension?.extensionKind === vscode.ExtensionKind.UI ? 'UI' : 'Workspace';
  const process = typeof (globalThis as { process?: unknown }).process;
  console.log(
    `integration (web worker extension host): VS Code ${vscode.version}, ${vscode.env.appHost}, extensionKind ${kind}, typeof process: ${process}, workspace ${vscode.workspace.workspaceFolders?.[0]?.uri.scheme ?? 'none'}`,
  );
  // A run that landed in the Node extension host would prove nothing: say so and fail.
  if (kind !== 'UI' || process !== 'undefined') return Promise.reject(new Error('the web suite is not running in the web worker extension host'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
      console.log(`integration (web worker): ${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed in the web worker`));
      else resolve();
    });
  });
}
