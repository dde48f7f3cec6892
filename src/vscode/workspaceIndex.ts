import * as vscode from 'vscode';
import picomatch from 'picomatch';
import { ActionIndex, buildIndex, filesFilter, summarize, timeSlicer, type IndexedFile, type TeamConfig } from '../core';
import { relativePath } from './documents';
import { getSettings, type Settings } from './settings';
import type { TeamConfigs } from './teamConfig';

/** How long the index may hold the extension host's thread before it yields. */
const SLICE_MS = 20;
/** File events are gathered this long, so a `git checkout` of 500 files is one refresh. */
const BATCH_MS = 300;

/**
 * Every post-mortem's action items in the workspace, kept current. Reads through `workspace.fs`
 * (virtual file systems too), respects `files.exclude` and `search.exclude`, lets an open editor's
 * unsaved text win over the file, and keeps per file only the index's short summary.
 */
export class WorkspaceIndex implements vscode.Disposable {
  readonly index = new ActionIndex();
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires after the index changed (once per batch of changes). */
  readonly onDidChange = this.#onDidChange.event;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];
  readonly #configs: TeamConfigs;
  readonly #pending = new Set<string>();
  /** Files changed while a full scan ran: the scan's result may predate them, so they are read again after it. */
  readonly #changedDuringScan = new Set<string>();
  readonly #docTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #batchTimer: ReturnType<typeof setTimeout> | undefined;
  #scan: vscode.CancellationTokenSource | undefined;
  #ready: Promise<void> = Promise.resolve();
  #scanning = false;
  #scanGeneration = 0;

