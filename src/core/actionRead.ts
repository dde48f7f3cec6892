import { blocksIn, readLabel, type ListItemBlock, type MarkdownStructure, type ParagraphBlock } from './markdown';
import type { ActionFields, ActionItem, ActionRow, ActionState, ActionTable, Section } from './model';
import {
  KEEP_CELLS_UP_TO,
  MarkdownTable,
  boundedCellRange,
  boundedCellText,
  cellBounds,
  cellsByColumn,
  hasEmphasis,
  mapColumns,
  parseTable,
  plainText,
  rowSource,
  type TableRow,
} from './table';
import { inSpans, lineRange, linkTexts, outermost, trimEndOf, trimOf, trimmed, type LineSpan, type Range } from './text';
import { dateInText } from './timestamp';
import { ACTION_COLUMN_SYNONYMS, ActionColumn, normalizeHeading } from './vocabulary';

/**
 * Action items in the shapes teams write them: the template's table or the SRE book's; bullets and
 * task lists under an action heading, grouped by sub-headings or labels; bold-lead bullets; bold
 * labels for planned and taken actions; "Action point: …" lines; a list after a sentence that
 * announces what will be done. Status, priority, owner, due and ticket are read where written;
 * nothing is invented.
 */
export function readActionItems(structure: MarkdownStructure, sections: readonly Section[]): { table: ActionTable | undefined; items: ActionItem[] } {
  const { blocks, lines } = structure;
  const items: ActionItem[] = [];
  let table: ActionTable | undefined;
  const taken = new Set<number>();
  const add = (item: ActionItem | undefined): void => {
    if (!item || taken.has(item.line) || item.action === '') return;
    taken.add(item.line);
    items.push(item);
  };

  const actionSections = outermost(
    sections.filter((s) => s.kind === 'actionItems'),
    (s) => s.body,
  );
  const inAction = inSpans(actionSections.map((s) => s.body));
  const inTimeline = inSpans(sections.filter((s) => s.kind === 'timeline').map((s) => s.body));

  for (const section of actionSections) {
    let group: string | undefined;
    const inside = blocksIn(blocks, section.body);
    let labelState: ActionState | undefined;
    for (let i = 0; i < inside.length; i++) {
      const block = inside[i];
      if (block.type === 'heading') {
        group = plainHeading(block.text);
        labelState = stateOfLabel(block.text);
      } else if (block.type === 'table') {
        const parsed = readActionTable(parseTable(lines, block.span));
        if (parsed.columns.action === undefined) continue;
        table ??= parsed;
        for (const row of parsed.items) add(fromRow(row, group));
      } else if (block.type === 'list') {
        for (const item of listItems(block.items, structure, group, labelState)) add(item);
      } else if (block.type === 'paragraph') {
        const label = readLabel(lines[block.span.start] ?? '');
        if (label) {
          labelState = stateOfLabel(label.text);
          const rest = (lines[block.span.start] ?? '').slice(label.restStart).trim();
          const isSectionLabel = section.source === 'label' && block.span.start === section.heading.start.line;
          if (!isSectionLabel) group = label.text;
          if (rest !== '' && (labelState !== undefined || isSectionLabel)) {
            add(fromText(rest, block.span.start, label.restStart, block.span, 'label', group, labelState, structure));
          } else if (rest === '' && labelState !== undefined && inside[i + 1]?.type === 'paragraph') {
            const next = inside[i + 1] as ParagraphBlock;
            add(fromText(next.text.split('\n')[0], next.span.start, indentOf(lines[next.span.start]), next.span, 'label', group, labelState, structure));
            i++;
          }
          continue;
        }
        add(labelledLine(block, structure, group));
      }
    }
  }

  // Outside the action sections: labels for planned or taken actions, "Action point:" lines, and a
  // list after a sentence that announces what will be done.
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (inAction(block.span.start) || inTimeline(block.span.start)) continue;
    if (block.type === 'paragraph') {
      const next = blocks[i + 1];
      const label = readLabel(lines[block.span.start] ?? '');
      const state = label ? stateOfLabel(label.text) : undefined;
      if (label && state !== undefined) {
        const rest = (lines[block.span.start] ?? '').slice(label.restStart).trim();
        if (rest !== '') add(fromText(rest, block.span.start, label.restStart, block.span, 'label', undefined, state, structure));
        else if (next?.type === 'list') for (const item of listItems(next.items, structure, undefined, state)) add(item);
        continue;
      }
      if (next?.type === 'list' && ANNOUNCES_ACTIONS.test(block.text) && /:\s*$/.test(block.text)) {
        for (const item of listItems(next.items, structure, undefined, undefined)) add(item);
        continue;
      }
      add(labelledLine(block, structure, undefined));
    } else if (block.type === 'list') {
      for (const li of block.items) {
        const m = LABELLED.exec(li.text);
        if (m) {
          add(
            fromText(
              m[2],
              li.textLine,
              li.textStart + rawOffset(lines[li.textLine] ?? '', li.textStart, m[2]),
              li.lines,
              'label',
              undefined,
              undefined,
              structure,
            ),
          );
        }
      }
    }
  }

  // The SRE book's table is recognised by its header wherever it stands.
  if (!table) {
    for (const block of blocks) {
      if (block.type !== 'table') continue;
      const parsed = parseTable(lines, block.span);
      if (!isSreHeader(parsed)) continue;
      table = readActionTable(parsed);
      for (const row of table.items) add(fromRow(row, undefined));
      break;
    }
  }
  items.sort((a, b) => a.line - b.line);
  return { table, items };
}

