import { readdirSync, statSync, type Dirent } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { readRegularBytes, textOf } from '../node/readFile';
import {
  DEFAULT_FILES,
  SETTING_DEFAULTS,
  SKIPPED_FOLDERS,
  detectDocument,
  filesFilter,
  parsePostmortem,
  surelyNotPostmortem,
  type ActionModel,
  type Detection,
  type PostmortemModel,
} from '../core';

export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * The Markdown files the arguments name: files as given, folders searched (without node_modules and
 * dot-folders), globs expanded. Paths that do not exist or cannot be read come back as problems.
 */
export type ReadDir = (dir: string) => Dirent[];

const readDirEntries: ReadDir = (dir) => readdirSync(dir, { withFileTypes: true });

export function collectMarkdownFiles(args: readonly string[], cwd: string, readDir: ReadDir = readDirEntries): { files: string[]; problems: Problem[] } {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const arg of args.length > 0 ? args : ['.']) {
    if (isGlob(arg)) {
      const matches = globSync(arg, { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).filter((f) => f.toLowerCase().endsWith('.md'));
      if (matches.length === 0) problems.push({ path: arg, message: 'no Markdown files match this pattern' });
      matches.sort().forEach((f) => files.add(f));
      continue;
    }
    const path = resolve(cwd, arg);
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, { into: files, problems, cwd, readDir });
      else if (stat.isFile()) files.add(path);
      else problems.push({ path: arg, message: NOT_REGULAR });
    } catch (error) {
      problems.push({ path: arg, message: describe(error) });
    }
  }
  return { files: [...files], problems };
}

/**
 * The order of the files the CLI prints: by UTF-16 code unit, as `git ls-files` sorts ASCII paths. The same
 * on every machine, whatever its locale (`localeCompare` is not), and no collator to load (6 ms).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a path argument is a glob (`postmortems/*.md`) rather than a file or folder. */
export function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/**
 * Searches a folder. A subfolder that cannot be read is a problem named by its own path, and the
 * walk goes on with its siblings. A symbolic link to a Markdown file counts; links to folders are
 * not followed (they could loop).
 */
function walk(dir: string, walker: { into: Set<string>; problems: Problem[]; cwd: string; readDir: ReadDir }): void {
  const { into, problems, cwd, readDir } = walker;
  let entries;
  try {
    entries = readDir(dir).sort((a, b) => compareText(a.name, b.name));
  } catch (error) {
    problems.push({ path: relative(cwd, dir) || dir, message: describe(error) });
    return;
  }
  // `dir` is resolved (absolute, normalized) and a name holds no separator: joined by hand, as
  // `join` would, without normalizing every path again (10,000 entries, cold: 0.9 ms against 9-13).
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of entries) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(path, walker);
    } else if (entry.name.toLowerCase().endsWith('.md') && (entry.isFile() || (entry.isSymbolicLink() && isFileBehindLink(path)))) {
      into.add(path);
    }
  }
}

function isFileBehindLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link: nothing to read
  }
}

/** `path.relative(cwd, path)`, without its work for the usual case: a normalized path below `cwd`. */
export function relativeTo(cwd: string, path: string): string {
  const below = path.length > cwd.length + 1 && path.startsWith(cwd) && path[cwd.length] === sep && !path.includes('..') && !path.includes(sep + '.' + sep);
  return below ? path.slice(cwd.length + 1) : relative(cwd, path);
}

