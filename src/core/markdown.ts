import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { readFrontMatter } from './frontMatter';
import type { FrontMatter, NonProse } from './model';
import { type LineSpan, joinLines, splitLines, trimEndOf } from './text';

/**
 * The one reading of Markdown structure that every reader of a document shares (sections, metadata,
 * action items, timelines, the 5 Whys, the rules' prose): markdown-it's block pass with line maps,
 * with front matter, code blocks and HTML comments set apart so that nothing inside them is ever read
 * as prose, a heading, a list or a table.
 */

// Block-level parsing only: the readers need headings, paragraphs, tables and lists with their line
// maps, never inline tokens, so the inline pass (most of markdown-it's time) is off. Raw HTML is read
// as text: `- <img src=x>` in the 5 Whys is a why whose text is that markup, and an HTML block must
// not swallow the list items under it. HTML comments are blanked before parsing instead.
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// Its `normalize` rule too: the windows are lines joined with LF, so only a NUL is left to replace (`parseWindow`).
md.core.ruler.disable(['normalize', 'inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
type BlockRule = Parameters<typeof md.block.ruler.at>[1];
// markdown-it's own table rule decides where a table starts (`__rules__` is the plugins' way to reach
// a built-in rule; if a later version hides it, tables keep markdown-it's rule and its memory).
const stockTable = md.block.ruler.__rules__?.find((rule) => rule.name === 'table')?.fn;
if (stockTable) md.block.ruler.at('table', tableSpan(stockTable), { alt: ['paragraph', 'reference'] });

/**
 * markdown-it's table rule, reduced to what the readers use: the table's line span. The readers read
 * rows from the lines themselves; markdown-it's own rule pushes about 20 tokens per row (a 500,000-row
 * table took 2 GB). markdown-it still decides whether a table starts (its rule in silent mode), and
 * the table ends where its rule ends one (markdown-it 15's `rules_block/table`): a line less indented
 * than the table, one that starts a block that interrupts a paragraph, a blank line, an indented code
 * line, or more than 65,536 cells filled in for short rows.
 */
function tableSpan(table: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    if (!table(state, startLine, endLine, true)) return false;
    if (silent) return true;
    const columnCount = cellCount(lineOf(state, startLine));
    const terminators = state.md.block.ruler.getRules('blockquote');
    const oldParentType = state.parentType;
    state.parentType = 'table' as typeof state.parentType;
    let filledIn = 0;
    let next = startLine + 2;
    for (; next < endLine; next++) {
      if (state.sCount[next] < state.blkIndent) break;
      // A row that starts with a pipe starts none of the blocks that end a table (fence, quote, rule,
      // list, HTML, heading): asking each of them for every row was 5% of a lint.
      if (state.src.charCodeAt(state.bMarks[next] + state.tShift[next]) !== PIPE && terminators.some((rule) => rule(state, next, endLine, true))) break;
      const text = lineOf(state, next);
      if (text === '' || state.sCount[next] - state.blkIndent >= 4) break;
      filledIn += columnCount - cellCount(text);
      if (filledIn > 65536) break;
    }
    state.parentType = oldParentType;
    state.push('table_open', 'table', 1).map = [startLine, next];
    state.push('table_close', 'table', -1);
    state.line = next;
    return true;
  };
}

const PIPE = 124;

function lineOf(state: { src: string; bMarks: number[]; tShift: number[]; eMarks: number[] }, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]).trim();
}

/** The cells of a trimmed table row, as markdown-it counts them: unescaped pipes, less an outer pipe at either end. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) if (row.charCodeAt(i) === PIPE && (i === 0 || row.charCodeAt(i - 1) !== 92)) pipes++;
  let cells = pipes + 1;
  if (row.startsWith('|')) cells--;
  if (row.endsWith('|') && (row.length === 1 || row.charCodeAt(row.length - 2) !== 92)) cells--;
  return cells;
}

export interface HeadingBlock {
  readonly type: 'heading';
  /** 1 to 6. */
  readonly level: number;
  /** The heading's text line (for a setext heading, the line above its underline). */
  readonly line: number;
  /** The heading's lines: one for `#`, two or more for setext. */
  readonly span: LineSpan;
  readonly text: string;
}

