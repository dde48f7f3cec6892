import { ACTION_HEADINGS, tableHead } from './template';
import { addDays, differenceInCalendarDays } from 'date-fns';
import { atxHeading, parseActionModel, type ActionModel } from './actionModel';
import { readLabel } from './markdown';
import type { TeamConfig } from './config';
import { exactIsoDate, formatIsoDate, incidentDateOf, parseIsoDate, resolveDue } from './dates';
import { detectDocument, isGenericFile, type Detection, type DocumentKind } from './detect';
import { lifecycleOf, readFollowUps, type FollowUp, type FollowUpKind } from './followUps';
import type { ActionState } from './model';
import { searchTextOf, type SearchText } from './search';
import { timelineFigures, type TimelineFigures } from './timelineFigures';
import { detach, hasLoneCr, isBlankCode, isRunThenBlank, linesOf } from './text';
import { INCIDENT_SECTION_KINDS, TITLE_PREFIX, isHighPriority, priorityLevel, sectionKindOf } from './vocabulary';

/**
 * One action item as the sidebar and `postmortem actions` show it. Only short strings: no parser
 * tokens, no copy of the file. Read from the same model as the diagnostics (`readActionItems`).
 */
export interface IndexedItem {
  /** The post-mortem's uri (or path, in the CLI). */
  readonly file: string;
  /** The 0-based line of the item (its table row, bullet or labelled line). */
  readonly line: number;
  readonly action: string;
  readonly type: string;
  /** As written: `P1`, `HIGH`; see `priorityLevel`. */
  readonly priority: string;
  readonly owner: string;
  /** The due date as written (`This sprint`, `2026-12-01`). */
  readonly due: string;
  /** The due date, resolved (relative terms from the incident date and the sprint), `yyyy-MM-dd`. */
  readonly dueDate: string | undefined;
  readonly status: string;
  readonly ticket: string;
  readonly state: ActionState;
  readonly done: boolean;
  readonly doneDate: string | undefined;
  /** The sub-heading the item is listed under, when there is one. */
  readonly group: string | undefined;
}

/** A post-mortem (or a template) in the index. */
export interface IndexedFile {
  readonly file: string;
  readonly title: string;
  readonly kind: DocumentKind;
  /** Why the file was taken (see `detectDocument`). */
  readonly reason: string;
  /** The incident date: the document's, else a date in the file name (not a blog post's publication date). */
  readonly incidentDate: string | undefined;
  readonly severity: string | undefined;
  /** The document's status as written (`Draft`, `Complete, action items in progress`). */
  readonly status: string | undefined;
  readonly items: readonly IndexedItem[];
  /** The follow-up steps (none for a template), and whether the post-mortem is closed (all of them done). */
  readonly followUps: readonly IndexedFollowUp[];
  readonly closed: boolean;
  /** The incident commander and the author, by name: invited to the follow-ups. */
  readonly people: readonly string[];
  /** What search and "Related" read (undefined for a template). */
  readonly text: SearchText | undefined;
  /** The timeline's times to detect, mitigate and resolve (undefined without a timed timeline, and for a template). */
  readonly figures: TimelineFigures | undefined;
  /**
   * Whether `text` and `figures` were read. The workspace's scan leaves them out (the views fill
   * first) and reads them when Search, Related, Insights or the digest first ask (`Indexer.whenInsightsReady`).
   */
  readonly insights: boolean;
}

/** One follow-up step of an indexed post-mortem (see `readFollowUps`). */
export interface IndexedFollowUp {
  readonly kind: FollowUpKind;
  /** `yyyy-MM-dd`. */
  readonly date: string;
  readonly label: string;
  readonly done: boolean;
  /** The schedule line (0-based), or undefined when the date is computed or from front matter. */
  readonly line: number | undefined;
  readonly source: FollowUp['source'];
}

/**
 * A post-mortem's follow-ups as the views, the CodeLens and the CLI use them: every step done once
 * the post-mortem is closed. `lines` are asked for only when it has a schedule section (the editor
 * hands its version's lines, the index splits the file's text then).
 */
export function followUpsOf(
  model: ActionModel,
  lines: () => readonly string[],
  config: Partial<Pick<TeamConfig, 'followUps' | 'statuses'>>,
): { readonly followUps: IndexedFollowUp[]; readonly closed: boolean } {
  const closed = lifecycleOf(model, config.statuses).status === 'closed';
  const schedule = model.sections.some((s) => s.kind === 'followUp') ? lines() : [];
  const followUps = readFollowUps(model, schedule, config.followUps).followUps.map((f) => ({
    kind: f.kind,
    date: f.date,
    label: detach(f.label),
    done: f.done || closed,
    line: f.line,
    source: f.source,
  }));
  return { followUps, closed };
}

