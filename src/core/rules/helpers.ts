import type { ActionRow } from '../model';
import { setCellEdit } from '../tableEdit';
import { inlineCode } from '../markdown';
import { lineRange, type Range } from '../text';
import type { RuleContext, RuleFinding } from './rule';

/** Where a document-level finding goes: the title line, or the first line. */
export function titleRange(context: RuleContext): Range {
  return context.model.title?.range ?? lineRange(0, 0, context.lines[0]?.length ?? 0);
}

/** An action item's row, for findings about the item as a whole. */
export function rowRange(item: ActionRow): Range {
  return item.row.range;
}

/** The closest candidate by edit distance (case-insensitive), or undefined when none is close. */
export function closest(value: string, candidates: readonly string[], maxDistance = 3): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const v = value.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.startsWith(v) || v.startsWith(c) ? Math.abs(c.length - v.length) * 0.1 : editDistance(v, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = temp;
    }
  }
  return row[b.length];
}

/**
 * Lines of prose: each line with front matter, code blocks (fenced and indented), inline code and
 * HTML comments blanked out (same length), so word searches never look inside them and positions
 * stay right. The same reading of structure as the parser's (`readStructure`).
 */
export function proseLines(context: RuleContext): readonly string[] {
  let prose = proseOf.get(context);
  if (!prose) proseOf.set(context, (prose = readProse(context)));
  return prose;
}

/** Each check's prose lines, read once for the rules that search prose. */
const proseOf = new WeakMap<RuleContext, readonly string[]>();

function readProse(context: RuleContext): string[] {
  const prose = [...context.lines];
  for (const span of context.model.nonProse.blocks) for (let i = span.start; i < span.end && i < prose.length; i++) prose[i] = '';
  for (const c of context.model.nonProse.comments) {
    const line = prose[c.line];
    if (line) prose[c.line] = line.slice(0, c.start) + ' '.repeat(Math.max(0, Math.min(c.end, line.length) - c.start)) + line.slice(c.end);
  }
  for (let i = 0; i < prose.length; i++) {
    const line = prose[i];
    if (!line.includes('`')) continue;
    let out = line;
    for (const code of inlineCode(line)) out = out.slice(0, code.start) + ' '.repeat(code.end - code.start) + out.slice(code.end);
    prose[i] = out;
  }
  return prose;
}

export function lineRangeOf(line: number, start: number, length: number): Range {
  return lineRange(line, start, start + length);
}

/**
 * Findings for an action-table column whose cells must be one of `allowed` (Type, Priority): the
 * message names the allowed values and the suggestion, one fix per value, the suggestion first
 * and preferred. Empty cells and template placeholders are other rules' business.
 */
export function* choiceFindings(
  { model, lines }: RuleContext,
  column: 'type' | 'priority',
  label: string,
  allowed: readonly string[],
  suggest: (value: string) => string | undefined,
): Generator<RuleFinding> {
  const actions = model.actions;
  const index = actions?.columns[column];
  if (!actions || index === undefined) return;
  // The SRE book writes types in lower case and has "other": its own vocabulary, read as written.
  const sre = actions.layout === 'sre';
  for (const item of actions.items) {
    const cell = item.cells[column];
    const value = item[column];
    if (!cell || value === '' || /^\[.*\]$/.test(value) || allowed.includes(value)) continue;
    if (sre && (allowed.some((a) => a.toLowerCase() === value.toLowerCase()) || value.toLowerCase() === 'other')) continue;
    const suggestion = suggest(value);
    yield {
      message: `${label} "${value}" is not one of ${allowed.join(', ')}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
      range: cell.range,
      fixes: (suggestion ? [suggestion, ...allowed.filter((a) => a !== suggestion)] : allowed).map((choice) => ({
        title: `Change ${label} to ${choice}`,
        edits: [setCellEdit(item.row, index, choice, lines[item.row.line])],
        isPreferred: choice === suggestion,
      })),
    };
  }
}
