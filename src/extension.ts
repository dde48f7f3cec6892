import * as vscode from 'vscode';
import { PostmortemCodeActions } from './features/codeActions';
import { PostmortemDiagnostics } from './features/diagnostics';
import { registerNewPostmortem } from './features/newPostmortem';
import { TeamConfigs } from './vscode/teamConfig';

/** Wiring only: each feature registers itself and hands back what to dispose. */
export function activate(context: vscode.ExtensionContext): void {
  const configs = new TeamConfigs();
  const diagnostics = PostmortemDiagnostics.register(configs, vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md'));
  context.subscriptions.push(configs, diagnostics, PostmortemCodeActions.register(diagnostics), registerNewPostmortem());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