const TEMPLATE_ACTION = /^\[[A-Z][A-Z0-9 /-]*\]$/;

/**
 * One copy of each short value the items repeat (types, priorities, owners, due terms, dates): a
 * workspace's 50,000 items write a few hundred distinct ones. Bounded, so a workspace of unique
 * values only stops sharing; a long value is detached instead.
 */
const shared = new Map<string, string>();
function intern(value: string): string {
  if (value.length > 40) return detach(value);
  const known = shared.get(value);
  if (known !== undefined) return known;
  const copy = detach(value);
  if (shared.size < 20_000) shared.set(copy, copy);
  return copy;
}

/**
 * An item as a plain object of detached strings: every field read is a property load, so grouping
 * and filtering 50,000 items stays within a frame.
 */
function indexedItem(file: string, item: ActionModel['actionItems'][number], dueDate: string | undefined, kept: boolean): IndexedItem {
  const keep = kept ? intern : same;
  return {
    file,
    line: item.line,
    action: kept ? detach(item.action) : item.action,
    type: keep(item.type),
    priority: keep(item.priority),
    owner: keep(item.owner),
    due: keep(item.due),
    dueDate: dueDate === undefined ? undefined : keep(dueDate),
    status: keep(item.status),
    ticket: kept ? detach(item.ticket) : item.ticket,
    state: item.state,
    done: item.state === 'done',
    doneDate: item.doneDate === undefined || item.doneDate === '' ? undefined : keep(item.doneDate),
    group: item.group === undefined || item.group === '' ? undefined : keep(item.group),
  };
}

const same = (value: string): string => value;

/** An item's fields as a plain object (for JSON, tests and messages). */
export function plainItem(item: IndexedItem): IndexedItem {
  const { file, line, action, type, priority, owner, due, dueDate, status, ticket, state, done, doneDate, group } = item;
  return { file, line, action, type, priority, owner, due, dueDate, status, ticket, state, done, doneDate, group };
}

/** Folders of blogs and sites, where a file name's date is the day a post was published. */
const PUBLISHED = /(?:^|\/)(?:blog|blogs|_posts|posts|news|articles|content)(?:\/|$)/i;

/** The incident date a file name gives: `2021-06-03--database-full.md`, not a blog post's publication date. */
export function fileNameDate(path: string): string | undefined {
  if (PUBLISHED.test(path)) return undefined;
  const name = path.replace(/^.*\//, '');
  const found = /^(\d{4}-\d{2}-\d{2})/.exec(name);
  return found && parseIsoDate(found[1]) ? found[1] : undefined;
}

/** The front matter's fence, when the first line is one (as `readFrontMatter` reads it). */
function frontMatterFence(text: string): string | undefined {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).trimEnd();
  return first === '---' || first === '+++' ? first : undefined;
}

/** Adds the incident section a heading or label names to `kinds`; true once there are two. */
function addKind(kinds: Set<string>, candidate: string): boolean {
  if (candidate.length >= 200) return false;
  const kind = sectionKindOf(candidate);
  if (kind && INCIDENT_SECTION_KINDS.has(kind)) kinds.add(kind);
  return kinds.size >= 2;
}

function withoutCr(text: string): string {
  return text.includes('\r') ? text.replace(/\r/g, '') : text;
}

/** `TITLE_PREFIX` from a given place: its blanks may run on into the next line ("Postmortem" over ": outage"). */
const TITLE_PREFIX_AT = new RegExp(TITLE_PREFIX.source.replace(/^\^/, ''), 'iy');

/**
 * Whether a line of a run (`from` to `to`, lines with no blank between them) over a setext underline
 * starts, after its blanks, what reads "Post-Mortem: …": the heading's text starts with one of them, and
 * a first heading so written is a post-mortem's title. Each run is looked at once.
 */
function titledRun(text: string, from: number, to: number): boolean {
  for (let start = from; start < to;) {
    let end = text.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    let first = start;
    while (first < end && isBlankCode(text.charCodeAt(first))) first++;
    TITLE_PREFIX_AT.lastIndex = first;
    if (first < end && TITLE_PREFIX_AT.test(text)) return true;
    start = end + 1;
  }
  return false;
}

const EXPLICIT = /^ {0,3}#[ \t]+post[\s-]?mortem\s*[:\-–—]|^type\s*[:=]\s*["']?post[\s-]?mortem/im;

/**
 * Whether a file cannot be a post-mortem, decided without parsing: it is a generic file, or it has
 * neither the template's title or type nor two lines that could be headings or labels of incident
 * sections. Every document `detectDocument` accepts passes; most ordinary Markdown does not.
 */
