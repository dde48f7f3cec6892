import type { PostmortemModel } from './model';
import { incidentDateOf } from './dates';
import { addEventEdits, entryKeys, formatTimeLike, insertEntryEdit, insertionIndex, newEntry } from './timeline';
import { tz } from '@date-fns/tz';
import { isValid, parse } from 'date-fns';
import { readStamp } from './timestamp';
import { offsetAt, wallToUtc, zoneOf } from './zones';
import { escapeCell } from './tableEdit';
import { range, splitLines, type TextEdit } from './text';

/** One event read from an export, its time in UTC. */
export interface ImportedEvent {
  readonly time: Date;
  readonly event: string;
  readonly source: string;
}

export type ImportFormat = 'slack' | 'csv' | 'log' | 'git';

export interface ImportResult {
  readonly format: ImportFormat | undefined;
  readonly events: readonly ImportedEvent[];
  /** Why nothing could be read (shown to the person; nothing is changed then). */
  readonly error: string | undefined;
  /** A CSV's times say no zone and none was given: ask for one and import again with `zone`. */
  readonly needsZone?: boolean;
}

/** Which kind of export a text is: Slack JSON, `git log --date=iso`, ISO-timestamped log lines or CSV. */
export function detectImportFormat(text: string): ImportFormat | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'slack';
  if (/^commit [0-9a-f]{7,40}\b/m.test(trimmed) && /^Date:\s+\d{4}-\d{2}-\d{2}/m.test(trimmed)) return 'git';
  const lines = splitLines(trimmed).filter((l) => l.trim());
  if (lines.length > 0 && lines.filter((l) => ISO_LINE.test(l)).length >= Math.ceil(lines.length / 2)) return 'log';
  if (lines.length >= 2 && lines[0].includes(',')) return 'csv';
  return undefined;
}

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly sourceName?: string;
  readonly csv?: CsvColumns;
  /**
   * The zone of a CSV time that says none (`10/14/2026 2:18 PM`) when neither a zone column nor the
   * time column's header (`Time (PST)`) gives one: the timeline's, or the one the person picked. Never
   * the machine's: without it such times are not read (`needsZone`).
   */
  readonly zone?: string | number;
}

