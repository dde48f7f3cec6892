import { LineCounter, parseDocument } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { FrontMatter } from './model';
import { lineRange } from './text';

const TYPE_LINE = /^type\s*[:=]\s*/;

/**
 * Front matter at the top of a document: YAML between `---` lines (Jekyll, Hugo, Docusaurus…) or
 * TOML between `+++` lines (Hugo, Zola). Never throws: broken front matter keeps its lines and an
 * error with where it is, and `type:` is still read line by line.
 */
export function readFrontMatter(lines: readonly string[]): FrontMatter | undefined {
  const fence = lines[0]?.trimEnd();
  if (fence !== '---' && fence !== '+++') return undefined;
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === fence || (fence === '---' && l === '...')) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const source = lines.slice(1, end).join('\n');
  const span = { start: 0, end: end + 1 };
  const format = fence === '---' ? 'yaml' : 'toml';
  const parsed = format === 'yaml' ? readYaml(source) : readToml(source);
  if ('error' in parsed) {
    const line = Math.min(Math.max(parsed.line, 1), end - 1);
    const typeLine = lines.slice(1, end).find((l) => TYPE_LINE.test(l));
    return {
      lines: span,
      format,
      data: undefined,
      type: typeLine
        ?.replace(TYPE_LINE, '')
        .replace(/^["']|["']\s*$/g, '')
        .trim(),
      error: { message: parsed.error, range: lineRange(line, 0, lines[line]?.length ?? 0) },
    };
  }
  const value = parsed.value;
  const data =
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, unknown>) : undefined;
  return { lines: span, format, data, type: typeof data?.type === 'string' ? data.type : undefined, error: undefined };
}

/** The value, or the first error with its 1-based line in the front matter (line 1 is the fence). */
type Parsed = { readonly value: unknown } | { readonly error: string; readonly line: number };

function readYaml(source: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return { error: error.message.split('\n')[0], line: lineCounter.linePos(error.pos[0]).line };
  }
  try {
    // Aliases are expanded with a cap, so an alias bomb is an error, not a hang; an undefined alias
    // (`status: *WIP*`) throws here too.
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error), line: 1 };
  }
}

function readToml(source: string): Parsed {
  try {
    return { value: parseToml(source) };
  } catch (error) {
    if (error instanceof TomlError) return { error: error.message.split('\n')[0], line: error.line };
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error), line: 1 };
  }
}
