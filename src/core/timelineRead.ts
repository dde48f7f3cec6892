import { blocksIn, type Block, type ListItemBlock, type MarkdownStructure } from './markdown';
import type { EntryTime, Section, Timeline, TimelineEntry, ZoneNote } from './model';
import { KEEP_CELLS_UP_TO, cellsByColumn, mapColumns, normalizeLabel, parseTable, type TableCell, type TableRow } from './table';
import { joinLines, lineRange, outermost, trimOf } from './text';
import { isStampOnly, isUnknownTime, readStamp, skipSeparator, stripEmphasis, type Stamp } from './timestamp';
import { TIMELINE_COLUMN_SYNONYMS, type TimelineColumn } from './vocabulary';
import { wallToUtc, zoneOf } from './zones';

/**
 * Timelines in the shapes teams write them: a table with a time column, bullets that start with a
 * time, one heading per time with paragraphs under it, paragraphs that open with a (bold) stamp.
 * Dates carry from entry to entry and from day headings; the zone comes from the entry, the table
 * header, the section heading or a note line ("All times in PST."), in that order.
 */
export function readTimelines(structure: MarkdownStructure, sections: readonly Section[], yearHint?: string, keepCells = false): Timeline[] {
  // A timeline section inside another one ("### Follow-up timeline" under "## Timeline") is read with it.
  return outermost(
    sections.filter((s) => s.kind === 'timeline'),
    (s) => s.body,
  ).map((section) => readTimeline(structure, section, yearHint, keepCells));
}

/** The cells of an entry that is not a table row (one object for all of them). */
const NO_CELLS: TimelineEntry['cells'] = Object.freeze({});

/**
 * A table row's entry: its cells are kept when the table is small (`KEEP_CELLS_UP_TO`) or the reader
 * was asked to keep them (`keepCells`: a reading that is analysed once and let go, as the index's
 * timeline figures are); otherwise they are split from the row again when asked for (a model of a
 * 5 MB document holds 40,000 rows).
 */
class RowEntry implements TimelineEntry {
  constructor(
    readonly row: TableRow,
    private readonly fields: readonly (readonly [TimelineColumn, number])[],
    readonly timeText: string,
    readonly timeRange: TimelineEntry['timeRange'],
    readonly time: EntryTime | undefined,
    readonly event: string,
    private readonly kept?: TimelineEntry['cells'],
  ) {}

  get line(): number {
    return this.row.line;
  }

  get lines(): TimelineEntry['lines'] {
    return { start: this.row.line, end: this.row.line + 1 };
  }

  get cells(): TimelineEntry['cells'] {
    return this.kept ?? cellsByColumn(this.row.cells, this.fields);
  }
}

interface State {
  date: string | undefined;
  /** The date came from a day heading or marker (authoritative for the entries under it), not from an entry. */
  fromMarker: boolean;
  zone: ZoneNote | undefined;
  shape: Timeline['shape'] | undefined;
  readonly entries: TimelineEntry[];
}

