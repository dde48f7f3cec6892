// The entry for the browser's web worker extension host (vscode.dev, github.dev, code-server's web worker).
import type * as vscode from 'vscode';
import { activateShared, type PostmortemApi } from './extension.shared';

export type { PostmortemApi };

export function activate(context: vscode.ExtensionContext): PostmortemApi {
  return activateShared(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
