// `postmortem`: the extension's checks on the command line, for CI. Same core, same rules.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONFIG,
  completionReport,
  followUpCalendar,
  reportMarkdown,
  reportText,
  formatIsoDate,
  inferTeamConfig,
  internalErrorFinding,
  lintConfig,
  lintModel,
  parseActionModel,
  parseIsoDate,
  parsePostmortem,
  parseTeamConfig,
  RULE_CODES,
  splitLines,
  summarizeModel,
  type ActionModel,
  type Finding,
  type IndexedItem,
  type PostmortemModel,
  type TeamConfig,
} from './core';
import { DEFAULT_MAX_MB, collectMarkdownFiles, describe, readDocument, type ReadDir, type ReadResult } from './cli/files';
import {
  followUpEntries,
  formatActionsJson,
  formatActionsText,
  formatFollowUpsJson,
  formatFollowUpsText,
  formatList,
  formatSarif,
  formatText,
  jsonArray,
  listEntry,
  type CliFinding,
  type FollowUpEntry,
  type ListEntry,
} from './cli/format';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';

const USAGE = `Usage: postmortem lint [paths or globs...] [options]
       postmortem actions [paths or globs...] [options]
       postmortem list [paths or globs...] [options]
       postmortem followups [paths or globs...] [options]
       postmortem report [paths or globs...] [--since YYYY-MM] [options]
       postmortem init [paths or globs...] [--force]

lint     checks incident post-mortems (Markdown) with the same rules as the VS Code extension.
actions  lists their action items, as the extension's Action Items view does.
list     lists the post-mortems (and templates) found, newest first, with why each was taken.
followups lists the follow-up reviews (2 and 4 weeks after each incident), soonest first, with
         the P0/P1 action items still open: from the Follow-Up Schedule section, else
         review-dates in the front matter, else computed from the incident date.
report   the P0/P1 action items completed on time against the practice's 80%, by month of due
         date, owner and type; the items done late, open past due and without a plan.
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
  --max-size MB              skip files larger than this (default: 10)
  --debug                    print the stack of an internal error
  -h, --help                 this help
  -v, --version              the version

Exit status of lint: 0 no error-severity finding, 1 at least one (an internal error counts as
one), 2 bad usage or an unreadable path. Exit status of the other commands: 0, 1 when a file
could not be read because of an internal error, 2 on bad usage or an unreadable path (init: or an
existing .postmortem.yaml without --force).
`;

const COMMANDS = ['lint', 'actions', 'list', 'init', 'followups', 'report'] as const;

/**
 * Runs the CLI; returns the exit status. Output goes through `out` and `err`; `read` and `readDir`
 * are the file system's (tests replace them to make a file or a folder fail).
 */
