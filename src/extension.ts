// The entry for the Node extension host (VS Code desktop, a remote, code-server).
import type * as vscode from 'vscode';
import { activateShared, type PostmortemApi } from './extension.shared';
import { regularFileReader } from './node/readFile';

export type { PostmortemApi, TestingApi } from './extension.shared';

export function activate(context: vscode.ExtensionContext): PostmortemApi {
  // Files on this machine's disk are read with node:fs; anything else through workspace.fs.
  const read = regularFileReader();
  return activateShared(context, { readFile: (uri, maxBytes) => (uri.scheme === 'file' ? read(uri.fsPath, maxBytes) : undefined) });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
