// `postmortem`: the extension's checks on the command line, for CI. Same core, same rules.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import {
  completionReport,
  followUpCalendar,
  reportMarkdown,
  reportText,
  formatIsoDate,
  inferTeamConfig,
  parseIsoDate,
  parsePostmortem,
  AUDIENCES,
  PostmortemSearch,
  digest,
  digestHtml,
  digestMarkdown,
  previousMonth,
  exportPostmortem,
  type Audience,
  type PostmortemModel,
} from './core';
import { DEFAULT_MAX_MB, collectMarkdownFiles, compareText, isGlob, readDocument, type ReadDir } from './cli/files';
import {
  JsonArrayWriter,
  actionsJsonPart,
  formatActionsText,
  formatFollowUpsJson,
  formatFollowUpsText,
  formatList,
  formatSarif,
  formatText,
  jsonArray,
} from './cli/format';
import { PARALLEL_FROM, WorkerPool, collectFromReader, collectInWorkers, defaultThreads, readsAside, runWorkerBatch } from './cli/parallel';
import { COMMANDS, Run, collect, type Command, type Options } from './cli/run';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';

const USAGE = `Usage: postmortem lint [paths or globs...] [options]
       postmortem actions [paths or globs...] [options]
       postmortem list [paths or globs...] [options]
       postmortem followups [paths or globs...] [options]
       postmortem report [paths or globs...] [--since YYYY-MM] [options]
       postmortem search QUERY [paths or globs...] [--limit N] [options]
       postmortem related FILE [paths or globs...] [--limit N] [options]
       postmortem digest [--month YYYY-MM] [paths or globs...] [--audience internal|org|public] [--format markdown|html]
       postmortem export FILE [--audience internal|org|public] [--format html|markdown]
       postmortem init [paths or globs...] [--force]

lint     checks incident post-mortems (Markdown) with the same rules as the VS Code extension.
actions  lists their action items, as the extension's Action Items view does.
list     lists the post-mortems (and templates) found, newest first, with why each was taken.
followups lists the follow-up reviews (2 and 4 weeks after each incident), soonest first, with
         the P0/P1 action items still open: from the Follow-Up Schedule section, else
         review-dates in the front matter, else computed from the incident date.
report   the P0/P1 action items completed on time against the practice's 80%, by month of due
         date, owner and type; the items done late, open past due and without a plan.
search   finds post-mortems by their title, summary, root cause, contributing factors and lessons
         (fuzzy: a typo or a word's start is enough), best first, with the words that matched where.
related  the post-mortems related to FILE: the same services or tags, similar titles, root causes
         and contributing factors, best first, with why each is related.
digest   the monthly digest: each post-mortem of the month (by incident date) with its summary,
         impact, root cause and lessons; incidents by severity; time to detect, mitigate and resolve;
         action items opened and closed; P0/P1 completion against 80%; overdue P0/P1 items; what
         recurs. Charts as Mermaid blocks (markdown) or inline SVG (html). Default: last month.
export   one post-mortem as a self-contained HTML page (nothing loaded from the network; print it to
         PDF from a browser), the 5 Whys drawn as a tree, action items with their state, timeline gaps.
         --audience org or public redacts it as .postmortem.yaml's publish says (safe defaults).
init     writes a commented .postmortem.yaml here, inferred from the post-mortems found.
Folders are searched for post-mortems wherever they are (postmortems/, incidents/, reports/, a blog…);
other Markdown files are skipped.

Options:
  --format text|json|sarif|ics|markdown
                             output format (default: text; sarif for lint, ics for followups:
                             an iCalendar file, one event per follow-up; markdown for report)
  --since YYYY-MM            report: only the items due from that month on
  --today YYYY-MM-DD         the date overdue items are judged against (default: today)
  --config FILE              team config (default: the nearest .postmortem.yaml above each file)
  --open                     actions: only the items not done (nor declined)
  --force                    init: replace an existing .postmortem.yaml
  --limit N                  search, related: at most N results (default: 20)
  --month YYYY-MM            digest: the month (default: the month before --today)
  --audience LEVEL           digest, export: internal (everything, the default), org or public
  --max-size MB              skip files larger than this (default: 10)
  --debug                    print the stack of an internal error
  -h, --help                 this help
  -v, --version              the version

Exit status of lint: 0 no error-severity finding, 1 at least one (an internal error counts as
one), 2 bad usage or an unreadable path. Exit status of the other commands: 0, 1 when a file
could not be read because of an internal error, 2 on bad usage or an unreadable path (init: or an
existing .postmortem.yaml without --force).
`;

