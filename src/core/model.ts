/**
 * The post-mortem document model: what every feature reads. It is built from the text alone by
 * `parsePostmortem`, holds the source range of everything it names, and keeps no copy of the text
 * beyond the short values it extracts. Edits are never made to the model: features compute
 * `TextEdit`s against the document, and the next parse gives the next model.
 */
import type { MarkdownTable, TableCell, TableRow } from './table';
import type { LineSpan, Range } from './text';
import type { ActionColumn, MetadataKey, SectionKind, TimelineColumn } from './vocabulary';

export type { MarkdownTable, TableCell, TableRow } from './table';
export type { LineSpan, Position, Range, TextEdit } from './text';
export type { ActionColumn, MetadataKey, SectionKind, TimelineColumn } from './vocabulary';

export interface PostmortemModel {
  /** Number of lines, counting the empty line after a trailing newline. */
  readonly lineCount: number;
  /** The line break the document uses, for edits that add lines. */
  readonly eol: '\n' | '\r\n';
  /** The document's title: its first `#` heading, or `title` in the front matter. */
  readonly title: Title | undefined;
  /** YAML (`---`) or TOML (`+++`) front matter at the top, when there is some. */
  readonly frontMatter: FrontMatter | undefined;
  /** Metadata from wherever it is written: a `- Key: value` list, bold labels, `## Date`-style
   *  sections, the front matter. */
  readonly metadata: readonly MetadataEntry[];
  /** Every section in document order: headings at any level and bold labels (`**Impact**:`), known
   *  or not, and the lead paragraph when it stands for the summary. The title is not a section. */
  readonly sections: readonly Section[];
  /** The first timeline (table, timed bullets, time headings or stamped paragraphs) that has entries. */
  readonly timeline: Timeline | undefined;
  /** Every timeline section's timeline ("Timeline", "Follow-up timeline"…). */
  readonly timelines: readonly Timeline[];
  /** The 5 Whys: the nested list in Root Cause Analysis, or a numbered chain of "Why…?" questions. */
  readonly whys: WhysTree | undefined;
  /** The action items table (the template's or the SRE book's), when there is one. */
  readonly actions: ActionTable | undefined;
  /** Every action item in every shape (table rows, bullets, task lists, labelled lines), in order. */
  readonly actionItems: readonly ActionItem[];
  /** Lines that hold no prose (code blocks) and HTML comments: rules never read words there. */
  readonly nonProse: NonProse;
}

export interface NonProse {
  /** Front matter, fenced and indented code blocks. */
  readonly blocks: readonly LineSpan[];
  /** HTML comments, one entry per line they cover. */
  readonly comments: readonly { readonly line: number; readonly start: number; readonly end: number }[];
}

export interface Title {
  /** The incident's title: the text after `Post-Mortem:` when it is there, else the whole heading. */
  readonly text: string;
  /** True when the heading reads `Post-Mortem: …` (any case, `Postmortem`, `Post Mortem`). */
  readonly hasPostmortemPrefix: boolean;
  /** The heading line, or the front matter's `title` line. */
  readonly range: Range;
  readonly source: 'heading' | 'frontMatter';
}

export interface FrontMatter {
  /** The lines from the opening `---` (or `+++`) to the closing one, both included. */
  readonly lines: LineSpan;
  readonly format: 'yaml' | 'toml';
  /** The parsed mapping; undefined when it is broken or not a mapping. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
  /** The `type:` value, read line by line when the front matter is broken, so a typo elsewhere in it
   *  does not stop the document being a post-mortem. */
  readonly type: string | undefined;
  /** Why the front matter could not be read, with where. */
  readonly error: { readonly message: string; readonly range: Range } | undefined;
}

