import { readActionItems } from './actionRead';
import { incidentDateOf } from './dates';
import { blocksIn, readLabel, readStructure, type Block, type HeadingBlock, type ListItemBlock, type MarkdownStructure } from './markdown';
import type { FrontMatter, MetadataEntry, PostmortemModel, Section, Title, WhyNode, WhysTree } from './model';
import { LineSpan, Range, detectEol, isBlankText, lineRange, range, rememberLines, trimOf, trimmed } from './text';
import { readTimelines } from './timelineRead';
import { dateInText, isStampOnly } from './timestamp';
import { METADATA_SECTION_NAMES, TITLE_PREFIX, headingName, isMetadataHeading, isPreambleLabel, metadataKeyOf, sectionKindOf } from './vocabulary';

/** Parses a post-mortem (or any Markdown) into the model. Never throws, whatever the text. */
export function parsePostmortem(text: string): PostmortemModel {
  const structure = readStructure(text);
  const { lines, blocks, frontMatter } = structure;
  const title = readTitle(blocks, lines, frontMatter);
  const marks = sectionMarks(blocks, lines, title);
  const sections = buildSections(structure.content, marks, leadOf(structure, title, marks));
  const metadata = readMetadata(structure, sections, title);
  const timelines = readTimelines(structure, sections, incidentDateOf({ metadata }));
  const { table, items } = readActionItems(structure, sections);
  return rememberLines(
    {
      lineCount: lines.length,
      eol: detectEol(text),
      title,
      frontMatter,
      metadata,
      sections,
      timeline: timelines.find((t) => t.entries.length > 0) ?? timelines[0],
      timelines,
      whys: readWhys(structure, sections),
      actions: table,
      actionItems: items,
      nonProse: structure.nonProse,
    },
    lines,
  );
}

/** @internal A heading or a bold label that may start a section (the fast reader builds these too). */
export interface SectionMark {
  readonly source: 'heading' | 'label';
  /** The mark's first line (a setext heading's text line). */
  readonly start: number;
  /** The line after the mark: the body starts there (a label's body starts on its own line). */
  readonly bodyStart: number;
  /** 1 to 6 for headings, 7 for labels. */
  readonly level: number;
  readonly text: string;
}

/**
 * The title: the first heading when it is a `#` heading that names no section (or, with no `#`
 * heading, a first heading that all others are below), else `title` in the front matter.
 */
export function readTitle(blocks: readonly Block[], lines: readonly string[], frontMatter: FrontMatter | undefined): Title | undefined {
  const headings = blocks.filter((b): b is HeadingBlock => b.type === 'heading');
  const first = headings[0];
  if (first && sectionKindOf(first.text) === undefined) {
    const onlyTop =
      first.level === 1 || (!headings.some((h) => h.level === 1) && headings.slice(1).every((h) => h.level > first.level) && !frontMatterTitle(frontMatter));
    if (onlyTop) return makeTitle(first.text, first.line, lines, 'heading');
  }
  const fm = frontMatterTitle(frontMatter);
  if (fm && frontMatter) {
    const line = lines.findIndex((l, i) => i > 0 && i < frontMatter.lines.end && /^title\s*[:=]/.test(l));
    return makeTitle(fm, Math.max(line, 0), lines, 'frontMatter');
  }
  return undefined;
}

function frontMatterTitle(frontMatter: FrontMatter | undefined): string | undefined {
  const title = frontMatter?.data?.title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
}

/** @internal Shared with the fast reader. */
export function makeTitle(text: string, line: number, lines: readonly string[], source: Title['source'] = 'heading'): Title {
  return {
    text: text.replace(TITLE_PREFIX, '').trim(),
    hasPostmortemPrefix: TITLE_PREFIX.test(text),
    range: lineRange(line, 0, lines[line]?.length ?? 0),
    source,
  };
}

/** @internal Headings after the title, and bold labels, in document order. */
export function sectionMarks(blocks: readonly Block[], lines: readonly string[], title: Title | undefined): SectionMark[] {
  const marks: SectionMark[] = [];
  const titleLine = title?.source === 'heading' ? title.range.start.line : -1;
  for (const block of blocks) {
    if (block.type === 'heading') {
      if (block.line === titleLine) continue;
      marks.push({ source: 'heading', start: block.span.start, bodyStart: block.span.end, level: block.level, text: block.text });
    } else if (block.type === 'paragraph') {
      const label = readLabel(lines[block.span.start] ?? '');
      if (label) marks.push({ source: 'label', start: block.span.start, bodyStart: block.span.start, level: 7, text: label.text });
    }
  }
  return marks;
}

/**
 * @internal The lead: the paragraphs between the title and the first section, when the document has
 * no summary section of its own and they are prose, not a metadata list.
 */
