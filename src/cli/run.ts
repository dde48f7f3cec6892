// One run of the CLI over its files: the options, the state (status, findings, what each command
// collects), the team config of each folder, and reading the files one at a time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  DEFAULT_CONFIG,
  detach,
  fileNameDate,
  incidentDateOf,
  previousMonth,
  internalErrorFinding,
  lintConfig,
  lintModel,
  parseActionModel,
  parsePostmortem,
  parseTeamConfig,
  linesOf,
  indexedItems,
  isOwed,
  summarizeModel,
  type ActionModel,
  type Audience,
  type Finding,
  type IndexedFile,
  type IndexedItem,
  type TeamConfig,
} from '../core';
import { describe, documentOf, readDocument, relativeTo, type ReadResult, type TextResult } from './files';
import { followUpEntries, modelActionsJson, listEntry, type CliFinding, type FollowUpEntry, type JsonArrayWriter, type ListEntry } from './format';

export const COMMANDS = ['lint', 'actions', 'list', 'init', 'followups', 'report', 'search', 'related', 'digest', 'export'] as const;

export type Command = (typeof COMMANDS)[number];

export interface Options {
  readonly command: Command;
  readonly paths: readonly string[];
  readonly format: string;
  readonly today: string | undefined;
  readonly config: string | undefined;
  readonly open: boolean;
  readonly force: boolean;
  readonly maxBytes: number;
  readonly since: string | undefined;
  readonly debug: boolean;
  /** `search`: the query; `related`: the post-mortem's path. */
  readonly query: string | undefined;
  readonly limit: number;
  /** `digest`: the month (`yyyy-MM`). */
  readonly month: string | undefined;
  /** `digest`, `export`: who it is for. */
  readonly audience: Audience;
}

/**
 * One run over the files: the exit status so far, the findings (lint's, the team configs', and files
 * that could not be read), each file's team config, and the files read one at a time.
 */
export class Run {
  status = 0;
  documents = 0;
  failedReads = 0;
  readonly findings: CliFinding[] = [];
  /** What `actions`, `report`, `followups` and `list` collect from the files, printed at the end. */
  readonly items: IndexedItem[] = [];
  /**
   * `actions --format json` over many files (see `collectInWorkers`): each chunk's items come written
   * by its thread (`actionsJsonPart`) and are printed here in the files' order as soon as the chunks
   * before them are, none kept to the end. Undefined otherwise: `items` are printed at the end.
   */
  actionsJson: JsonArrayWriter | undefined;
  /** `actions --format json` read in parts (a worker's chunk, a reader's batch): each file's items as printed (`actionsJsonPart`), instead of `items`. */
  readonly jsonParts: string[] = [];
  readonly followUps: FollowUpEntry[] = [];
  readonly entries: ListEntry[] = [];
  /** What `search` and `related` read: each post-mortem's summary (its items and search text). */
  readonly summaries: IndexedFile[] = [];
  readonly configFiles = new Set<string>();
  readonly #configs = new Map<string, TeamConfig>();
  /** The team config of each folder seen: one look for `.postmortem.yaml` per folder, not per file. */
  readonly #folderConfigs = new Map<string, TeamConfig>();
  #fixedConfig: TeamConfig | undefined;

  constructor(
    readonly options: Options,
    readonly cwd: string,
    readonly err: (s: string) => void,
    readonly read: typeof readDocument,
  ) {}

  name(file: string): string {
    return relativeTo(this.cwd, file) || file;
  }

  toCli(file: string, f: Finding): CliFinding {
    const { start, end } = f.range;
    return {
      file: this.name(file),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      code: f.code,
      severity: f.severity,
      message: detach(f.message), // not a slice of the file's text: the run keeps findings, not texts
    };
  }

  internalError(file: string, what: string, error: unknown): void {
    const finding = internalErrorFinding(what, error);
    this.findings.push(this.toCli(file, finding));
    if (this.options.command !== 'lint') this.err(`postmortem: ${this.name(file)}: ${finding.message}\n`);
    if (this.options.debug && error instanceof Error && error.stack) this.err(`${error.stack}\n`);
    if (this.status === 0) this.status = 1;
  }

