import { ActionIndex, buildIndex, summarize, timeSlicer, type IndexedFile } from './actionIndex';
import type { TeamConfig } from './config';
import { filesFilter } from './files';

/** How long a scan may hold the thread before it yields. */
const SLICE_MS = 10;
/** File events are gathered this long, so a `git checkout` of 500 files is one refresh. */
export const BATCH_MS = 300;

/**
 * What the index needs from a workspace: the VS Code adapter implements it over `workspace.fs`,
 * `findFiles` and the open editors; tests implement it in memory. Files are named by key (a URI).
 */
export interface IndexWorkspace {
  /** Every Markdown file the scan reads (excluded folders left out). */
  findFiles(isCancelled: () => boolean): Promise<readonly string[]>;
  /** A file's text: an open editor's unsaved text wins; undefined when it is gone, not a regular file or too large. */
  read(key: string): Promise<string | undefined>;
  /** Whether a changed file is one the scan would have read. */
  isIncluded(key: string): boolean;
  /** The workspace folder of a file: the team config and the settings are read once per folder in a scan. */
  folderOf(key: string): string;
  configFor(key: string): Promise<TeamConfig>;
  /** The `postmortem.files` globs that apply to a file. */
  filesFor(key: string): readonly string[];
  /** The path the globs and detection see (relative to its folder, with `/`). */
  relativePath(key: string): string;
}

/** Runs a scan, giving the workspace's progress UI its promise; cancelled when a newer scan starts. */
export type ScanRunner = (scan: (isCancelled: () => boolean) => Promise<void>) => Promise<void>;

/**
 * The rules of keeping the index current, without VS Code: a full scan (settings and team config
 * once per folder, yielding every 20 ms, cancelled by a newer scan), changed files gathered for 300 ms
 * and read again, a file changed while a scan runs read again after it, an open editor's text read as
 * it is typed, a binary or unreadable file left out, one file's failure never emptying the index.
 */
export class Indexer {
  readonly index = new ActionIndex();
  readonly #workspace: IndexWorkspace;
  readonly #listeners = new Set<() => void>();
  readonly #pending = new Set<string>();
  readonly #changedDuringScan = new Set<string>();
  readonly #textTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #batchTimer: ReturnType<typeof setTimeout> | undefined;
  #ready: Promise<void> = Promise.resolve();
  #scanning = false;
  #generation = 0;
  /** Whether the summaries read the search text and timeline figures: from the first time they are asked for. */
  #insights = false;
  #insightsPass: Promise<void> | undefined;
  #disposed = false;

  constructor(workspace: IndexWorkspace) {
    this.#workspace = workspace;
  }

  /** Called after the index changed (once per batch of changes). Returns the way to stop listening. */
  onDidChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when the current scan and the pending updates are done. */
  async whenReady(): Promise<void> {
    await this.#ready;
    if (this.#pending.size > 0 || this.#textTimers.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, BATCH_MS + 50));
      await this.#flush();
    }
  }

  /**
   * Resolves when every file's search text and timeline figures are read, as Search, Related, Insights
   * and the digest need them. A scan leaves them out, so that the views fill first; the first call reads
   * them in a second pass over the files (sliced as a scan is), and every summary after it has them.
   */
  whenInsightsReady(): Promise<void> {
    this.#insights = true;
    this.#insightsPass ??= this.#readInsights().finally(() => (this.#insightsPass = undefined));
    return this.#insightsPass;
  }

  /** Scans the whole workspace again; a running scan is cancelled. `run` shows progress around it. */
  rescan(run: ScanRunner = (scan) => scan(() => false)): Promise<void> {
    const generation = ++this.#generation;
    this.#ready = run((isCancelled) => this.#scanAll(generation, () => isCancelled() || generation !== this.#generation));
    return this.#ready;
  }