export function surelyNotPostmortem(text: string, path: string | undefined): boolean {
  if (path && isGenericFile(path)) return true;
  // The template's title is the first heading and its type is in the front matter: both near the top.
  if (EXPLICIT.test(text.length > 8_000 ? text.slice(0, 8_000) : text)) return false;
  // The reader blanks HTML comments first (`-->Impact` over `===` is a heading to it): it decides.
  if (text.includes('<!--')) return false;
  // A lone CR breaks a line for markdown-it too: such a text (rare) is looked at with its breaks made LF.
  if (hasLoneCr(text)) return surelyNotPostmortem(text.replace(/\r\n?/g, '\n'), undefined);
  const kinds = new Set<string>();
  // The front matter's title or type may say "post-mortem" (quoted, folded, escaped): such a document goes to the reader.
  const fence = frontMatterFence(text);
  let inFrontMatter = fence !== undefined;
  // Lines are sliced only when they could be a heading, a label or a setext underline: each of those
  // starts, after at most three spaces, with one of `#*_=-` (a tab or any other blank before it and
  // the patterns below do not match either). 5,000 ordinary pages: 16 µs each before, when every line was sliced.
  let previousStart = 0;
  let previousEnd = 0;
  /** Where the lines above this one without a blank between them start: a setext heading's text begins among them. */
  let runStart = 0;
  let setextLooks = 1000;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end;
    if (inFrontMatter && start > 0) {
      const line = text.slice(start, lineEnd).trimEnd();
      if (line === fence || (fence === '---' && line === '...')) inFrontMatter = false;
      else if (/mortem|\\/i.test(line)) return false;
    }
    let first = start;
    while (first < lineEnd && text.charCodeAt(first) === 32) first++;
    const c = text.charCodeAt(first);
    let candidate: string | undefined;
    // A label may stand after blanks other than spaces too (a no-break space): `readLabel` skips them all.
    const otherBlank = c !== 32 && isBlankCode(c);
    if (first < lineEnd && (c === 35 /* # */ || c === 42 /* * */ || c === 95 /* _ */ || c === 61 /* = */ || c === 45 /* - */ || otherBlank)) {
      if (c === 35) {
        candidate = first - start < 4 ? atxHeading(text.slice(start, lineEnd), first - start)?.text : undefined;
        // The first heading, whatever its level, is the title: "Post-Mortem: …" makes a post-mortem.
        if (candidate !== undefined && TITLE_PREFIX.test(candidate)) return false;
      } else if (c === 42 || c === 95 || otherBlank) {
        // The reader's own test: "**Impact**: …" at the start of a paragraph marks a section.
        candidate = readLabel(text.slice(start, lineEnd))?.text;
      } else if (first - start < 4 && isRunThenBlank(text, first, lineEnd, c, true)) {
        // `/^ {0,3}(?:=+|-+)\s*$/` by character: a list item's "- " line is not sliced to be tested.
        if (titledRun(text, runStart, previousEnd)) return false;
        // The heading's text is the lines above from where its paragraph starts: any of the run's lines
        // (a list item or a heading above it ends another block). Each ending of the run is looked at.
        for (let from = previousStart; from >= runStart && previousEnd - from < 200;) {
          // Thousands of them (a page of short lines and rules) are the reader's: it reads them in one pass.
          if (--setextLooks < 0 || addKind(kinds, withoutCr(text.slice(from, previousEnd)))) return false;
          const above = from === 0 ? from : text.lastIndexOf('\n', from - 2) + 1;
          if (above >= from) break;
          from = above;
        }
        runStart = end + 1;
      }
    }
    if (first >= lineEnd) runStart = end + 1;
    if (candidate !== undefined && addKind(kinds, candidate)) return false;
    previousStart = start;
    previousEnd = lineEnd;
    start = end + 1;
  }
  return true;
}

/**
 * Reads what the index keeps of a document, or undefined when it is not a post-mortem (nor a
 * template). `path` is the file's path relative to the workspace, for detection. Never throws.
 */
export function summarize(file: string, text: string, path: string | undefined, config: SummaryConfig, insights = true): IndexedFile | undefined {
  if (surelyNotPostmortem(text, path)) return undefined;
  const model = parseActionModel(text);
  const detection = detectDocument(model, path);
  return detection && summarizeModel(file, model, detection, path, config, text, insights);
}

/** What summarizing reads from the team config. */
export type SummaryConfig = Pick<TeamConfig, 'sprint'> & Partial<Pick<TeamConfig, 'followUps' | 'statuses'>>;