  /** `progressViewId`: the view that shows the scan's progress. */
  constructor(
    configs: TeamConfigs,
    private readonly progressViewId: string,
  ) {
    this.#configs = configs;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    const queue = (uri: vscode.Uri): void => this.#queue(uri);
    // A folder created with files in it (a `git checkout`, a copy) may be reported as the folder alone.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
    this.#disposables.push(
      watcher,
      folders,
      folders.onDidCreate((uri) => {
        if (!uri.path.toLowerCase().endsWith('.md')) void this.#queueFolder(uri);
      }),
      watcher.onDidCreate(queue),
      watcher.onDidChange(queue),
      watcher.onDidDelete(queue),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'markdown' && e.contentChanges.length > 0) this.#queueDocument(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Unsaved edits are gone with the editor: the file on disk is the truth again.
        if (d.languageId === 'markdown') this.#queue(d.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postmortem.files') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) this.rescan();
      }),
      configs.onDidChange(() => this.rescan()),
    );
  }

  /** Resolves when the current scan and pending updates are done (tests and the CLI wait on it). */
  async whenReady(): Promise<void> {
    await this.#ready;
    if (this.#pending.size > 0 || this.#docTimers.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, BATCH_MS + 50));
      await this.#flush();
    }
  }

  /** Scans the whole workspace again, with progress in the view given to the constructor; cancels a running scan. */
  rescan(): Promise<void> {
    this.#scan?.cancel();
    const scan = (this.#scan = new vscode.CancellationTokenSource());
    this.#ready = Promise.resolve(
      vscode.window.withProgress({ location: { viewId: this.progressViewId }, title: vscode.l10n.t('Reading post-mortems') }, () => this.#scanAll(scan.token)),
    );
    return this.#ready;
  }

  dispose(): void {
    this.#scan?.cancel();
    clearTimeout(this.#batchTimer);
    this.#docTimers.forEach((t) => clearTimeout(t));
    this.#disposables.forEach((d) => d.dispose());
  }

  async #scanAll(token: vscode.CancellationToken): Promise<void> {
    const generation = ++this.#scanGeneration;
    this.#scanning = true;
    try {
      const uris = await vscode.workspace.findFiles('**/*.md', excludeGlob(), undefined, token);
      if (token.isCancellationRequested) return;
      const byKey = new Map(uris.map((u) => [u.toString(), u]));
      const fresh = new ActionIndex();
      // The team config and the settings once per workspace folder, not once per file.
      const configs = new Map<string, TeamConfig>();
      const settings = new Map<string, Settings>();
      const folderOf = (uri: vscode.Uri): string => vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
      for (const uri of uris) {
        const folder = folderOf(uri);
        if (!configs.has(folder)) configs.set(folder, await this.#configs.get(uri));
        if (!settings.has(folder)) settings.set(folder, getSettings(uri));
      }
      const done = await buildIndex(
        fresh,
        [...byKey.keys()],
        (key) => this.#read(byKey.get(key)!, settings.get(folderOf(byKey.get(key)!))),
        (key, text) => this.#summarize(byKey.get(key)!, text, configs.get(folderOf(byKey.get(key)!))!, settings.get(folderOf(byKey.get(key)!))),
        timeSlicer(
          SLICE_MS,
          () => Date.now(),
          () => new Promise((resolve) => setTimeout(resolve, 0)),
          () => token.isCancellationRequested,
        ),
      );
      if (!done) return;
      this.index.clear();
      for (const file of fresh.files()) this.index.set(file.file, file);
      this.#onDidChange.fire();
      const changed = [...this.#changedDuringScan];
      this.#changedDuringScan.clear();
      this.#scanning = false;
      for (const key of changed) this.#queue(vscode.Uri.parse(key));
    } finally {
      // A scan cancelled by a newer one leaves the flag to that one.
      if (generation === this.#scanGeneration) this.#scanning = false;
    }
  }

  #queue(uri: vscode.Uri): void {
    if (this.#scanning) this.#changedDuringScan.add(uri.toString());
    this.#pending.add(uri.toString());
    clearTimeout(this.#batchTimer);
    this.#batchTimer = setTimeout(() => void this.#flush(), BATCH_MS);
  }

  /** Queues every Markdown file below a folder that was just created (nothing when it is a file). */
  async #queueFolder(uri: vscode.Uri): Promise<void> {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
      for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.md'), excludeGlob())) this.#queue(file);
    } catch {
      // Gone again before it could be read: nothing to index.
    }
  }

  #queueDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.#docTimers.get(key));
    this.#docTimers.set(
      key,
      setTimeout(async () => {
        this.#docTimers.delete(key);
        if (!isIncluded(document.uri)) return;
        if (this.#scanning) this.#changedDuringScan.add(key);
        this.index.set(key, this.#summarize(document.uri, document.getText(), await this.#configs.get(document.uri)));
        this.#onDidChange.fire();
      }, BATCH_MS),
    );
  }

  async #flush(): Promise<void> {
    const keys = [...this.#pending];
    this.#pending.clear();
    if (keys.length === 0) return;
    let changed = false;
    for (const key of keys) {
      const uri = vscode.Uri.parse(key);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      const text = !isIncluded(uri) ? undefined : open && !open.isClosed ? open.getText() : await this.#read(uri);
      const summary = text === undefined ? undefined : this.#summarize(uri, text, await this.#configs.get(uri));
      if (summary || this.index.get(key)) changed = true;
      this.index.set(key, summary);
    }
    if (changed) this.#onDidChange.fire();
  }

  /** A regular file's text, unless it is larger than `postmortem.maxFileSize` (a link to a device is never read). */
  async #read(uri: vscode.Uri, settings = getSettings(uri)): Promise<string | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0 || stat.size > settings.maxFileBytes) return undefined;
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  #summarize(uri: vscode.Uri, text: string, config: TeamConfig, settings = getSettings(uri)): IndexedFile | undefined {
    // A binary file named .md is no post-mortem.
    if (text.slice(0, 8000).includes('\u0000')) return undefined;
    const path = relativePath(uri);
    if (!filesFilter(settings.files)(path)) return undefined;
    try {
      return summarize(uri.toString(), text, path, config);
    } catch {
      // One file the reader cannot read must not empty the view for the whole workspace.
      return undefined;
    }
  }
}

/** `files.exclude` and `search.exclude` as one glob for findFiles. */
function excludeGlob(): string | undefined {
  const patterns = excludePatterns();
  return patterns.length > 0 ? `{${patterns.join(',')}}` : undefined;
}

function excludePatterns(): string[] {
  const patterns = new Set<string>();
  for (const section of ['files', 'search']) {
    const excludes = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
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
