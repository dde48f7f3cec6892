/**
 * Positions, ranges and edits in the same shape as VS Code's and the Language Server Protocol's, so
 * `src/vscode` converts them one to one. Lines and characters are 0-based; characters count UTF-16
 * code units, like JavaScript strings and VS Code.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A half-open span of whole lines: `start` is the first line, `end` the line after the last. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** Replace `range` with `newText`. A pure value: the core never applies edits itself. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export function range(line: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/**
 * A range on one line, kept as three numbers; its positions are made when read. A long document has
 * a range for every cell, time, item and finding, and three objects for each were most of its model
 * (a 50 MB timeline took over 1 GB).
 */
class LineRange implements Range {
  constructor(
    private readonly line: number,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get start(): Position {
    return { line: this.line, character: this.from };
  }

  get end(): Position {
    return { line: this.line, character: this.to };
  }
}

/** A range on one line. */
export function lineRange(line: number, startCharacter: number, endCharacter: number): Range {
  return new LineRange(line, startCharacter, endCharacter);
}

/**
 * The items not inside the last one kept: for sections in document order, where a nested section
 * comes right after the one that holds it, the outermost ones, in one pass.
 */
export function outermost<T>(items: readonly T[], spanOf: (item: T) => LineSpan): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const last = kept.length > 0 ? spanOf(kept[kept.length - 1]) : undefined;
    const span = spanOf(item);
    if (!last || span.start < last.start || span.end > last.end) kept.push(item);
  }
  return kept;
}

/** Whether a line is inside one of the spans: the spans are sorted and merged once, each question is a binary search. */
export function inSpans(spans: readonly LineSpan[]): (line: number) => boolean {
  const merged: LineSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return (line) => {
    let low = 0;
    let high = merged.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (merged[mid].end <= line) low = mid + 1;
      else high = mid;
    }
    return low < merged.length && merged[low].start <= line;
  };
}

/** The same line breaks as markdown-it, so our line numbers and its token maps always agree. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Copies a string so it no longer points into the file's text: V8 keeps a whole string alive as long
 * as any slice of it is, and the index (or a CLI run over 20,000 files) must not hold their texts.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Whether a character is one `String#trimStart` skips (JavaScript's white space and line terminators). */
