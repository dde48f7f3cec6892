import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { parseDocument, LineCounter } from 'yaml';
import type {
  ActionItem,
  ActionTable,
  FrontMatter,
  MetadataEntry,
  PostmortemModel,
  Section,
  Timeline,
  Title,
  WhyNode,
  WhysTree,
} from './model';
import { MarkdownTable, TableCell, mapColumns, parseTable, plainText } from './table';
import { LineSpan, Range, detectEol, lineRange, splitLines } from './text';
import {
  ACTION_COLUMN_SYNONYMS,
  ActionColumn,
  TIMELINE_COLUMN_SYNONYMS,
  TimelineColumn,
  metadataKeyOf,
  sectionKindOf,
} from './vocabulary';

/**
 * Block-level parsing only: the model needs headings, tables and lists with their line maps, never
 * inline tokens, so the inline pass (most of markdown-it's time) and its post-processing are off.
 */
// Raw HTML is read as text: `- <img src=x>` in the 5 Whys is a why whose text is that markup, and
// an HTML block must not swallow the list items under it.
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);

const TITLE_PREFIX = /^post[\s-]?mortem\s*[:\-–—]\s*/i;
const WHYS_HEADING = /^(5|five)[\s-]+whys?\b/i;

/** Parses a post-mortem (or any Markdown) into the model. Never throws, whatever the text. */
export function parsePostmortem(text: string): PostmortemModel {
  const lines = splitLines(text);
  const frontMatter = readFrontMatter(lines);
  // Front matter lines become blank for markdown-it, so its line maps still match the document.
  const body = frontMatter ? '\n'.repeat(frontMatter.lines.end) + lines.slice(frontMatter.lines.end).join('\n') : lines.join('\n');
  const tokens = md.parse(body, {});

  let title: Title | undefined;
  const headings: { level: number; line: number; text: string; topLevel: boolean }[] = [];
  const tables: { line: number; span: LineSpan }[] = [];
  const lists: { line: number; open: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.map) continue;
    if (token.type === 'heading_open') {
      const text = (tokens[i + 1]?.content ?? '').trim();
      const level = Number(token.tag.slice(1));
      headings.push({ level, line: token.map[0], text, topLevel: token.level === 0 });
      if (level === 1 && !title && token.level === 0) title = makeTitle(text, token.map[0], lines);
    } else if (token.type === 'table_open' && token.level === 0) {
      tables.push({ line: token.map[0], span: { start: token.map[0], end: token.map[1] } });
    } else if ((token.type === 'bullet_list_open' || token.type === 'ordered_list_open') && token.level === 0) {
      lists.push({ line: token.map[0], open: i });
    }
  }

  const sections = readSections(lines, headings);
  const sectionOf = (kind: Section['kind']): Section | undefined => sections.find((s) => s.kind === kind);
  const within = (span: LineSpan | undefined, line: number): boolean => !!span && line >= span.start && line < span.end;

  const timelineSection = sectionOf('timeline');
  const timelineTable = tables.find((t) => within(timelineSection?.body, t.line));
  const timeline = timelineTable ? readTimeline(parseTable(lines, timelineTable.span)) : undefined;

  const actionSection = sectionOf('actionItems');
  const actionTable =
    tables.find((t) => within(actionSection?.body, t.line)) ??
    // The SRE book's table is recognised by its header wherever it stands.
    tables.find((t) => isSreHeader(parseTable(lines, t.span)));
  const actions = actionTable ? readActions(parseTable(lines, actionTable.span)) : undefined;

  const whys = readWhys(tokens, lines, headings, lists, sectionOf('rootCause'));

  const metadata = readMetadata(lines, sections, title, frontMatter);

  return {
    lineCount: lines.length,
    eol: detectEol(text),
    title,
    frontMatter,
    metadata,
    sections,
    timeline,
    whys,
    actions,
  };
}

/**
 * @internal Shared with the action model (actionModel.ts). Metadata from the Metadata section's list
 * (or, without one, the preamble between the title and the first section) and the front matter.
 */
export function readMetadata(lines: readonly string[], sections: readonly Section[], title: Title | undefined, frontMatter: FrontMatter | undefined): MetadataEntry[] {
  const metadataSection = sections.find((s) => s.kind === 'metadata');
  const firstSectionLine = sections[0]?.heading.start.line ?? lines.length;
  const span = metadataSection?.body ?? { start: title ? title.range.start.line + 1 : frontMatter?.lines.end ?? 0, end: firstSectionLine };
  return [...readMetadataList(lines, span, !metadataSection), ...(frontMatter ? frontMatterEntries(frontMatter, lines) : [])];
}

/** @internal Shared with the action model (actionModel.ts). */
export function makeTitle(text: string, line: number, lines: readonly string[]): Title {
  return { text: text.replace(TITLE_PREFIX, '').trim(), hasPostmortemPrefix: TITLE_PREFIX.test(text), range: lineRange(line, 0, lines[line].length) };
}