/** "Action point: …", "Action item: …", "TODO: …", "Follow-up: …" at the start of a line. */
const LABEL_WORDS = String.raw`action points?|action items?|todo|follow[- ]up|next step`;
const LABELLED = new RegExp(String.raw`^(?:\*\*|__)?(${LABEL_WORDS})(?:\*\*|__)?\s*[:–—](?:\s*(?:\*\*|__))?\s*(\S.*)`, 'i');
/**
 * @internal A line that may hold a labelled item, with its list marker and task box: the fast reader
 * (actionModel.ts) leaves such a document to this one.
 */
export const LABELLED_LINE = new RegExp(
  String.raw`^\s{0,3}(?:(?:[-*+]|\d{1,9}[.)])\s{1,4}(?:\[[ xX]\]\s{1,4})?)?(?:\*\*|__)?(?:${LABEL_WORDS})(?:\*\*|__)?\s{0,3}[:–—]`,
  'i',
);
/** @internal A sentence that announces the list after it as actions (shared with the fast reader). */
export const ANNOUNCES_ACTIONS =
  /\b(?:we will|we'll|we are going to|we're going to|we plan to|we intend to|going forward|to prevent (?:this|a recurrence|it)|next steps|follow[- ]?ups?|action items?|we have (?:taken|started)|we are (?:taking|working on))\b/i;

function labelledLine(block: ParagraphBlock, structure: MarkdownStructure, group: string | undefined): ActionItem | undefined {
  const line = block.span.start;
  const text = structure.lines[line] ?? '';
  const m = LABELLED.exec(text.trim());
  if (!m) return undefined;
  return fromText(m[2], line, text.indexOf(m[2]), block.span, 'label', group, undefined, structure);
}

