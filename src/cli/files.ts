import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { parsePostmortem, postmortemReason, type PostmortemModel } from '../core';

export const DEFAULT_FILES_GLOB = '**/postmortems/**/*.md';
const SKIP_DIRS = new Set(['node_modules', '.git', '.tools', '.run', 'dist', 'out']);

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
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), into);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
      into.add(join(dir, entry.name));
    }
  }
}

export type ReadResult =
  | { readonly kind: 'postmortem'; readonly text: string; readonly model: PostmortemModel }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** Reads a file and decides whether it is a post-mortem (DESIGN.md's rule). Never throws. */
export function readPostmortem(path: string, cwd: string, filesGlob = DEFAULT_FILES_GLOB): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { kind: 'error', message: describe(error) };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'skipped', reason: 'binary file, not Markdown' };
  const text = bytes.toString('utf8');
  const model = parsePostmortem(text);
  const matches = picomatch(filesGlob, { dot: true })(relative(cwd, path).split('\\').join('/'));
  if (!postmortemReason(model, matches)) return { kind: 'skipped', reason: 'not a post-mortem' };
  return { kind: 'postmortem', text, model };
}

export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
