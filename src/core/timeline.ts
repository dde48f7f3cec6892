import { incidentDateOf } from './dates';
import type { PostmortemModel, Timeline, TimelineEntry } from './model';
import { addColumnEdits, setCellEdit } from './tableEdit';
import type { MarkdownTable, TableRow } from './table';
import { lineRange, range, type Position, type TextEdit } from './text';
import { insertSectionEdit, tableHead, TIMELINE_HEADINGS } from './template';
import { timelineKeys } from './timelineRead';
import { readStamp } from './timestamp';
import { offsetAt, wallToUtc } from './zones';

/** The header of a new timeline table. */

/** Each entry's sort key (see `timelineKeys`), with the document's incident date. */
export function entryKeys(model: Pick<PostmortemModel, 'metadata' | 'timeline'>, timeline: Timeline): (number | undefined)[] {
  return timelineKeys(timeline, incidentDateOf(model));
}

/**
 * The time to write for "now" in a timeline: in its zone when it states one (else UTC), as `HH:MM`,
 * or `h:mm AM` when the timeline writes 12-hour times; with the date when it is not the incident's.
 */
export function timeForNow(model: Pick<PostmortemModel, 'metadata' | 'timeline'>, now: Date): string {
  const timeline = model.timeline;
  const zone = timeline?.zone?.zone;
  const wall = new Date(now.getTime() + (zone === undefined ? 0 : offsetAt(zone, now.getTime())) * 60_000);
  const day = wall.toISOString().slice(0, 10);
  const minutes = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const sample = timeline?.entries.find((e) => e.time?.minutes !== undefined)?.timeText ?? '';
  const time = formatTimeLike(sample, minutes);
  const written = timeline?.entries.some((e) => e.time?.dateWritten);
  return day === incidentDateOf(model) && !written ? time : `${day} ${time}`;
}

/** `14:02`, or `2:02 PM` when `sample` is written that way. */
export function formatTimeLike(sample: string, minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = String(Math.floor(minutes % 60)).padStart(2, '0');
  if (/\d\s?[ap]\.?m/i.test(sample)) return `${((h + 11) % 12) + 1}:${m} ${/\d\s?[AP]/.test(sample) ? (h < 12 ? 'AM' : 'PM') : h < 12 ? 'am' : 'pm'}`;
  return `${String(h).padStart(2, '0')}:${m}`;
}

/** The key of a time written by the extension (`HH:MM` or `YYYY-MM-DD HH:MM`), in the timeline's zone. */
function keyOfNew(model: PostmortemModel, timeline: Timeline | undefined, time: string): number {
  const stamp = readStamp(time);
  if (!stamp || stamp.minutes === undefined) return Infinity;
  const lastDate = timeline && [...timeline.entries].reverse().find((e) => e.time?.date)?.time?.date;
  const day = stamp.date && !stamp.date.startsWith('--') ? stamp.date : (lastDate ?? incidentDateOf(model));
  const wall = (day ? Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) : 0) + stamp.minutes * 60_000;
  const zone = timeline?.zone?.zone;
  return (zone === undefined ? wall : wallToUtc(wall, zone)) / 60_000;
}

/**
 * The lines of a new entry in the timeline's own shape: a row with the table's columns, a bullet or a
 * paragraph written like the first entry (its marker, its emphasis around the time), a heading of the
 * first entry's level. `cursor` is where the event's text goes, relative to the first line.
 */