/** Planned or taken actions, from a label or sub-heading: "Actions taken" (done), "Planned actions", "Next steps". */
function stateOfLabel(text: string): ActionState | undefined {
  const name = normalizeHeading(text);
  if (
    /\b(?:actions? taken|already (?:done|taken)|completed actions?|done|what we (?:did|have done)|immediate actions?|mitigations? (?:taken|applied))\b/.test(
      name,
    )
  ) {
    return 'done';
  }
  if (
    /\b(?:planned actions?|actions? planned|next steps|follow[- ]?ups?|action items?|corrective actions?|preventive actions?|preventative actions?|remediation|to ?dos?|future work|long[- ]term actions?|short[- ]term actions?|what we will do|what we(?:'| a)re doing about it)\b/.test(
      name,
    )
  ) {
    return 'open';
  }
  return undefined;
}

function plainHeading(text: string): string {
  return linkTexts(text.replace(/[*_`]/g, '')).trim();
}

function indentOf(line: string | undefined): number {
  return line ? line.length - line.trimStart().length : 0;
}

function rawOffset(line: string, from: number, text: string): number {
  const at = line.indexOf(text.slice(0, 20), from);
  return at < 0 ? 0 : at - from;
}

/**
 * The items of a list: every item is one, unless it only leads in to its children ("Alerts for:"
 * with the alerts under it), whose children are then the items. A task whose text ends with a colon
 * and whose children are tasks ("- [ ] Alerting for:" over "- [ ] the indexer", "- [ ] the API") is
 * one item, its children its parts. Other task boxes nested under an item are items of their own;
 * other child bullets are the item's details (and may say it is done).
 */
function listItems(list: readonly ListItemBlock[], structure: MarkdownStructure, group: string | undefined, state: ActionState | undefined): ActionItem[] {
  const result: ActionItem[] = [];
  for (const li of list) {
    const enumerates = li.children.length > 0 && /:\s*$/.test(li.text);
    if (enumerates && li.task !== undefined && li.children.every((c) => c.task !== undefined)) {
      result.push(withParts(fromListItem(li, structure, group, state), li));
      continue;
    }
    const leadIn = enumerates && li.task === undefined;
    if (!leadIn) result.push(fromListItem(li, structure, group, state));
    const nested = li.children.filter((c) => leadIn || c.task !== undefined);
    if (nested.length > 0) result.push(...listItems(nested, structure, leadIn ? (group ?? li.text.replace(/:\s*$/, '')) : group, state));
  }
  return result;
}

function fromListItem(li: ListItemBlock, structure: MarkdownStructure, group: string | undefined, state: ActionState | undefined): ActionItem {
  const details = [...li.paragraphs, ...li.children.filter((c) => c.task === undefined).map((c) => c.text)];
  const shape = li.task !== undefined ? 'task' : 'list';
  const item = fromText(li.text, li.textLine, li.textStart, li.lines, shape, group, state, structure);
  let result = item;
  if (li.task === 'x' && item.state !== 'declined') result = { ...result, state: 'done', done: true, status: result.status || '[x]' };
  if (result.state === 'open' || (li.task === ' ' && result.state !== 'done')) {
    for (const detail of details) {
      const childState = stateOfDetail(detail);
      if (childState) {
        const doneDate = childState === 'done' ? dateInText(detail)?.date : undefined;
        result = {
          ...result,
          state: childState,
          done: childState === 'done',
          doneDate: doneDate ?? result.doneDate,
          status: result.status || detail.slice(0, 80),
        };
        break;
      }
    }
  }
  if (!result.ticket) {
    for (const detail of details) {
      const ticket = ticketIn(detail, structure.references);
      if (ticket) {
        result = { ...result, ticket };
        break;
      }
    }
  }
  return result;
}

/** A task that lists its parts as tasks: the parts join its text; it is done when it or all of them are ticked. */
function withParts(item: ActionItem, li: ListItemBlock): ActionItem {
  const parts = li.children.map((c) => cleanAction(c.text, []));
  const ticked = li.children.filter((c) => c.task === 'x').length;
  const action = `${item.action}: ${parts.join(', ')}`;
  if (item.state === 'done' || item.state === 'declined') return { ...item, action };
  if (ticked === li.children.length) return { ...item, action, state: 'done', done: true, status: item.status || '[x]' };
  if (ticked > 0 && item.state === 'open') return { ...item, action, state: 'inProgress', status: item.status || `${ticked} of ${li.children.length} done` };
  return { ...item, action };
}

/** A child bullet or paragraph that says the item is done, under way, or declined. */
function stateOfDetail(text: string): ActionState | undefined {
  const t = text.replace(/[*_`~]/g, '').trim();
  if (
    /^(?:done|completed?|fixed|resolved|implemented|shipped|merged|deployed|this (?:has been|was|is now|is) (?:done|completed|fixed|implemented|deployed|shipped|merged))\b/i.test(
      t,
    )
  ) {
    return 'done';
  }
  if (/^(?:in progress|wip|started|ongoing|under ?way|this is (?:in progress|under way|being worked on))\b/i.test(t)) return 'inProgress';
  if (/^(?:declined|won'?t (?:do|fix)|will not (?:do|fix|be done)|not planned|rejected|we decided not to|we (?:have )?decided against)\b/i.test(t)) {
    return 'declined';
  }
  return undefined;
}

// Marks in parentheses read in any case; bare words only in capitals ("traffic declined" is prose).
const DONE_MARK =
  /\(\s*(?:done|completed?|fixed|resolved|implemented|shipped|merged|deployed)\b[^)]{0,80}\)|(?:^|[\s*_])(?:DONE|COMPLETED|FIXED)(?=$|[\s:.,;)\]*_])|✅|✔️?|☑️?/;