export function leadOf(
  structure: Pick<MarkdownStructure, 'blocks' | 'lines' | 'frontMatter'>,
  title: Title | undefined,
  marks: readonly SectionMark[],
): LineSpan | undefined {
  if (marks.some((m) => sectionKindOf(m.text) === 'executiveSummary')) return undefined;
  const from = title?.source === 'heading' ? title.range.start.line + 1 : (structure.frontMatter?.lines.end ?? 0);
  const to = marks[0]?.start ?? structure.lines.length;
  const paragraphs = blocksIn(structure.blocks, { start: from, end: to }).filter(
    (b) => b.type === 'paragraph' && b.span.end <= to && !isMetadataParagraph(structure.lines, b.span),
  );
  if (paragraphs.length === 0 || paragraphs.reduce((n, p) => n + (p.type === 'paragraph' ? p.text.length : 0), 0) < 40) return undefined;
  return { start: paragraphs[0].span.start, end: paragraphs[paragraphs.length - 1].span.end };
}

function isMetadataParagraph(lines: readonly string[], span: LineSpan): boolean {
  for (let i = span.start; i < span.end; i++) {
    const match = METADATA_LINE.exec(lines[i]);
    if (!match || !metadataKeyOf(match[3].trim())) return false;
  }
  return true;
}

/**
 * @internal Sections from the marks: a heading's body runs to the next heading of the same or a higher
 * level (date and time headings inside a timeline do not end it), a label's to the next mark. Labels
 * that name no section, and metadata labels, only end other labels.
 */
export function buildSections(content: readonly string[], marks: readonly SectionMark[], lead: LineSpan | undefined): Section[] {
  const sections: Section[] = [];
  if (lead) {
    sections.push({
      kind: 'executiveSummary',
      title: '',
      heading: lineRange(lead.start, 0, content[lead.start]?.length ?? 0),
      level: 0,
      source: 'lead',
      body: lead,
      isEmpty: false,
    });
  }
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    const kind = sectionKindOf(mark.text);
    if (mark.source === 'label' && (kind === undefined || isMetadataHeading(mark.text))) continue;
    let end = content.length;
    for (let j = i + 1; j < marks.length; j++) {
      const next = marks[j];
      if (mark.source === 'label') {
        end = next.start;
        break;
      }
      if (next.source === 'heading' && next.level <= mark.level && !(kind === 'timeline' && isStampOnly(next.text))) {
        end = next.start;
        break;
      }
    }
    const body = { start: mark.bodyStart, end: Math.max(mark.bodyStart, end) };
    const line = mark.start;
    sections.push({
      kind,
      title: mark.text,
      heading: lineRange(line, 0, content[line]?.length ?? 0),
      level: mark.level,
      source: mark.source,
      body,
      isEmpty:
        mark.source === 'label'
          ? isBlank(content, { start: body.start + 1, end: body.end }) && labelRestBlank(content[mark.start] ?? '')
          : isBlank(content, body),
    });
  }
  // A lead comes before the marks, and the marks are in order: sorted already, unless the lead is not
  // first (sorting copies the array even when nothing moves).
  for (let i = 1; i < sections.length; i++) {
    if (sections[i - 1].heading.start.line > sections[i].heading.start.line) return sections.sort((a, b) => a.heading.start.line - b.heading.start.line);
  }
  return sections;
}

function labelRestBlank(line: string): boolean {
  const label = readLabel(line);
  return !label || line.slice(label.restStart).trim() === '';
}

/** Only blank lines (HTML comments are already blanked in `content`). */
function isBlank(content: readonly string[], span: LineSpan): boolean {
  for (let i = span.start; i < span.end && i < content.length; i++) if (!isBlankText(content[i])) return false;
  return true;
}

