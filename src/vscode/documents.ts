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
/** How many times a document was read (parsed) so far: the benchmark checks typing does not read per keystroke. */
let readings = 0;
export const readingsSoFar = (): number => readings;

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
      readings++;
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

/** When each open document last changed (ms since the epoch): see `settled`. */
const lastChange = new Map<string, number>();

/** Notes each document's changes for `settled`; registered once by the extension. */
export function trackChanges(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) lastChange.set(e.document.uri.toString(), Date.now());
    }),
    vscode.workspace.onDidCloseTextDocument((d) => lastChange.delete(d.uri.toString())),
  );
}

/** How long the checks wait after the last keystroke: 250 ms, plus 1 ms per KB (a 1 MB document: about 1.3 s). */
export function checkDelay(document: vscode.TextDocument): number {
  const size = document.offsetAt(new vscode.Position(document.lineCount, 0));
  return 250 + Math.min(2000, Math.round(size / 1024));
}

/**
 * Waits until the document has been quiet for `checkDelay` (at once when it has), then says whether
 * it is still the version asked about. CodeLens, inlay hints and code actions wait on it, so typing
 * reads (parses) the document once after the last keystroke, not once per keystroke: VS Code asks
 * again, and cancels the older request, on every change.
 */
export async function settled(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<boolean> {
  const version = document.version;
  const quiet = checkDelay(document) - (Date.now() - (lastChange.get(document.uri.toString()) ?? 0));
  if (quiet > 0) await new Promise((resolve) => setTimeout(resolve, quiet));
  return !token?.isCancellationRequested && !document.isClosed && document.version === version;
}
