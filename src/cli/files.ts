import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { DEFAULT_FILES, SKIPPED_FOLDERS, detectDocument, filesFilter, parsePostmortem, surelyNotPostmortem, type Detection, type PostmortemModel } from '../core';

export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * The Markdown files the arguments name: files as given, folders searched (without node_modules and
 * dot-folders), globs expanded. Paths that do not exist or cannot be read come back as problems.
 */
export function collectMarkdownFiles(args: readonly string[], cwd: string): { files: string[]; problems: Problem[] } {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const arg of args.length > 0 ? args : ['.']) {
    if (/[*?[\]{}]/.test(arg)) {
      const matches = globSync(arg, { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).filter((f) => f.toLowerCase().endsWith('.md'));
      if (matches.length === 0) problems.push({ path: arg, message: 'no Markdown files match this pattern' });
      matches.sort().forEach((f) => files.add(f));
      continue;
    }
    const path = resolve(cwd, arg);
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, files);
      else files.add(path);
    } catch (error) {
      problems.push({ path: arg, message: describe(error) });
    }
  }
  return { files: [...files], problems };
}

function walk(dir: string, into: Set<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), into);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
      into.add(join(dir, entry.name));
    }
  }
}

export type ReadResult =
  | { readonly kind: 'document'; readonly text: string; readonly model: PostmortemModel; readonly detection: Detection; readonly path: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Reads a file and decides whether it is a post-mortem or a template (`detectDocument`), with its
 * path relative to `cwd`. Ordinary Markdown is skipped without a full parse when it surely is none.
 * Never throws.
 */
export function readDocument(path: string, cwd: string, include: (relativePath: string) => boolean = filesFilter(DEFAULT_FILES)): ReadResult {
  // Outside the working folder (`postmortem list ../other`), the path below the common folder counts.
  const relativePath = relative(cwd, path).split('\\').join('/').replace(/^(?:\.\.\/)+/, '');
  if (!include(relativePath)) return { kind: 'skipped', reason: 'not among the files searched' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { kind: 'error', message: describe(error) };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'skipped', reason: 'binary file, not Markdown' };
  const text = bytes.toString('utf8');
  try {
    if (surelyNotPostmortem(text, relativePath)) return { kind: 'skipped', reason: 'not a post-mortem' };
    const model = parsePostmortem(text);
    const detection = detectDocument(model, relativePath);
    if (!detection) return { kind: 'skipped', reason: 'not a post-mortem' };
    return { kind: 'document', text, model, detection, path: relativePath };
  } catch (error) {
    // The reader never throws by design; if it ever does, this file is reported and the rest go on.
    return { kind: 'error', message: `could not be read (${describe(error)})` };
  }
}

export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
