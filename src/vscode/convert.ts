import * as vscode from 'vscode';
import type { Position, Range, Severity, TextEdit } from '../core';

/** Core positions, ranges and edits to VS Code's, and back. The only place that converts them. */
export function toPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(toPosition(r.start), toPosition(r.end));
}

export function toTextEdit(e: TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(e.range), e.newText);
}

export function toSnippetTextEdit(e: TextEdit): vscode.SnippetTextEdit {
  return new vscode.SnippetTextEdit(toRange(e.range), new vscode.SnippetString(e.newText));
}

export function toDiagnosticSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** One WorkspaceEdit for core edits on one document (snippet edits select their tabstop). */
export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[], snippet = false): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  if (snippet) edit.set(uri, edits.map(toSnippetTextEdit));
  else edit.set(uri, edits.map(toTextEdit));
  return edit;
}
