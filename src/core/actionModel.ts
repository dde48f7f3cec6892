import { ANNOUNCES_ACTIONS, LABELLED_LINE, fromRow, readActionTable } from './actionRead';
import type { HeadingBlock } from './markdown';
import type { ActionItem, PostmortemModel } from './model';
import { buildSections, readMetadata, readTitle, sectionMarks, parsePostmortem } from './parse';
import { readFrontMatter } from './frontMatter';
import { cellCount, parseTable } from './table';
import { detectEol, hasLoneCr, isBlankCode, isBlankText, isRunThenBlank, linesOf, rememberLines, trimmed, type LineSpan } from './text';
import { isMetadataHeading, isPreambleLabel } from './vocabulary';

/** What the workspace index reads of a post-mortem: the model without the timelines and the 5 Whys. */
export type ActionModel = Pick<PostmortemModel, 'lineCount' | 'eol' | 'title' | 'frontMatter' | 'metadata' | 'sections' | 'actions' | 'actionItems'>;

/**
 * The parts of the model the action-item index needs, read fast. markdown-it (`parsePostmortem`)
 * takes about 0.3 ms for a 10 KB post-mortem, ten times longer than reading the file, which is too
 * slow for thousands of files. Here a line scan finds the headings and the Action Items table of a
 * document in the template's shape, and the model's own code (`readTitle`, `buildSections`,
 * `readMetadata`, `parseTable`, `readActionTable`) builds the same values from them. Whenever the text
 * holds something the scan cannot be sure of the way the full reader is (HTML, setext headings,
 * indented fences, bold labels, a lead paragraph, lists among the action items, a table not cleanly
 * delimited, no date in the metadata), it falls back to `parsePostmortem`. A property test checks
 * that both always agree.
 */
export function parseActionModel(text: string): ActionModel {
  return scan(text) ?? pick(parsePostmortem(text), text);
}

function pick(model: PostmortemModel, text: string): ActionModel {
  const { lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems } = model;
  return rememberLines({ lineCount, eol, title, frontMatter, metadata, sections, actions, actionItems }, linesOf(model, text));
}