// `- Key: value`, `* **Key:** value`, `**Key**: value` and, in the preamble, `Key: value`.
const METADATA_LINE = /^(\s*(?:[-*+]\s+)?)(\*\*|__)?([A-Za-z][\w /()'-]{0,40}?)(\*\*|__)?\s*:(?:\s*(?:\*\*|__))?\s*(.*)/;

/**
 * Metadata from wherever the document writes it: the Metadata section's list, the preamble between
 * the title and the first section, `## Date`-style sections, `**Date**:` labels, the front matter, a
 * date in the title, and the first dated sentence of the summary.
 */
export function readMetadata(
  structure: Pick<MarkdownStructure, 'lines' | 'blocks' | 'frontMatter'>,
  sections: readonly Section[],
  title: Title | undefined,
): MetadataEntry[] {
  const { lines, blocks, frontMatter } = structure;
  const entries: MetadataEntry[] = [];
  const headingSections = sections.filter((s) => s.source === 'heading');
  for (const section of headingSections) {
    if (section.kind !== 'metadata') continue;
    const name = headingName(section.title);
    if (METADATA_SECTION_NAMES.has(name)) entries.push(...sectionValue(section, blocks, lines));
    else entries.push(...readMetadataList(lines, section.body, false));
  }
  const firstSection = sections.find((s) => s.source !== 'lead')?.heading.start.line ?? lines.length;
  const preambleStart = title?.source === 'heading' ? title.range.start.line + 1 : (frontMatter?.lines.end ?? 0);
  if (!headingSections.some((s) => s.kind === 'metadata' && !isMetadataHeading(s.title))) {
    entries.push(...readMetadataList(lines, { start: preambleStart, end: firstSection }, true));
  }
  for (const block of blocks) {
    if (block.type !== 'paragraph' || block.span.start < firstSection) continue;
    const label = readLabel(lines[block.span.start] ?? '');
    const key = label && metadataKeyOf(label.text);
    if (!label || !key) continue;
    const line = block.span.start;
    const raw = lines[line];
    const value = trimOf(raw.slice(label.restStart), ' *_');
    const valueStart = value ? raw.indexOf(value, label.restStart) : raw.trimEnd().length;
    entries.push({ label: label.text, key, value, line, valueRange: lineRange(line, valueStart, valueStart + value.length), source: 'label' });
  }
  if (frontMatter) entries.push(...frontMatterEntries(frontMatter, lines));
  // A date written as metadata is the incident's; only without one are the title and the summary searched.
  if (entries.some((e) => e.key === 'date' && e.source !== 'frontMatter' && /\d{4}-\d{2}-\d{2}/.test(e.value))) return entries;
  if (title) {
    const found = dateInText(title.text);
    if (found) {
      const line = title.range.start.line;
      const at = Math.max(0, lines[line].indexOf(found.text));
      entries.push({ label: 'Date', key: 'date', value: found.date, line, valueRange: lineRange(line, at, at + found.text.length), source: 'title' });
    }
  }
  const summary = sections.find((s) => s.kind === 'executiveSummary');
  if (summary) {
    for (let line = summary.body.start; line < Math.min(summary.body.end, summary.body.start + 6); line++) {
      const found = dateInText(lines[line] ?? '');
      if (!found) continue;
      const at = lines[line].indexOf(found.text);
      entries.push({ label: 'Date', key: 'date', value: found.date, line, valueRange: lineRange(line, at, at + found.text.length), source: 'summary' });
      break;
    }
  }
  return entries;
}

/** A `## Date` / `## Authors` section's value: its list items joined, or its first line of text. */
function sectionValue(section: Section, blocks: readonly Block[], lines: readonly string[]): MetadataEntry[] {
  const key = metadataKeyOf(headingName(section.title));
  const label = section.title.replace(/[*_`]/g, '').trim();
  const inside = blocksIn(blocks, section.body);
  const first = inside[0];
  const heading = section.heading.start.line;
  if (!first || first.type === 'heading') {
    const at = lines[heading].length;
    return [{ label, key, value: '', line: heading, valueRange: lineRange(heading, at, at), source: 'section' }];
  }
  const line = first.span.start;
  if (first.type === 'list') {
    const value = first.items
      .map((i) => i.text.replace(/[*_`]/g, '').trim())
      .filter(Boolean)
      .join(', ');
    // An empty item (`1. `) has its text start past the trimmed line: the range is empty there, never reversed.
    const end = lines[line].trimEnd().length;
    const start = Math.min(first.items[0]?.textStart ?? 0, end);
    return [{ label, key, value, line, valueRange: lineRange(line, start, end), source: 'section' }];
  }
  const text = lines[line].trim();
  const start = lines[line].indexOf(text);
  return [{ label, key, value: trimOf(text, '*_`'), line, valueRange: lineRange(line, start, start + text.length), source: 'section' }];
}

