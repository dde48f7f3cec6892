import type { ActionItem } from '../model';
import { setCellEdit } from '../tableEdit';
import { lineRange, type Range } from '../text';
import type { RuleContext, RuleFinding } from './rule';

/** Where a document-level finding goes: the title line, or the first line. */
export function titleRange(context: RuleContext): Range {
  return context.model.title?.range ?? lineRange(0, 0, context.lines[0]?.length ?? 0);
}

/** An action item's row, for findings about the item as a whole. */
export function rowRange(item: ActionItem): Range {
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
 * Lines of prose: a line's text with fenced code blocks, front matter and inline code blanked out
 * (same length), so word searches never look inside code and positions stay right.
 */
export function proseLines(context: RuleContext): string[] {
  const result: string[] = [];
  let fence: string | undefined;
  const frontMatterEnd = context.model.frontMatter?.lines.end ?? 0;
  context.lines.forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (i < frontMatterEnd) {
      result.push('');
    } else if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      result.push('');
    } else if (marker) {
      fence = marker;
      result.push('');
    } else {
      result.push(line.replace(/`+[^`]*`+/g, (code) => ' '.repeat(code.length)).replace(/<!--.*?-->/g, (c) => ' '.repeat(c.length)));
    }
  });
  return result;
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
  for (const item of actions.items) {
    const cell = item.cells[column];
    const value = item[column];
    if (!cell || value === '' || /^\[.*\]$/.test(value) || allowed.includes(value)) continue;
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
