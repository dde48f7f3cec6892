import picomatch from 'picomatch';

/** The Markdown files read by default: all of them; detection decides which are post-mortems. */
export const DEFAULT_FILES: readonly string[] = ['**/*.md'];

/** Folders never searched: dependencies, build output, VCS data, the test tools. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.tools',
  '.run',
  'dist',
  'out',
  'vendor',
  '.venv',
  'venv',
  'target',
  'build',
]);

/** Patterns longer than this, or with more wildcards, are refused: a glob from a cloned repository's settings must not keep the matcher busy. */
const MAX_PATTERN = 200;
const MAX_WILDCARDS = 12;

/** Why a `postmortem.files` pattern is refused, or undefined when it is usable. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return `longer than ${MAX_PATTERN} characters`;
  if ((pattern.match(/[*?{[]/g) ?? []).length > MAX_WILDCARDS) return `more than ${MAX_WILDCARDS} wildcards`;
  return undefined;
}

/**
 * Which files are searched for post-mortems: `patterns` are globs relative to the workspace folder;
 * one starting with `!` excludes. With no include pattern every Markdown file is included. Unusable
 * patterns are ignored. Paths use `/`.
 */
export function filesFilter(patterns: readonly string[]): (relativePath: string) => boolean {
  // Asked once per file by the index and the CLI with the same patterns: compile them once.
  const key = patterns.join('\n');
  let filter = compiled.get(key);
  if (!filter) {
    if (compiled.size > 20) compiled.clear();
    filter = compileFilter(patterns);
    compiled.set(key, filter);
  }
  return filter;
}

const compiled = new Map<string, (relativePath: string) => boolean>();

function compileFilter(patterns: readonly string[]): (relativePath: string) => boolean {
  const usable = patterns.map((p) => p.trim()).filter((p) => p !== '' && p !== '!' && !patternProblem(p));
  const compile = (glob: string): ((path: string) => boolean) => {
    try {
      return picomatch(glob, { dot: true, windows: false, maxLength: MAX_PATTERN });
    } catch {
      return () => false;
    }
  };
  const includes = usable.filter((p) => !p.startsWith('!')).map(compile);
  const excludes = usable.filter((p) => p.startsWith('!')).map((p) => compile(p.slice(1)));
  const include = includes.length > 0 ? includes : DEFAULT_FILES.map(compile);
  return (path) => {
    if (!/\.md$/i.test(path)) return false;
    if (path.split('/').some((part) => SKIPPED_FOLDERS.has(part))) return false;
    return include.some((m) => m(path)) && !excludes.some((m) => m(path));
  };
}