/**
 * `summarize` for a document already read and detected (`text` is its text, for the schedule's lines).
 * `insights: false` leaves out what only search, Related and Insights read (the search text and the
 * timeline's figures, about as long to read as the rest): the CLI's `actions` and `list` need neither.
 * `'text'` reads the search text only (the digest's months before its own: their recurring themes).
 * `followUps: false` leaves out the follow-up steps (none, not closed): the digest and search read none.
 */
export function summarizeModel(
  file: string,
  model: ActionModel,
  detection: Detection,
  path: string | undefined,
  config: SummaryConfig,
  text: string,
  insights: boolean | 'text' = true,
  followUps = true,
): IndexedFile {
  const day = incidentDateOf(model);
  const severity = model.metadata.find((e) => e.key === 'severity' && e.value !== '')?.value;
  const status = model.metadata.find((e) => e.key === 'status' && e.value !== '')?.value;
  const items = detection.kind === 'template' ? [] : indexedItems(file, model, config, day);
  const date = day ?? (path ? fileNameDate(path) : undefined);
  let split: readonly string[] | undefined;
  const lines = (): readonly string[] => (split ??= linesOf(model, text));
  const steps = detection.kind === 'template' || !followUps ? { followUps: [], closed: false } : followUpsOf(model, lines, config);
  const people = model.metadata.filter((e) => (e.key === 'incidentCommander' || e.key === 'author') && e.value !== '').map((e) => detach(e.value.trim()));
  return {
    file,
    title: detach(model.title?.text || file.replace(/^.*[\\/]/, '')),
    kind: detection.kind,
    reason: detach(detection.reason),
    incidentDate: date,
    severity: severity ? detach(severity) : undefined,
    status: status ? detach(status) : undefined,
    items,
    followUps: steps.followUps,
    closed: steps.closed,
    people,
    text: detection.kind === 'template' || !insights ? undefined : searchTextOf(model, lines),
    figures: detection.kind === 'template' || insights !== true ? undefined : timelineFigures(model, lines),
    insights: insights === true || detection.kind === 'template',
  };
}

/**
 * A post-mortem's action items as the index keeps them, due dates resolved from its incident date
 * (`day`, its `incidentDateOf`): `summarizeModel`'s items, for a reader that needs nothing else
 * (`postmortem actions`). `kept: false` for items let go with the text (printed at once): their
 * strings are then left as slices of it, not copied and shared.
 */
export function indexedItems(
  file: string,
  model: Pick<ActionModel, 'actionItems' | 'metadata'>,
  config: Pick<TeamConfig, 'sprint'>,
  day = incidentDateOf(model),
  kept = true,
): IndexedItem[] {
  const items: IndexedItem[] = [];
  forEachItem(model, config, (item, dueDate) => items.push(indexedItem(file, item, dueDate, kept)), day);
  return items;
}

/**
 * Each action item of a post-mortem the index lists (`indexedItems` makes them), with its due date
 * resolved: for a reader that prints them as they are read (`postmortem actions --format json`).
 */
export function forEachItem(
  model: Pick<ActionModel, 'actionItems' | 'metadata'>,
  config: Pick<TeamConfig, 'sprint'>,
  use: (item: ActionModel['actionItems'][number], dueDate: string | undefined) => void,
  day = incidentDateOf(model),
): void {
  for (const item of model.actionItems) {
    // The template's own `[ACTION]` row is a placeholder, not something anyone owes.
    if (item.action === '' || (item.action.startsWith('[') && TEMPLATE_ACTION.test(item.action))) continue;
    use(item, exactIsoDate(item.due) ?? resolvedDue(item.due, day, config.sprint));
  }
}

/**
 * A due date that is not a date (`Next sprint`, `This quarter`), resolved from the incident date and
 * remembered for the team's sprint: thousands of post-mortems repeat a few terms over a few hundred
 * days, and the Date arithmetic took about 0.8 µs an item (profiled over 10,000 post-mortems). Bounded.
 */
const resolvedDues = new WeakMap<TeamConfig['sprint'], { count: number; readonly terms: Map<string, Map<string | undefined, string | undefined>> }>();
function resolvedDue(due: string, day: string | undefined, sprint: TeamConfig['sprint']): string | undefined {
  if (due === '') return undefined;
  let known = resolvedDues.get(sprint);
  if (!known || known.count >= 10_000) resolvedDues.set(sprint, (known = { count: 0, terms: new Map() }));
  let days = known.terms.get(due);
  if (days?.has(day)) return days.get(day);
  const date = resolveDue(due, parseIsoDate(day), { sprint });
  const resolved = date && formatIsoDate(date);
  if (due.length <= 40) {
    if (!days) known.terms.set(due, (days = new Map()));
    days.set(day, resolved);
    known.count++;
  }
  return resolved;
}