/** The command line read and checked: the options, or the exit code after help, the version or a usage error. */
function readOptions(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Options | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        today: { type: 'string' },
        config: { type: 'string' },
        open: { type: 'boolean' },
        force: { type: 'boolean' },
        'max-size': { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        month: { type: 'string' },
        audience: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    err(`postmortem: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command ?? '')) {
    err(`postmortem: ${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}`);
    return 2;
  }
  const takesQuery = command === 'search' || command === 'related' || command === 'export';
  const query = takesQuery ? rest.shift() : undefined;
  if (takesQuery && !query?.trim()) {
    err(
      `postmortem: ${command} needs ${command === 'search' ? 'a query' : command === 'export' ? 'the post-mortem to export' : 'the post-mortem to relate'}\n\n${USAGE}`,
    );
    return 2;
  }
  const paths = rest;
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_MB : Number(values['max-size']);
  const problem = optionProblem(command as Command, values, maxMb);
  if (problem) {
    err(`postmortem: ${problem}\n`);
    return 2;
  }
  return {
    command: command as Command,
    paths,
    today: values.today,
    config: values.config,
    open: values.open ?? false,
    force: values.force ?? false,
    maxBytes: maxMb * 1024 * 1024,
    since: values.since,
    debug: values.debug ?? false,
    query,
    limit: values.limit === undefined ? 20 : Number(values.limit),
    month: values.month ?? (command === 'digest' ? previousMonth(values.today ?? formatIsoDate(new Date())) : undefined),
    audience: (values.audience ?? 'internal') as Audience,
    // digest and export write documents: their own default format.
    format: values.format === 'text' && command === 'digest' ? 'markdown' : values.format === 'text' && command === 'export' ? 'html' : values.format,
  };
}

/** The formats beyond text and json that a command writes. */
const EXTRA_FORMAT: Readonly<Partial<Record<Command, string>>> = { lint: 'sarif', followups: 'ics', report: 'markdown' };
/** Commands that write documents: only these formats. */
const DOCUMENT_FORMATS: Readonly<Partial<Record<Command, readonly string[]>>> = { digest: ['markdown', 'html'], export: ['html', 'markdown'] };

/** What is wrong with the options for this command, if anything. */
function optionProblem(
  command: Command,
  values: {
    format: string;
    open?: boolean;
    force?: boolean;
    since?: string;
    today?: string;
    limit?: string;
    month?: string;
    audience?: string;
    'max-size'?: string;
  },
  maxMb: number,
): string | undefined {
  const extra = EXTRA_FORMAT[command];
  const documents = DOCUMENT_FORMATS[command];
  if (documents) {
    if (values.format !== 'text' && !documents.includes(values.format)) return `--format must be ${documents.join(' or ')}, not "${values.format}"`;
  } else if (values.format !== 'text' && values.format !== 'json' && values.format !== extra) {
    return `--format must be text, json${extra ? ` or ${extra}` : ''}, not "${values.format}"`;
  }
  if (values.open && command !== 'actions') return '--open is an option of "actions"';
  if (values.force && command !== 'init') return '--force is an option of "init"';
  if (values.since !== undefined && command !== 'report') return '--since is an option of "report"';
  if (values.since !== undefined && !/^\d{4}-(?:0[1-9]|1[0-2])$/.test(values.since)) return `--since must be a month as YYYY-MM, not "${values.since}"`;
  if (values.today !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.today) && parseIsoDate(values.today))) {
    return `--today must be a date as YYYY-MM-DD, not "${values.today}"`;
  }
  if (values.limit !== undefined && command !== 'search' && command !== 'related') return '--limit is an option of "search" and "related"';
  if (values.limit !== undefined && !/^[1-9]\d{0,5}$/.test(values.limit)) return `--limit must be a whole number from 1, not "${values.limit}"`;
  if (values.month !== undefined && command !== 'digest') return '--month is an option of "digest"';
  if (values.month !== undefined && !/^\d{4}-(?:0[1-9]|1[0-2])$/.test(values.month)) return `--month must be a month as YYYY-MM, not "${values.month}"`;
  if (values.audience !== undefined && command !== 'digest' && command !== 'export') return '--audience is an option of "digest" and "export"';
  if (values.audience !== undefined && !(AUDIENCES as readonly string[]).includes(values.audience)) {
    return `--audience must be internal, org or public, not "${values.audience}"`;
  }
  if (!(maxMb > 0 && maxMb <= 4096)) return `--max-size must be a number of megabytes (up to 4096), not "${values['max-size']}"`;
  return undefined;
}

/** Test seams and the worker threads' script: see `collectAll`. */
export interface CliIo {
  /** The file system's reader; tests replace it to make a file fail (the run stays in this thread then). */
  readonly read?: typeof readDocument;
  readonly readDir?: ReadDir;
  /** The script worker threads run (dist/cli.js); without it the files are read in this thread. */
  readonly workerScript?: string;
  /** From how many files the reading is shared with worker threads (default PARALLEL_FROM). */
  readonly parallelFrom?: number;
  /** Threads, this one included (default: one per core, at most 8). */
  readonly threads?: number;
  /** Batches a reader thread may read ahead of this one (default READ_AHEAD; tests make it 1, so that it reads from the end at once). */
  readonly readAhead?: number;
  /** Told of each chunk of files a worker thread read, `back` for a reader's from the end of the list (tests check that workers did). */
  readonly onWorkerChunk?: (from?: 'back') => void;
}

/**
 * Runs the CLI; resolves to the exit status. Output goes through `out` and `err`; `io` has the test
 * seams (see CliIo).
 */
export async function main(argv: readonly string[], cwd: string, out: (s: string) => void, err: (s: string) => void, io: CliIo = {}): Promise<number> {
  const options = readOptions(argv, out, err);
  if (typeof options === 'number') return options;
  const threads = io.threads ?? defaultThreads();
  const pool = mayShare(options, cwd, io, threads) ? new WorkerPool(io.workerScript!, threads - 1, options.command) : undefined;
  try {
    return await runOver(options, cwd, out, err, io, pool);
  } finally {
    pool?.close();
  }
}

/**
 * Whether the run may share its files with worker threads: a command that reads many, a folder, a
 * glob or many files to read, more than one core. The workers then start before the files are listed.
 */
function mayShare(options: Options, cwd: string, io: CliIo, threads: number): boolean {
  if (io.read !== undefined || io.workerScript === undefined || threads < 2 || options.command === 'init' || options.command === 'export') return false;
  const { paths } = options;
  const from = io.parallelFrom ?? PARALLEL_FROM;
  return paths.length === 0 || paths.length >= from || paths.some((path) => isGlob(path) || isFolder(resolve(cwd, path)));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function runOver(
  options: Options,
  cwd: string,
  out: (s: string) => void,
  err: (s: string) => void,
  io: CliIo,
  pool: WorkerPool | undefined,
): Promise<number> {
  const run = new Run(options, cwd, err, io.read ?? readDocument);
  if (options.config !== undefined && !run.useFixedConfig(options.config)) return 2;
  const { files, problems } = collectMarkdownFiles(options.paths, cwd, io.readDir);
  for (const problem of problems) {
    err(`postmortem: ${problem.path}: ${problem.message}\n`);
    run.status = 2;
  }
  const today = options.today ?? formatIsoDate(new Date());
  if (options.command === 'init') return initOutput(run, files, today, out);
  if (options.command === 'export') return exportOutput(run, today, out);
  let target: string | undefined;
  if (options.command === 'related') {
    target = resolve(cwd, options.query!);
    if (!existsSync(target)) {
      err(`postmortem: ${options.query}: no such file\n`);
      return 2;
    }
    if (!files.includes(target)) files.push(target);
  }
  if (pool && files.length >= (io.parallelFrom ?? PARALLEL_FROM)) {
    if (options.command === 'actions' && options.format === 'json') run.actionsJson = new JsonArrayWriter(out);
    if (readsAside(options.command, pool.threads)) await collectFromReader(run, files, today, pool, io.onWorkerChunk, io.readAhead);
    else await collectInWorkers(run, files, today, pool, io.onWorkerChunk);
  } else {
    collect(run, files, today);
  }
  switch (options.command) {
    case 'actions':
    case 'report':
    case 'followups':
      return actionsOutput(run, today, out);
    case 'list':
      return listOutput(run, out);
    case 'lint':
      return lintOutput(run, out);
    case 'search':
    case 'related':
      return searchOutput(run, target, out);
    case 'digest':
      return digestOutput(run, today, out);
  }
}

/** `digest`: from the summaries the run collected (the index's reading); the team config of the folder it runs in. */
function digestOutput(run: Run, today: string, out: (s: string) => void): number {
  const { month = previousMonth(today), audience, format } = run.options;
  const config = run.configFor(join(run.cwd, '.'));
  const people = Object.keys(config.emails);
  const result = digest(run.summaries, month, audience, today, config.publish, people);
  out(format === 'html' ? digestHtml(result) : digestMarkdown(result));
  return run.status;
}

/** `export FILE`: one post-mortem, redacted for the audience, as HTML (or Markdown). */
function exportOutput(run: Run, today: string, out: (s: string) => void): number {
  const file = resolve(run.cwd, run.options.query!);
  const result = run.read(file, run.cwd, undefined, run.options.maxBytes, parsePostmortem);
  if (result.kind !== 'document') {
    run.err(
      `postmortem: ${run.options.query}: ${result.kind === 'failed' ? describeError(result.error) : result.kind === 'skipped' ? `skipped, ${result.reason}` : result.message}\n`,
    );
    return 2;
  }
  const config = run.configFor(file);
  const exported = exportPostmortem(result.text, {
    audience: run.options.audience,
    publish: config.publish,
    today,
    gapMinutes: 10,
    people: Object.keys(config.emails),
  });
  out(run.options.format === 'markdown' ? exported.markdown : exported.html);
  return run.status;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `search` and `related`: the summaries of the post-mortems read, searched as the extension searches them. */
function searchOutput(run: Run, target: string | undefined, out: (s: string) => void): number {
  const { command, query, limit, format } = run.options;
  const search = new PostmortemSearch();
  search.sync(new Map(run.summaries.map((s) => [s.file, s])));
  let hits: { file: string; title: string; score: number; why: string | readonly string[] }[];
  if (command === 'related') {
    const own = run.summaries.find((s) => s.file === run.name(target!));
    if (!own) {
      run.err(`postmortem: ${query}: not a post-mortem\n`);
      return 2;
    }
    hits = search.related(own, limit).map(({ file, title, score, why }) => ({ file, title, score, why }));
  } else hits = search.search(query!, limit);
  if (format === 'json') out(JSON.stringify(hits, null, 2) + '\n');
  else if (hits.length === 0) out(command === 'search' ? `No post-mortem matches "${query}".\n` : 'No related post-mortem.\n');
  else {
    out(
      hits.map((h) => `${h.score.toFixed(2).padStart(6)}  ${h.file}  ${h.title}\n        ${typeof h.why === 'string' ? h.why : h.why.join('; ')}\n`).join(''),
    );
  }
  return run.status;
}

/** `actions`, `report`, `followups`: the index's own reading (no timeline, no 5 Whys), as the extension's views have it. */
function actionsOutput(run: Run, today: string, out: (s: string) => void): number {
  const { command, format, since } = run.options;
  if (command === 'followups') {
    const followUps = run.followUps.sort((a, b) => compareText(a.date, b.date) || compareText(a.file, b.file));
    if (format === 'ics') out(followUpCalendar(followUps, today));
    else write(out, format === 'json' ? formatFollowUpsJson(followUps) : formatFollowUpsText(followUps, today));
  } else if (command === 'report') {
    const report = completionReport(run.items, today, since);
    out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? reportMarkdown(report, today) : reportText(report));
  } else {
    if (format !== 'json') write(out, formatActionsText(run.items, today));
    else {
      // A run shared with worker threads has printed its items as they came (its `items` are none).
      const writer = run.actionsJson ?? new JsonArrayWriter(out);
      for (let i = 0; i < run.items.length; i += 500) writer.part(actionsJsonPart(run.items.slice(i, i + 500), today));
      writer.end();
    }
  }
  return run.status;
}

function listOutput(run: Run, out: (s: string) => void): number {
  const entries = run.entries.sort((a, b) => compareText(b.date ?? '', a.date ?? '') || compareText(a.file, b.file));
  out(run.options.format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : formatList(entries));
  return run.status;
}

function initOutput(run: Run, files: readonly string[], today: string, out: (s: string) => void): number {
  const models: (PostmortemModel & { path: string })[] = [];
  run.readEach(files, parsePostmortem, (_file, _name, { model, detection, path }) => {
    if (detection.kind === 'postmortem') models.push({ ...model, path });
  });
  const target = join(run.cwd, '.postmortem.yaml');
  if (existsSync(target) && !run.options.force) {
    run.err(`postmortem: ${relative(run.cwd, target) || target} exists; run again with --force to replace it\n`);
    return 2;
  }
  writeFileSync(target, inferTeamConfig(models, today));
  out(`Wrote ${relative(run.cwd, target)} from ${models.length} post-mortem${models.length === 1 ? '' : 's'}.\n`);
  return run.status;
}

function lintOutput(run: Run, out: (s: string) => void): number {
  const { format } = run.options;
  const findings = run.findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
  if (format === 'json') write(out, jsonArray(findings), '\n');
  else if (format === 'sarif') write(out, formatSarif(findings, VERSION));
  else write(out, formatText(findings, run.documents + run.failedReads, run.configFiles.size));
  if (run.status === 2) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Writes the parts in pieces of about 1 MB: a large report is never one string. */
function write(out: (s: string) => void, parts: Iterable<string>, end = ''): void {
  let buffer: string[] = [];
  let size = 0;
  for (const part of parts) {
    buffer.push(part);
    size += part.length;
    if (size >= 1 << 20) {
      out(buffer.join(''));
      buffer = [];
      size = 0;
    }
  }
  out(buffer.join('') + end);
}

if (require.main === module) {
  if (isMainThread) {
    // dist/cli.js: the worker threads run the same script (see collectInWorkers).
    void main(
      process.argv.slice(2),
      process.cwd(),
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
      { workerScript: join(__dirname, 'cli.js') },
    ).then((status) => (process.exitCode = status));
  } else runWorkerBatch();
}