export interface ParagraphBlock {
  readonly type: 'paragraph';
  readonly span: LineSpan;
  /** The paragraph's text as written (lines joined with `\n`, indentation removed). */
  readonly text: string;
}

export interface ListItemBlock {
  /** The item's lines, its children's included, without trailing blank lines. */
  readonly lines: LineSpan;
  readonly line: number;
  /** `-`, `*`, `+`, `1.`, `1)`. */
  readonly marker: string;
  /** `' '` for `- [ ]`, `'x'` for `- [x]`, undefined for an item with no task box. */
  readonly task: ' ' | 'x' | undefined;
  /** The item's first paragraph, lines joined with a space (after the marker and the task box). */
  readonly text: string;
  /** The line `text` starts on: the item's first, or the next when the marker stands alone. */
  readonly textLine: number;
  /** Where `text` starts on `textLine`. */
  readonly textStart: number;
  /** The line after the last of `text` (a paragraph may continue on the lines below the marker's). */
  readonly textEnd: number;
  /** The item's other paragraphs (not its nested lists), as written. */
  readonly paragraphs: readonly string[];
  /** Items of the lists nested in this one. */
  readonly children: readonly ListItemBlock[];
  /** 1 for an item of a top-level list. */
  readonly depth: number;
}

export interface ListBlock {
  readonly type: 'list';
  readonly span: LineSpan;
  readonly ordered: boolean;
  readonly items: readonly ListItemBlock[];
}

export interface OtherBlock {
  readonly type: 'table' | 'code' | 'quote' | 'rule';
  readonly span: LineSpan;
}

export type Block = HeadingBlock | ParagraphBlock | ListBlock | OtherBlock;

export interface MarkdownStructure {
  /** The document's lines (any line break), as written. */
  readonly lines: readonly string[];
  readonly frontMatter: FrontMatter | undefined;
  /** The top-level blocks in document order (front matter and HTML comments are not blocks). */
  readonly blocks: readonly Block[];
  /**
   * Each line's text with everything that is not prose blanked to spaces (same length): front
   * matter, code blocks, inline code, HTML comments. Word searches run on these.
   */
  readonly prose: readonly string[];
  /** The lines with HTML comments blanked (and front matter emptied): what a reader sees. */
  readonly content: readonly string[];
  readonly nonProse: NonProse;
  /** Link reference definitions (`[issue-169]: https://…`), by lower-case label. */
  readonly references: ReadonlyMap<string, string>;
}

/** Reads a document's block structure. Never throws, whatever the text. */
export function readStructure(text: string, window = WINDOW_LINES): MarkdownStructure {
  const lines = splitLines(text);
  const frontMatter = readFrontMatter(lines);
  const start = frontMatter?.lines.end ?? 0;
  // Front matter lines become blank for markdown-it, so its line maps still match the document.
  let bodyLines: string[] = start > 0 ? [...new Array<string>(start).fill(''), ...lines.slice(start)] : [...lines];
  let body = readBody(bodyLines, lines, window);
  const comments = findComments(bodyLines, body.code);
  if (comments.length > 0) {
    bodyLines = blank(bodyLines, comments);
    body = readBody(bodyLines, lines, window);
  }
  const { blocks, code, references } = body;
  const nonProse = { blocks: start > 0 ? [{ start: 0, end: start }, ...code] : code, comments };
  return { lines, frontMatter, blocks, prose: proseOf(bodyLines, code, start), content: bodyLines, nonProse, references };
}

/**
 * Lines markdown-it parses at a time. Its tokens take about 180 bytes each, several per line (a
 * 700,000-item list is 660 MB of tokens), so a long document is parsed a window at a time and only
 * the blocks are kept.
 */
const WINDOW_LINES = 4096;

interface Body {
  readonly blocks: Block[];
  /** Code blocks at any depth. */
  readonly code: LineSpan[];
  readonly references: Map<string, string>;
}

/**
 * The blocks of the body, read a window of lines at a time. A block that ends before the window's
 * last block does not depend on the lines after the window (markdown-it decides where a block ends
 * from its own lines and the line after it), so everything but the last block is kept and the next
 * window starts where the last block starts. A long list is cut between two items instead and its
 * items are joined; a block longer than the window gets a larger window.
 */