  /** A file was created, changed or deleted: read again after the batch delay. */
  queue(key: string): void {
    if (this.#scanning) this.#changedDuringScan.add(key);
    this.#pending.add(key);
    clearTimeout(this.#batchTimer);
    this.#batchTimer = setTimeout(() => void this.#flush(), BATCH_MS);
  }

  /** An open editor's text changed: read it (not the file) after the batch delay. */
  queueText(key: string, text: () => string): void {
    clearTimeout(this.#textTimers.get(key));
    this.#textTimers.set(
      key,
      setTimeout(async () => {
        this.#textTimers.delete(key);
        if (!this.#workspace.isIncluded(key)) return;
        if (this.#scanning) this.#changedDuringScan.add(key);
        this.index.set(key, this.#summarize(key, text(), await this.#workspace.configFor(key)));
        this.#fire();
      }, BATCH_MS),
    );
  }

  dispose(): void {
    this.#disposed = true;
    this.#generation++;
    clearTimeout(this.#batchTimer);
    this.#textTimers.forEach((t) => clearTimeout(t));
    this.#listeners.clear();
  }

  #fire(): void {
    for (const listener of this.#listeners) listener();
  }

  async #scanAll(generation: number, isCancelled: () => boolean): Promise<void> {
    this.#scanning = true;
    try {
      const keys = await this.#workspace.findFiles(isCancelled);
      if (isCancelled()) return;
      const fresh = new ActionIndex();
      if (!(await this.#read(fresh, keys, false, isCancelled))) return;
      this.index.clear();
      for (const file of fresh.files()) this.index.set(file.file, file);
      this.#fire();
      // The views are filled: now what Search and Insights read, if they were ever asked for.
      if (this.#insights) void this.whenInsightsReady();
      const changed = [...this.#changedDuringScan];
      this.#changedDuringScan.clear();
      this.#scanning = false;
      for (const key of changed) this.queue(key);
    } finally {
      // A scan cancelled by a newer one leaves the flag to that one.
      if (generation === this.#generation) this.#scanning = false;
    }
  }

  async #flush(): Promise<void> {
    const keys = [...this.#pending];
    this.#pending.clear();
    if (keys.length === 0) return;
    let changed = false;
    for (const key of keys) {
      const text = this.#workspace.isIncluded(key) ? await this.#workspace.read(key) : undefined;
      const summary = text === undefined ? undefined : this.#summarize(key, text, await this.#workspace.configFor(key));
      if (summary || this.index.get(key)) changed = true;
      this.index.set(key, summary);
    }
    if (changed) this.#fire();
  }

  /** Reads again, with them, the files whose summaries lack the search text and timeline figures; after a newer scan when one starts meanwhile. */
  async #readInsights(): Promise<void> {
    await this.whenReady();
    const generation = this.#generation;
    const missing = this.index.files().filter((f) => !f.insights);
    if (missing.length === 0 || this.#disposed) return;
    const read = new ActionIndex();
    const done = await this.#read(
      read,
      missing.map((f) => f.file),
      true,
      () => generation !== this.#generation,
    );
    if (!done) return this.#readInsights();
    // A file changed meanwhile has been read again already (with them).
    for (const before of missing) if (this.index.get(before.file) === before) this.index.set(before.file, read.get(before.file));
    this.#fire();
  }

  /**
   * Reads files into `into`, in 20 ms slices, until cancelled (then false). The team config and the
   * settings are read once per workspace folder, not once per file.
   */
  async #read(into: ActionIndex, keys: readonly string[], insights: boolean, isCancelled: () => boolean): Promise<boolean> {
    const configs = new Map<string, TeamConfig>();
    const files = new Map<string, readonly string[]>();
    for (const key of keys) {
      const folder = this.#workspace.folderOf(key);
      if (!configs.has(folder)) configs.set(folder, await this.#workspace.configFor(key));
      if (!files.has(folder)) files.set(folder, this.#workspace.filesFor(key));
    }
    return buildIndex(
      into,
      keys,
      (key) => this.#workspace.read(key),
      (key, text) => {
        const folder = this.#workspace.folderOf(key);
        return this.#summarize(key, text, configs.get(folder)!, files.get(folder), insights);
      },
      timeSlicer(
        SLICE_MS,
        () => Date.now(),
        () => new Promise((resolve) => setTimeout(resolve, 0)),
        isCancelled,
      ),
    );
  }

  #summarize(key: string, text: string, config: TeamConfig, files = this.#workspace.filesFor(key), insights = this.#insights): IndexedFile | undefined {
    // A binary file named .md is no post-mortem.
    if (text.slice(0, 8000).includes('\u0000')) return undefined;
    const path = this.#workspace.relativePath(key);
    if (!filesFilter(files)(path)) return undefined;
    try {
      return summarize(key, text, path, config, insights);
    } catch {
      // One file the reader cannot read must not empty the view for the whole workspace.
      return undefined;
    }
  }
}