/** Reads an export (format detected unless given). Never throws: bad input comes back as `error`. */
export function importEvents(text: string, options: ImportOptions = {}): ImportResult {
  if (text.includes('\u0000')) return { format: undefined, events: [], error: 'This is a binary file, not an export of events.' };
  const format = options.format ?? detectImportFormat(text);
  try {
    switch (format) {
      case 'slack':
        return result(format, importSlack(text, options.sourceName ?? 'Slack'));
      case 'git':
        return result(format, importGitLog(text));
      case 'log':
        return result(format, importLog(text, options.sourceName ?? 'Log'));
      case 'csv': {
        const table = parseCsv(text);
        const columns = options.csv ?? guessCsvColumns(table[0] ?? []);
        if (!columns) return { format, events: [], error: 'No time column found in the CSV header (time, timestamp, date, created…). Pick one.' };
        const { events, needsZone } = importCsv(table, columns, options.sourceName ?? 'CSV', options.zone);
        if (needsZone) {
          return {
            format,
            events: [],
            error: "The CSV's times say no time zone, and neither a zone column nor the time column's header gives one. Say which zone they are in.",
            needsZone,
          };
        }
        return result(format, events);
      }
      default:
        return {
          format: undefined,
          events: [],
          error: 'Not a known export: expected Slack JSON, a CSV with a time column, log lines starting with an ISO 8601 time, or `git log --date=iso`.',
        };
    }
  } catch (error) {
    return { format, events: [], error: `Could not read this ${format} export: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function result(format: ImportFormat, events: ImportedEvent[]): ImportResult {
  return events.length > 0
    ? { format, events, error: undefined }
    : { format, events, error: `No events with a time found in this ${format === 'csv' ? 'CSV' : format} export.` };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Slack export: an array of messages `{ ts, text, user_profile?: { real_name }, user_name?, subtype? }`. */
function importSlack(text: string, source: string): ImportedEvent[] {
  const data: unknown = JSON.parse(text);
  const messages = Array.isArray(data)
    ? data
    : Array.isArray((data as { messages?: unknown })?.messages)
      ? (data as { messages: unknown[] }).messages
      : undefined;
  if (!messages) throw new Error('expected an array of messages');
  const events: ImportedEvent[] = [];
  for (const m of messages as Record<string, unknown>[]) {
    const ts = Number(m?.ts);
    const body = typeof m?.text === 'string' ? m.text : '';
    if (!Number.isFinite(ts) || ts <= 0 || !body.trim() || m.subtype === 'channel_join') continue;
    const profile = m.user_profile as { real_name?: string; display_name?: string } | undefined;
    const who =
      profile?.real_name || profile?.display_name || (typeof m.user_name === 'string' ? m.user_name : '') || (typeof m.user === 'string' ? m.user : '');
    events.push({ time: new Date(Math.round(ts * 1000)), event: clean(who ? `${who}: ${body}` : body), source: source });
  }
  return events;
}

const ISO_LINE = /^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)\]?([\s\S]*)/;

function parseIsoTimestamp(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return undefined;
  const normalized = text
    .replace(' ', 'T')
    .replace(',', '.')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  // Without a zone the time is taken as UTC: log timestamps without one usually are.
  const date = new Date(/Z|[+-]\d{2}:\d{2}$/.test(normalized) ? normalized : `${normalized}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Log lines that start with an ISO 8601 timestamp; other lines continue the previous event. */
function importLog(text: string, source: string): ImportedEvent[] {
  const events: ImportedEvent[] = [];
  for (const line of splitLines(text)) {
    const m = ISO_LINE.exec(line);
    const time = m && parseIsoTimestamp(m[1]);
    if (m && time && m[2].trim()) events.push({ time, event: clean(m[2]), source });
  }
  return events;
}

/** `git log --date=iso`: commits with their first message line; reverts and deploys read as changes. */
function importGitLog(text: string): ImportedEvent[] {
  const events: ImportedEvent[] = [];
  for (const block of text.split(/^(?=commit [0-9a-f]{7,40}\b)/m)) {
    const sha = /^commit ([0-9a-f]{7,40})/.exec(block)?.[1];
    const date = /^Date:\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([+-]\d{4})/m.exec(block);
    const subject = splitLines(block)
      .find((l, i) => i > 0 && /^\s{4}\S/.test(l))
      ?.trim();
    if (!sha || !date || !subject) continue;
    const time = parseIsoTimestamp(`${date[1]}${date[2]}`);
    if (time) events.push({ time, event: clean(subject), source: `git ${sha.slice(0, 7)}` });
  }
  return events;
}

/** Which CSV columns hold the time and the event text (indexes into the header). */
export interface CsvColumns {
  readonly time: number;
  readonly text: readonly number[];
  /** A column that holds each row's zone (`tz`, `timezone`, `zone`), when there is one. */
  readonly zone?: number;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export function guessCsvColumns(header: readonly string[]): CsvColumns | undefined {
  // `Time (PST)`, `created_at [UTC]`: the name without the zone in brackets.
  const names = header.map((h) => {
    const name = h.trim().toLowerCase();
    const bracket = name.search(/[([]/);
    return (bracket > 0 ? name.slice(0, bracket) : name).trim();
  });
  const time = names.findIndex((n) =>
    /^(time|timestamp|date|datetime|created(_at| at)?|fired(_at| at)?|triggered(_at| at)?|opened(_at| at)?|start(ed)?(_at| at)?)$/.test(n),
  );
  if (time < 0) return undefined;
  const text = names
    .map((n, i) => (/(summary|title|description|message|event|subject|name|text|details?)/.test(n) && i !== time ? i : -1))
    .filter((i) => i >= 0);
  const zone = names.findIndex((n, i) => i !== time && /^(tz|time ?zone|timezone|zone|utc offset|offset)$/.test(n));
  return {
    time,
    text:
      text.length > 0
        ? text.slice(0, 2)
        : header
            .map((_, i) => i)
            .filter((i) => i !== time && i !== zone)
            .slice(0, 1),
    ...(zone >= 0 ? { zone } : {}),
  };
}

function importCsv(
  table: readonly string[][],
  columns: CsvColumns,
  source: string,
  fallback: string | number | undefined,
): { events: ImportedEvent[]; needsZone: boolean } {
  const events: ImportedEvent[] = [];
  // "Time (PST)", "created_at [UTC]": the header's zone is every row's.
  const headerZone = zoneInHeader(table[0]?.[columns.time] ?? '');
  const dayFirst = dayFirstIn(table.slice(1).map((row) => row[columns.time] ?? ''));
  let needsZone = false;
  for (const row of table.slice(1)) {
    const raw = row[columns.time]?.trim() ?? '';
    const zone = (columns.zone !== undefined ? zoneOf(row[columns.zone] ?? '') : undefined) ?? headerZone ?? fallback;
    let time = parseIsoTimestamp(raw);
    if (!time) {
      // Other formats (`10/14/2026 2:18 PM`, `Oct 14 2026 14:18 PST`): a zone written with the time, else
      // the row's, the header's or the one given; never the machine's.
      const wall = wallTime(raw, dayFirst);
      if (!wall) continue;
      const own = wall.zone !== undefined ? zoneOf(wall.zone) : undefined;
      if (own === undefined && zone === undefined) {
        needsZone = true;
        continue;
      }
      time = new Date(wallToUtc(wall.millis, own ?? zone!));
    }
    const body = columns.text
      .map((i) => row[i]?.trim() ?? '')
      .filter(Boolean)
      .join(': ');
    if (body) events.push({ time, event: clean(body), source });
  }
  return { events, needsZone };
}

/** Numeric dates (`10/14/2026`, `14.10.2026`): day and month, the order found in the file. */
const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2\d{4}\b/;
const TIME_FORMATS = ['h:mm a', 'h:mm:ss a', 'H:mm', 'H:mm:ss'];

/**
 * Whether a CSV column's numeric dates put the day first: a value whose first number is above 12
 * says so, one whose second is says not; with neither, dots mean day first (European exports) and
 * slashes month first (US tools such as PagerDuty and Jira).
 */
function dayFirstIn(values: readonly string[]): boolean {
  let dots = false;
  for (const value of values) {
    const m = NUMERIC_DATE.exec(value.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) return true;
    if (Number(m[3]) > 12) return false;
    dots ||= m[2] === '.';
  }
  return dots;
}

/**
 * A date and time written in full (`10/14/2026 2:18 PM`, `Oct 14 2026 14:18 PST`), as milliseconds of
 * that wall time read as UTC, with the zone word written after it. date-fns reads the numeric forms.
 */
function wallTime(raw: string, dayFirst: boolean): { readonly millis: number; readonly zone: string | undefined } | undefined {
  const words = raw.split(' ').filter(Boolean);
  const zone = words.length > 2 && zoneOf(words[words.length - 1]) !== undefined ? words.pop() : undefined;
  const text = words.join(' ');
  const stamp = readStamp(text);
  if (stamp?.date && !stamp.date.startsWith('--') && stamp.minutes !== undefined && stamp.length >= text.length) {
    const [year, month, day] = stamp.date.split('-').map(Number);
    return { millis: Date.UTC(year, month - 1, day) + Math.round(stamp.minutes * 60_000), zone: stamp.zone ?? zone };
  }
  const numeric = NUMERIC_DATE.exec(text);
  if (!numeric) return undefined;
  const sep = numeric[2];
  const date = dayFirst ? `d${sep}M${sep}yyyy` : `M${sep}d${sep}yyyy`;
  for (const time of TIME_FORMATS) {
    // Read in UTC: the wall time's own numbers, whatever the machine's zone.
    const parsed = parse(text, `${date} ${time}`, new Date(0), { in: tz('UTC') });
    if (isValid(parsed)) return { millis: parsed.getTime(), zone };
  }
  return undefined;
}

function zoneInHeader(header: string): string | number | undefined {
  const open = header.search(/[([]/);
  if (open < 0) return undefined;
  const close = header.indexOf(header[open] === '(' ? ')' : ']', open);
  return close > open ? zoneOf(header.slice(open + 1, close)) : undefined;
}

/** `HH:MM` when the event is on the incident date, else `YYYY-MM-DD HH:MM` (UTC). */
export function timelineTimeOf(time: Date, incidentDate: string | undefined): string {
  const iso = time.toISOString();
  return iso.slice(0, 10) === incidentDate ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * Merges imported events into the timeline, in its own shape and zone: each at its place in time
 * order among the existing entries (whose order is kept), skipping an event already there (same
 * minute, same text). Creates a table when there is no timeline. Returns the edits and how many
 * entries were added.
 */
export function mergeEventsEdits(model: PostmortemModel, lines: readonly string[], events: readonly ImportedEvent[]): { edits: TextEdit[]; added: number } {
  const incident = incidentDateOf(model);
  const timeline = model.timeline;
  const normalize = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const keys = timeline ? entryKeys(model, timeline) : [];
  const existing = new Set((timeline?.entries ?? []).map((e, i) => `${keys[i] ?? ''}|${normalize(e.event)}`));
  const zone = timeline?.zone?.zone;
  const sample = timeline?.entries.find((e) => e.time?.minutes !== undefined)?.timeText ?? '';
  const fresh = [...events]
    .sort((a, b) => a.time.getTime() - b.time.getTime())
    .map((e) => {
      const wall = new Date(e.time.getTime() + (zone === undefined ? 0 : offsetAt(zone, e.time.getTime())) * 60_000).toISOString();
      const day = wall.slice(0, 10);
      const clock = formatTimeLike(sample, Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16)));
      return { ...e, timeText: day === incident ? clock : `${day} ${clock}`, key: Math.floor(e.time.getTime() / 60_000) };
    })
    .filter((e, i, all) => {
      const id = `${e.key}|${normalize(e.event)}`;
      return !existing.has(id) && all.findIndex((o) => `${o.key}|${normalize(o.event)}` === id) === i;
    });
  if (fresh.length === 0) return { edits: [], added: 0 };

  if (!timeline || (timeline.entries.length === 0 && !timeline.table)) {
    // Let "Add event" make the table, then put the imported rows in its place.
    const rowOf = (e: (typeof fresh)[number]): string => `| ${e.timeText} | ${escapeCell(e.event)} | ${escapeCell(e.source)} |  |`;
    const { edits } = addEventEdits(model, lines, fresh[0].timeText);
    const edit = edits[0];
    const placeholderRow = `| ${fresh[0].timeText} |  |  |  |`;
    return { edits: [{ range: edit.range, newText: edit.newText.replace(placeholderRow, fresh.map(rowOf).join(model.eol)) }], added: fresh.length };
  }
  if (timeline.entries.length === 0 && timeline.table) {
    const at = timeline.table.delimiterLine;
    const rows = fresh.map((e) => newEntry(timeline, lines, e.timeText, e.event, e.source).lines[0]);
    return { edits: [{ range: range(at, lines[at].length, at, lines[at].length), newText: model.eol + rows.join(model.eol) }], added: fresh.length };
  }
  // Each new entry goes after the last existing entry not later than it; entries for one place are joined.
  const byPlace = new Map<number, string[][]>();
  for (const e of fresh) {
    const index = insertionIndex(keys, e.key);
    const list = byPlace.get(index) ?? [];
    list.push(newEntry(timeline, lines, e.timeText, e.event, e.source).lines);
    byPlace.set(index, list);
  }
  const blocky = timeline.shape === 'headings' || timeline.shape === 'paragraphs';
  const edits: TextEdit[] = [];
  for (const [index, entries] of byPlace) {
    const joined = entries.map((l) => l.join(model.eol)).join(blocky ? model.eol + model.eol : model.eol);
    edits.push(insertEntryEdit(timeline, lines, index, [joined], model.eol).edit);
  }
  return { edits, added: fresh.length };
}