function readBody(bodyLines: readonly string[], lines: readonly string[], window: number): Body {
  const body: Body = { blocks: [], code: [], references: new Map() };
  // A list cut between two of its items, which the next window continues.
  let open: { list: ListBlock; items: ListItemBlock[] } | undefined;
  let size = window;
  for (let from = 0; from < bodyLines.length;) {
    const to = Math.min(bodyLines.length, from + size);
    const env: { references?: Record<string, { href: string; title: string }> } = {};
    const tokens = parseWindow(bodyLines.slice(from, to).join('\n'), env);
    for (const token of tokens) if (token.map) token.map = [token.map[0] + from, token.map[1] + from];
    const cut = to < bodyLines.length ? lastBlockStart(tokens) : undefined;
    if (to < bodyLines.length && !cut) {
      size *= 2;
      continue;
    }
    if (cut) tokens.length = cut.index;
    for (const [label, ref] of Object.entries(env.references ?? {})) {
      if (!body.references.has(label.toLowerCase())) body.references.set(label.toLowerCase(), ref.href);
    }
    body.code.push(...codeSpans(tokens));
    const blocks = readBlocks(tokens, lines);
    const first = blocks[0];
    if (open && first?.type === 'list' && first.span.start === from) {
      blocks.shift();
      open.items.push(...first.items);
      body.blocks[body.blocks.length - 1] = { ...open.list, span: { start: open.list.span.start, end: first.span.end }, items: open.items };
    }
    body.blocks.push(...blocks);
    open = undefined;
    const last = body.blocks[body.blocks.length - 1];
    if (cut?.inList && last?.type === 'list') {
      // readItems made the array; the items of the next windows are added to it.
      open = { list: last, items: last.items as ListItemBlock[] };
      body.blocks[body.blocks.length - 1] = { ...last, span: { start: last.span.start, end: cut.line }, items: open.items };
    }
    from = cut?.line ?? to;
    size = window;
  }
  return body;
}

/**
 * markdown-it's parse of lines joined with LF. Its `normalize` rule (off) would make CRs LF, which the
 * lines have none of, and NULs U+FFFD: done here, only when there is one (a regex pass over every
 * window was 2% of a lint).
 */
function parseWindow(text: string, env: Parameters<typeof md.parse>[1]): Token[] {
  return md.parse(text.includes('\0') ? text.replace(/\0/g, '\uFFFD') : text, env);
}

/**
 * Where the next window starts: the last top-level block (the token index and line to cut at), or
 * the last item of a last list with several items. Undefined when the window holds a single block
 * that cannot be cut.
 */
function lastBlockStart(tokens: readonly Token[]): { index: number; line: number; inList: boolean } | undefined {
  let last = -1;
  let count = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].level !== 0 || tokens[i].nesting === -1 || !tokens[i].map) continue;
    last = i;
    count++;
  }
  if (last < 0) return undefined;
  if (isListOpen(tokens[last])) {
    let item = -1;
    for (let i = last + 1; i < tokens.length; i++) if (tokens[i].type === 'list_item_open' && tokens[i].level === 1) item = i;
    if (item > last + 1) return { index: item, line: tokens[item].map![0], inList: true };
  }
  return count > 1 ? { index: last, line: tokens[last].map![0], inList: false } : undefined;
}

