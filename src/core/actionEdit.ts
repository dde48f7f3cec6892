import type { ActionItem, PostmortemModel } from './model';
import { addColumnEdits, markRowDoneEdits, setCellEdit } from './tableEdit';
import { lineRange, type TextEdit } from './text';

/**
 * Edits of an action item where it is written: a table cell, a task box ticked, a mark added at the
 * end of a bullet's first line (`(done 2026-11-29)`, `(owner: Ana)`, `(due: 2026-12-15)`) or the
 * mark already there replaced. Each returns the edits of one change, for one WorkspaceEdit.
 */

/** Finds an item again in a fresh parse: the same line and action, else the only item with that action. */
export function findItem(model: Pick<PostmortemModel, 'actionItems'>, line: number, action: string): ActionItem | undefined {
  const same = model.actionItems.find((i) => i.line === line && i.action === action);
  if (same) return same;
  const named = model.actionItems.filter((i) => i.action === action);
  // Two items with the same text: which one was meant cannot be told, so neither is touched.
  return named.length === 1 ? named[0] : undefined;
}

export function markDoneEdits(model: Pick<PostmortemModel, 'actions'>, item: ActionItem, today: string, lines: readonly string[]): TextEdit[] {
  if (item.tableRow && model.actions) return markRowDoneEdits(model.actions, item.tableRow, today, lines);
  const text = lines[item.line] ?? '';
  const edits: TextEdit[] = [];
  if (item.shape === 'task') {
    const box = /^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[ \]/.exec(text);
    if (box) edits.push({ range: lineRange(item.line, box[1].length, box[1].length + 3), newText: '[x]' });
    if (edits.length > 0) return [...edits, ...replaceMark(item, text, PROGRESS_MARK, `(done ${today})`, false)];
  }
  return replaceMark(item, text, PROGRESS_MARK, `(done ${today})`, true);
}

export function setOwnerEdits(model: Pick<PostmortemModel, 'actions'>, item: ActionItem, owner: string, lines: readonly string[]): TextEdit[] {
  if (item.tableRow && model.actions) return setColumnEdits(model, item, 'owner', 'Owner', owner, lines);
  return replaceMark(item, lines[item.line] ?? '', OWNER_MARK, `(owner: ${owner})`, true);
}

export function setDueEdits(model: Pick<PostmortemModel, 'actions'>, item: ActionItem, due: string, lines: readonly string[]): TextEdit[] {
  if (item.tableRow && model.actions) return setColumnEdits(model, item, 'due', 'Due', due, lines);
  return replaceMark(item, lines[item.line] ?? '', DUE_MARK, `(due: ${due})`, true);
}

function setColumnEdits(
  model: Pick<PostmortemModel, 'actions'>,
  item: ActionItem,
  column: 'owner' | 'due',
  header: string,
  value: string,
  lines: readonly string[],
): TextEdit[] {
  const actions = model.actions!;
  const row = item.tableRow!;
  const index = actions.columns[column];
  if (index !== undefined) return [setCellEdit(row.row, index, value, lines[row.row.line])];
  return addColumnEdits(actions.table, header, lines, (r) => (r === row.row ? value : ''));
}

const PROGRESS_MARK = /\(\s*(?:in[ -]progress|wip|ongoing|started|under ?way|in review|being worked on|todo)\s*\)|\*\*\s*TODO\s*\*\*/i;
const OWNER_MARK = /\((?:owner|owners|assignee|assigned to|owned by)\s*(?:[:=]\s*)?[^)\s][^)]{0,59}\)/i;
const DUE_MARK = /\((?:due|eta|deadline|by)\s*(?:[:=]\s*)?[^)\s][^)]{0,39}\)/i;

/** Replaces `mark` on the item's first line with `text`, or (when `append`) adds `text` at the line's end. */
function replaceMark(item: ActionItem, lineText: string, mark: RegExp, text: string, append: boolean): TextEdit[] {
  const found = mark.exec(lineText);
  if (found) return [{ range: lineRange(item.line, found.index, found.index + found[0].length), newText: text }];
  if (!append) return [];
  const end = lineText.trimEnd().length;
  return [{ range: lineRange(item.line, end, end), newText: ` ${text}` }];
}
