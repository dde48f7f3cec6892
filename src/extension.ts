// The entry for the Node extension host (VS Code desktop, a remote, code-server).
import type * as vscode from 'vscode';
import { activateShared, type PostmortemApi } from './extension.shared';

export type { PostmortemApi, TestingApi } from './extension.shared';

export function activate(context: vscode.ExtensionContext): PostmortemApi {
  return activateShared(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