  #loadConfig(path: string): TeamConfig {
    let config = this.#configs.get(path);
    if (!config) {
      const text = readFileSync(path, 'utf8');
      config = parseTeamConfig(text).config;
      this.#configs.set(path, config);
      for (const f of lintConfig(text)) this.findings.push(this.toCli(path, f));
      this.configFiles.add(path);
    }
    return config;
  }

  /** `--config` for every file; false (and a message) when it cannot be read. */
  useFixedConfig(path: string): boolean {
    try {
      this.#fixedConfig = this.#loadConfig(resolve(this.cwd, path));
      return true;
    } catch (error) {
      this.err(`postmortem: cannot read config ${path}: ${describe(error)}\n`);
      return false;
    }
  }

  /** The team config: --config for every file, else the nearest .postmortem.yaml above the file. */
  configFor(file: string): TeamConfig {
    return this.#fixedConfig ?? this.#folderConfig(dirname(file));
  }

  #folderConfig(dir: string): TeamConfig {
    let config = this.#folderConfigs.get(dir);
    if (config) return config;
    const candidate = join(dir, '.postmortem.yaml');
    if (existsSync(candidate)) {
      try {
        config = this.#loadConfig(candidate);
      } catch (error) {
        this.err(`postmortem: cannot read config ${relative(this.cwd, candidate)}: ${describe(error)}\n`);
        this.status = 2;
        config = DEFAULT_CONFIG;
      }
    } else config = dirname(dir) === dir ? DEFAULT_CONFIG : this.#folderConfig(dirname(dir));
    this.#folderConfigs.set(dir, config);
    return config;
  }

  /**
   * Each folder's config for these files, read here (its problems reported once, by this run) for a
   * worker to take as given: see `seedConfigs`.
   */
  configsFor(files: readonly string[]): { folders: [string, TeamConfig][]; fixed: TeamConfig | undefined } {
    if (this.#fixedConfig) return { folders: [], fixed: this.#fixedConfig };
    for (const file of files) this.configFor(file);
    return { folders: [...this.#folderConfigs], fixed: undefined };
  }

  seedConfigs({ folders, fixed }: ReturnType<Run['configsFor']>): void {
    this.#fixedConfig = fixed;
    for (const [dir, config] of folders) this.#folderConfigs.set(dir, config);
  }

  /**
   * Reads each file, hands it to `use` and lets it go: nothing of it is kept but what is printed.
   * `texts`: the files' texts as another thread read them (`readText`), in the same order.
   */
  readEach<M extends ActionModel>(
    files: readonly string[],
    parse: (text: string) => M,
    use: (file: string, name: string, document: Extract<ReadResult<M>, { kind: 'document' }>) => void,
    texts?: readonly TextResult[],
  ): void {
    const { format, paths, maxBytes } = this.options;
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const result = texts ? documentOf(texts[i], parse) : this.read(file, this.cwd, undefined, maxBytes, parse);
      if (result.kind === 'error') {
        this.err(`postmortem: ${relative(this.cwd, file)}: ${result.message}\n`);
        this.status = 2;
      } else if (result.kind === 'failed') {
        this.failedReads++;
        this.internalError(file, 'Reading this file', result.error);
      } else if (result.kind === 'skipped') {
        // A file named on the command line says why it was skipped; a file too large to read always does (on stderr, whatever the format).
        if ((format === 'text' && paths.includes(relativeTo(this.cwd, file))) || result.reason.startsWith('larger than')) {
          this.err(`postmortem: ${relative(this.cwd, file)}: skipped, ${result.reason}\n`);
        }
      } else {
        this.documents++;
        use(file, this.name(file), result);
      }
    }
  }
}

/**
 * What of search's and the digest's reading a file's summary needs (see `summarizeModel`): all of it
 * for `search` and `related`; for `digest` the timeline's figures only in its month, the search text
 * in that month and the two before (the recurring themes), so a digest over 10,000 files reads the
 * rest as `actions` does.
 */
function wantsInsights(options: Options, model: ActionModel, path: string, firstMonth: string | undefined): boolean | 'text' {
  if (options.command === 'search' || options.command === 'related') return true;
  if (options.command !== 'digest' || !options.month || firstMonth === undefined) return false;
  const month = (incidentDateOf(model) ?? fileNameDate(path))?.slice(0, 7);
  if (month === undefined || month > options.month || month < firstMonth) return false;
  return month === options.month || 'text';
}

/**
 * Reads the files into the run: what the command needs of each file and nothing more (`list` and
 * `actions` the action items' fast reading, `lint` the whole model), each file let go once read.
 * `asJson`: `actions --format json` over some of the files (see `collectChunk`): each file's items are
 * written at once (`jsonParts`), and let go with its text. `texts`: the files as another thread read
 * them (see `collectFromReader`).
 */
export function collect(run: Run, files: readonly string[], today: string, asJson = false, texts?: readonly TextResult[]): void {
  const { command, open } = run.options;
  if (command === 'list') {
    run.readEach(files, parseActionModel, (_file, name, { model, detection, path }) => run.entries.push(listEntry(name, model, detection, path)), texts);
  } else if (command === 'lint') {
    run.readEach(
      files,
      parsePostmortem,
      (file, _name, { text, model, detection }) => {
        // One push per finding: spreading 150,000 of them into push() overflows the stack.
        for (const f of lintModel(model, linesOf(model, text), { config: run.configFor(file), today, detection, fixes: false })) {
          run.findings.push(run.toCli(file, f));
        }
      },
      texts,
    );
  } else {
    const firstMonth = run.options.month && previousMonth(previousMonth(run.options.month));
    run.readEach(
      files,
      parseActionModel,
      (file, name, { text, model, detection, path }) => {
        if (detection.kind !== 'postmortem') return;
        try {
          const config = run.configFor(file);
          if (asJson) {
            // `actions --format json` prints each item as it is read: no index item in between.
            const json = modelActionsJson(name, model, config, today, open);
            if (json !== '') run.jsonParts.push(json);
            return;
          }
          if (command === 'actions' || command === 'report') {
            // The items are all these print: nothing else of the summary is read.
            for (const item of indexedItems(name, model, config)) if (!open || isOwed(item)) run.items.push(item);
            return;
          }
          // The follow-up schedule only for `followups`: the digest and search read none.
          const summary = summarizeModel(
            name,
            model,
            detection,
            path,
            config,
            text,
            wantsInsights(run.options, model, path, firstMonth),
            command === 'followups',
          );
          if (command === 'followups') run.followUps.push(...followUpEntries(summary, name, today, config.emails));
          else run.summaries.push(summary);
        } catch (error) {
          run.internalError(file, 'Reading the action items', error);
        }
      },
      texts,
    );
  }
}