function readTimeline(structure: MarkdownStructure, section: Section, yearHint: string | undefined, keepCells: boolean): Timeline {
  const { lines, blocks } = structure;
  const state: State = { date: undefined, fromMarker: false, zone: zoneIn(section.title, section.heading.start.line), shape: undefined, entries: [] };
  let table: Timeline['table'];
  let columns: Timeline['columns'] = {};
  const inside = blocksIn(blocks, section.body);
  for (let i = 0; i < inside.length; i++) {
    const block = inside[i];
    switch (block.type) {
      case 'table': {
        if (table) break;
        const parsed = parseTable(lines, block.span);
        const mapped = timelineColumns(parsed.header.cells);
        if (mapped.time === undefined) break;
        table = parsed;
        columns = mapped;
        const headerZone = zoneIn(parsed.header.cells[mapped.time].text, parsed.header.line);
        if (headerZone) state.zone = headerZone;
        const fields = Object.entries(mapped) as [TimelineColumn, number][];
        const keep = keepCells || parsed.rows.length <= KEEP_CELLS_UP_TO;
        for (const row of parsed.rows) {
          const cells = cellsByColumn(row.cells, fields);
          const cell = cells.time;
          const text = cell?.text ?? '';
          const stamp = isStampOnly(text, { compact: true });
          const time = stamp ? timeOf(stamp, row.line, state, yearHint) : isUnknownTime(text) ? unknownTime(state) : undefined;
          state.entries.push(
            new RowEntry(row, fields, stripEmphasis(text).trim(), cell?.range, time, stripEmphasis(cells.event?.text ?? '').trim(), keep ? cells : undefined),
          );
        }
        state.shape ??= 'table';
        break;
      }
      case 'list':
        readList(block.items, structure, state, yearHint);
        break;
      case 'heading': {
        const stamp = isStampOnly(block.text);
        if (!stamp) break;
        const line = block.line;
        if (stamp.minutes === undefined && !stamp.unknown) {
          if (stamp.date) setMarker(state, fullDate(stamp.date, state, yearHint));
          break;
        }
        // The text under the heading, up to the next heading (a scan that stops there, so many time headings stay linear).
        let next = i + 1;
        while (next < inside.length && inside[next].type !== 'heading') next++;
        const end = next < inside.length ? inside[next].span.start : section.body.end;
        const body = inside.slice(i + 1, next).find((b) => b.type === 'paragraph' || b.type === 'list');
        const event = body?.type === 'paragraph' ? body.text : body?.type === 'list' ? (body.items[0]?.text ?? '') : '';
        state.entries.push({
          line,
          lines: { start: block.span.start, end: trimEnd(structure.content, block.span.start, end) },
          timeText: stripEmphasis(block.text).trim().slice(0, stampLength(block.text)),
          timeRange: rangeOfStamp(lines[line] ?? '', line, headingTextStart(lines[line] ?? ''), stamp),
          time: timeOf(stamp, line, state, yearHint),
          event: joinLines(stripEmphasis(event)).trim(),
          row: undefined,
          cells: NO_CELLS,
        });
        state.shape ??= 'headings';
        break;
      }
      case 'paragraph':
        readParagraph(block, structure, state, yearHint);
        break;
    }
  }
  return { shape: state.shape ?? (table ? 'table' : 'list'), section, table, columns, zone: state.zone, entries: state.entries };
}

/** The columns of a timeline table: the first whose header names a time or date is the time. */
function timelineColumns(header: readonly TableCell[]): Partial<Record<TimelineColumn, number>> {
  const columns = mapColumns<TimelineColumn>({ line: 0, range: lineRange(0, 0, 0), cells: header }, TIMELINE_COLUMN_SYNONYMS);
  if (columns.time === undefined) {
    const index = header.findIndex((c) => /\b(time|date|when|timestamp)\b/.test(normalizeLabel(c.text)));
    if (index >= 0) columns.time = index;
  }
  if (columns.time !== undefined && columns.event === undefined) {
    const index = header.findIndex((_, i) => i !== columns.time && !Object.values(columns).includes(i));
    if (index >= 0) columns.event = index;
  }
  return columns;
}

function readList(items: readonly ListItemBlock[], structure: MarkdownStructure, state: State, yearHint: string | undefined): void {
  const { lines } = structure;
  const stamped = items.map((item) => ({ item, stamp: leadingStamp(lines[item.textLine] ?? '', item.textStart) }));
  if (!stamped.some((s) => s.stamp)) return;
  for (const { item, stamp } of stamped) {
    const whole = stamp && isStampOnly(item.text, { compact: true });
    // A day marker: "- **2023-07-19**" with the day's events nested under it.
    if (whole && whole.minutes === undefined && !whole.unknown && whole.date) {
      setMarker(state, fullDate(whole.date, state, yearHint));
      if (item.children.length > 0) readList(item.children, structure, state, yearHint);
      if (item.children.length === 0 && item.text.length > stampLength(item.text)) pushItem(item, stamp, structure, state, yearHint);
      continue;
    }
    pushItem(item, stamp, structure, state, yearHint);
  }
  state.shape ??= 'list';
}

/**
 * `part` as a slice of `text` when `text` ends with it: the same string, without keeping the copy
 * that stripping the time's emphasis made (a long list timeline kept one per entry).
 */
function tailOf(text: string, part: string): string {
  return part !== '' && text.endsWith(part) ? text.slice(text.length - part.length) : part;
}