export interface MetadataEntry {
  /** The label as written (`Incident Commander`, `IC`, `incident_commander`, `Date`). */
  readonly label: string;
  /** The practice's key the label names; undefined for other keys (`Stats`, `Team`…). */
  readonly key: MetadataKey | undefined;
  /** The value, trimmed; empty when the author left it blank. */
  readonly value: string;
  readonly line: number;
  /** Where the value is (an empty range after the colon when blank). */
  readonly valueRange: Range;
  /** `list`: `- Key: value` (or `Key: value` in the preamble); `label`: `**Key**: value`; `section`: a
   *  `## Key` heading with the value under it; `frontMatter`; `title`: a date in the title; `summary`:
   *  the first date in the summary's first lines ("On 2023-07-20 between…"). */
  readonly source: 'list' | 'label' | 'section' | 'frontMatter' | 'title' | 'summary';
}

export interface Section {
  /** The section the heading names, or undefined for a section the reader does not know. */
  readonly kind: SectionKind | undefined;
  /** The heading's text as written, without the `#`s (a label's text without the `**`). */
  readonly title: string;
  /** The heading line (a setext heading's text line; a label's line; for the lead, its first line). */
  readonly heading: Range;
  /** 1 to 6 for headings, 7 for a bold label, 0 for the lead paragraph. */
  readonly level: number;
  readonly source: 'heading' | 'label' | 'lead';
  /** From the line after the heading (a label's own line) to the line before the next heading of
   *  the same or a higher level, or the end. Date and time headings inside a timeline do not end it. */
  readonly body: LineSpan;
  /** True when the body holds only blank lines and HTML comments. */
  readonly isEmpty: boolean;
}

export interface Timeline {
  /** How the timeline is written. Edits keep this shape. */
  readonly shape: 'table' | 'list' | 'headings' | 'paragraphs';
  /** The timeline's section. */
  readonly section: Section;
  /** The table, for a table timeline. */
  readonly table: MarkdownTable | undefined;
  /** Which table column holds which field; a column the header lacks is absent. */
  readonly columns: Readonly<Partial<Record<TimelineColumn, number>>>;
  /** The time zone the document states for the whole timeline (header, heading, a note line). */
  readonly zone: ZoneNote | undefined;
  readonly entries: readonly TimelineEntry[];
}

/** A time zone as written, and the zone it means. */
export interface ZoneNote {
  /** As written: `UTC`, `PST`, `US/Pacific`, `CET`, `+02:00`. */
  readonly text: string;
  /** An IANA zone (`America/Los_Angeles`) or a fixed offset in minutes east of UTC. */
  readonly zone: string | number;
  /** The line that says it. */
  readonly line: number;
}

export interface TimelineEntry {
  /** The entry's first line (the row, the bullet, the heading, the paragraph). */
  readonly line: number;
  /** All the entry's lines: a bullet with its continuation, a time heading with the text under it. */
  readonly lines: LineSpan;
  /** The time as written, without Markdown emphasis (`14:02`, `2021-06-03 9:58`, `5:32 PM`, `--:--`); '' when none. */
  readonly timeText: string;
  /** Where the time is written. */
  readonly timeRange: Range | undefined;
  /** The time read: the date (written or carried from the row or day heading above), the time of day,
   *  the zone. Undefined when there is no time; `unknown` for `--:--`, `X`, `?`. */
  readonly time: EntryTime | undefined;
  /** The event's text, without the time. */
  readonly event: string;
  /** The table row, for a table timeline. */
  readonly row: TableRow | undefined;
  /** The cells by field, for a table timeline; a short row lacks the cells it does not have. */
  readonly cells: Readonly<Partial<Record<TimelineColumn, TableCell>>>;
}

export interface EntryTime {
  /** `yyyy-MM-dd`: written on the entry, or carried from the entry or day heading above. */
  readonly date: string | undefined;
  /** Whether `date` was written on this entry. */
  readonly dateWritten: boolean;
  /** Minutes since midnight (seconds as a fraction); undefined for a date alone or an unknown time. */
  readonly minutes: number | undefined;
  /** The time was written as unknown (`--:--`, `X`). */
  readonly unknown: boolean;
  /** The zone written on this entry, else the timeline's. */
  readonly zone: ZoneNote | undefined;
}

