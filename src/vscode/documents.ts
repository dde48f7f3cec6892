import * as vscode from 'vscode';
import { parsePostmortem, postmortemReason, type PostmortemModel } from '../core';
import { getSettings } from './settings';

/** The model of a Markdown document when it is a post-mortem (DESIGN.md's rule), else undefined. */
export function postmortemModel(document: vscode.TextDocument): PostmortemModel | undefined {
  if (document.languageId !== 'markdown') return undefined;
  const model = parsePostmortem(document.getText());
  return postmortemReason(model, matchesFilesGlob(document)) ? model : undefined;
}

/** Whether the document's path matches the `postmortem.files` glob. */
export function matchesFilesGlob(document: vscode.TextDocument): boolean {
  return vscode.languages.match({ pattern: getSettings(document.uri).files }, document) > 0;
}
