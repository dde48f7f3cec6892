import * as vscode from 'vscode';
import { fixAllEdits, type Finding } from '../../core';
import { toWorkspaceEdit } from '../../vscode/convert';
import { settled } from '../../vscode/documents';
import { DIAGNOSTIC_SOURCE, type PostmortemDiagnostics } from './diagnostics';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('postmortem');

/**
 * Quick fixes for the post-mortem diagnostics, and `source.fixAll.postmortem`. The fixes come from
 * the core with each finding: this only turns them into CodeActions.
 */
export class PostmortemCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  static register(diagnostics: PostmortemDiagnostics): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new PostmortemCodeActions(diagnostics), PostmortemCodeActions.metadata);
  }

  readonly #diagnostics: PostmortemDiagnostics;

  private constructor(diagnostics: PostmortemDiagnostics) {
    this.#diagnostics = diagnostics;
  }

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
    token?: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    // The lightbulb asks after every keystroke: the fixes come once typing pauses, as the diagnostics do.
    if (context.triggerKind === vscode.CodeActionTriggerKind.Automatic && !(await settled(document, token))) return [];
    const wants = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const findings = await this.#diagnostics.findings(document);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const finding = findings.find((f) => matches(f, diagnostic));
        for (const fix of finding?.fixes ?? []) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(document.uri, fix.edits, fix.snippet);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred ?? false;
          actions.push(action);
        }
      }
    }
    const all = fixAllEdits(findings);
    const fixable = findings.filter((f) => f.fixes.some((x) => x.isPreferred && !x.snippet)).length;
    if (all.length > 0 && wants(FIX_ALL_KIND)) {
      const action = new vscode.CodeAction(vscode.l10n.t('Fix all post-mortem problems in this file'), FIX_ALL_KIND);
      action.edit = toWorkspaceEdit(document.uri, all);
      actions.push(action);
    }
    if (all.length > 0 && fixable > 1 && !context.only && context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) {
      const action = new vscode.CodeAction(vscode.l10n.t('Fix all auto-fixable post-mortem problems in this file'), vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, all);
      actions.push(action);
    }
    return actions;
  }
}

function matches(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const r = finding.range;
  return (
    code === finding.code &&
    diagnostic.message === finding.message &&
    diagnostic.range.start.line === r.start.line &&
    diagnostic.range.start.character === r.start.character &&
    diagnostic.range.end.line === r.end.line &&
    diagnostic.range.end.character === r.end.character
  );
}
