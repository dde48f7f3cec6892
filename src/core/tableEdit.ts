import type { ActionRow, ActionTable } from './model';
import type { MarkdownTable, TableRow } from './table';
import { lineRange, type TextEdit } from './text';

/** Escapes text for a table cell: a `|` would end the cell, a line break the row. */
export function escapeCell(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/**
 * The edit that sets cell `column` of `row` to `text`. A short row gets the missing cells appended
 * (empty up to the one set), so the row's other cells never move.
 */
export function setCellEdit(row: TableRow, column: number, text: string, lineText: string): TextEdit {
  const value = escapeCell(text);
  const cell = row.cells[column];
  if (cell) {
    const empty = cell.range.start.character === cell.range.end.character;
    // In `||` there is no space to keep the value off the pipes; `|  |` has one on each side.
    const before = empty && lineText[cell.range.start.character - 1] === '|' ? ' ' : '';
    const after = empty && lineText[cell.range.end.character] === '|' ? ' ' : '';
    return { range: cell.range, newText: before + value + after };
  }
  const trimmed = lineText.trimEnd();
  const closed = trimmed.endsWith('|') && !trimmed.endsWith('\\|');
  const missing = column - row.cells.length;
  const filler = ' |'.repeat(missing);
  return { range: lineRange(row.line, trimmed.length, lineText.length), newText: `${closed ? '' : ' |'}${filler} ${value} |` };
}

/**
 * Adds a column at the end of a table: its header, a `---` in the delimiter row and a cell in each row
 * (empty, or `valueOf(row)`), one edit a line, so one WorkspaceEdit adds it and one undo removes it.
 * Short rows are padded first, so the new cell lands in the new column.
 */
export function addColumnEdits(table: MarkdownTable, header: string, lines: readonly string[], valueOf: (row: TableRow) => string = () => ''): TextEdit[] {
  const width = table.header.cells.length;
  const append = (row: TableRow, text: string): TextEdit => {
    const line = lines[row.line];
    const trimmed = line.trimEnd();
    const closed = trimmed.endsWith('|') && !trimmed.endsWith('\\|');
    const padding = ' |'.repeat(Math.max(0, width - row.cells.length));
    const cell = text ? ` ${escapeCell(text)} |` : '  |';
    return { range: lineRange(row.line, trimmed.length, line.length), newText: `${closed ? '' : ' |'}${padding}${cell}` };
  };
  const delimiter = lines[table.delimiterLine].trimEnd();
  return [
    append(table.header, header),
    { range: lineRange(table.delimiterLine, delimiter.length, lines[table.delimiterLine].length), newText: `${delimiter.endsWith('|') ? '' : '|'}---|` },
    ...table.rows.map((row) => append(row, valueOf(row))),
  ];
}

/**
 * Marks an action item done: `Done YYYY-MM-DD` into its Status cell, adding a Status column to the
 * table when it has none. For the SRE book's layout, `TODO` in the row becomes `DONE`.
 */
export function markRowDoneEdits(actions: ActionTable, item: ActionRow, today: string, lines: readonly string[]): TextEdit[] {
  const lineText = lines[item.row.line];
  if (actions.layout === 'sre') {
    const cell = item.row.cells.find((c) => /\bTODO\b/.test(c.text));
    if (cell) {
      const text = lineText.slice(cell.range.start.character, cell.range.end.character).replace(/\bTODO\b/, 'DONE');
      return [{ range: cell.range, newText: text }];
    }
  }
  const status = actions.columns.status;
  if (status !== undefined) return [setCellEdit(item.row, status, `Done ${today}`, lineText)];
  return addColumnEdits(actions.table, 'Status', lines, (row) => (row === item.row ? `Done ${today}` : ''));
}
