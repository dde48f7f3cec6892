import { LineSpan, Range, isBlankText, lineRange, trimmed } from './text';

/** One cell of a GFM table row, as written. */
export interface TableCell {
  /** The cell's text, trimmed, with `\|` unescaped. */
  readonly text: string;
  /**
   * Where the trimmed text sits on the line. An empty cell gets an empty range just after its
   * opening pipe plus one space, where a person would type.
   */
  readonly range: Range;
}

/** One line of a table: the header or a body row. */
export interface TableRow {
  readonly line: number;
  /** The whole line. */
  readonly range: Range;
  /** The cells as written: a short row has fewer cells than the header, a long row more. */
  readonly cells: readonly TableCell[];
}

/** A GFM table at the top level of the document. */
export interface MarkdownTable {
  readonly lines: LineSpan;
  readonly header: TableRow;
  /** The `|---|---|` line. */
  readonly delimiterLine: number;
  readonly rows: readonly TableRow[];
}

/** A cell keeps its place as three numbers and makes its range when asked. */
class Cell implements TableCell {
  constructor(
    readonly text: string,
    private readonly line: number,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): Range {
    return lineRange(this.line, this.start, this.end);
  }
}

/**
 * A row keeps its line and splits it into cells each time they are asked for. A 740,000-row
 * timeline held four cell objects and an array per row (about half of its model, 1.2 GB at peak for
 * 50 MB); the readers ask for a row's cells once or twice.
 */
class Row implements TableRow {
  constructor(
    readonly line: number,
    private readonly text: string,
  ) {}

  get range(): Range {
    return lineRange(this.line, 0, this.text.length);
  }

  get cells(): readonly TableCell[] {
    return splitCells(this.text, this.line);
  }

  /** The line the row was read from. */
  get source(): string {
    return this.text;
  }
}

/** The line a row was read from (`parseTable`'s rows), or undefined for a row made otherwise. */
export function rowSource(row: TableRow): string | undefined {
  return row instanceof Row ? row.source : undefined;
}

/**
 * Rows of a table up to which the readers keep each row's cells once split (the rules ask for them
 * again); a bigger table's rows split again each time they are asked, so its model stays small.
 */
export const KEEP_CELLS_UP_TO = 1000;

/**
 * One table line, its cells split the way GFM does: an unescaped `|` separates cells, the leading
 * and trailing pipes are optional, `\|` stays inside a cell. Never throws, whatever the line.
 */
export function parseTableRow(line: string, lineNumber: number): TableRow {
  return new Row(lineNumber, line);
}

function splitCells(line: string, lineNumber: number): TableCell[] {
  const count = cellBounds(line, SPLIT_BOUNDS);
  const cells: TableCell[] = [];
  for (let k = 0; k < count; k++) {
    cells.push(new Cell(boundedCellText(line, SPLIT_BOUNDS, k), lineNumber, rangeStart(SPLIT_BOUNDS, k), rangeEnd(SPLIT_BOUNDS, k)));
  }
  return cells;
}

/** `splitCells`'s and `cellCount`'s bounds (neither calls the other, nor itself). */
const SPLIT_BOUNDS: number[] = [];
const COUNT_BOUNDS: number[] = [];

/**
 * Where `splitCells` finds a row's cells, without making them: for cell k, `bounds[4k]` and
 * `bounds[4k + 1]` are its trimmed text's start and end, `bounds[4k + 2]` and `bounds[4k + 3]` the
 * raw cell's (after its opening pipe, before its closing one). Returns the number of cells. Readers
 * of many rows (the fast reader) take only the cells they need from it (`boundedCellText`).
 */
export function cellBounds(line: string, bounds: number[]): number {
  let i = 0;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) === PIPE) i++;
  let count = 0;
  let cellStart = i;
  if (line.indexOf('\\', i) < 0) {
    for (let pipe = line.indexOf('|', i); pipe >= 0; pipe = line.indexOf('|', pipe + 1)) {
      putBounds(line, bounds, count++, cellStart, pipe);
      cellStart = pipe + 1;
    }
  } else {
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === BACKSLASH) {
        i++;
      } else if (c === PIPE) {
        putBounds(line, bounds, count++, cellStart, i);
        cellStart = i + 1;
      }
    }
  }
  if (count === 0 || !isBlankText(line, cellStart)) putBounds(line, bounds, count++, cellStart, line.length);
  return count;
}

/** Cell `k`'s bounds (see `cellBounds`): its text is trimmed of spaces and tabs. */
function putBounds(line: string, bounds: number[], k: number, cellStart: number, end: number): void {
  let s = cellStart;
  let e = end;
  while (s < e && isBlank(line.charCodeAt(s))) s++;
  while (e > s && isBlank(line.charCodeAt(e - 1))) e--;
  bounds[4 * k] = s;
  bounds[4 * k + 1] = e;
  bounds[4 * k + 2] = cellStart;
  bounds[4 * k + 3] = end;
}

/** Cell `k`'s text, as `splitCells` gives it, from its `cellBounds`. */
export function boundedCellText(line: string, bounds: readonly number[], k: number): string {
  const raw = line.slice(bounds[4 * k], bounds[4 * k + 1]);
  return raw.includes('\\|') ? raw.replace(/\\\|/g, '|') : raw;
}

/** Cell `k`'s range, as `splitCells` gives it, from its `cellBounds`. */
export function boundedCellRange(line: number, bounds: readonly number[], k: number): Range {
  return lineRange(line, rangeStart(bounds, k), rangeEnd(bounds, k));
}