/** Every post-mortem of a workspace, by uri. Updated one file at a time; queried by the view and the CLI. */
export class ActionIndex {
  readonly #files = new Map<string, IndexedFile>();
  /**
   * The files' keys newest incident first (see `newestFirst`), kept while files change without a new
   * date or title: typing in a post-mortem does not sort 10,000 files again.
   */
  #order: string[] | undefined;
  /** The lists the views ask for after every change, built once per change (50,000 items: one frame). */
  #cache: { files?: readonly IndexedFile[]; items?: readonly IndexedItem[] } = {};

  /** Puts a file's summary in (or takes it out when undefined). */
  set(file: string, summary: IndexedFile | undefined): void {
    if (!summary) return this.delete(file);
    const before = this.#files.get(file);
    this.#files.set(file, summary);
    if (!before || before.incidentDate !== summary.incidentDate || before.title !== summary.title) this.#order = undefined;
    this.#cache = {};
  }

  delete(file: string): void {
    if (this.#files.delete(file)) this.#order = undefined;
    this.#cache = {};
  }

  clear(): void {
    this.#files.clear();
    this.#order = undefined;
    this.#cache = {};
  }

  get(file: string): IndexedFile | undefined {
    return this.#files.get(file);
  }

  get size(): number {
    return this.#files.size;
  }

  /** The files by uri (the index's own map: read it, never keep it). */
  byFile(): ReadonlyMap<string, IndexedFile> {
    return this.#files;
  }

  /** Every file, newest incident first (the same array until the index changes). */
  files(): readonly IndexedFile[] {
    if (!this.#cache.files) {
      this.#order ??= [...this.#files.values()].sort(newestFirst).map((f) => f.file);
      this.#cache.files = this.#order.map((key) => this.#files.get(key)!);
    }
    return this.#cache.files;
  }

  /** Every item, file by file (newest first) in table order (the same array until the index changes). */
  items(): readonly IndexedItem[] {
    if (!this.#cache.items) {
      const items: IndexedItem[] = [];
      for (const file of this.files()) for (const item of file.items) items.push(item);
      this.#cache.items = items;
    }
    return this.#cache.items;
  }
}

/** Newest incident first, undated before them (they are being written), then by title. */
function newestFirst(a: Pick<IndexedFile, 'incidentDate' | 'title'>, b: Pick<IndexedFile, 'incidentDate' | 'title'>): number {
  return compareText(b.incidentDate ?? '9999', a.incidentDate ?? '9999') || compareText(a.title, b.title);
}

/** Not done nor declined, and its due date has passed (a due date of today is not overdue). */
/** The P0/P1 items not done nor declined: what a follow-up review is about. */
export function openHighPriorityItems(items: readonly IndexedItem[]): IndexedItem[] {
  return items.filter((i) => isHighPriority(i.priority) && (i.state === 'open' || i.state === 'inProgress'));
}

/** Whether an item is still owed: neither done nor declined (what `postmortem actions --open` lists). */
export function isOwed(item: { readonly state: ActionState }): boolean {
  return item.state !== 'done' && item.state !== 'declined';
}

export function isOverdue(item: Pick<IndexedItem, 'done' | 'state' | 'dueDate'>, today: string): boolean {
  return !item.done && item.state !== 'declined' && item.dueDate !== undefined && item.dueDate < today;
}

export interface ItemFilters {
  /** Only items whose owner matches one of `me`. */
  readonly mine: boolean;
  readonly overdue: boolean;
  /** Only P0 and P1. */
  readonly highPriority: boolean;
  /** Done items are hidden unless this is on. */
  readonly showDone: boolean;
}

export const NO_FILTERS: ItemFilters = { mine: false, overdue: false, highPriority: false, showDone: false };

/** Whether an owner cell names one of `me` (case-insensitive; a cell may name several, "Ana, SRE team"). */
export function ownedBy(owner: string, me: readonly string[]): boolean {
  const cell = owner.toLowerCase();
  return me.some((name) => name.trim() !== '' && cell.split(/[,;/&]|\sand\s/).some((part) => part.trim() === name.trim().toLowerCase()));
}

export function filterItems(items: readonly IndexedItem[], filters: ItemFilters, today: string, me: readonly string[]): IndexedItem[] {
  // Owner cells repeat: each distinct one is matched against `me` once.
  const owners = new Map<string, boolean>();
  const mine = (owner: string): boolean => {
    let result = owners.get(owner);
    if (result === undefined) owners.set(owner, (result = ownedBy(owner, me)));
    return result;
  };
  return items.filter(
    (item) =>
      (filters.showDone || (!item.done && item.state !== 'declined')) &&
      (!filters.overdue || isOverdue(item, today)) &&
      (!filters.highPriority || isHighPriority(item.priority)) &&
      (!filters.mine || mine(item.owner)),
  );
}

export type Grouping = 'postmortem' | 'owner' | 'priority' | 'due';
export const GROUPINGS: readonly Grouping[] = ['postmortem', 'owner', 'priority', 'due'];

export interface ItemGroup {
  /** Stable id of the group (for the tree's ids and expanded state). */
  readonly key: string;
  readonly label: string;
  readonly items: readonly IndexedItem[];
  /** The post-mortem's file, when the items are grouped by post-mortem. */
  readonly file?: string;
}

const PRIORITY_ORDER = ['P0', 'P1', 'P2', 'P3'];
/** A plain string order: ISO dates sort right with it, and it is many times faster than localeCompare. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function rank(priority: string): number {
  const level = priorityLevel(priority);
  return level ? PRIORITY_ORDER.indexOf(level) : PRIORITY_ORDER.length;
}

/**
 * Groups items for the tree: by post-mortem (newest incident first), owner (A to Z, no owner last),
 * priority (P0 first) or due (overdue first, then the next 7 days, later, no due date). Items in a
 * group are in table order for a post-mortem, else by due date then priority.
 */
export function groupItems(items: readonly IndexedItem[], grouping: Grouping, today: string, files: ReadonlyMap<string, IndexedFile>): ItemGroup[] {
  if (grouping === 'postmortem') {
    const runs = postmortemRuns(items, files);
    if (runs) return runs;
  }
  // First into buckets by the field as stored (its hash is cached on the string, nothing is built per
  // item), then each bucket is named once; buckets that name the same group ("SRE team", "sre team") merge.
  const week = formatIsoDate(addDays(parseIsoDate(today) ?? new Date(), 7));
  const bucketOf: (item: IndexedItem) => string =
    grouping === 'postmortem'
      ? (item) => item.file
      : grouping === 'owner'
        ? (item) => item.owner
        : grouping === 'priority'
          ? (item) => item.priority
          : (item) => (isOverdue(item, today) ? 'overdue' : !item.dueDate ? 'none' : item.dueDate <= week ? 'week' : 'later');
  const buckets = new Map<string, IndexedItem[]>();
  // Groups other than a post-mortem's list their items by due date, then priority: sorting all items
  // once, before they are bucketed, keeps every bucket in that order (one sort instead of one per group).
  const ordered = grouping === 'postmortem' ? items : byDueThenPriority(items);
  // Neighbours often share a bucket (a file's items, items due the same day): the map is asked only when it changes.
  let lastBucket: string | undefined;
  let lastList: IndexedItem[] = [];
  for (const item of ordered) {
    const bucket = bucketOf(item);
    if (bucket !== lastBucket) {
      let list = buckets.get(bucket);
      if (!list) buckets.set(bucket, (list = []));
      lastBucket = bucket;
      lastList = list;
    }
    lastList.push(item);
  }
  // A post-mortem's bucket is its group; other buckets merge by name (an owner written in two cases).
  const groups = new Map<string, NamedGroup>();
  const named: NamedGroup[] = [];
  /** Groups made of two buckets or more, with the values of their buckets: their items are sorted again. */
  const merged = new Map<NamedGroup, string[]>();
  for (const [bucket, bucketItems] of buckets) {
    const group = nameGroup(grouping, bucket, files, bucketItems);
    const same = grouping === 'postmortem' ? undefined : groups.get(group.key);
    if (same) {
      for (const item of bucketItems) same.items.push(item);
      merged.set(same, [...(merged.get(same) ?? [same.value]), bucket]);
    } else {
      named.push(group);
      if (grouping !== 'postmortem') groups.set(group.key, group);
    }
  }
  // A merged group is named as its items first name it ("sre team" in the first post-mortem): one more pass, only when there is one.
  if (merged.size > 0) {
    const firstSeen = new Map<string, number>();
    for (const item of items) {
      const bucket = bucketOf(item);
      if (!firstSeen.has(bucket)) firstSeen.set(bucket, firstSeen.size);
    }
    for (const [group, values] of merged) {
      const first = values.reduce((a, b) => (firstSeen.get(b)! < firstSeen.get(a)! ? b : a));
      group.label = nameGroup(grouping, first, files, []).label;
    }
  }
  // Owners in the reader's alphabet; post-mortems newest first, then by title: the index's own order,
  // so the thousands of groups of the index's items are only checked, not sorted again.
  const compare =
    grouping === 'postmortem'
      ? (a: NamedGroup, b: NamedGroup) => compareText(b.order, a.order) || compareText(a.title ?? '', b.title ?? '') // as `newestFirst`
      : (a: NamedGroup, b: NamedGroup) => (collator ??= new Intl.Collator()).compare(a.order, b.order);
  const sorted = named.every((g, i) => i === 0 || compare(named[i - 1], g) <= 0) ? named : named.sort(compare);
  return sorted.map((group) => {
    const { key, label, items: groupItems, file } = group;
    return file === undefined ? { key, label, items: merged.has(group) ? byDueThenPriority(groupItems) : groupItems } : { key, label, file, items: groupItems };
  });
}

/**
 * The groups by post-mortem when the items come as the index gives them: each file's items in one run,
 * the files newest first (`newestFirst`). Each run is a group as it stands, so 11,000 groups cost one
 * pass and one comparison each, no map. Undefined when the items are in any other order, or two files
 * tie (same date and title): `groupItems`' general path sorts those.
 */
function postmortemRuns(items: readonly IndexedItem[], files: ReadonlyMap<string, IndexedFile>): ItemGroup[] | undefined {
  const groups: ItemGroup[] = [];
  let previous: Pick<IndexedFile, 'incidentDate' | 'title'> | undefined;
  for (let start = 0, end = 1; start < items.length; start = end++) {
    const file = items[start].file;
    while (end < items.length && items[end].file === file) end++;
    const indexed = files.get(file);
    const place = { incidentDate: indexed?.incidentDate, title: indexed?.title ?? file };
    if (previous && newestFirst(previous, place) >= 0) return undefined;
    previous = place;
    groups.push({ key: `pm:${file}`, label: place.title, file, items: items.slice(start, end) });
  }
  return groups;
}

/**
 * One collator for the groups' order (String#localeCompare would look one up per comparison), made on
 * first use: creating it costs the CLI's start 2-3 ms.
 */
let collator: Intl.Collator | undefined;

/** A group while it is built: its name, its place among the others, and its items. */
interface NamedGroup {
  readonly key: string;
  /** The value of the bucket it was named from. */
  readonly value: string;
  label: string;
  readonly order: string;
  readonly title?: string;
  readonly file?: string;
  readonly items: IndexedItem[];
}

const DUE_GROUPS: Readonly<Record<string, { label: string; order: string }>> = {
  overdue: { label: 'Overdue', order: '0' },
  week: { label: 'Due in the next 7 days', order: '1' },
  later: { label: 'Later', order: '2' },
  none: { label: 'No due date', order: '3' },
};

/** A group's key, label and order, from the value its items share. */
function nameGroup(grouping: Grouping, value: string, files: ReadonlyMap<string, IndexedFile>, items: IndexedItem[]): NamedGroup {
  switch (grouping) {
    case 'postmortem': {
      const file = files.get(value);
      // Newest first, undated before them; then by title. Plain string orders, built once per group.
      return { key: `pm:${value}`, value, label: file?.title ?? value, order: file?.incidentDate ?? '9999', title: file?.title ?? value, file: value, items };
    }
    case 'owner':
      return { key: `owner:${value.toLowerCase()}`, value, label: value || 'No owner', order: value ? `0|${value.toLowerCase()}` : '1', items };
    case 'priority': {
      const level = priorityLevel(value);
      return { key: `priority:${level ?? ''}`, value, label: level ?? 'No priority', order: String(rank(value)), items };
    }
    case 'due':
      return { key: `due:${value}`, value, label: DUE_GROUPS[value].label, order: DUE_GROUPS[value].order, items };
  }
}

/**
 * Items by due date, then priority, in their order otherwise (a stable sort): bucketed by the due
 * date as written and the priority's rank, so 50,000 items cost one pass and a sort of the distinct
 * dates, not a comparison sort of the items.
 */
function byDueThenPriority(items: readonly IndexedItem[]): IndexedItem[] {
  const byDue = new Map<string, IndexedItem[][]>();
  for (const item of items) {
    const due = item.dueDate ?? '9999';
    let ranks = byDue.get(due);
    if (!ranks) byDue.set(due, (ranks = PRIORITY_ORDER.map(() => []).concat([[]])));
    ranks[rank(item.priority)].push(item);
  }
  const sorted: IndexedItem[] = [];
  for (const due of [...byDue.keys()].sort(compareText)) for (const list of byDue.get(due)!) for (const item of list) sorted.push(item);
  return sorted;
}

export interface CompletionRate {
  /** P0/P1 items done on or before their due date. */
  readonly onTime: number;
  /** P0/P1 items that are done, or whose due date has passed. Items not yet due do not count. */
  readonly counted: number;
  /** onTime / counted, or undefined when nothing counts yet. */
  readonly rate: number | undefined;
}

/**
 * The practice's completion rate: the share of P0/P1 action items completed within their target
 * time (healthy: 80% or more). An item done with no date written counts as on time; an item done
 * with no due date counts as on time too.
 */
export function completionRate(items: readonly IndexedItem[], today: string): CompletionRate {
  let onTime = 0;
  let counted = 0;
  for (const item of items) {
    // A declined item was decided against: it neither counts for nor against the rate.
    if (!isHighPriority(item.priority) || item.state === 'declined') continue;
    if (item.done) {
      counted++;
      if (!item.doneDate || !item.dueDate || item.doneDate <= item.dueDate) onTime++;
    } else if (isOverdue(item, today)) {
      counted++;
    }
  }
  return { onTime, counted, rate: counted > 0 ? onTime / counted : undefined };
}

/** Days an item is overdue (0 when it is not). */
export function daysOverdue(item: IndexedItem, today: string): number {
  const due = item.dueDate && parseIsoDate(item.dueDate);
  const now = parseIsoDate(today);
  return isOverdue(item, today) && due && now ? differenceInCalendarDays(now, due) : 0;
}

/** The item as a Markdown table row under its header, for "Copy as Markdown". */
export function itemAsMarkdown(item: IndexedItem): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    ...tableHead(ACTION_HEADINGS),
    `| ${[item.action, item.type, item.priority, item.owner, item.due, item.status, item.ticket].map(cell).join(' | ')} |`,
  ].join('\n');
}