const DONE_PAREN = /\(\s*(?:done|completed?|fixed|resolved|implemented|shipped|merged|deployed)\b[^)]{0,80}\)/i;
const PROGRESS_MARK =
  /\(\s*(?:in[ -]progress|wip|ongoing|started|under ?way|in review|being worked on)\s*\)|(?:^|[\s*_])(?:IN[ -]PROGRESS|WIP)(?=$|[\s:.,;)\]*_])|🚧|⏳/;
const PROGRESS_PAREN = /\(\s*(?:in[ -]progress|wip|ongoing|started|under ?way|in review|being worked on)\s*\)/i;
const DECLINED_MARK = /(?:^|[\s*_])(?:DECLINED|WONTFIX|WON'T FIX)(?=$|[\s:.,;)\]*_])|❌/;
const DECLINED_PAREN =
  /\(\s*(?:declined|won'?t (?:do|fix)|will not (?:do|fix)|not planned|rejected|dropped|cancell?ed|not doing|obsolete)\b[^)]{0,80}\)|\bwe decided not to\b/i;
const TODO_MARK = /(?:^|[\s*_])TODO(?=$|[\s:.,;)\]*_])/;
const LEADING_PRIORITY = /^(?:\*\*|__)?[[(]?(P[0-4]|critical|urgent|high|medium|med|low)[\])]?(?:\*\*|__)?(?:\s*[:\-–—]\s*|\s+)/i;
const PRIORITY_ANYWHERE = /[[(](P[0-4])[\])]|\bpriority\s*:\s*(P[0-4]|critical|urgent|high|medium|low)\b/i;
const OWNER =
  /\((?:owner|owners|assignee|assigned to|owned by|who)\s*(?:[:=]\s*)?([^)\s][^)]{0,59})\)|\b(?:owner|assignee|assigned to)\s*:\s*(@?[\w.-]+(?: [A-Z][\w.-]+)?)/i;
const DUE_MARK = /\(\s*(?:due|by|eta|deadline|target(?: date)?)\s*(?::\s*)?[^)\s][^)]{0,39}\)/i;
const DUE = /\b(?:due|by|eta|deadline|target(?: date)?)\s*(?::\s*)?(\d{4}-\d{2}-\d{2}|this sprint|next sprint|this quarter|next quarter)\b/i;
/** A URL as far as a Markdown text lets it run. */
const URL_TOKEN = /https?:\/\/[^\s)>\]]+/gi;
/** A URL token (anchored: tried once per token, not from every `http` inside a long one) that names a ticket. */
const TICKET_URL =
  /^https?:\/\/[^\s)>\]]+\/(?:issues|pull|pulls|merge_requests|browse|tickets?|bugs?|show_bug\.cgi\?id=)\/?[\w-]+|^https?:\/\/[^\s)>\]]*(?:jira|atlassian\.net|linear\.app|bugzilla|youtrack|shortcut\.com)[^\s)>\]]*/i;

