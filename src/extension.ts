import * as vscode from 'vscode';
import { registerNewPostmortem } from './features/newPostmortem';

/** Wiring only: each feature registers itself and hands back what to dispose. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(registerNewPostmortem());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