export interface WhysTree {
  /** The `### 5 Whys` heading, when the list sits under one. */
  readonly heading: Range | undefined;
  /** The lines of the whole list. */
  readonly list: LineSpan;
  /** `tree`: a nested list; `chain`: a numbered list of "Why…?" questions, each under the one before. */
  readonly shape: 'tree' | 'chain';
  /** The top-level items: the first "why"s, each the root of a branch. */
  readonly roots: readonly WhyNode[];
}

export interface WhyNode {
  /** The item's text (its first paragraph, lines joined with a space). */
  readonly text: string;
  /** The item's text, after the marker: its first line, and the lines its paragraph continues on. */
  readonly textRange: Range;
  /** The item's lines, its children's included. */
  readonly lines: LineSpan;
  /** 1 for a first "why", 2 beneath it, and so on. */
  readonly depth: number;
  /** The list marker: `-`, `*`, `+`, `1.`, `1)`. */
  readonly marker: string;
  readonly children: readonly WhyNode[];
}

export interface ActionTable {
  readonly table: MarkdownTable;
  readonly columns: Readonly<Partial<Record<ActionColumn, number>>>;
  /** `template` for `Action | Type | Priority | Owner | Due | Status | Ticket` (any order, some missing),
   *  `sre` for the SRE book's `Action Item | Type | Owner | Bug` with DONE/TODO in a cell. */
  readonly layout: 'template' | 'sre';
  readonly items: readonly ActionRow[];
}

/** What a table row and an action item of any shape both say about an action ('' when not given). */
export interface ActionFields {
  /** The action, plain text. */
  readonly action: string;
  readonly type: string;
  /** As written: `P1`, `HIGH`, `medium`. See `priorityLevel`. */
  readonly priority: string;
  readonly owner: string;
  /** As written: `2026-12-01`, `This sprint`. */
  readonly due: string;
  /** As written: `Done 2026-12-01`, `(in progress)`, `**DONE**`, `[x]`. */
  readonly status: string;
  /** The ticket as written: a URL, `#123`, `ABC-123`, `Bug 5554825`, a resolved reference link. */
  readonly ticket: string;
  readonly done: boolean;
  /** The date written with the done mark, `yyyy-MM-dd`. */
  readonly doneDate: string | undefined;
}

/**
 * One row of an action items table: its cells' plain values, Markdown emphasis removed. `done`: the
 * Status says Done (or Closed, Fixed…), the action is struck through or starts with `[x]`, or a cell
 * says DONE (SRE book).
 */
export interface ActionRow extends ActionFields {
  readonly row: TableRow;
  /** The action cell's text (the row when it has none). */
  readonly actionRange: Range;
  /** The cells by column; a short row lacks the cells it does not have. */
  readonly cells: Readonly<Partial<Record<ActionColumn, TableCell>>>;
}

/** Where an action item is in its life. Declined items do not count against the completion rate. */
export type ActionState = 'open' | 'inProgress' | 'done' | 'declined';

/**
 * An action item, whatever its shape. Every field is what the document says; none is invented. The
 * action is without status, priority, owner and ticket marks; `done` is `state === 'done'`.
 */
export interface ActionItem extends ActionFields {
  /** `table`: a row; `task`: `- [ ]` / `- [x]`; `list`: a bullet or numbered item; `label`: a line
   *  like `Action point: …`. */
  readonly shape: 'table' | 'task' | 'list' | 'label';
  /** The item's first line. */
  readonly line: number;
  /** The item's lines (a bullet with its continuation lines and child bullets). */
  readonly lines: LineSpan;
  /** The action's text on its first line (a bold lead's text for `- **Do X**: because…`). */
  readonly actionRange: Range;
  readonly state: ActionState;
  /** The sub-heading or label the item is listed under ("Public Endpoint"), when there is one. */
  readonly group: string | undefined;
  /** The table row, for a table item. */
  readonly tableRow: ActionRow | undefined;
}