function pushItem(
  item: ListItemBlock,
  stamp: { stamp: Stamp; start: number } | undefined,
  structure: MarkdownStructure,
  state: State,
  yearHint: string | undefined,
): void {
  const { lines } = structure;
  const line = item.line;
  const plain = stripEmphasis(item.text);
  const eventStart = stamp ? skipSeparator(plain, stampLength(item.text)) : 0;
  state.entries.push({
    line,
    lines: item.lines,
    timeText: stamp
      ? (lines[item.textLine] ?? '').slice(stamp.start, stamp.start + rawLength(lines[item.textLine] ?? '', stamp.start, stamp.stamp.length))
      : '',
    timeRange: stamp ? rangeOfStamp(lines[item.textLine] ?? '', item.textLine, item.textStart, stamp.stamp) : undefined,
    time: stamp ? timeOf(stamp.stamp, line, state, yearHint) : undefined,
    event: tailOf(item.text, plain.slice(eventStart).trim()),
    row: undefined,
    cells: NO_CELLS,
  });
}

const ZONE_NOTE = /\btimes?\b|\bzone\b|\bclock\b/i;

function readParagraph(block: Extract<Block, { type: 'paragraph' }>, structure: MarkdownStructure, state: State, yearHint: string | undefined): void {
  const { lines } = structure;
  const line = block.span.start;
  const first = lines[line] ?? '';
  const firstText = block.text.split('\n')[0] ?? '';
  const whole = isStampOnly(firstText);
  // "2015-10-21 (*all times UTC*)": a day marker, perhaps with the zone.
  if (whole && whole.minutes === undefined && !whole.unknown && whole.date && block.text.split('\n').length === 1) {
    setMarker(state, fullDate(whole.date, state, yearHint));
    const zone = zoneIn(firstText.slice(stampLength(firstText)), line);
    if (zone) state.zone = zone;
    return;
  }
  const stamp = leadingStamp(first, first.length - first.trimStart().length);
  const bold = /^\s{0,3}(\*\*|__)/.test(first);
  // "**Mar 3, 2024, 09:15 (UTC):** text", or a stamp alone on the first line with the text under it.
  if (stamp && stamp.stamp.minutes !== undefined && (bold || (whole && block.text.includes('\n')) || state.shape === 'paragraphs')) {
    const plain = joinLines(stripEmphasis(block.text));
    const eventStart = skipSeparator(plain, stampLength(block.text));
    state.entries.push({
      line,
      lines: block.span,
      timeText: first.slice(stamp.start, stamp.start + rawLength(first, stamp.start, stamp.stamp.length)),
      timeRange: rangeOfStamp(first, line, first.length - first.trimStart().length, stamp.stamp),
      time: timeOf(stamp.stamp, line, state, yearHint),
      event: plain.slice(eventStart).trim(),
      row: undefined,
      cells: NO_CELLS,
    });
    state.shape ??= 'paragraphs';
    return;
  }
  if (state.entries.length === 0 && ZONE_NOTE.test(block.text)) {
    const zone = zoneIn(block.text, line);
    if (zone) state.zone = zone;
  }
}

/** The zone named in a text: the first word that is a zone abbreviation, an IANA name or an offset. */
export function zoneIn(text: string, line: number): ZoneNote | undefined {
  const words = text.slice(0, 300).split(/[\s()[\],.;*`]+/);
  for (const raw of words) {
    // Underscores are emphasis at a word's edges, part of the name inside (America/New_York).
    const word = trimOf(raw, '_');
    if (word.length < 1 || word.length > 40) continue;
    if (!/^[A-Z]{1,5}$|\/|^(?:UTC|GMT)[+\-−]\d|^[+-]\d{2}:?\d{2}$/.test(word)) continue;
    const zone = zoneOf(word);
    if (zone !== undefined) return { text: word, zone, line };
  }
  return undefined;
}

/** A stamp at `from` on a line, skipping emphasis and backticks before it: where it starts and what it says. */
function leadingStamp(line: string, from: number): { stamp: Stamp; start: number } | undefined {
  let start = from;
  while (start < line.length && /[\s*_`]/.test(line[start])) start++;
  const { plain } = plainWithMap(line, start);
  const stamp = readStamp(plain, { compact: true });
  return stamp ? { stamp, start } : undefined;
}

/** The text from `from` with `*`, `_` and backticks removed, and for each kept character its index in the line. */
function plainWithMap(line: string, from: number, max = 80): { plain: string; map: number[] } {
  let plain = '';
  const map: number[] = [];
  for (let i = from; i < line.length && plain.length < max; i++) {
    const c = line[i];
    if (c === '*' || c === '_' || c === '`') continue;
    plain += c;
    map.push(i);
  }
  return { plain, map };
}