export type ReadResult<M extends ActionModel = PostmortemModel> =
  | { readonly kind: 'document'; readonly text: string; readonly model: M; readonly detection: Detection; readonly path: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  /** The file cannot be read (permissions, not a regular file). */
  | { readonly kind: 'error'; readonly message: string }
  /** Reading it failed inside the checker: a bug, reported on the file as `internal-error`. */
  | { readonly kind: 'failed'; readonly error: unknown };

const NOT_REGULAR = 'not a regular file (a device, pipe or socket): not read';

/** Files larger than this are skipped unless `--max-size` says otherwise: the setting's default. */
export const DEFAULT_MAX_MB = SETTING_DEFAULTS.maxFileSize;

/**
 * What reading a file gives before it is parsed: its text and its path relative to `cwd` (see
 * `readDocument`), or why there is none. A worker thread may read it (see `collectFromReader`).
 */
export type TextResult = { readonly kind: 'text'; readonly text: string; readonly path: string } | Extract<ReadResult, { kind: 'skipped' | 'error' }>;

/**
 * Reads a file and decides whether it is a post-mortem or a template (`detectDocument`), with its
 * path relative to `cwd`. Ordinary Markdown is skipped without a full parse when it surely is none.
 * `parse` reads the model (`parseActionModel` reads only what the action items need). Never throws.
 */
export function readDocument<M extends ActionModel = PostmortemModel>(
  path: string,
  cwd: string,
  include: (relativePath: string) => boolean = filesFilter(DEFAULT_FILES),
  maxBytes = DEFAULT_MAX_MB * 1024 * 1024,
  parse: (text: string) => M = parsePostmortem as unknown as (text: string) => M,
): ReadResult<M> {
  return documentOf(readText(path, cwd, include, maxBytes), parse);
}

/** `readDocument`'s reading: the file's text, decoded, when it is among the files searched, small enough and not binary. */
export function readText(
  path: string,
  cwd: string,
  include: (relativePath: string) => boolean = filesFilter(DEFAULT_FILES),
  maxBytes = DEFAULT_MAX_MB * 1024 * 1024,
): TextResult {
  // Outside the working folder (`postmortem list ../other`), the path below the common folder counts.
  const relativePath = relativeTo(cwd, path)
    .split('\\')
    .join('/')
    .replace(/^(?:\.\.\/)+/, '');
  if (!include(relativePath)) return { kind: 'skipped', reason: 'not among the files searched' };
  const read = readRegularBytes(path, maxBytes);
  if ('error' in read) return { kind: 'error', message: describe(read.error) };
  if ('notAFile' in read) return { kind: 'error', message: read.notAFile === 'folder' ? 'is a folder' : NOT_REGULAR };
  if ('tooLarge' in read) return { kind: 'skipped', reason: `larger than ${formatMb(maxBytes)} (${formatMb(read.tooLarge)}); raise --max-size to check it` };
  const bytes = read.bytes;
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'skipped', reason: 'binary file, not Markdown' };
  // A UTF-8 byte order mark is not text: without this the title and front matter are not seen.
  return { kind: 'text', text: textOf(bytes), path: relativePath };
}

/** What reading a file that is neither a post-mortem nor a template gives. */
export const NOT_A_POSTMORTEM = { kind: 'skipped', reason: 'not a post-mortem' } as const;

/**
 * A text `readText` read, or `NOT_A_POSTMORTEM` when the quick look (`surelyNotPostmortem`) is sure
 * it is none: what `documentOf` would then give, without the text (a reader thread sends no more).
 */
export function lookedAt(read: TextResult): TextResult {
  return read.kind === 'text' && surelyNotPostmortem(read.text, read.path) ? NOT_A_POSTMORTEM : read;
}

/** `readDocument`'s parsing of a text `readText` read. Never throws. */
export function documentOf<M extends ActionModel>(read: TextResult, parse: (text: string) => M): ReadResult<M> {
  if (read.kind !== 'text') return read;
  const { text, path } = read;
  try {
    if (surelyNotPostmortem(text, path)) return NOT_A_POSTMORTEM;
    const model = parse(text);
    const detection = detectDocument(model, path);
    if (!detection) return NOT_A_POSTMORTEM;
    return { kind: 'document', text, model, detection, path };
  } catch (error) {
    // The reader never throws by design; if it ever does, this file is reported and the rest go on.
    return { kind: 'failed', error };
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