function ticketUrlIn(text: string): string | undefined {
  if (!/https?:/i.test(text)) return undefined;
  for (const token of text.matchAll(URL_TOKEN)) {
    const url = TICKET_URL.exec(token[0]);
    if (url) return url[0];
  }
  return undefined;
}
const TICKET_ID = /(?:^|[\s(])(#\d{1,7})\b|\b([A-Z][A-Z0-9]{1,9}-\d{1,7})\b|\b((?:bug|issue|ticket)\s*#?\d{3,})\b|\b(b\/\d{4,})\b/i;

/** The ticket an item's text names: an issue or PR link (inline or by reference), `#123`, `ABC-123`, `Bug 5554825`. */
export function ticketIn(text: string, references: ReadonlyMap<string, string>): string {
  const url = ticketUrlIn(text);
  if (url) return url;
  for (const m of text.matchAll(/\[([^\]]{1,100})\]\[([^\]]{0,100})\]/g)) {
    const href = references.get((m[2] || m[1]).trim().replace(/\s+/g, ' ').toLowerCase());
    if (href && (ticketUrlIn(href) !== undefined || /#\d+|issue|pull/i.test(m[1]))) return href;
  }
  const id = TICKET_ID.exec(text);
  return id ? (id[1] ?? id[2] ?? id[3] ?? id[4] ?? '') : '';
}

/**
 * An item from its text: the action (a bold lead, else the text without its marks), its state,
 * priority, owner, due date and ticket as written. `start` is where `text` starts on `line`.
 */
function fromText(
  text: string,
  line: number,
  start: number,
  lines: LineSpan,
  shape: ActionItem['shape'],
  group: string | undefined,
  state: ActionState | undefined,
  structure: MarkdownStructure,
): ActionItem {
  const raw = text.length > 2000 ? text.slice(0, 2000) : text;
  const lineText = structure.lines[line] ?? '';
  let body = raw.trim();
  let priority = '';
  const lead = LEADING_PRIORITY.exec(body);
  // A priority word leads only when marked (bold, brackets) or in capitals: "High availability…" is prose.
  if (lead && (/^(?:\*\*|__|[[(])/.test(body) || lead[1] === lead[1].toUpperCase())) {
    priority = lead[1].toUpperCase().startsWith('P') && lead[1].length === 2 ? lead[1].toUpperCase() : lead[1];
    body = body.slice(lead[0].length);
  } else {
    const any = PRIORITY_ANYWHERE.exec(body);
    if (any) priority = any[1] ?? any[2] ?? '';
  }
  let status = '';
  let itemState: ActionState = state ?? 'open';
  let doneDate: string | undefined;
  const declined = DECLINED_PAREN.exec(body) ?? DECLINED_MARK.exec(body);
  const done = DONE_PAREN.exec(body) ?? DONE_MARK.exec(body);
  const progress = PROGRESS_PAREN.exec(body) ?? PROGRESS_MARK.exec(body);
  const struck = /^~~[\s\S]+~~$/.test(body);
  if (declined) {
    itemState = 'declined';
    status = declined[0].trim();
  } else if (done || struck) {
    itemState = 'done';
    status = done ? done[0].trim() : '~~';
    doneDate = done ? dateInText(done[0])?.date : undefined;
  } else if (progress) {
    itemState = 'inProgress';
    status = progress[0].trim();
  } else if (TODO_MARK.test(body)) {
    itemState = 'open';
    status = 'TODO';
  }
  const ownerMatch = OWNER.exec(body);
  const owner = (ownerMatch?.[1] ?? ownerMatch?.[2] ?? handleAtEnd(body.replace(/[*_]/g, '')) ?? '').trim();
  const due = DUE.exec(body)?.[1] ?? '';
  const ticket = ticketIn(body, structure.references);

  // The action: a bold lead ("**Do X**: because…"), else the text without the marks above.
  let action: string;
  let actionRange: Range;
  const bold = /^(\*\*|__)([^*_]{2,300}?)\1\s*(?:[:.–—-]|$)/.exec(body);
  const lineStart = Math.min(start, lineText.length);
  if (bold) {
    action = bold[2].trim().replace(/[:.]$/, '');
    const at = lineText.indexOf(bold[2], lineStart);
    actionRange = at >= 0 ? lineRange(line, at, at + bold[2].length) : lineRange(line, lineStart, lineText.trimEnd().length);
  } else {
    action = cleanAction(body, [declined?.[0], done?.[0], progress?.[0], ownerMatch?.[0], DUE_MARK.exec(body)?.[0]]);
    actionRange = lineRange(line, lineStart, Math.max(lineStart, lineText.trimEnd().length));
  }
  return {
    shape,
    line,
    lines,
    actionRange,
    action,
    type: '',
    priority,
    owner,
    due,
    status,
    state: itemState,
    done: itemState === 'done',
    doneDate,
    ticket,
    group,
    tableRow: undefined,
  };
}

/** A handle at the end of an item, "… (@ana)" or "… — @ana": its owner. */
function handleAtEnd(text: string): string | undefined {
  let end = trimEndOf(text, ' ');
  if (end.endsWith(')')) end = end.slice(0, -1);
  const at = end.lastIndexOf('@');
  const handle = end.slice(at);
  if (at < 0 || !/^@[A-Za-z0-9][\w-]{0,38}$/.test(handle)) return undefined;
  // Before it: a space, or dashes or a parenthesis at the start or after a space.
  const before = end.slice(0, at);
  if (before === '' || /\s$/.test(before)) return handle;
  const bare = trimEndOf(before, '-–—(');
  return bare !== before && (bare === '' || /\s$/.test(bare)) ? handle : undefined;
}

/** The action's words: links reduced to their text, emphasis, marks and trailing punctuation removed. */
function cleanAction(text: string, marks: readonly (string | undefined)[]): string {
  let t = text;
  for (const mark of marks) if (mark) t = t.replace(mark, ' ');
  t = linkTexts(t)
    .replace(/~~|\*\*|__|`/g, '')
    .replace(/(?:^|\s)[*_](\S[^*_]*)[*_](?=\s|$)/g, ' $1')
    .replace(/\s+/g, ' ')
    .trim();
  t = trimOf(t, ' :;,–—-');
  return t.length > 300 ? t.slice(0, 297) + '…' : t;
}

/** @internal The SRE book's header: Action Item, Owner and Bug, no Priority. */
export function isSreHeader(table: MarkdownTable): boolean {
  const columns = mapColumns<ActionColumn>(table.header, ACTION_COLUMN_SYNONYMS);
  return columns.action !== undefined && columns.owner !== undefined && columns.ticket !== undefined && columns.priority === undefined;
}

const DONE_STATUS = /^(done|closed|complete|completed|fixed|resolved|finished)\b(?:\s*(?:[:(\-–—]\s*)?(\d{4}-\d{2}-\d{2}))?/i;
const PROGRESS_STATUS = /^(in[ -]progress|wip|started|ongoing|in review|doing)\b/i;
const DECLINED_STATUS = /^(declined|won'?t (?:do|fix)|wontfix|rejected|cancell?ed|not planned|dropped)\b/i;

/** An action items table's row: its values read once, its cells split from the row again when asked for. */
class TableAction implements ActionRow {
  #cells: ActionRow['cells'] | undefined;
  readonly action: string;
  readonly type: string;
  readonly priority: string;
  readonly owner: string;
  readonly due: string;
  readonly status: string;
  readonly ticket: string;
  readonly done: boolean;
  readonly doneDate: string | undefined;

  constructor(
    readonly row: TableRow,
    private readonly columns: readonly (readonly [ActionColumn, number])[],
    fields: ActionFields,
    /** Made from the cells as they are read (splitting the row again for it took a third of reading the table). */
    readonly actionRange: Range,
    /** The cells as they were read, kept when the table is small (`KEEP_CELLS_UP_TO`). */
    kept: ActionRow['cells'] | undefined,
  ) {
    this.#cells = kept;
    ({
      action: this.action,
      type: this.type,
      priority: this.priority,
      owner: this.owner,
      due: this.due,
      status: this.status,
      ticket: this.ticket,
      done: this.done,
      doneDate: this.doneDate,
    } = fields);
  }

  /**
   * Kept from the reading when the table is small (the rules ask again for each cell they check); a
   * huge table's rows split again each time, as the timeline's do, so its model stays small.
   */
  get cells(): ActionRow['cells'] {
    return this.#cells ?? cellsByColumn(this.row.cells, this.columns);
  }
}

/**
 * @internal Reads an action items table: the template's layout or the SRE book's. `keepCells`: each row
 * keeps its cells for the rules (a table up to `KEEP_CELLS_UP_TO` rows); the fast reader, whose
 * readers ask for none, takes each row's values straight from its line instead.
 */
export function readActionTable(table: MarkdownTable, keepCells = true): ActionTable {
  const columns = mapColumns<ActionColumn>(table.header, ACTION_COLUMN_SYNONYMS);
  const layout = columns.status === undefined && columns.priority === undefined && columns.ticket !== undefined ? 'sre' : 'template';
  const items: ActionRow[] = [];
  const byColumn = Object.entries(columns) as [ActionColumn, number][];
  const keep = keepCells && table.rows.length <= KEEP_CELLS_UP_TO;
  const bounds: number[] = [];
  for (const row of table.rows) {
    const line = keep ? undefined : rowSource(row);
    if (line === undefined) {
      const rowCells = row.cells;
      const cells = cellsByColumn(rowCells, byColumn);
      const fields = actionFields((column) => cells[column]?.text, layout === 'sre' && sreDone(rowCells.map((c) => c.text)), true);
      items.push(new TableAction(row, byColumn, fields, cells.action?.range ?? row.range, keep ? cells : undefined));
      continue;
    }
    // Only the mapped cells are cut from the line (65,000 rows: no cell objects, no row of them).
    const count = cellBounds(line, bounds);
    const text = (column: ActionColumn): string | undefined => {
      const k = columns[column];
      return k !== undefined && k < count ? boundedCellText(line, bounds, k) : undefined;
    };
    const sre = layout === 'sre' && sreDone(Array.from({ length: count }, (_, k) => boundedCellText(line, bounds, k)));
    const action = columns.action;
    const range = action !== undefined && action < count ? boundedCellRange(row.line, bounds, action) : row.range;
    // A row without emphasis marks (most) has its values trimmed only, not searched cell by cell.
    items.push(new TableAction(row, byColumn, actionFields(text, sre, hasEmphasis(line)), range, undefined));
  }
  return { table, columns, layout, items };
}

/** A row's values, from its cells' texts as written (undefined for a cell the row lacks). */
function actionFields(text: (column: ActionColumn) => string | undefined, sreDone: boolean, emphasis: boolean): ActionFields {
  const plain = emphasis ? plainText : trimmed;
  const value = (column: ActionColumn): string => plain(text(column) ?? '');
  const written = text('action') ?? '';
  const actionRaw = trimmed(written);
  const status = value('status');
  // Only a status starting as one of DONE_STATUS's words can match it (the regex allocates its match).
  const statusMatch = mayBeDone(status) ? DONE_STATUS.exec(status) : null;
  // A row's first character decides most of these tests (a thousand items a second table: the regexes only where it may matter).
  const struck = (actionRaw.startsWith('~~') && /^~~[\s\S]+~~$/.test(actionRaw)) || (actionRaw.startsWith('[') && /^\[[xX]\]/.test(actionRaw));
  const action = plain(written);
  return {
    action: action.startsWith('[') ? action.replace(/^\[[ xX]\]\s*/, '') : action,
    type: value('type'),
    priority: value('priority'),
    owner: value('owner'),
    due: value('due'),
    status,
    ticket: value('ticket'),
    done: !!statusMatch || sreDone || struck,
    doneDate: statusMatch?.[2],
  };
}

/** Whether a status starts with the first letter of one of DONE_STATUS's words. */
function mayBeDone(status: string): boolean {
  const c = status.charCodeAt(0) | 0x20;
  return c === 0x64 /* d */ || c === 0x63 /* c */ || c === 0x66 /* f */ || c === 0x72; /* r */
}

/** The SRE book writes **DONE** or **TODO** into a cell (usually Bug). */
function sreDone(cells: readonly string[]): boolean {
  return cells.some((c) => /\bDONE\b/.test(c)) && !cells.some((c) => /\bTODO\b/.test(c));
}

/** A ticket cell without the SRE book's **TODO** and **DONE** marks. */
function withoutSreMarks(ticket: string): string {
  return ticket
    .replace(/\*\*(?:TODO|DONE)\*\*/g, ' ')
    .replace(/\b(?:TODO|DONE)\b/g, '')
    .trim();
}

export function fromRow(row: ActionRow, group: string | undefined): ActionItem {
  const state: ActionState = row.done ? 'done' : DECLINED_STATUS.test(row.status) ? 'declined' : PROGRESS_STATUS.test(row.status) ? 'inProgress' : 'open';
  const ticket = row.ticket.includes('TODO') || row.ticket.includes('DONE') ? withoutSreMarks(row.ticket) : trimmed(row.ticket);
  return {
    shape: 'table',
    line: row.row.line,
    lines: { start: row.row.line, end: row.row.line + 1 },
    actionRange: row.actionRange,
    action: row.action,
    type: row.type,
    priority: row.priority,
    owner: row.owner,
    due: row.due,
    status: row.status || (row.done ? 'DONE' : ''),
    state,
    done: state === 'done',
    doneDate: row.doneDate,
    ticket: ticket.length <= 3 && /^n\/?a$/i.test(ticket) ? '' : ticket,
    group,
    tableRow: row,
  };
}