/** How many characters of the line, from `start`, hold the first `plainLength` characters of its plain text. */
function rawLength(line: string, start: number, plainLength: number): number {
  const { map } = plainWithMap(line, start, plainLength);
  return plainLength === 0 || map.length === 0 ? 0 : map[Math.min(plainLength, map.length) - 1] + 1 - start;
}

function rangeOfStamp(line: string, lineNumber: number, from: number, stamp: Stamp): ReturnType<typeof lineRange> {
  let start = from;
  while (start < line.length && /[\s*_`]/.test(line[start])) start++;
  return lineRange(lineNumber, start, start + rawLength(line, start, stamp.length));
}

function stampLength(text: string): number {
  const plain = stripEmphasis(text).trimStart();
  const stamp = readStamp(plain, { compact: true });
  return stamp ? stamp.length + (stripEmphasis(text).length - plain.length) : 0;
}

function headingTextStart(line: string): number {
  const m = /^ {0,3}#{1,6}[ \t]+/.exec(line);
  return m ? m[0].length : line.length - line.trimStart().length;
}

function trimEnd(content: readonly string[], start: number, end: number): number {
  while (end > start + 1 && (content[end - 1] ?? '').trim() === '') end--;
  return end;
}

/** A year-less date (`--05-31`) gets the year of the date carried so far, else the document's. */
function fullDate(date: string, state: State, yearHint: string | undefined): string | undefined {
  if (!date.startsWith('--')) return date;
  const year = (state.date ?? yearHint)?.slice(0, 4);
  return year ? `${year}${date.slice(1)}` : undefined;
}

function setMarker(state: State, date: string | undefined): void {
  if (!date) return;
  state.date = date;
  state.fromMarker = true;
}

/**
 * An entry's time. A time without a date is on the day of the day heading above it; else on the
 * date of the entry above it, but not before the incident date (a row dated the evening before,
 * then times of the incident's day); else on the incident date.
 */
function timeOf(stamp: Stamp, line: number, state: State, yearHint: string | undefined): EntryTime {
  const written = stamp.date ? fullDate(stamp.date, state, yearHint) : undefined;
  if (written) {
    state.date = written;
    state.fromMarker = false;
  }
  const zoneValue = stamp.zone !== undefined ? zoneOf(stamp.zone) : undefined;
  const zone = stamp.zone !== undefined && zoneValue !== undefined ? { text: stamp.zone, zone: zoneValue, line } : state.zone;
  const carried = state.fromMarker || !state.date || !yearHint || state.date >= yearHint ? state.date : yearHint;
  return { date: written ?? carried, dateWritten: written !== undefined, minutes: stamp.minutes, unknown: stamp.unknown, zone };
}

function unknownTime(state: State): EntryTime {
  return { date: state.date, dateWritten: false, minutes: undefined, unknown: true, zone: state.zone };
}

/**
 * Sort keys of a timeline's entries, in minutes since 1970 UTC: each entry's date (written or
 * carried, else the incident date), its time, its zone's offset on that date. An entry with no date
 * of its own that goes back twelve hours or more from the one before is on the next day (a timeline
 * that runs past midnight). Undefined for entries with no time of day.
 */
export function timelineKeys(timeline: Pick<Timeline, 'entries'>, incidentDate: string | undefined): (number | undefined)[] {
  const keys: (number | undefined)[] = [];
  let last: number | undefined;
  let shift = 0;
  for (const entry of timeline.entries) {
    const time = entry.time;
    if (!time || time.minutes === undefined) {
      keys.push(undefined);
      continue;
    }
    const day = time.date ?? incidentDate;
    const dayMillis = day ? Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) : 0;
    const wall = dayMillis + time.minutes * 60_000;
    let key = (time.zone ? wallToUtc(wall, time.zone.zone) : wall) / 60_000;
    if (time.dateWritten) shift = 0;
    else key += shift;
    if (!time.dateWritten && last !== undefined && key <= last - 720) {
      while (key <= last - 720) {
        key += 1440;
        shift += 1440;
      }
    }
    keys.push(key);
    last = key;
  }
  return keys;
}
