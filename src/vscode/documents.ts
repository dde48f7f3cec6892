import * as vscode from 'vscode';
import { parsePostmortem, postmortemReason, type PostmortemModel } from '../core';
import { getSettings } from './settings';

/**
 * The last parse of each open document, by uri and version: diagnostics, CodeLens and inlay hints all
 * ask for the model of the same version after each change, and a large post-mortem is parsed once.
 */
const cache = new Map<string, { readonly version: number; readonly files: string; readonly model: PostmortemModel | undefined }>();

/** The model of a Markdown document when it is a post-mortem (DESIGN.md's rule), else undefined. */
export function postmortemModel(document: vscode.TextDocument): PostmortemModel | undefined {
  if (document.languageId !== 'markdown') return undefined;
  const key = document.uri.toString();
  const files = getSettings(document.uri).files;
  const hit = cache.get(key);
  if (hit?.version === document.version && hit.files === files) return hit.model;
  const parsed = parsePostmortem(document.getText());
  const model = postmortemReason(parsed, matchesFilesGlob(document)) ? parsed : undefined;
  cache.set(key, { version: document.version, files, model });
  return model;
}

/** Drops a closed document's parse. */
export function forgetDocument(document: vscode.TextDocument): void {
  cache.delete(document.uri.toString());
}

/** Whether the document's path matches the `postmortem.files` glob. */
export function matchesFilesGlob(document: vscode.TextDocument): boolean {
  return vscode.languages.match({ pattern: getSettings(document.uri).files }, document) > 0;
}
