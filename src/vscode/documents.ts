import * as vscode from 'vscode';
import { DocumentValue, detectDocument, filesFilter, type Detection, type PostmortemModel } from '../core';
import { getSettings } from './settings';

/** A Markdown document the extension reads: its model, and what it is and why. */
export interface DocumentInfo {
  /** The version's one reading: text, lines, line ending, model. */
  readonly value: DocumentValue;
  readonly model: PostmortemModel;
  readonly detection: Detection;
}

/**
 * The last reading of each open document, by uri and version: diagnostics, CodeLens, hovers and
 * inlay hints all ask for the same version after each change, and a large post-mortem is parsed once.
 */
const cache = new Map<string, { readonly version: number; readonly files: string; readonly info: DocumentInfo | undefined }>();

/** The document's path for detection and `postmortem.files`: relative to its workspace folder, with `/`. */
export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, false) : uri.path.replace(/^\/+/, '');
}

/** A Markdown document that is a post-mortem or a template (see `detectDocument`), else undefined. */
export function documentInfo(document: vscode.TextDocument): DocumentInfo | undefined {
  if (document.languageId !== 'markdown') return undefined;
  const key = document.uri.toString();
  const settings = getSettings(document.uri);
  const patterns = settings.files;
  const files = patterns.join('\n');
  const hit = cache.get(key);
  if (hit?.version === document.version && hit.files === files) return hit.info;
  const path = relativePath(document.uri);
  let info: DocumentInfo | undefined;
  // An untitled document (New Post-Mortem without a folder) has no path to filter on.
  if ((document.isUntitled || filesFilter(patterns)(path)) && !isTooLarge(document, settings.maxFileBytes)) {
    const text = document.getText();
    // A binary file named .md is no post-mortem.
    if (!text.slice(0, 8000).includes('\u0000')) {
      const value = DocumentValue.read(text);
      const detection = detectDocument(value.model, document.isUntitled ? undefined : path);
      if (detection) info = { value, model: value.model, detection };
    }
  }
  cache.set(key, { version: document.version, files, info });
  return info;
}

/** Whether a document is over `postmortem.maxFileSize` (`maxBytes`): it is neither read nor checked. */
export function isTooLarge(document: vscode.TextDocument, maxBytes: number): boolean {
  return document.offsetAt(new vscode.Position(document.lineCount, 0)) > maxBytes;
}

/** The model of a Markdown document when it is a post-mortem (not a template), else undefined. */
export function postmortemModel(document: vscode.TextDocument): PostmortemModel | undefined {
  const info = documentInfo(document);
  return info?.detection.kind === 'postmortem' ? info.model : undefined;
}

/** The document's reading at its current version: the cached one for a post-mortem or template, else read now. */
export function documentValue(document: vscode.TextDocument): DocumentValue {
  return documentInfo(document)?.value ?? DocumentValue.read(document.getText());
}

/** Drops a closed document's reading. */
export function forgetDocument(document: vscode.TextDocument): void {
  cache.delete(document.uri.toString());
}