/**
 * A new-issue URL from the team's pattern: `{title}`, `{body}`, `{owner}`, `{priority}`, `{due}`
 * are replaced, URL-encoded.
 */
export function ticketUrl(pattern: string, item: IndexedItem, postmortemTitle: string): string {
  const body = `Action item from the post-mortem "${postmortemTitle}".\n\n${itemAsMarkdown(item)}`;
  const values: Record<string, string> = { title: item.action, body, owner: item.owner, priority: item.priority, due: item.dueDate ?? item.due };
  return pattern.replace(/\{(title|body|owner|priority|due)\}/g, (_, key: string) => encodeURIComponent(values[key]));
}

/** The first link in a Ticket cell: a Markdown link's target or a bare URL. */
export function ticketLink(ticket: string): string | undefined {
  return /\]\((https?:\/\/[^)\s\]]+)\)/i.exec(ticket)?.[1] ?? /https?:\/\/[^\s)>\]]+/i.exec(ticket)?.[0];
}

/** Keys for scheduling work in slices: the caller yields to the event loop whenever this says so. */
export interface Scheduler {
  shouldYield(): boolean;
  yield(): Promise<void>;
  readonly cancelled: boolean;
}

/**
 * Builds (or refreshes) the index from a list of files: reads `concurrency` files at a time through
 * `read` (undefined: unreadable, skipped), summarizes each as it arrives, and yields to the event
 * loop whenever the scheduler asks, so the host never blocks for long. Returns false when cancelled.
 */