export function newEntry(
  timeline: Timeline,
  lines: readonly string[],
  time: string,
  event: string,
  source: string,
): { lines: string[]; cursor: number; cursorLine: number } {
  if (timeline.shape === 'table' && timeline.table) {
    const width = Math.max(timeline.table.header.cells.length, 2);
    const timeColumn = timeline.columns.time ?? 0;
    const eventColumn = timeline.columns.event ?? (timeColumn === 0 ? 1 : 0);
    const cells = Array.from({ length: width }, (_, i) =>
      i === timeColumn ? time : i === eventColumn ? escape(event) : i === timeline.columns.source ? escape(source) : '',
    );
    const row = `| ${cells.join(' | ')} |`;
    return { lines: [row], cursor: cellStart(row, eventColumn), cursorLine: 0 };
  }
  const sample = timeline.entries.find((e) => e.timeRange);
  const sampleLine = sample ? (lines[sample.line] ?? '') : '';
  const start = sample?.timeRange?.start.character ?? 0;
  const end = sample?.timeRange?.end.character ?? 0;
  let after = end;
  while (after < sampleLine.length && /[\s:–—\-|*_`)\]]/.test(sampleLine[after])) after++;
  const prefix = sample ? sampleLine.slice(0, start) : timeline.shape === 'headings' ? '### ' : '- ';
  const separator = sample ? sampleLine.slice(end, after) || ' ' : ' ';
  if (timeline.shape === 'headings') {
    const heading = `${prefix}${time}${separator.trimEnd()}`;
    return { lines: [heading, '', event], cursor: event.length, cursorLine: 2 };
  }
  const line = `${prefix}${time}${separator}${event}`;
  return { lines: [line], cursor: line.length, cursorLine: 0 };
}

function escape(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/** Where a new entry with this key goes: after the last entry not later than it (undefined keys stay with the entry above). */
export function insertionIndex(keys: readonly (number | undefined)[], key: number): number {
  let effective = -Infinity;
  let after = -1;
  for (let i = 0; i < keys.length; i++) {
    effective = keys[i] ?? effective;
    if (effective <= key) after = i;
    else break;
  }
  return after;
}

/** The edit that inserts entry lines after entry `index` (or before the first one when -1). */
export function insertEntryEdit(
  timeline: Timeline,
  lines: readonly string[],
  index: number,
  entryLines: readonly string[],
  eol: string,
): { edit: TextEdit; firstLine: number } {
  const blocky = timeline.shape === 'headings' || timeline.shape === 'paragraphs';
  if (index < 0) {
    const first = timeline.entries[0];
    const at = first.lines.start;
    return { edit: { range: lineRange(at, 0, 0), newText: entryLines.join(eol) + eol + (blocky ? eol : '') }, firstLine: at };
  }
  const entry = timeline.entries[index];
  const last = entry.lines.end - 1;
  return {
    edit: { range: lineRange(last, lines[last].length, lines[last].length), newText: (blocky ? eol + eol : eol) + entryLines.join(eol) },
    firstLine: last + (blocky ? 2 : 1),
  };
}

/**
 * "Add event": an entry at its place in time order with `time`, in the timeline's own shape (a row,
 * a bullet, a heading, a paragraph); the cursor goes where the event's text is typed. Creates a table
 * under the Timeline heading, and the section itself, when there is no timeline yet.
 */
export function addEventEdits(model: PostmortemModel, lines: readonly string[], time: string): { edits: TextEdit[]; cursor: Position } {
  const eol = model.eol;
  const timeline = model.timeline;
  if (timeline && timeline.entries.length > 0) {
    const entry = newEntry(timeline, lines, time, '', '');
    const index = insertionIndex(entryKeys(model, timeline), keyOfNew(model, timeline, time));
    const { edit, firstLine } = insertEntryEdit(timeline, lines, index, entry.lines, eol);
    return { edits: [edit], cursor: { line: firstLine + entry.cursorLine, character: entry.cursor } };
  }
  if (timeline?.table) {
    const entry = newEntry(timeline, lines, time, '', '');
    const at = timeline.table.lines.start + 1;
    return {
      edits: [{ range: lineRange(at, lines[at].length, lines[at].length), newText: eol + entry.lines[0] }],
      cursor: { line: at + 1, character: entry.cursor },
    };
  }
  const table = [...tableHead(TIMELINE_HEADINGS), `| ${time} |${'  |'.repeat(TIMELINE_HEADINGS.length - 1)}`];
  const section = timeline?.section ?? model.sections.find((s) => s.kind === 'timeline');
  if (section) {
    const line = section.heading.start.line;
    return {
      edits: [{ range: lineRange(line, lines[line].length, lines[line].length), newText: eol + table.join(eol) + (lines[line + 1]?.trim() ? eol : '') }],
      cursor: { line: line + 3, character: cellStart(table[2], 1) },
    };
  }
  // No Timeline section: add one where the template has it.
  const { edit, line } = insertSectionEdit(model, lines, 'timeline', table);
  return { edits: [edit], cursor: { line: line + 3, character: cellStart(table[2], 1) } };
}

/**
 * Sorts a timeline's entries by time, stably and in its own shape: rows, bullets (with their
 * continuation lines), heading blocks. Entries move only within their table, list or run of
 * headings, so day headings keep their days; an entry with no time stays after the entry above it.
 * Returns no edit when the entries are already in order.
 */
export function sortTimelineEdits(model: Pick<PostmortemModel, 'metadata' | 'timeline'>, timeline: Timeline, lines: readonly string[], eol = '\n'): TextEdit[] {
  const keys = entryKeys(model, timeline);
  const edits: TextEdit[] = [];
  for (const group of entryGroups(timeline, lines)) {
    if (group.length < 2) continue;
    let previous = -Infinity;
    const keyed = group.map((index, order) => {
      const key = keys[index] ?? previous;
      previous = key;
      return { index, order, key };
    });
    const sorted = [...keyed].sort((a, b) => a.key - b.key || a.order - b.order);
    if (sorted.every((row, i) => row.order === i)) continue;
    const entries = group.map((i) => timeline.entries[i]);
    const text = (entry: TimelineEntry): string => lines.slice(entry.lines.start, entry.lines.end).join(eol);
    const out: string[] = [];
    sorted.forEach((row, i) => {
      out.push(text(timeline.entries[row.index]));
      // What stood between the i-th and the next slot stays there (blank lines, nothing for rows).
      if (i < entries.length - 1) out.push(...lines.slice(entries[i].lines.end, entries[i + 1].lines.start).map((l) => eol + l), eol);
    });
    const first = entries[0].lines.start;
    const last = entries[entries.length - 1].lines.end - 1;
    edits.push({ range: range(first, 0, last, lines[last].length), newText: out.join('') });
  }
  return edits;
}

/**
 * Groups of entries that may change places: consecutive entries with only blank lines between them
 * (one table; one list; a run of time headings). A day heading or a note between two entries starts
 * a new group.
 */
export function entryGroups(timeline: Timeline, lines: readonly string[]): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  timeline.entries.forEach((entry, i) => {
    const previous = timeline.entries[i - 1];
    let together = previous !== undefined && entry.lines.start >= previous.lines.end;
    for (let line = previous?.lines.end ?? 0; together && line < entry.lines.start; line++) if ((lines[line] ?? '').trim() !== '') together = false;
    if (together) current.push(i);
    else {
      if (current.length > 0) groups.push(current);
      current = [i];
    }
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Where the cursor goes in cell `index` of a row written as `| a | b |`: just after its opening space. */
function cellStart(row: string, index: number): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '|' && row[i - 1] !== '\\') {
      if (pipes === index) return i + 2;
      pipes++;
    }
  }
  return row.length;
}

/**
 * Display width in a monospace editor: East Asian wide and fullwidth characters and emoji take two
 * columns, combining marks and joiners none.
 */
export function displayWidth(text: string): number {
  let width = 0;
  let joined = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\u200d|\ufe0f/u.test(ch)) {
      joined = ch === '\u200d';
      continue;
    }
    if (joined) {
      joined = false;
      continue; // the second half of an emoji ZWJ sequence shows as one glyph
    }
    width += /\p{Extended_Pictographic}/u.test(ch) || isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * "Format": pads every cell to its column's display width and rewrites the delimiter row to match,
 * keeping alignment colons and each cell's text exactly as written (escaped pipes included). Rows
 * keep their number of cells, so the table parses back to the same cells. One edit per changed line.
 */
export function formatTableEdits(table: MarkdownTable, lines: readonly string[]): TextEdit[] {
  const rows = [table.header, ...table.rows];
  const raw = (row: TableRow): string[] => row.cells.map((c) => lines[row.line].slice(c.range.start.character, c.range.end.character));
  const texts = rows.map(raw);
  const delimiterCells = lines[table.delimiterLine]
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
  const columns = Math.max(...texts.map((t) => t.length), delimiterCells.length);
  const widths = Array.from({ length: columns }, (_, i) => Math.max(3, ...texts.map((t) => (t[i] !== undefined ? displayWidth(t[i]) : 0))));
  const pad = (text: string, i: number): string => text + ' '.repeat(widths[i] - displayWidth(text));
  const render = (cells: string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const delimiter = `|${widths
    .slice(0, delimiterCells.length)
    .map((w, i) => {
      const cell = delimiterCells[i] ?? '---';
      const left = cell.startsWith(':');
      const right = cell.endsWith(':');
      return ` ${left ? ':' : '-'}${'-'.repeat(Math.max(1, w - 2))}${right ? ':' : '-'} `;
    })
    .join('|')}|`;
  const edits: TextEdit[] = [];
  const replace = (line: number, text: string): void => {
    if (lines[line] !== text) edits.push({ range: lineRange(line, 0, lines[line].length), newText: text });
  };
  rows.forEach((row, i) => replace(row.line, render(texts[i])));
  replace(table.delimiterLine, delimiter);
  return edits;
}

/**
 * "Convert to UTC": every entry whose time has a zone other than UTC (its own, or the timeline's
 * from a heading, a header or a note) gets its UTC time, with the date when the entry wrote one or
 * the day changes; a zone the entry wrote becomes `UTC`, and the note that states the timeline's zone
 * says UTC. Daylight saving time is the zone's on each entry's date.
 */
export function convertToUtcEdits(model: PostmortemModel, lines: readonly string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const incident = incidentDateOf(model);
  const notes = new Map<string, { line: number; text: string }>();
  const isUtc = (zone: string | number): boolean => zone === 0 || (typeof zone === 'string' && /^(?:Etc\/)?(?:UTC|GMT)$/i.test(zone));
  for (const timeline of model.timelines) {
    const keys = timelineKeys(timeline, incident);
    // A table headed "Time (UTC)" needs no zone on each row; elsewhere a converted time says UTC.
    const statedUtc = timeline.zone !== undefined && isUtc(timeline.zone.zone);
    timeline.entries.forEach((entry, i) => {
      const time = entry.time;
      const key = keys[i];
      if (!time?.zone || key === undefined || time.minutes === undefined || !entry.timeRange) return;
      if (isUtc(time.zone.zone)) return;
      const utc = new Date(key * 60_000).toISOString();
      const ownZone = time.zone.line === entry.line && entry.timeText.includes(time.zone.text);
      const localDay = time.date;
      const withDate =
        time.dateWritten || (localDay !== undefined && utc.slice(0, 10) !== localDay) || (!localDay && incident !== undefined && utc.slice(0, 10) !== incident);
      const text = `${withDate ? `${utc.slice(0, 10)} ` : ''}${formatTimeLike('', Number(utc.slice(11, 13)) * 60 + Number(utc.slice(14, 16)))}${ownZone && !statedUtc ? ' UTC' : ''}`;
      const current = lines[entry.timeRange.start.line].slice(entry.timeRange.start.character, entry.timeRange.end.character);
      if (current !== text) edits.push({ range: entry.timeRange, newText: text });
      if (!ownZone) notes.set(`${time.zone.line}:${time.zone.text}`, { line: time.zone.line, text: time.zone.text });
    });
  }
  for (const note of notes.values()) {
    const line = lines[note.line] ?? '';
    const at = wordIndex(line, note.text);
    if (at >= 0) edits.push({ range: lineRange(note.line, at, at + note.text.length), newText: 'UTC' });
  }
  return edits;
}

/** Where `word` stands as a whole word in a line, or -1. */
function wordIndex(line: string, word: string): number {
  for (let at = line.indexOf(word); at >= 0; at = line.indexOf(word, at + 1)) {
    const before = line[at - 1] ?? ' ';
    const after = line[at + word.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return at;
  }
  return -1;
}

/** The classes of timeline events, in the order a response goes through them. */
export const EVENT_CLASSES = ['change', 'symptom', 'alert', 'customer', 'response', 'mitigation', 'resolution'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

export const EVENT_CLASS_LABELS: Readonly<Record<EventClass, string>> = {
  change: 'deploy / change',
  symptom: 'symptom / metric',
  alert: 'detection by monitoring',
  customer: 'detection by a customer',
  response: 'response',
  mitigation: 'mitigation',
  resolution: 'resolution',
};

/**
 * The words of each class, in the order they are tried: an event that rolls back or recovers is that
 * first, whatever symptom it names. Written from incident vocabulary in general (deploy and CI tools,
 * monitoring, paging, support channels, runbooks), and checked on event texts it was not written from
 * (test/unit/timeline.test.ts).
 */
const CLASS_RULES: readonly [EventClass, RegExp][] = [
  [
    'resolution',
    /\b(resolved|resolution|fully (?:recovered|operational|processed|restored)|recovered|back to (?:normal|baseline)|back (?:at|within) (?:baseline|slo)|all clear|incident closed|queue drained|caught up|(?:marked|set) (?:as )?(?:operational|resolved)|monitoring (?:is )?green)\b/i,
  ],
  [
    'mitigation',
    /\b(roll(?:ed|ing)? ?back|revert(?:ed|ing)?|mitigat\w*|fail(?:ed)? ?over|scal(?:ed|ing) (?:up|out)|scaled?\b|restart(?:ed|ing)?|disabled?|turned off|switched off|hotfix\w*|workaround|stopgap|(?:traffic|load) (?:diverted|shifted|drained|moved|rerouted)|drained from|redeploy(?:ed)? (?:the )?previous|pulled|killed|throttl\w*|rate limit (?:raised|lowered|added)|blocked|workers? added|extra (?:workers|capacity|nodes))\b/i,
  ],
  [
    'customer',
    /\b(customers?|clients?|merchants?|users? (?:report|post|complain)\w*|support (?:ticket|case|line|email)s?|emails? support|complain\w*|tweets?|social media|community forum|opens? an? p\d case)\b/i,
  ],
  [
    'alert',
    /\b(alert\w*|paged|paging|pages (?:the )?|page (?:for|to)|pager|alarm\w*|monitor(?:ing)? (?:fired|triggered)|triggers?|fires|(?:health|heartbeat|synthetic|uptime) check\w* (?:fail\w*|goes red|red)|goes red|burn[- ]rate)\b/i,
  ],
  [
    'change',
    /\b(deploy\w*|release[ds]?|rollout|rolled out|config(?:uration)? change|migration|merged?|upgraded?|upgrades|commit|shipped|goes live|went live|promoted|feature flag \S+ (?:enabled|turned on)|flag (?:enabled|flipped|turned on)|terraform|applied|version \d)\b/i,
  ],
  [
    'response',
    /\b(incident (?:declared|channel|commander)|declared|investigat\w*|join(?:s|ed)?|on-?call (?:acknowledg\w*|engineer (?:joins|looks))|identified|escalat\w*|war room|bridge|acknowledg\w*|takes? incident command|commander|triag\w*|diagnos\w*|begins? (?:looking|investigating)|brought in(?:to)?|engaged)\b/i,
  ],
  [
    'symptom',
    /\b(rises?|spikes?|climbs?|jumps?|grows?|increas\w*|falls?|drops?|dropp?(?:ed|ing)|declin\w*|reach(?:es|ed)|errors?|latency|saturat\w*|usage|fail(?:s|ed|ing|ures?)|timeouts?|tim(?:ing|es?) out|slow(?:s|ed|ing)?|[45]xx|degrad\w*|melting|crash\w*|oom\w*|out of memory|lag|backlog|queue depth|unavailable|full)\b/i,
  ],
];

const SOURCE_HINTS: readonly [EventClass, RegExp][] = [
  ['change', /\b(ci\/cd|deploy\w*|git|release|spinnaker|argo(?: cd)?|jenkins|github actions|terraform|atlas|flyway|launchdarkly)\b/i],
  ['customer', /\b(support|customer|ticket|twitter|social|zendesk|intercom|freshdesk|email)\b/i],
  ['alert', /\b(monitoring|pager ?duty|opsgenie|alertmanager|pager|datadog monitor|pingdom|checkly|uptime)\b/i],
  ['symptom', /\b(metrics?|graphs?|dashboards?|logs?|grafana|prometheus|cloudwatch|node exporter)\b/i],
];

/** A class tag written in a row overrides the guess: `#change`, `#symptom`, `#alert`, `#customer`, `#response`, `#mitigation`, `#resolution`. */
const TAG = new RegExp(`(?:^|\\s)#(${EVENT_CLASSES.join('|')})\\b`, 'i');

/** The class of a timeline event, from a tag in the row, else its text, else its source. */
export function classifyEvent(event: string, source: string, rowText = `${event} ${source}`): EventClass | undefined {
  const tag = TAG.exec(rowText);
  if (tag) return tag[1].toLowerCase() as EventClass;
  for (const [cls, pattern] of CLASS_RULES) if (pattern.test(event)) return cls;
  for (const [cls, pattern] of SOURCE_HINTS) if (pattern.test(source)) return cls;
  return undefined;
}

/** An entry's lines as one text (a table row's is its line: no copy). */
function rowText(entry: TimelineEntry, lines: readonly string[]): string {
  const { start, end } = entry.lines;
  return end - start === 1 ? (lines[start] ?? '') : lines.slice(start, end).join(' ');
}

export interface TimelineAnalysis {
  /** Per entry (same order as the timeline): its class, its time key, and the gap note for it. */
  readonly rows: readonly {
    readonly entry: TimelineEntry;
    readonly cls: EventClass | undefined;
    readonly key: number | undefined;
    readonly note: string | undefined;
  }[];
  readonly start: string | undefined;
  readonly end: string | undefined;
  /** In minutes. */
  readonly duration: number | undefined;
  readonly timeToDetect: number | undefined;
  readonly timeToMitigate: number | undefined;
  readonly timeToResolve: number | undefined;
  /** First symptom to first detection, in minutes. */
  readonly detectionGap: number | undefined;
  readonly customerBeforeMonitoring: boolean;
}

/**
 * Gap analysis: each row's class, a note where the time since the previous event is long
 * (`gapMinutes`, default 10), the detection gap (first symptom to first detection) on the first
 * detection, and "customer before monitoring" when a customer report precedes the first alert. Times
 * to detect, mitigate and resolve count from the first event; the duration runs from the first event
 * to the resolution (or the last event).
 */
export function analyzeTimeline(
  model: PostmortemModel,
  lines: readonly string[],
  gapMinutes = 10,
  timeline: Timeline | undefined = model.timeline,
): TimelineAnalysis | undefined {
  if (!timeline) return undefined;
  const keys = entryKeys(model, timeline);
  const rows = timeline.entries.map((entry, i) => ({
    entry,
    key: keys[i],
    cls: classifyEvent(entry.event, entry.cells.source?.text ?? '', rowText(entry, lines)),
  }));
  const timed = rows.filter((r) => r.key !== undefined) as ((typeof rows)[number] & { key: number })[];
  const first = (cls: EventClass | EventClass[]): (typeof timed)[number] | undefined => {
    const wanted = ([] as EventClass[]).concat(cls); // once, not once per row
    return timed.find((r) => r.cls !== undefined && wanted.includes(r.cls));
  };
  const start = timed[0];
  const symptom = first(['symptom']);
  const alert = first('alert');
  const customer = first('customer');
  const detection = first(['alert', 'customer']);
  const mitigation = first(['mitigation', 'resolution']);
  const resolution = [...timed].reverse().find((r) => r.cls === 'resolution') ?? mitigation;
  const end = resolution ?? timed[timed.length - 1];
  const customerBeforeMonitoring = !!customer && (!alert || customer.key < alert.key);
  const detectionGap = symptom && detection && detection.key >= symptom.key ? detection.key - symptom.key : undefined;
  const since = (r: { key: number } | undefined): number | undefined => (r && start ? Math.round(r.key - start.key) : undefined);

  const notes = new Map<TimelineEntry, string[]>();
  const note = (entry: TimelineEntry, text: string): void => void (notes.get(entry) ?? notes.set(entry, []).get(entry)!).push(text);
  for (let i = 1; i < timed.length; i++) {
    const gap = Math.round(timed[i].key - timed[i - 1].key);
    if (gap >= gapMinutes) note(timed[i].entry, `${formatGap(gap)} gap since the previous event`);
  }
  if (detection && detectionGap !== undefined && detectionGap > 0) {
    note(
      detection.entry,
      `${formatGap(Math.round(detectionGap))} detection gap${customerBeforeMonitoring && detection === customer ? ' (customer before monitoring)' : ''}`,
    );
  } else if (customerBeforeMonitoring && customer) {
    note(customer.entry, 'customer before monitoring');
  }
  const label = (r: (typeof timed)[number] | undefined): string | undefined => r?.entry.timeText;
  return {
    rows: rows.map((r) => ({ entry: r.entry, cls: r.cls, key: r.key, note: notes.get(r.entry)?.join('; ') })),
    start: label(start),
    end: label(end),
    duration: end && start ? Math.round(end.key - start.key) : undefined,
    timeToDetect: since(detection),
    timeToMitigate: since(mitigation),
    timeToResolve: since(resolution),
    detectionGap: detectionGap === undefined ? undefined : Math.round(detectionGap),
    customerBeforeMonitoring,
  };
}

/** `7-minute`, `3-hour 12-minute`: a gap as an adjective. */
function formatGap(minutes: number): string {
  if (minutes < 60 * 3) return `${minutes}-minute`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}-hour ${m}-minute` : `${h}-hour`;
}

/** Writes the analysis' notes into empty Gap Analysis cells (adding the column when missing); never over a cell a person wrote. */
export function gapAnalysisEdits(model: PostmortemModel, lines: readonly string[], analysis: TimelineAnalysis): TextEdit[] {
  const timeline = model.timeline;
  // Only a table has a place for notes; other shapes show them as hints, never written into the text.
  if (!timeline?.table) return [];
  const column = timeline.columns.gap;
  const notes = new Map(analysis.rows.filter((r) => r.note && r.entry.row).map((r) => [r.entry.row!, r.note!]));
  if (notes.size === 0) return [];
  if (column === undefined) return addColumnEdits(timeline.table, 'Gap Analysis', lines, (row) => notes.get(row) ?? '');
  const edits: TextEdit[] = [];
  for (const r of analysis.rows) {
    const row = r.entry.row;
    const cell = row?.cells[column];
    if (row && r.note && (!cell || cell.text.trim() === '')) edits.push(setCellEdit(row, column, r.note, lines[row.line]));
  }
  return edits;
}

/** `1 h 12 min`, `23 minutes`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}

/** `Duration: START to END (TOTAL)` into Metadata: the value replaced, or the key added. */
export function durationEdits(model: PostmortemModel, lines: readonly string[], analysis: TimelineAnalysis): TextEdit[] {
  if (analysis.duration === undefined || !analysis.start || !analysis.end) return [];
  const value = `${analysis.start} to ${analysis.end} (${formatMinutes(analysis.duration)})`;
  const entry = model.metadata.find((e) => e.key === 'duration' && e.source === 'list');
  if (entry) {
    const space = entry.value === '' && !/\s$/.test(lines[entry.line].slice(0, entry.valueRange.start.character)) ? ' ' : '';
    return [{ range: entry.valueRange, newText: space + value }];
  }
  const date = model.metadata.find((e) => e.key === 'date' && e.source === 'list');
  const section = model.sections.find((s) => s.kind === 'metadata');
  const after = date?.line ?? section?.heading.start.line ?? model.title?.range.start.line;
  if (after === undefined) return [];
  return [{ range: range(after, lines[after].length, after, lines[after].length), newText: `${model.eol}- Duration: ${value}` }];
}