const FENCE = /^( {0,3})(`{3,}|~{3,})([\s\S]*)/;

/** Only pipes, colons, dashes and spaces, with a dash: what markdown-it may take for a delimiter row. */
function looseDelimiter(line: string): boolean {
  return line.includes('-') && /^[\s|:-]*$/.test(line);
}

/**
 * A GFM delimiter row: cells of `:?-+:?` between pipes, and nothing but pipes, dashes, colons, spaces
 * and tabs (markdown-it's own first test: a no-break space makes no delimiter row). Split, not one
 * regex (linear on any line).
 */
function isDelimiterRow(line: string): boolean {
  if (!/^[ \t|:-]*$/.test(line)) return false;
  let inner = line.trim();
  if (inner.startsWith('|')) inner = inner.slice(1);
  if (inner.endsWith('|')) inner = inner.slice(0, -1);
  return inner.split('|').every((cell) => /^:?-+:?$/.test(cell.trim()));
}

/**
 * Whether a line whose first character after its spaces is `c` may be a labelled line (`LABELLED_LINE`):
 * a list marker, emphasis or a label's first letter (a line that starts with another blank has gone to
 * the full reader before this is asked; under `i` without `u` no other character matches an ASCII
 * letter). Testing only those lines costs 4 µs a post-mortem less than looking for the label's colon
 * or dash in every line first.
 */
function mayStartLabel(c: number): boolean {
  const lower = c | 0x20;
  // The labels' first letters: a(ction), t(odo), f(ollow-up), n(ext step).
  return (
    c === DASH ||
    c === STAR ||
    c === PLUS ||
    c === UNDERSCORE ||
    (c >= ZERO && c <= NINE) ||
    lower === 0x61 ||
    lower === 0x74 ||
    lower === 0x66 ||
    lower === 0x6e
  );
}

/** `line.trimEnd().endsWith(':')`, without a copy of the line when it ends with its last character. */
function endsWithColon(line: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  return last === COLON || ((last <= SPACE || last >= 0x80) && line.trimEnd().endsWith(':'));
}

/**
 * @internal `/^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/` for a line whose `first` character, `c`, follows at most three
 * spaces (the scan's lines): a list item's marker. By character, not by regex: every list line is asked.
 */
export function isListLine(line: string, first: number, c: number): boolean {
  let at = first + 1;
  if (c >= ZERO && c <= NINE) {
    while (at < line.length && at - first < 10 && line.charCodeAt(at) >= ZERO && line.charCodeAt(at) <= NINE) at++;
    const mark = line.charCodeAt(at);
    if (at - first > 9 || (mark !== DOT && mark !== CLOSE_PAREN)) return false;
    at++;
  } else if (c !== DASH && c !== STAR && c !== PLUS) {
    return false;
  }
  return at >= line.length || line.charCodeAt(at) === SPACE || line.charCodeAt(at) === TAB;
}

/** @internal `/^ {0,3}(=+|-+)[ \t]*$/` for a line whose `first` character, `c`, follows at most three spaces: a run of it, then blanks. */
export function isRunLine(line: string, first: number, c: number): boolean {
  return isRunThenBlank(line, first, line.length, c, false);
}
const METADATA_ITEM = /^\s*(?:[-*+]\s+)?([A-Za-z][\w /()'-]{0,40}?)\s*:/;

/** @internal The fast read alone: undefined where it leaves the document to `parsePostmortem` (tests measure how often). */
export function scan(text: string): ActionModel | undefined {
  // A lone CR is a line break to markdown-it; rare enough to leave to it. HTML comments (blanked
  // first by the full reader) too: looked for once in the whole text, not on every line.
  const cr = text.indexOf('\r') >= 0;
  if ((cr && hasLoneCr(text)) || text.includes('<!--')) return undefined;
  const lines = text.split('\n');
  if (cr) for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  const frontMatter = readFrontMatter(lines);
  const headings: HeadingBlock[] = [];
  const listLines: number[] = [];
  let fence: string | undefined;
  /** The fenced code's lines (from, to), the rest is prose: an announcing sentence is looked for in it only when a line ends with a colon (rare). */
  const code: number[] = [];
  let colonEnd = false;
  for (let i = frontMatter?.lines.end ?? 0; i < lines.length; i++) {
    const line = lines[i];
    const first = firstNonSpace(line);
    if (first < 0) continue;
    const c = line.charCodeAt(first);
    if (fence) {
      if ((c === BACKTICK || c === TILDE) && first < 4) {
        const m = FENCE.exec(line);
        if (m && m[2][0] === fence[0] && m[2].length >= fence.length && m[3].trim() === '') {
          fence = undefined;
          code.push(i + 1);
        }
      }
      continue;
    }
    if (first >= 4) continue;
    if (c === LT) return undefined;
    if (c === STAR || c === UNDERSCORE) {
      // Bold labels (and emphasis that may be one) are the full reader's.
      if (line.charCodeAt(first + 1) === c) return undefined;
    }
    // So is a line that starts with another blank (a no-break space): the reader's label test skips it.
    if (c !== SPACE && isBlankCode(c)) return undefined;
    // What makes the full reader find items outside a table: a labelled line ("TODO: …", "TODO — …"),
    // or a sentence that announces actions and ends with a colon (its words may stand on an earlier line
    // of the paragraph).
    if (mayStartLabel(c) && LABELLED_LINE.test(line)) return undefined;
    if (endsWithColon(line)) colonEnd = true;
    if (c === BACKTICK || c === TILDE) {
      const m = FENCE.exec(line);
      if (m && !(m[2][0] === '`' && m[3].includes('`'))) {
        if (m[1] !== '') return undefined;
        fence = m[2];
        code.push(i + 1);
      }
    } else if (c === HASH) {
      const heading = atxHeading(line, first);
      // An indented heading may belong to a list item above it: markdown-it knows.
      if (heading && first > 0) return undefined;
      // markdown-it tries tables before headings: `## a | b` over a delimiter row is a table.
      if (heading && line.includes('|') && looseDelimiter(lines[i + 1] ?? '')) return undefined;
      if (heading) headings.push({ type: 'heading', level: heading.level, text: heading.text, line: i, span: { start: i, end: i + 1 } });
    } else if ((c === EQUALS || c === DASH) && isRunLine(line, first, c) && i > 0 && firstNonSpace(lines[i - 1]) >= 0) {
      return undefined;
    } else if ((c === DASH || c === STAR || c === PLUS || (c >= ZERO && c <= NINE)) && isListLine(line, first, c)) {
      listLines.push(i);
    }
  }
  if (fence) code.push(lines.length);
  if (colonEnd && announcesInProse(lines, frontMatter?.lines.end ?? 0, code)) return undefined;
  const title = readTitle(headings, lines, frontMatter);
  const marks = sectionMarks(headings, lines, title);
  const firstMark = marks[0]?.start ?? lines.length;
  // Between the title and the first section only metadata lines: anything else may be a lead paragraph.
  for (let i = title?.source === 'heading' ? title.range.start.line + 1 : (frontMatter?.lines.end ?? 0); i < firstMark; i++) {
    const line = lines[i];
    if (isBlankText(line)) continue;
    const m = METADATA_ITEM.exec(line);
    if (!m || !isPreambleLabel(m[1].trim())) return undefined;
  }
  const sections = buildSections(lines, marks, undefined);
  // A heading that names a metadata field of its own (`## Date`) is the full reader's. Such a heading
  // names the metadata section (a test holds the vocabulary to it), so only those are asked.
  if (sections.some((s) => s.kind === 'metadata' && isMetadataHeading(s.title))) return undefined;
  const actionSections = sections.filter((s) => s.kind === 'actionItems');
  let actions: ActionModel['actions'];
  const actionItems: ActionItem[] = [];
  for (const section of actionSections) {
    if (listLines.some((l) => l >= section.body.start && l < section.body.end)) return undefined;
    const span = findTable(lines, section.body);
    if (span === 'unsure') return undefined;
    if (!span) continue;
    if (actions || actionSections.some((s) => s !== section && s.body.start <= section.body.start && s.body.end >= section.body.end)) return undefined;
    actions = readActionTable(parseTable(lines, span), false);
    if (actions.columns.action === undefined) return undefined;
    const group = [...headings].reverse().find((h) => h.line > section.heading.start.line && h.line < span.start)?.text;
    for (const row of actions.items) {
      const item = fromRow(row, group === undefined ? undefined : group.replace(/[*_`]/g, '').trim());
      if (item.action !== '') actionItems.push(item);
    }
  }
  // Without a table in Action Items the SRE-book table may stand anywhere: markdown-it finds it.
  if (!actions && headings.length > 0) return undefined;
  const metadata = readMetadata({ lines, blocks: headings, frontMatter }, sections, title);
  // With no date in the metadata, the incident date comes from the timeline, which only the full reader reads.
  if (!metadata.some((e) => e.key === 'date' && /\d{4}-\d{2}-\d{2}/.test(e.value))) return undefined;
  return rememberLines({ lineCount: lines.length, eol: detectEol(text), title, frontMatter, metadata, sections, actions, actionItems }, lines);
}

/** Whether a line outside the `code` spans (pairs of from, to), unindented, announces actions (`ANNOUNCES_ACTIONS`). */
function announcesInProse(lines: readonly string[], from: number, code: readonly number[]): boolean {
  let span = 0;
  for (let i = from; i < lines.length; i++) {
    if (span < code.length && i >= code[span]) {
      i = code[span + 1] - 1;
      span += 2;
      continue;
    }
    const first = firstNonSpace(lines[i]);
    if (first >= 0 && first < 4 && ANNOUNCES_ACTIONS.test(lines[i])) return true;
  }
  return false;
}

const [BACKTICK, TILDE, LT, HASH, EQUALS, DASH, SPACE, TAB, STAR, UNDERSCORE, PLUS, ZERO, NINE, COLON, DOT, CLOSE_PAREN] = [
  '`',
  '~',
  '<',
  '#',
  '=',
  '-',
  ' ',
  '\t',
  '*',
  '_',
  '+',
  '0',
  '9',
  ':',
  '.',
  ')',
].map((c) => c.charCodeAt(0));

/** The column of the first non-blank character (a tab counts as 4), or -1 for a blank line. */
function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === TAB) return 4;
    if (c !== SPACE) return i;
  }
  return -1;
}

/** markdown-it's ATX heading rule: 1 to 6 `#`, then a space or the end, closing `#`s dropped. */
export function atxHeading(line: string, start: number): { level: number; text: string } | undefined {
  let pos = start;
  while (pos < line.length && line[pos] === '#') pos++;
  const level = pos - start;
  if (level > 6 || (pos < line.length && line[pos] !== ' ' && line[pos] !== '\t')) return undefined;
  let max = line.length;
  while (max > pos && (line[max - 1] === ' ' || line[max - 1] === '\t')) max--;
  let tmp = max;
  while (tmp > pos && line[tmp - 1] === '#') tmp--;
  if (tmp > pos && (line[tmp - 1] === ' ' || line[tmp - 1] === '\t')) max = tmp;
  else if (tmp === pos) max = pos;
  // The blanks after the `#`s are not sliced: `trimmed` then copies nothing.
  while (pos < max && (line.charCodeAt(pos) === SPACE || line.charCodeAt(pos) === TAB)) pos++;
  return { level, text: trimmed(line.slice(pos, max)) };
}

/**
 * The first table in a section, when it is certain: a header row starting with `|` right after a
 * blank line or the heading, a delimiter row with as many columns, and rows starting with `|` up to a
 * blank line or the section's end. Anything else is 'unsure' (markdown-it decides).
 */
/** @internal The one GFM table of a section body, when the line scan can be as sure of it as markdown-it; 'unsure' otherwise. */
export function findTable(lines: readonly string[], body: LineSpan): LineSpan | 'unsure' | undefined {
  for (let i = body.start; i < body.end; i++) {
    const line = lines[i];
    if (!line.includes('|')) continue;
    const header = line.trimStart();
    if (
      !header.startsWith('|') ||
      header !== line ||
      header
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .trim() === ''
    ) {
      return 'unsure';
    }
    const delimiter = lines[i + 1];
    if (delimiter === undefined || i + 1 >= body.end || !isDelimiterRow(delimiter) || !delimiter.startsWith('|')) return 'unsure';
    if (i > body.start && !isBlankText(lines[i - 1])) return 'unsure';
    if (cellCount(line) !== cellCount(delimiter)) return 'unsure';
    let end = i + 2;
    while (end < body.end && lines[end].startsWith('|')) end++;
    if (end < body.end && !isBlankText(lines[end])) return 'unsure';
    // A second table in the section: the full reader reads both.
    for (let j = end; j < body.end; j++) if (lines[j].includes('|')) return 'unsure';
    return { start: i, end };
  }
  return undefined;
}
