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
  /** The first `#` heading, when there is one. */
  readonly title: Title | undefined;
  /** YAML front matter between `---` lines at the top, when there is some. */
  readonly frontMatter: FrontMatter | undefined;
  /** Metadata from the Metadata section's `- Key: value` list, the preamble, and the front matter. */
  readonly metadata: readonly MetadataEntry[];
  /** Every `##` heading at the top level, in document order, known or not. */
  readonly sections: readonly Section[];
  /** The first table in the Timeline section. */
  readonly timeline: Timeline | undefined;
  /** The 5 Whys nested list in Root Cause Analysis. */
  readonly whys: WhysTree | undefined;
  /** The first table in the Action Items section (or anywhere, for the SRE-book layout). */
  readonly actions: ActionTable | undefined;
}

export interface Title {
  /** The incident's title: the text after `Post-Mortem:` when it is there, else the whole heading. */
  readonly text: string;
  /** True when the heading reads `Post-Mortem: …` (any case, `Postmortem`, `Post Mortem`). */
  readonly hasPostmortemPrefix: boolean;
  /** The heading line. */
  readonly range: Range;
}

export interface FrontMatter {
  /** The lines from the opening `---` to the closing one, both included. */
  readonly lines: LineSpan;
  /** The parsed mapping; undefined when the YAML is broken or not a mapping. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
  /** The `type:` value, read line by line when the YAML is broken, so a typo elsewhere in the front
   *  matter does not stop the document being a post-mortem. */
  readonly type: string | undefined;
  /** Why the YAML could not be read, with where. */
  readonly error: { readonly message: string; readonly range: Range } | undefined;
}

export interface MetadataEntry {
  /** The label as written (`Incident Commander`, `IC`, `incident_commander`). */
  readonly label: string;
  /** The practice's key the label names; undefined for other keys (`Status`, `Authors`…). */
  readonly key: MetadataKey | undefined;
  /** The value, trimmed; empty when the author left it blank. */
  readonly value: string;
  readonly line: number;
  /** Where the value is (an empty range after the colon when blank). */
  readonly valueRange: Range;
  readonly source: 'list' | 'frontMatter';
}

export interface Section {
  /** The canonical section the heading names, or undefined for a section the practice does not have. */
  readonly kind: SectionKind | undefined;
  /** The heading's text as written, without the `##`. */
  readonly title: string;
  /** The heading line. */
  readonly heading: Range;
  /** From the line after the heading to the line before the next `#` or `##` heading (or the end). */
  readonly body: LineSpan;
  /** True when the body holds only blank lines and HTML comments. */
  readonly isEmpty: boolean;
}

export interface Timeline {
  readonly table: MarkdownTable;
  /** Which column holds which field; a column the header lacks is absent. */
  readonly columns: Readonly<Partial<Record<TimelineColumn, number>>>;
  readonly entries: readonly TimelineEntry[];
}

export interface TimelineEntry {
  readonly row: TableRow;
  /** The cells by field; a short row lacks the cells it does not have. */
  readonly cells: Readonly<Partial<Record<TimelineColumn, TableCell>>>;
}

export interface WhysTree {
  /** The `### 5 Whys` heading, when the list sits under one. */
  readonly heading: Range | undefined;
  /** The lines of the whole list. */
  readonly list: LineSpan;
  /** The top-level items: the first "why"s, each the root of a branch. */
  readonly roots: readonly WhyNode[];
}

export interface WhyNode {
  /** The item's text (its first paragraph, lines joined with a space). */
  readonly text: string;
  /** The item's text on its first line, after the marker. */
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
  readonly items: readonly ActionItem[];
}

export interface ActionItem {
  readonly row: TableRow;
  /** The cells by column; a short row lacks the cells it does not have. */
  readonly cells: Readonly<Partial<Record<ActionColumn, TableCell>>>;
  /** Plain values of the cells ('' when missing), Markdown emphasis removed. */
  readonly action: string;
  readonly type: string;
  readonly priority: string;
  readonly owner: string;
  readonly due: string;
  readonly status: string;
  readonly ticket: string;
  /** Status says Done (or Closed, Fixed…), the action is struck through or starts with `[x]`, or a
   *  cell says DONE (SRE book). */
  readonly done: boolean;
  /** The date in `Done 2026-12-01`, when given. */
  readonly doneDate: string | undefined;
}