/** Where cell `k`'s range starts: at its text; for an empty cell just after its opening pipe plus one space, where a person would type. */
function rangeStart(bounds: readonly number[], k: number): number {
  const s = bounds[4 * k];
  return s === bounds[4 * k + 1] ? Math.min(bounds[4 * k + 2] + 1, bounds[4 * k + 3]) : s;
}

function rangeEnd(bounds: readonly number[], k: number): number {
  return bounds[4 * k] === bounds[4 * k + 1] ? rangeStart(bounds, k) : bounds[4 * k + 1];
}

/** How many cells `splitCells` finds in a line, without splitting it. */
export function cellCount(line: string): number {
  return cellBounds(line, COUNT_BOUNDS);
}

const [PIPE, BACKSLASH, SPACE, TAB] = ['|', '\\', ' ', '\t'].map((c) => c.charCodeAt(0));

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A row's cells by column (`[column, index]` pairs, as `mapColumns` gives them); a short row lacks the cells it does not have. */
export function cellsByColumn<C extends string>(cells: readonly TableCell[], columns: readonly (readonly [C, number])[]): Partial<Record<C, TableCell>> {
  const byColumn: Partial<Record<C, TableCell>> = {};
  for (const [column, index] of columns) if (index < cells.length) byColumn[column] = cells[index];
  return byColumn;
}

/** Builds a table from its lines; `span` comes from markdown-it's token map. */
export function parseTable(lines: readonly string[], span: LineSpan): MarkdownTable {
  const header = parseTableRow(lines[span.start] ?? '', span.start);
  const rows: TableRow[] = [];
  for (let line = span.start + 2; line < span.end; line++) rows.push(parseTableRow(lines[line] ?? '', line));
  return { lines: span, header, delimiterLine: span.start + 1, rows };
}

/** Normalizes a header or value for comparison: lower case, no emphasis, single spaces. */
export function normalizeLabel(text: string): string {
  return plainText(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Strips the inline Markdown that people put around short values: `**P0**`, `` `Done` ``, `_Owner_`. */
export function plainText(text: string): string {
  // By character, not `/[~*_`]/`: a regex that searches allocates on every call, and each cell is asked.
  if (!hasEmphasis(text)) return trimmed(text);
  return text
    .replace(/~~/g, '')
    .replace(/(\*\*|__|\*|`)/g, '')
    .replace(/^_(.*)_$/, '$1')
    .trim();
}

/** Whether a text holds one of `~*_\``. */
export function hasEmphasis(text: string): boolean {
  // A long text (a row's line, an action) is searched natively, a character at a time: 55 ns for a
  // 130-character row against 300 by hand; a short one by hand, for less than four calls cost.
  if (text.length > 24) return text.indexOf('*') >= 0 || text.indexOf('_') >= 0 || text.indexOf('`') >= 0 || text.indexOf('~') >= 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === TILDE || c === STAR || c === UNDERSCORE || c === BACKTICK) return true;
  }
  return false;
}

const [TILDE, STAR, UNDERSCORE, BACKTICK] = ['~', '*', '_', '`'].map((c) => c.charCodeAt(0));

/** "Owner (team)" → "owner": a trailing parenthesised aside is not part of a column's name. */
function withoutAside(label: string): string {
  const open = label.endsWith(')') ? label.indexOf('(') : -1;
  return open >= 0 ? label.slice(0, open).trimEnd() : label;
}

/**
 * Finds which column holds each role from the header's labels. The first column whose label matches
 * a role's synonyms gets it.
 */
export function mapColumns<R extends string>(header: TableRow, synonyms: Readonly<Record<R, readonly string[]>>): Partial<Record<R, number>> {
  // Thousands of post-mortems repeat a few headers: each is mapped once (a copy: callers may add to it).
  // A row read from its line is known by the line (its cells follow from it), not split again.
  let known = columnCache.get(synonyms);
  if (!known) columnCache.set(synonyms, (known = { byLine: new Map(), byTexts: new Map() }));
  const line = header instanceof Row ? header.source : undefined;
  const lineHit = line === undefined ? undefined : known.byLine.get(line);
  if (lineHit) return { ...lineHit } as Partial<Record<R, number>>;
  const texts = header.cells.map((c) => c.text);
  const key = texts.join('\u0000');
  const hit = known.byTexts.get(key);
  const result = hit ? ({ ...hit } as Partial<Record<R, number>>) : mapLabels(texts, synonyms);
  if (known.byTexts.size >= 1000) known.byTexts.clear();
  if (known.byLine.size >= 1000) known.byLine.clear();
  if (!texts.some((t) => t.includes('\u0000'))) known.byTexts.set(key, { ...result });
  if (line !== undefined && line.length <= 1000) known.byLine.set(line, { ...result });
  return result;
}

/** Each synonym table's mappings, by a header's line and by its cells' texts. */
const columnCache = new WeakMap<
  object,
  { readonly byLine: Map<string, Partial<Record<string, number>>>; readonly byTexts: Map<string, Partial<Record<string, number>>> }
>();

function mapLabels<R extends string>(texts: readonly string[], synonyms: Readonly<Record<R, readonly string[]>>): Partial<Record<R, number>> {
  const result: Partial<Record<R, number>> = {};
  const labels = texts.map((text) => withoutAside(normalizeLabel(text)));
  for (const role of Object.keys(synonyms) as R[]) {
    const index = labels.findIndex((label, i) => synonyms[role].includes(label) && !Object.values(result).includes(i));
    if (index >= 0) result[role] = index;
  }
  return result;
}
