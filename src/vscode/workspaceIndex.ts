import * as vscode from 'vscode';
import picomatch from 'picomatch';
import { Indexer, type ActionIndex, type IndexWorkspace } from '../core';
import { relativePath } from './documents';
import { getSettings } from './settings';
import type { TeamConfigs } from './teamConfig';

/**
 * Every post-mortem's action items in the workspace, kept current: the core's `Indexer` (the rules)
 * over VS Code's workspace (this adapter). Reads through `workspace.fs` (virtual file systems too),
 * respects `files.exclude` and `search.exclude`, lets an open editor's unsaved text win over the
 * file, and keeps per file only the index's short summary.
 */
export class WorkspaceIndex implements vscode.Disposable {
  readonly #indexer: Indexer;
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires after the index changed (once per batch of changes). */
  readonly onDidChange = this.#onDidChange.event;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];
  /** The progress shown while the first pass for search text and timeline figures runs. */
  #insightsProgress: Promise<void> | undefined;

  /** `progressViewId`: the view that shows the scan's progress. */
  constructor(
    configs: TeamConfigs,
    private readonly progressViewId: string,
    fastRead?: FastReader,
  ) {
    this.#indexer = new Indexer(vscodeWorkspace(configs, fastRead));
    const stop = this.#indexer.onDidChange(() => this.#onDidChange.fire());
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    const queue = (uri: vscode.Uri): void => this.#indexer.queue(uri.toString());
    // A folder created with files in it (a `git checkout`, a copy) may be reported as the folder alone.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
    this.#disposables.push(
      { dispose: stop },
      watcher,
      folders,
      folders.onDidCreate((uri) => {
        if (!uri.path.toLowerCase().endsWith('.md')) void this.#queueFolder(uri);
      }),
      watcher.onDidCreate(queue),
      watcher.onDidChange(queue),
      watcher.onDidDelete(queue),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'markdown' && e.contentChanges.length > 0) this.#indexer.queueText(e.document.uri.toString(), () => e.document.getText());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Unsaved edits are gone with the editor: the file on disk is the truth again.
        if (d.languageId === 'markdown') queue(d.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postmortem.files') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) this.rescan();
      }),
      configs.onDidChange(() => this.rescan()),
    );
  }

  get index(): ActionIndex {
    return this.#indexer.index;
  }

  /** Resolves when the current scan and pending updates are done (tests wait on it). */
  whenReady(): Promise<void> {
    return this.#indexer.whenReady();
  }

  /**
   * Resolves when every post-mortem's search text and timeline figures are read too (Search, Related,
   * Insights, the digest): the first time, a pass over the files, with progress in the view while it has files to read.
   */
  whenInsightsReady(): Promise<void> {
    const pass = this.#indexer.whenInsightsReady();
    if (!this.#insightsProgress && [...this.index.byFile().values()].some((f) => !f.insights)) {
      this.#insightsProgress = Promise.resolve(
        vscode.window.withProgress({ location: { viewId: this.progressViewId }, title: vscode.l10n.t('Reading summaries and timelines') }, () => pass),
      ).finally(() => (this.#insightsProgress = undefined));
    }
    return pass;
  }

  /** Scans the whole workspace again, with progress in the view given to the constructor; cancels a running scan. */
  rescan(): Promise<void> {
    return this.#indexer.rescan((scan) =>
      Promise.resolve(
        vscode.window.withProgress({ location: { viewId: this.progressViewId }, title: vscode.l10n.t('Reading post-mortems') }, () => scan(() => false)),
      ),
    );
  }

  dispose(): void {
    this.#indexer.dispose();
    this.#disposables.forEach((d) => d.dispose());
  }

  /** Queues every Markdown file below a folder that was just created (nothing when it is a file). */
  async #queueFolder(uri: vscode.Uri): Promise<void> {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
      for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.md'), excludeGlob())) this.#indexer.queue(file.toString());
    } catch {
      // Gone again before it could be read: nothing to index.
    }
  }
}

/** The workspace as the core's Indexer sees it: files by URI string. */
/**
 * A host's own reader of a file's text (node:fs in the Node extension host), or undefined for a uri it
 * does not read (then workspace.fs reads it). The text, or undefined for a file that is not read.
 */
export type FastReader = (uri: vscode.Uri, maxBytes: number) => Promise<string | undefined> | undefined;

function vscodeWorkspace(configs: TeamConfigs, fastRead?: FastReader): IndexWorkspace {
  // postmortem.maxFileSize per workspace folder, read once per scan rather than once per file.
  const maxBytes = new Map<string, number>();
  const maxBytesOf = (uri: vscode.Uri): number => {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    let max = maxBytes.get(folder);
    if (max === undefined) maxBytes.set(folder, (max = getSettings(uri).maxFileBytes));
    return max;
  };
  return {
    async findFiles(isCancelled) {
      maxBytes.clear();
      const source = new vscode.CancellationTokenSource();
      try {
        const uris = await vscode.workspace.findFiles('**/*.md', excludeGlob(), undefined, source.token);
        return isCancelled() ? [] : uris.map((u) => u.toString());
      } finally {
        source.dispose();
      }
    },
    async read(key) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (open && !open.isClosed) return open.getText();
      const uri = vscode.Uri.parse(key);
      return fastRead?.(uri, maxBytesOf(uri)) ?? readFile(uri, maxBytesOf(uri));
    },
    isIncluded: (key) => isIncluded(vscode.Uri.parse(key)),
    folderOf: (key) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(key))?.uri.toString() ?? '',
    configFor: (key) => configs.get(vscode.Uri.parse(key)),
    filesFor: (key) => getSettings(vscode.Uri.parse(key)).files,
    relativePath: (key) => relativePath(vscode.Uri.parse(key)),
  };
}

/** A regular file's text, unless it is larger than `postmortem.maxFileSize` (a link to a device is never read). */
async function readFile(uri: vscode.Uri, maxBytes: number): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0 || stat.size > maxBytes) return undefined;
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder();

/** `files.exclude` and `search.exclude` as one glob for findFiles. */
function excludeGlob(): string | undefined {
  const patterns = excludePatterns();
  return patterns.length > 0 ? `{${patterns.join(',')}}` : undefined;
}

function excludePatterns(): string[] {
  const patterns = new Set<string>();
  for (const section of ['files', 'search']) {
    // `null`: the value for any resource (the workspace's), as findFiles applies one glob to every folder.
    const excludes = vscode.workspace.getConfiguration(section, null).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(excludes)) if (on === true) patterns.add(glob);
  }
  return [...patterns];
}

/** Whether a changed file is one the scan would have read (a .md outside the excluded globs). */
function isIncluded(uri: vscode.Uri): boolean {
  if (!uri.path.toLowerCase().endsWith('.md') || !vscode.workspace.getWorkspaceFolder(uri)) return false;
  const relative = vscode.workspace.asRelativePath(uri, false);
  return !excludePatterns().some((glob) => picomatch(glob, { dot: true })(relative));
}