/** A place in the text: line and character range on it. */
interface Span {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

function codeSpans(tokens: readonly Token[]): LineSpan[] {
  const spans: LineSpan[] = [];
  for (const t of tokens) if ((t.type === 'fence' || t.type === 'code_block') && t.map) spans.push({ start: t.map[0], end: t.map[1] });
  return spans;
}

/**
 * `<!-- … -->` comments outside code blocks and inline code, as spans per line. One pass over the
 * text: an unclosed comment runs to the end, as in a browser.
 */
function findComments(lines: readonly string[], code: readonly LineSpan[]): Span[] {
  const spans: Span[] = [];
  let codeIndex = 0;
  let open = false;
  for (let line = 0; line < lines.length; line++) {
    while (codeIndex < code.length && code[codeIndex].end <= line) codeIndex++;
    if (!open && codeIndex < code.length && code[codeIndex].start <= line) continue;
    const text = lines[line];
    let at = 0;
    while (at <= text.length) {
      if (open) {
        const close = text.indexOf('-->', at);
        const end = close < 0 ? text.length : close + 3;
        if (end > at) spans.push({ line, start: at, end });
        if (close < 0) break;
        open = false;
        at = end;
      } else {
        const begin = indexOutsideCode(text, '<!--', at);
        if (begin < 0) break;
        open = true;
        at = begin;
      }
    }
  }
  return spans;
}

/** The first `needle` at or after `from` that is not inside an inline code span. */
function indexOutsideCode(text: string, needle: string, from: number): number {
  const found = text.indexOf(needle, from);
  if (found < 0 || !text.includes('`')) return found;
  const code = inlineCode(text);
  let at = found;
  while (at >= 0 && code.some((c) => at >= c.start && at < c.end)) at = text.indexOf(needle, at + 1);
  return at;
}

/**
 * Inline code spans of a line: a run of backticks up to the next run of the same length. Linear:
 * each run is looked up once in a map of run positions by length.
 */
export function inlineCode(text: string): { start: number; end: number }[] {
  if (!text.includes('`')) return [];
  const runs: { at: number; length: number }[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] !== '`' || (i > 0 && text[i - 1] === '\\')) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] === '`') j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  // For each run, the index of the next run of the same length.
  const next = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    next[r] = lastByLength.get(runs[r].length) ?? -1;
    lastByLength.set(runs[r].length, r);
  }
  const spans: { start: number; end: number }[] = [];
  for (let r = 0; r < runs.length;) {
    const close = next[r];
    if (close < 0) {
      r++;
      continue;
    }
    spans.push({ start: runs[r].at, end: runs[close].at + runs[close].length });
    r = close + 1;
  }
  return spans;
}

function blank(lines: readonly string[], spans: readonly Span[]): string[] {
  const result = [...lines];
  for (const s of spans) {
    const text = result[s.line];
    result[s.line] = text.slice(0, s.start) + ' '.repeat(s.end - s.start) + text.slice(s.end);
  }
  return result;
}

function proseOf(bodyLines: readonly string[], code: readonly LineSpan[], frontMatterEnd: number): string[] {
  const prose = bodyLines.map((line, i) => (i < frontMatterEnd ? '' : line));
  for (const span of code) for (let i = span.start; i < span.end && i < prose.length; i++) prose[i] = '';
  for (let i = 0; i < prose.length; i++) {
    const line = prose[i];
    if (!line.includes('`')) continue;
    prose[i] = blank(
      [line],
      inlineCode(line).map((c) => ({ line: 0, ...c })),
    )[0];
  }
  return prose;
}

function readBlocks(tokens: readonly Token[], lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level !== 0 || !token.map || token.nesting === -1) continue;
    const span = { start: token.map[0], end: token.map[1] };
    switch (token.type) {
      case 'heading_open': {
        const text = (tokens[i + 1]?.content ?? '').trim();
        // A setext heading's text is the line above its underline (the last line of its span).
        const setext = token.markup === '=' || token.markup === '-';
        blocks.push({ type: 'heading', level: Number(token.tag.slice(1)), line: setext ? span.end - 2 : span.start, span, text });
        break;
      }
      case 'paragraph_open':
        blocks.push({ type: 'paragraph', span, text: tokens[i + 1]?.content ?? '' });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        blocks.push({
          type: 'list',
          span: trimSpan(lines, span.start, span.end),
          ordered: token.type === 'ordered_list_open',
          items: readItems(tokens, i, lines, 1),
        });
        break;
      case 'table_open':
        blocks.push({ type: 'table', span });
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', span });
        break;
      case 'blockquote_open':
        blocks.push({ type: 'quote', span });
        break;
      case 'hr':
        blocks.push({ type: 'rule', span });
        break;
    }
    if (token.nesting === 1) i = closeOf(tokens, i);
  }
  return blocks;
}

/** The index of the token that closes the one at `open` (same nesting level). */
export function closeOf(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) return i;
  }
  // Unclosed: a list cut between two items runs to the end of the tokens.
  return tokens.length;
}

function isListOpen(token: Token): boolean {
  return token.type === 'bullet_list_open' || token.type === 'ordered_list_open';
}

/** No paragraphs, no children: one array for every item that has none. */
const NONE: readonly never[] = Object.freeze([]);

const MARKER = /^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TASK = /^\[([ xX])\](?:[ \t]|$)/;