/** @internal Shared with the action model (actionModel.ts). */
export function readFrontMatter(lines: readonly string[]): FrontMatter | undefined {
  if (lines[0]?.trimEnd() !== '---') return undefined;
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === '---' || l === '...') {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const source = lines.slice(1, end).join('\n');
  const span = { start: 0, end: end + 1 };
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = lineCounter.linePos(error.pos[0]);
    const line = Math.min(pos.line, end - 1);
    const typeLine = lines.slice(1, end).find((l) => /^type\s*:/.test(l));
    return {
      lines: span,
      data: undefined,
      type: typeLine?.replace(/^type\s*:\s*/, '').replace(/^["']|["']\s*$/g, '').trim(),
      error: { message: error.message.split('\n')[0], range: lineRange(line, 0, lines[line]?.length ?? 0) },
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const data = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  return { lines: span, data, type: typeof data?.type === 'string' ? data.type : undefined, error: undefined };
}

function frontMatterEntries(frontMatter: FrontMatter, lines: readonly string[]): MetadataEntry[] {
  if (!frontMatter.data) return [];
  const entries: MetadataEntry[] = [];
  for (let line = frontMatter.lines.start + 1; line < frontMatter.lines.end - 1; line++) {
    const match = /^([A-Za-z][\w -]*?)\s*:\s*(.*)$/.exec(lines[line]);
    if (!match) continue;
    const label = match[1];
    const raw = frontMatter.data[label];
    const value = raw instanceof Date ? raw.toISOString().slice(0, 10) : raw === null || raw === undefined || typeof raw === 'object' ? '' : String(raw);
    const valueStart = lines[line].length - match[2].length;
    entries.push({
      label,
      key: metadataKeyOf(label),
      value: value.trim(),
      line,
      valueRange: lineRange(line, valueStart, lines[line].trimEnd().length),
      source: 'frontMatter',
    });
  }
  return entries;
}

// `- Key: value`, `* **Key:** value`, `**Key**: value` and, in the preamble, `Key: value`.
const METADATA_LINE = /^(\s*(?:[-*+]\s+)?)(\*\*|__)?([A-Za-z][\w /()'-]{0,40}?)(\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$/;

function readMetadataList(lines: readonly string[], span: LineSpan, preamble: boolean): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (let line = span.start; line < span.end && line < lines.length; line++) {
    const text = lines[line];
    if (!/^\s*[-*+]\s/.test(text) && !preamble) continue;
    const match = METADATA_LINE.exec(text);
    if (!match) continue;
    const label = match[3].trim();
    const key = metadataKeyOf(label);
    // In the preamble only the practice's keys count: a sentence with a colon is not metadata.
    if (preamble && !key && !/^\s*[-*+]\s/.test(text)) continue;
    const value = match[5];
    const valueEnd = text.trimEnd().length;
    const valueStart = value ? text.lastIndexOf(value) : valueEnd;
    entries.push({ label, key, value, line, valueRange: lineRange(line, valueStart, valueEnd), source: 'list' });
  }
  return entries;
}

/** @internal Shared with the action model (actionModel.ts). */
export function readSections(
  lines: readonly string[],
  headings: readonly { level: number; line: number; text: string; topLevel: boolean }[],
): Section[] {
  const sections: Section[] = [];
  const breaks = headings.filter((h) => h.level <= 2 && h.topLevel);
  for (let i = 0; i < breaks.length; i++) {
    const h = breaks[i];
    if (h.level !== 2) continue;
    const end = i + 1 < breaks.length ? breaks[i + 1].line : lines.length;
    const body = { start: h.line + 1, end };
    sections.push({
      kind: sectionKindOf(h.text),
      title: h.text,
      heading: lineRange(h.line, 0, lines[h.line].length),
      body,
      isEmpty: isBlank(lines, body),
    });
  }
  return sections;
}

function isBlank(lines: readonly string[], span: LineSpan): boolean {
  // Most sections start with text: answer without joining the section's lines.
  for (let i = span.start; i < span.end; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (!line.startsWith('<!--')) return false;
    break;
  }
  const text = lines.slice(span.start, span.end).join('\n');
  return text.replace(/<!--[\s\S]*?-->/g, '').trim() === '';
}

function readTimeline(table: MarkdownTable): Timeline {
  const columns = mapColumns<TimelineColumn>(table.header, TIMELINE_COLUMN_SYNONYMS);
  const byColumn = Object.entries(columns) as [TimelineColumn, number][];
  const entries = table.rows.map((row) => ({ row, cells: cellsByColumn(row.cells, byColumn) }));
  return { table, columns, entries };
}

function cellsByColumn<C extends string>(cells: readonly TableCell[], columns: readonly (readonly [C, number])[]): Partial<Record<C, TableCell>> {
  const result: Partial<Record<C, TableCell>> = {};
  for (const [column, index] of columns) {
    if (index < cells.length) result[column] = cells[index];
  }
  return result;
}

/** @internal Shared with the action model (actionModel.ts). */
export function isSreHeader(table: MarkdownTable): boolean {
  const columns = mapColumns<ActionColumn>(table.header, ACTION_COLUMN_SYNONYMS);
  return columns.action !== undefined && columns.owner !== undefined && columns.ticket !== undefined && columns.priority === undefined;
}

const DONE_STATUS = /^(done|closed|complete|completed|fixed|resolved|finished)\b\s*(?:[:(\-–—]?\s*(\d{4}-\d{2}-\d{2}))?/i;

/** @internal Shared with the action model (actionModel.ts). */
export function readActions(table: MarkdownTable): ActionTable {
  const columns = mapColumns<ActionColumn>(table.header, ACTION_COLUMN_SYNONYMS);
  const layout = columns.status === undefined && columns.priority === undefined && columns.ticket !== undefined ? 'sre' : 'template';
  const items: ActionItem[] = [];
  const byColumn = Object.entries(columns) as [ActionColumn, number][];
  for (const row of table.rows) {
    const cells = cellsByColumn(row.cells, byColumn);
    const value = (column: ActionColumn): string => plainText(cells[column]?.text ?? '');
    const actionRaw = cells.action?.text.trim() ?? '';
    const status = value('status');
    const statusMatch = DONE_STATUS.exec(status);
    // The SRE book writes **DONE** or **TODO** into a cell (usually Bug).
    const sreDone = layout === 'sre' && row.cells.some((c) => /\bDONE\b/.test(c.text)) && !row.cells.some((c) => /\bTODO\b/.test(c.text));
    const struck = /^~~[\s\S]+~~$/.test(actionRaw) || /^\[[xX]\]/.test(actionRaw);
    items.push({
      row,
      cells,
      action: value('action').replace(/^\[[ xX]\]\s*/, ''),
      type: value('type'),
      priority: value('priority'),
      owner: value('owner'),
      due: value('due'),
      status,
      ticket: value('ticket'),
      done: !!statusMatch || sreDone || struck,
      doneDate: statusMatch?.[2],
    });
  }
  return { table, columns, layout, items };
}

function readWhys(
  tokens: readonly Token[],
  lines: readonly string[],
  headings: readonly { level: number; line: number; text: string; topLevel: boolean }[],
  lists: readonly { line: number; open: number }[],
  rootCause: Section | undefined,
): WhysTree | undefined {
  if (!rootCause) return undefined;
  const inSection = (line: number): boolean => line >= rootCause.body.start && line < rootCause.body.end;
  const heading = headings.find((h) => h.level >= 3 && inSection(h.line) && WHYS_HEADING.test(h.text.replace(/[*_`]/g, '')));
  let list: { line: number; open: number } | undefined;
  if (heading) {
    const next = headings.find((h) => h.line > heading.line)?.line ?? lines.length;
    list = lists.find((l) => l.line > heading.line && l.line < next);
  } else {
    // Without the heading, the first nested list of the section is read as the tree.
    list = lists.find((l) => inSection(l.line) && tokens.slice(l.open + 1, closeOf(tokens, l.open)).some(isListOpen));
  }
  if (!heading && !list) return undefined;
  const headingRange = heading ? lineRange(heading.line, 0, lines[heading.line].length) : undefined;
  if (!list) return { heading: headingRange, list: { start: heading!.line + 1, end: heading!.line + 1 }, roots: [] };
  const open = tokens[list.open];
  return { heading: headingRange, list: trimSpan(lines, open.map![0], open.map![1]), roots: readListItems(tokens, list.open, lines, 1) };
}

function isListOpen(token: Token): boolean {
  return token.type === 'bullet_list_open' || token.type === 'ordered_list_open';
}

/** The index of the token that closes the one at `open` (same nesting level). */
function closeOf(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

function readListItems(tokens: readonly Token[], listOpen: number, lines: readonly string[], depth: number): WhyNode[] {
  const nodes: WhyNode[] = [];
  const listClose = closeOf(tokens, listOpen);
  for (let i = listOpen + 1; i < listClose; i++) {
    const token = tokens[i];
    if (token.type !== 'list_item_open') continue;
    const itemClose = closeOf(tokens, i);
    const firstLine = token.map![0];
    let text = '';
    const children: WhyNode[] = [];
    for (let j = i + 1; j < itemClose; j++) {
      const inner = tokens[j];
      if (inner.type === 'inline' && text === '' && inner.level === token.level + 2) text = inner.content.replace(/\s*\n\s*/g, ' ').trim();
      if (isListOpen(inner)) {
        children.push(...readListItems(tokens, j, lines, depth + 1));
        j = closeOf(tokens, j);
      }
    }
    const lineText = lines[firstLine] ?? '';
    const markerMatch = /^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)/.exec(lineText);
    const textStart = markerMatch ? markerMatch[0].length : 0;
    nodes.push({
      text,
      textRange: textRangeOf(lineText, firstLine, textStart),
      lines: trimSpan(lines, firstLine, token.map![1]),
      depth,
      marker: markerMatch?.[2] ?? token.markup,
      children,
    });
    i = itemClose;
  }
  return nodes;
}

/** markdown-it counts the blank lines after a list into it; the model does not. */
function trimSpan(lines: readonly string[], start: number, end: number): LineSpan {
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  return { start, end };
}

function textRangeOf(lineText: string, line: number, start: number): Range {
  return lineRange(line, Math.min(start, lineText.length), Math.max(Math.min(start, lineText.length), lineText.trimEnd().length));
}