function frontMatterEntries(frontMatter: FrontMatter, lines: readonly string[]): MetadataEntry[] {
  if (!frontMatter.data) return [];
  const entries: MetadataEntry[] = [];
  const separator = frontMatter.format === 'yaml' ? ':' : '=';
  for (let line = frontMatter.lines.start + 1; line < frontMatter.lines.end - 1; line++) {
    const text = lines[line];
    const at = text.indexOf(separator);
    if (at <= 0 || /^\s/.test(text)) continue;
    const label = text
      .slice(0, at)
      .trim()
      .replace(/^["']|["']$/g, '');
    if (!/^[A-Za-z][\w -]*$/.test(label)) continue;
    const raw = frontMatter.data[label];
    const value =
      raw instanceof Date
        ? raw.toISOString().slice(0, 10)
        : Array.isArray(raw)
          ? raw.filter((v) => typeof v === 'string' || typeof v === 'number').join(', ')
          : raw === null || raw === undefined || typeof raw === 'object'
            ? ''
            : String(raw);
    const rest = text.slice(at + 1);
    const valueStart = at + 1 + (rest.length - rest.trimStart().length);
    entries.push({
      label,
      key: metadataKeyOf(label),
      value: value.trim(),
      line,
      valueRange: lineRange(line, valueStart, text.trimEnd().length),
      source: 'frontMatter',
    });
  }
  return entries;
}

function readMetadataList(lines: readonly string[], span: LineSpan, preamble: boolean): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (let line = span.start; line < span.end && line < lines.length; line++) {
    const text = lines[line];
    if (!/^\s*[-*+]\s/.test(text) && !preamble) continue;
    if (text.length > 500) continue;
    const match = METADATA_LINE.exec(text);
    if (!match) continue;
    const label = trimmed(match[3]);
    const key = metadataKeyOf(label);
    // In the preamble only the known keys (and the services and tags search reads) count: a sentence with a colon is not metadata.
    if (preamble && !isPreambleLabel(label)) continue;
    const value = match[5].trimEnd();
    const valueEnd = text.trimEnd().length;
    const valueStart = value ? text.lastIndexOf(value) : valueEnd;
    entries.push({ label, key, value, line, valueRange: lineRange(line, valueStart, valueEnd), source: 'list' });
  }
  return entries;
}

const WHYS_NAME = /\b(?:5|five)[\s-]+whys?\b/i;

/**
 * The 5 Whys: the list under a "5 Whys" heading (any level, or a label), else the first nested list
 * of a root cause section. A numbered list of "Why…?" questions, one under the other in meaning but
 * not indented, is read as a chain.
 */
function readWhys(structure: MarkdownStructure, sections: readonly Section[]): WhysTree | undefined {
  const { blocks, lines } = structure;
  const whysSection = sections.find((s) => s.source !== 'lead' && WHYS_NAME.test(headingName(s.title)));
  const lists = blocks.filter((b) => b.type === 'list');
  if (whysSection) {
    const headingRange = whysSection.source === 'heading' ? whysSection.heading : undefined;
    const list = lists.find((l) => l.span.start >= whysSection.body.start && l.span.start < whysSection.body.end);
    if (!list || list.type !== 'list') {
      return { heading: headingRange, list: { start: whysSection.body.start, end: whysSection.body.start }, shape: 'tree', roots: [] };
    }
    return treeOf(list.items, list.span, headingRange, lines);
  }
  for (const section of sections) {
    if (section.kind !== 'rootCause') continue;
    const list = lists.find(
      (l) =>
        l.span.start >= section.body.start &&
        l.span.start < section.body.end &&
        l.type === 'list' &&
        (l.items.some((i) => i.children.length > 0) || isChain(l.items)),
    );
    if (list && list.type === 'list') return treeOf(list.items, list.span, undefined, lines);
  }
  return undefined;
}

function treeOf(items: readonly ListItemBlock[], span: LineSpan, heading: Range | undefined, lines: readonly string[]): WhysTree {
  if (isChain(items)) {
    let child: WhyNode | undefined;
    for (let i = items.length - 1; i >= 0; i--) child = { ...whyNode(items[i], lines, i + 1), children: child ? [child] : [] };
    return { heading, list: span, shape: 'chain', roots: child ? [child] : [] };
  }
  return { heading, list: span, shape: 'tree', roots: items.map((i) => whyNode(i, lines)) };
}

/** A numbered list of two or more items, none nested, each opening with a bold "Why…?" (`1. **Why did X?** Because Y.`). */
function isChain(items: readonly ListItemBlock[]): boolean {
  return items.length >= 2 && items.every((i) => /^\d/.test(i.marker) && i.children.length === 0 && /^(?:\*\*|__)why\b[^?*_]{0,300}\?/i.test(i.text));
}

function whyNode(item: ListItemBlock, lines: readonly string[], depth = item.depth): WhyNode {
  const lineText = lines[item.textLine] ?? '';
  const start = Math.min(item.textStart, lineText.length);
  const lastLine = Math.max(item.textLine, item.textEnd - 1);
  const lastText = lines[lastLine] ?? '';
  return {
    text: item.text,
    textRange:
      lastLine === item.textLine
        ? lineRange(item.textLine, start, Math.max(start, lineText.trimEnd().length))
        : range(item.textLine, start, lastLine, lastText.trimEnd().length),
    lines: item.lines,
    depth,
    marker: item.marker,
    children: item.children.map((c) => whyNode(c, lines)),
  };
}