function readItems(tokens: readonly Token[], listOpen: number, lines: readonly string[], depth: number): ListItemBlock[] {
  const items: ListItemBlock[] = [];
  const listClose = closeOf(tokens, listOpen);
  for (let i = listOpen + 1; i < listClose; i++) {
    const token = tokens[i];
    if (token.type !== 'list_item_open') continue;
    const itemClose = closeOf(tokens, i);
    const firstLine = token.map![0];
    const paragraphs: string[] = [];
    const children: ListItemBlock[] = [];
    for (let j = i + 1; j < itemClose; j++) {
      const inner = tokens[j];
      if (inner.type === 'inline' && inner.level === token.level + 2) paragraphs.push(inner.content);
      if (isListOpen(inner)) {
        children.push(...readItems(tokens, j, lines, depth + 1));
        j = closeOf(tokens, j);
      }
    }
    const marker = MARKER.exec(lines[firstLine] ?? '');
    // The text starts after the marker, or on the next line when the marker stands alone ("-" then "  text").
    const paragraphLine = paragraphs.length > 0 && tokens[i + 1]?.type === 'paragraph_open' ? tokens[i + 1].map![0] : -1;
    const markerAlone = !!marker && marker[0].length === (lines[firstLine] ?? '').trimEnd().length;
    const opensWithText = paragraphLine === firstLine || (markerAlone && paragraphLine === firstLine + 1);
    const textLine = opensWithText ? paragraphLine : firstLine;
    const lineText = lines[textLine] ?? '';
    let textStart = textLine !== firstLine ? lineText.length - lineText.trimStart().length : marker ? marker[0].length : 0;
    let first = opensWithText ? paragraphs.shift()! : '';
    first = joinLines(first).trim();
    const textEnd = opensWithText ? trimSpan(lines, textLine, tokens[i + 1].map![1]).end : firstLine + 1;
    const task = TASK.exec(first);
    if (task) {
      first = first.slice(task[0].length).trim();
      const box = lineText.indexOf('[', textStart);
      if (box >= 0) textStart = Math.min(lineText.length, box + 3 + (lineText[box + 3] === ' ' || lineText[box + 3] === '\t' ? 1 : 0));
    }
    items.push({
      lines: trimSpan(lines, firstLine, token.map![1]),
      line: firstLine,
      marker: marker?.[2] ?? token.markup,
      task: task ? (task[1] === ' ' ? ' ' : 'x') : undefined,
      text: first,
      textLine,
      textStart,
      textEnd,
      paragraphs: paragraphs.length > 0 ? paragraphs : NONE,
      children: children.length > 0 ? children : NONE,
      depth,
    });
    i = itemClose;
  }
  return items;
}

/**
 * The blocks that start inside `span`. Blocks are in document order, so two binary searches find
 * them: a section lookup costs no scan of the whole document (a document of 5,000 repeated sections
 * would otherwise be quadratic).
 */
export function blocksIn<T extends { readonly span: LineSpan }>(blocks: readonly T[], span: LineSpan): T[] {
  return blocks.slice(firstFrom(blocks, span.start), firstFrom(blocks, span.end));
}

function firstFrom(blocks: readonly { readonly span: LineSpan }[], line: number): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (blocks[mid].span.start < line) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** markdown-it counts the blank lines after a block into it; the readers do not. */
export function trimSpan(lines: readonly string[], start: number, end: number): LineSpan {
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  return { start, end };
}

/** `**Impact**: text`, `**What happened?**`, `__Root cause:__ text` at the start of a paragraph line. */
export function readLabel(line: string): { readonly text: string; readonly restStart: number } | undefined {
  const body = line.trimStart();
  const indent = line.length - body.length;
  if (indent > 3) return undefined;
  const delimiter = body.startsWith('**') ? '**' : body.startsWith('__') ? '__' : undefined;
  if (!delimiter) return undefined;
  const close = body.indexOf(delimiter, 2);
  if (close <= 2 || close > 82) return undefined;
  const label = body.slice(2, close).trim();
  let after = close + 2;
  const rest = body.slice(after);
  if (rest.startsWith(':')) after++;
  else if (!/[:?]$/.test(label) && rest.trim() !== '') return undefined;
  const text = trimEndOf(label, ' :').trim();
  return text === '' ? undefined : { text, restStart: indent + after };
}
