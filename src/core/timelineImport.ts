import type { PostmortemModel } from './model';
import { addEventEdits, entryKeys, formatTimeLike, incidentDateOf, insertEntryEdit, insertionIndex, newEntry } from './timeline';
import { offsetAt } from './zones';
import { escapeCell } from './tableEdit';
import { range, type TextEdit } from './text';

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
}

/** Which kind of export a text is: Slack JSON, `git log --date=iso`, ISO-timestamped log lines or CSV. */
export function detectImportFormat(text: string): ImportFormat | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'slack';
  if (/^commit [0-9a-f]{7,40}\b/m.test(trimmed) && /^Date:\s+\d{4}-\d{2}-\d{2}/m.test(trimmed)) return 'git';
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > 0 && lines.filter((l) => ISO_LINE.test(l)).length >= Math.ceil(lines.length / 2)) return 'log';
  if (lines.length >= 2 && lines[0].includes(',')) return 'csv';
  return undefined;
}

/** Reads an export (format detected unless given). Never throws: bad input comes back as `error`. */
export function importEvents(text: string, options: { format?: ImportFormat; sourceName?: string; csv?: CsvColumns } = {}): ImportResult {
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
        return result(format, importCsv(table, columns, options.sourceName ?? 'CSV'));
      }
      default:
        return { format: undefined, events: [], error: 'Not a known export: expected Slack JSON, a CSV with a time column, log lines starting with an ISO 8601 time, or `git log --date=iso`.' };
    }
  } catch (error) {
    return { format, events: [], error: `Could not read this ${format} export: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function result(format: ImportFormat, events: ImportedEvent[]): ImportResult {
  return events.length > 0 ? { format, events, error: undefined } : { format, events, error: `No events with a time found in this ${format === 'csv' ? 'CSV' : format} export.` };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Slack export: an array of messages `{ ts, text, user_profile?: { real_name }, user_name?, subtype? }`. */
function importSlack(text: string, source: string): ImportedEvent[] {
  const data: unknown = JSON.parse(text);
  const messages = Array.isArray(data) ? data : Array.isArray((data as { messages?: unknown })?.messages) ? (data as { messages: unknown[] }).messages : undefined;
  if (!messages) throw new Error('expected an array of messages');
  const events: ImportedEvent[] = [];
  for (const m of messages as Record<string, unknown>[]) {
    const ts = Number(m?.ts);
    const body = typeof m?.text === 'string' ? m.text : '';
    if (!Number.isFinite(ts) || ts <= 0 || !body.trim() || m.subtype === 'channel_join') continue;
    const profile = m.user_profile as { real_name?: string; display_name?: string } | undefined;
    const who = profile?.real_name || profile?.display_name || (typeof m.user_name === 'string' ? m.user_name : '') || (typeof m.user === 'string' ? m.user : '');
    events.push({ time: new Date(Math.round(ts * 1000)), event: clean(who ? `${who}: ${body}` : body), source: source });
  }
  return events;
}

const ISO_LINE = /^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)\]?([\s\S]*)/;

function parseIsoTimestamp(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return undefined;
  const normalized = text.replace(' ', 'T').replace(',', '.').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  // Without a zone the time is taken as UTC: log timestamps without one usually are.
  const date = new Date(/Z|[+-]\d{2}:\d{2}$/.test(normalized) ? normalized : `${normalized}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Log lines that start with an ISO 8601 timestamp; other lines continue the previous event. */
function importLog(text: string, source: string): ImportedEvent[] {
  const events: ImportedEvent[] = [];
  for (const line of text.split(/\r?\n/)) {
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
    const subject = block.split(/\r?\n/).find((l, i) => i > 0 && /^\s{4}\S/.test(l))?.trim();
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
  const names = header.map((h) => h.trim().toLowerCase());
  const time = names.findIndex((n) => /^(time|timestamp|date|datetime|created(_at| at)?|fired(_at| at)?|triggered(_at| at)?|opened(_at| at)?|start(ed)?(_at| at)?)$/.test(n));
  if (time < 0) return undefined;
  const text = names.map((n, i) => (/(summary|title|description|message|event|subject|name|text|details?)/.test(n) && i !== time ? i : -1)).filter((i) => i >= 0);
  return { time, text: text.length > 0 ? text.slice(0, 2) : header.map((_, i) => i).filter((i) => i !== time).slice(0, 1) };
}

function importCsv(table: readonly string[][], columns: CsvColumns, source: string): ImportedEvent[] {
  const events: ImportedEvent[] = [];
  for (const row of table.slice(1)) {
    const raw = row[columns.time]?.trim() ?? '';
    // Other formats (`10/14/2026 2:18 PM`, `Oct 14 2026 14:18`) through Date.parse, but never a bare number.
    const dateLike = /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|[A-Za-z]{3}/.test(raw);
    const time = parseIsoTimestamp(raw) ?? (dateLike && !Number.isNaN(Date.parse(raw)) ? new Date(Date.parse(raw)) : undefined);
    const body = columns.text.map((i) => row[i]?.trim() ?? '').filter(Boolean).join(': ');
    if (time && body) events.push({ time, event: clean(body), source });
  }
  return events;
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
  const normalize = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
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