export function main(
  argv: readonly string[],
  cwd: string,
  out: (s: string) => void,
  err: (s: string) => void,
  io: { read?: typeof readDocument; readDir?: ReadDir } = {},
): number {
  const read = io.read ?? readDocument;
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
  const [command, ...paths] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command ?? '')) {
    err(`postmortem: ${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}`);
    return 2;
  }
  const format = values.format;
  const extra = command === 'lint' ? 'sarif' : command === 'followups' ? 'ics' : command === 'report' ? 'markdown' : undefined;
  if (format !== 'text' && format !== 'json' && format !== extra) {
    err(`postmortem: --format must be text, json${extra ? ` or ${extra}` : ''}, not "${format}"\n`);
    return 2;
  }
  if (values.open && command !== 'actions') {
    err('postmortem: --open is an option of "actions"\n');
    return 2;
  }
  if (values.force && command !== 'init') {
    err('postmortem: --force is an option of "init"\n');
    return 2;
  }
  if (values.since !== undefined && command !== 'report') {
    err('postmortem: --since is an option of "report"\n');
    return 2;
  }
  if (values.since !== undefined && !/^\d{4}-(?:0[1-9]|1[0-2])$/.test(values.since)) {
    err(`postmortem: --since must be a month as YYYY-MM, not "${values.since}"\n`);
    return 2;
  }
  if (values.today !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.today) && parseIsoDate(values.today))) {
    err(`postmortem: --today must be a date as YYYY-MM-DD, not "${values.today}"\n`);
    return 2;
  }
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_MB : Number(values['max-size']);
  if (!(maxMb > 0 && maxMb <= 4096)) {
    err(`postmortem: --max-size must be a number of megabytes (up to 4096), not "${values['max-size']}"\n`);
    return 2;
  }

  let status = 0;
  const internalError = (file: string, what: string, error: unknown): void => {
    const finding = internalErrorFinding(what, error);
    findings.push(toCli(file, finding));
    if (command !== 'lint') err(`postmortem: ${relative(cwd, file) || file}: ${finding.message}\n`);
    if (values.debug && error instanceof Error && error.stack) err(`${error.stack}\n`);
    if (status === 0) status = 1;
  };
  const findings: CliFinding[] = [];
  const toCli = (file: string, f: Finding): CliFinding => ({
    file: relative(cwd, file) || file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    code: f.code,
    severity: f.severity,
    message: f.message,
  });

  // The team config: --config for every file, else the nearest .postmortem.yaml above each file.
  const configs = new Map<string, TeamConfig>();
  const configFiles = new Set<string>();
  const loadConfig = (path: string): TeamConfig => {
    let config = configs.get(path);
    if (!config) {
      const text = readFileSync(path, 'utf8');
      config = parseTeamConfig(text, RULE_CODES).config;
      configs.set(path, config);
      for (const f of lintConfig(text)) findings.push(toCli(path, f));
      configFiles.add(path);
    }
    return config;
  };
  let fixedConfig: TeamConfig | undefined;
  if (values.config !== undefined) {
    try {
      fixedConfig = loadConfig(resolve(cwd, values.config));
    } catch (error) {
      err(`postmortem: cannot read config ${values.config}: ${describe(error)}\n`);
      return 2;
    }
  }
  const configFor = (file: string): TeamConfig => {
    if (fixedConfig) return fixedConfig;
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const candidate = join(dir, '.postmortem.yaml');
      if (existsSync(candidate)) {
        try {
          return loadConfig(candidate);
        } catch (error) {
          err(`postmortem: cannot read config ${relative(cwd, candidate)}: ${describe(error)}\n`);
          status = 2;
          return DEFAULT_CONFIG;
        }
      }
      if (dirname(dir) === dir) return DEFAULT_CONFIG;
    }
  };

  const { files, problems } = collectMarkdownFiles(paths, cwd, io.readDir);
  for (const problem of problems) {
    err(`postmortem: ${problem.path}: ${problem.message}\n`);
    status = 2;
  }
  // Each file is read, used for the output and let go: nothing of it is kept but what is printed.
  const maxBytes = maxMb * 1024 * 1024;
  const today = values.today ?? formatIsoDate(new Date());
  let documents = 0;
  let failedReads = 0;
  const readEach = <M extends ActionModel>(
    parse: (text: string) => M,
    use: (file: string, name: string, document: Extract<ReadResult<M>, { kind: 'document' }>) => void,
  ): void => {
    for (const file of files) {
      const result = read(file, cwd, undefined, maxBytes, parse);
      if (result.kind === 'error') {
        err(`postmortem: ${relative(cwd, file)}: ${result.message}\n`);
        status = 2;
      } else if (result.kind === 'failed') {
        failedReads++;
        internalError(file, 'Reading this file', result.error);
      } else if (result.kind === 'skipped') {
        // A file named on the command line says why it was skipped; a file too large to read always does (on stderr, whatever the format).
        if ((format === 'text' && paths.includes(relative(cwd, file))) || result.reason.startsWith('larger than')) {
          err(`postmortem: ${relative(cwd, file)}: skipped, ${result.reason}\n`);
        }
      } else {
        documents++;
        use(file, relative(cwd, file) || file, result);
      }
    }
  };
  const entries: ListEntry[] = [];
  const items: IndexedItem[] = [];
  const models: (PostmortemModel & { path: string })[] = [];
  const followUps: FollowUpEntry[] = [];
  if (command === 'actions' || command === 'report' || command === 'followups') {
    // The index's own reading (no timeline, no 5 Whys), as the extension's views have it.
    readEach(parseActionModel, (file, name, { text, model, detection, path }) => {
      if (detection.kind !== 'postmortem') return;
      try {
        const config = configFor(file);
        const summary = summarizeModel(name, model, detection, path, config, text);
        if (command === 'followups') followUps.push(...followUpEntries(summary, name, today, config.emails));
        else for (const item of summary.items) if (!values.open || (!item.done && item.state !== 'declined')) items.push(item);
      } catch (error) {
        internalError(file, 'Reading the action items', error);
      }
    });
  } else {
    readEach(parsePostmortem, (file, name, { text, model, detection, path }) => {
      if (command === 'list') entries.push(listEntry(name, model, detection, path));
      else if (command === 'init' && detection.kind === 'postmortem') models.push({ ...model, path });
      else if (command === 'lint') {
        // One push per finding: spreading 150,000 of them into push() overflows the stack.
        for (const f of lintModel(model, splitLines(text), { config: configFor(file), today: values.today, detection, fixes: false })) {
          findings.push(toCli(file, f));
        }
      }
    });
  }

  if (command === 'list') {
    entries.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.file.localeCompare(b.file));
    out(format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : formatList(entries));
    return status;
  }

  if (command === 'init') {
    const target = join(cwd, '.postmortem.yaml');
    if (existsSync(target) && !values.force) {
      err(`postmortem: ${relative(cwd, target) || target} exists; run again with --force to replace it\n`);
      return 2;
    }
    writeFileSync(target, inferTeamConfig(models, today));
    out(`Wrote ${relative(cwd, target)} from ${models.length} post-mortem${models.length === 1 ? '' : 's'}.\n`);
    return status;
  }

  if (command === 'followups') {
    followUps.sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
    if (format === 'ics') out(followUpCalendar(followUps, today));
    else write(out, format === 'json' ? formatFollowUpsJson(followUps) : formatFollowUpsText(followUps, today));
    return status;
  }

  if (command === 'report') {
    const report = completionReport(items, today, values.since);
    out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? reportMarkdown(report, today) : reportText(report));
    return status;
  }

  if (command === 'actions') {
    write(out, format === 'json' ? formatActionsJson(items, today) : formatActionsText(items, today));
    return status;
  }

  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (format === 'json') write(out, jsonArray(findings), '\n');
  else if (format === 'sarif') write(out, formatSarif(findings, VERSION));
  else write(out, formatText(findings, documents + failedReads, configFiles.size));
  if (status === 2) return 2;
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
  process.exitCode = main(
    process.argv.slice(2),
    process.cwd(),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  );
}