export async function buildIndex(
  index: ActionIndex,
  files: readonly string[],
  read: (file: string) => Promise<string | undefined>,
  summarizeOne: (file: string, text: string) => IndexedFile | undefined,
  scheduler: Scheduler,
  concurrency = 32,
): Promise<boolean> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !scheduler.cancelled) {
      const file = files[next++];
      const text = await read(file);
      // The slice may have ended while this file was read: no reader starts a summary after it (nor, when
      // the next one starts, after the readers before it have used it up).
      while (scheduler.shouldYield() && !scheduler.cancelled) await scheduler.yield();
      if (scheduler.cancelled) return;
      index.set(file, text === undefined ? undefined : summarizeOne(file, text));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return !scheduler.cancelled;
}

/**
 * A scheduler that yields after `sliceMs` of work (the extension host gets the thread back). The
 * readers that run at once (`buildIndex`'s) share each yield and the slice after it: with one yield
 * each, the timer callbacks of 32 readers ran back to back, a slice each, and held the thread for
 * 630 ms once files were read at once (`regularFileReader`).
 */
export function timeSlicer(sliceMs: number, now: () => number, yieldFn: () => Promise<void>, isCancelled: () => boolean = () => false): Scheduler {
  let sliceStart = now();
  let yielding: Promise<void> | undefined;
  return {
    shouldYield: () => now() - sliceStart >= sliceMs,
    yield: () =>
      (yielding ??= yieldFn().then(() => {
        sliceStart = now();
        yielding = undefined;
      })),
    get cancelled() {
      return isCancelled();
    },
  };
}