export function isBlankCode(c: number): boolean {
  // Most characters asked about are printable ASCII: one comparison each.
  if (c > 32 && c < 0xa0) return false;
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * `text.trim()`, without the copy V8 makes even when there is nothing to trim (40 bytes a call, where
 * `trimStart` and `trimEnd` make none): the readers trim every cell and heading of thousands of files.
 */
export function trimmed(text: string): string {
  return text.length > 0 && (isBlankCode(text.charCodeAt(0)) || isBlankCode(text.charCodeAt(text.length - 1))) ? text.trim() : text;
}

/** `text.slice(from).trim() === ''`, without the copies. */
export function isBlankText(text: string, from = 0): boolean {
  for (let i = from; i < text.length; i++) if (!isBlankCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether `text` from `from` to `end` is a run of the character `c` and then only blanks: spaces and
 * tabs, or (`anyBlank`) any of `\s`. A setext underline's test, by character: nothing sliced.
 */
export function isRunThenBlank(text: string, from: number, end: number, c: number, anyBlank: boolean): boolean {
  let at = from;
  while (at < end && text.charCodeAt(at) === c) at++;
  if (at === from) return false;
  for (; at < end; at++) {
    const b = text.charCodeAt(at);
    if (anyBlank ? !isBlankCode(b) : b !== 32 && b !== 9) return false;
  }
  return true;
}

/** `[A-Za-z]`, by character code. */
export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `[A-Za-z0-9]`, by character code: for scanners that test every character of a line. */
export function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A regex source that matches `text` literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a CR stands alone somewhere, not before an LF: a line break to markdown-it, which the fast readers leave to it or make LF. */
export function hasLoneCr(text: string): boolean {
  return text.includes('\r') && /\r(?!\n)/.test(text);
}

/** Texts up to this length are split by string when they have no CR (see `splitLines`). */
const SPLIT_BY_STRING_UP_TO = 1024 * 1024;

/** Splits text into lines without their line breaks. A trailing newline gives a last empty line. */
export function splitLines(text: string): string[] {
  // Without a CR the split by string is the same, at a third of the time (3 µs against 9 for 10 KB). Not
  // for a long text: splitting 50 MB so peaked 60 MB higher (lint of the 50 MB timeline: 985 MB, not 925).
  return text.length > SPLIT_BY_STRING_UP_TO || text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
}

/**
 * The lines the last model was read from (as `splitLines` splits its text): its reader's caller asks
 * for them right after (the rules, the index's summary), and the text is not split twice. One model
 * only: a WeakMap of every model's lines kept them alive through young-generation collections (V8's
 * scavenger keeps the values of a WeakMap whose keys it has not yet proved dead): 2 MB copied at each
 * over 10,000 post-mortems, against 0.7 MB without, and 107 ms of pauses against 76 in 40 collections.
 */
let lastModel: object | undefined;
let lastLines: readonly string[] = [];

/** Remembers the lines `model` was read from, for `linesOf`. */
export function rememberLines<M extends object>(model: M, lines: readonly string[]): M {
  lastModel = model;
  lastLines = lines;
  return model;
}

/** The lines of `text`, the text `model` was read from: the reader's own when it was the last read, else split again. */
export function linesOf(model: object, text: string): readonly string[] {
  return model === lastModel ? lastLines : splitLines(text);
}

/** The document's line break: CRLF when its first line break is one, otherwise LF. */
export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** An edit list that VS Code would refuse: a position outside the text, or two edits that overlap. */
export class EditError extends Error {
  override readonly name = 'EditError';
}

/**
 * Applies edits to a text as VS Code applies a WorkspaceEdit: every range inside the text, no two
 * overlapping (touching is fine; insertions at one place keep their order). Throws an `EditError`
 * otherwise, so a fix that would corrupt a document fails its test instead of passing quietly. For
 * tests, the CLI and previews.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    } else if (c === 10 /* \n */) {
      lineStarts.push(i + 1);
    }
  }
  /** Where a line's text ends, before its line break. */
  const lineEnd = (line: number): number => {
    if (line + 1 >= lineStarts.length) return text.length;
    const next = lineStarts[line + 1];
    return text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  };
  const offsetAt = (p: Position): number => {
    if (p.line < 0 || p.line >= lineStarts.length || p.character < 0 || lineStarts[p.line] + p.character > lineEnd(p.line)) {
      throw new EditError(`position ${p.line}:${p.character} is outside the text (${lineStarts.length} lines)`);
    }
    return lineStarts[p.line] + p.character;
  };
  const spans = edits.map((e) => ({ start: offsetAt(e.range.start), end: offsetAt(e.range.end), text: e.newText, range: e.range }));
  // Stable: insertions at one place stay in the order given, before a replacement that starts there.
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.end < span.start) throw new EditError(`range ${rangeText(span.range)} ends before it starts`);
    if (span.start < at) throw new EditError(`edits overlap at ${rangeText(span.range)}`);
    parts.push(text.slice(at, span.start), span.text);
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function rangeText(range: TextEdit['range']): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/*
 * Linear-time trimming. A regex that trims a class at the end, or joins lines with whitespace around
 * the break, tries every start position of a long run and rescans the run from each (quadratic: 512 KB
 * of spaces takes seconds); these walk the text once.
 */

/** `text` without any of `chars` at its end; a space in `chars` stands for any whitespace. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && isIn(text[end - 1], chars)) end--;
  return text.slice(0, end);
}

/** `text` without any of `chars` at either end; a space in `chars` stands for any whitespace. */
export function trimOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && isIn(text[start], chars)) start++;
  return trimEndOf(text.slice(start), chars);
}

/** Whitespace runs that contain a line break become one space; other whitespace stays. */
export function joinLines(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/\s+/g, (run) => (/[\n\r]/.test(run) ? ' ' : run)) : text;
}

function isIn(c: string, chars: string): boolean {
  return chars.includes(c) || (chars.includes(' ') && /\s/.test(c));
}

/**
 * Links and images reduced to their text: `[text](url)`, `[text][ref]`, `![alt](src)`. No bracket or
 * parenthesis inside the parts, so a run of `[` or `(` is scanned once, not once per bracket.
 */
export function linkTexts(text: string): string {
  return text.includes('[') ? text.replace(/!?\[([^\][]*)\](?:\([^()]*\)|\[[^\][]*\])?/g, '$1') : text;
}
