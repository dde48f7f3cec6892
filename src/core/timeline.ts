import { entrySortKey, formatIsoDate, incidentDate, parseTimelineTime, timelineSortKey, type TimelineTime } from './dates';
import type { PostmortemModel, Timeline, TimelineEntry } from './model';
import { addColumnEdits, setCellEdit } from './tableEdit';
import type { TableRow } from './table';
import { lineRange, range, type Position, type TextEdit } from './text';

/** The header of a new timeline table. */
export const TIMELINE_HEADER = ['Time (UTC)', 'Event', 'Source', 'Gap Analysis'];

/** The incident date from Metadata, `yyyy-MM-dd`, when it is one. */
export function incidentDateOf(model: Pick<PostmortemModel, 'metadata'>): string | undefined {
  const date = incidentDate(model);
  return date ? formatIsoDate(date) : undefined;
}

/**
 * "Add event": a row at its place in time order (after the last row not later than it) with `time`
 * in the time column; the cursor goes in the Event cell. Creates the table under `## Timeline`, and
 * the section itself, when missing.
 */
export function addEventEdits(model: PostmortemModel, lines: readonly string[], time: string): { edits: TextEdit[]; cursor: Position } {
  const eol = model.eol;
  const timeline = model.timeline;
  if (timeline) {
    const width = Math.max(timeline.table.header.cells.length, 2);
    const timeColumn = timeline.columns.time ?? 0;
    const eventColumn = timeline.columns.event ?? (timeColumn === 0 ? 1 : 0);
    const cells = Array.from({ length: width }, (_, i) => (i === timeColumn ? time : ''));
    const rowText = `| ${cells.join(' | ')} |`;
    const incident = incidentDateOf(model);
    const parsed = parseTimelineTime(time);
    const key = parsed ? timelineSortKey(parsed, incident) : Infinity;
    let after = timeline.table.delimiterLine;
    for (const entry of timeline.entries) {
      const k = entrySortKey(entry, incident);
      if (k === undefined || k <= key) after = entry.row.line;
      else break;
    }
    const at = lines[after].length;
    return { edits: [{ range: lineRange(after, at, at), newText: eol + rowText }], cursor: { line: after + 1, character: cellStart(rowText, eventColumn) } };
  }
  const table = [`| ${TIMELINE_HEADER.join(' | ')} |`, `|${TIMELINE_HEADER.map(() => '---').join('|')}|`, `| ${time} |  |  |  |`];
  const section = model.sections.find((s) => s.kind === 'timeline');
  if (section) {
    const line = section.heading.start.line;
    return {
      edits: [{ range: lineRange(line, lines[line].length, lines[line].length), newText: eol + table.join(eol) + (lines[line + 1]?.trim() ? eol : '') }],
      cursor: { line: line + 3, character: cellStart(table[2], 1) },
    };
  }
  // No Timeline section: add one before the first section that follows it in the template.
  const next = model.sections.find((s) => s.kind === 'rootCause' || s.kind === 'contributingFactors' || s.kind === 'actionItems');
  const block = ['## Timeline', ...table, ''];
  if (next) {
    const line = next.heading.start.line;
    return { edits: [{ range: lineRange(line, 0, 0), newText: block.join(eol) + eol }], cursor: { line: line + 3, character: cellStart(table[2], 1) } };
  }
  const last = lines.length - 1;
  const lead = lines[last] === '' ? eol : eol + eol;
  const startLine = lines[last] === '' ? last + 1 : last + 2;
  return { edits: [{ range: lineRange(last, lines[last].length, lines[last].length), newText: lead + block.join(eol) }], cursor: { line: startLine + 3, character: cellStart(table[2], 1) } };
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
export function formatTableEdits(table: Timeline['table'], lines: readonly string[]): TextEdit[] {
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

/** UTC offsets, in minutes, of the zone names people write in timelines. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180, IST: 330, SGT: 480, HKT: 480, JST: 540, KST: 540,
  AEST: 600, AEDT: 660, NZST: 720, NZDT: 780, HST: -600, AKST: -540, AKDT: -480, PST: -480, PDT: -420, MST: -420, MDT: -360, CST: -360, CDT: -300, EST: -300, EDT: -240,
};

const ZONED_TIME = /^(?:(\d{4}-\d{2}-\d{2})[ T])?([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*(?:([A-Za-z]{1,5})|([+-])(\d{2}):?(\d{2}))$/;

/**
 * A time written with a zone or offset (`09:02 EST`, `14:02+02:00`, `2026-10-14 23:30 PDT`) in UTC.
 * The date is the cell's, else the incident date; the result carries a date when it has one.
 * Undefined when the text has no zone or the zone is unknown; the text unchanged when it is UTC.
 */
export function toUtc(text: string, incidentDate: string | undefined): string | undefined {
  const m = ZONED_TIME.exec(text.trim());
  if (!m) return undefined;
  const offset = m[5] !== undefined ? ZONES[m[5].toUpperCase()] : (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  if (offset === undefined) return undefined;
  const day = m[1] ?? incidentDate;
  const minutes = Number(m[2]) * 60 + Number(m[3]) - offset;
  const hhmm = (total: number): string => `${String(Math.floor((((total % 1440) + 1440) % 1440) / 60)).padStart(2, '0')}:${String((((total % 1440) + 1440) % 1440) % 60).padStart(2, '0')}`;
  if (!day) return hhmm(minutes);
  const date = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + minutes * 60_000);
  const utcDay = date.toISOString().slice(0, 10);
  // Keep the short form when the row had one and the day did not change.
  return !m[1] && utcDay === incidentDate ? hhmm(minutes) : `${utcDay} ${date.toISOString().slice(11, 16)}`;
}

/** "Convert to UTC": every time cell written with a zone or offset becomes UTC. */
export function convertToUtcEdits(model: PostmortemModel, lines: readonly string[]): TextEdit[] {
  const timeline = model.timeline;
  const column = timeline?.columns.time;
  if (!timeline || column === undefined) return [];
  const incident = incidentDateOf(model);
  const edits: TextEdit[] = [];
  for (const entry of timeline.entries) {
    const cell = entry.cells.time;
    const utc = cell && toUtc(cell.text, incident);
    if (cell && utc && utc !== cell.text) edits.push(setCellEdit(entry.row, column, utc, lines[entry.row.line]));
  }
  return edits;
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

const CLASS_RULES: readonly [EventClass, RegExp][] = [
  ['resolution', /\b(resolved|resolution|fully recovered|back to normal|all clear|incident closed|queue drained)\b/i],
  ['mitigation', /\b(roll(ed)? ?back|revert(ed)?|mitigat\w*|failover|failed over|scaled?\b|restart(ed)?|disabled?|hotfix|traffic (diverted|shifted))\b/i],
  ['customer', /\b(customer|user reports?|support ticket|complain\w*|tweet)\b/i],
  ['alert', /\b(alert\w*|paged?|pager|alarm|monitor(ing)? (fired|triggered)|triggers?)\b/i],
  ['change', /\b(deploy\w*|release[ds]?|rollout|config(uration)? change|migration|merged?|upgrade[ds]?|commit)\b/i],
  ['symptom', /\b(rises?|spikes?|errors?|latency|saturat\w*|usage|dropp?(ed|ing)?|fail(s|ed|ing|ures?)|timeouts?|5xx|degrad\w*|melting)\b/i],
  ['response', /\b(incident (declared|channel)|investigat\w*|join(s|ed)|on-?call|identified|escalat\w*|war room|acknowledg\w*|takes? incident command)\b/i],
];

const SOURCE_HINTS: readonly [EventClass, RegExp][] = [
  ['change', /\b(ci\/cd|deploy|git|release)\b/i],
  ['customer', /\b(support|customer|ticket|twitter|social)\b/i],
  ['alert', /\b(monitoring|pager ?duty|opsgenie|alertmanager|pager|datadog monitor)\b/i],
  ['symptom', /\b(metrics?|graphs?|dashboard|logs?)\b/i],
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

export interface TimelineAnalysis {
  /** Per entry (same order as the timeline): its class, its time key, and the gap note for it. */
  readonly rows: readonly { readonly entry: TimelineEntry; readonly cls: EventClass | undefined; readonly key: number | undefined; readonly note: string | undefined }[];
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
export function analyzeTimeline(model: PostmortemModel, lines: readonly string[], gapMinutes = 10): TimelineAnalysis | undefined {
  const timeline = model.timeline;
  if (!timeline) return undefined;
  const incident = incidentDateOf(model);
  const rows = timeline.entries.map((entry) => ({
    entry,
    key: entrySortKey(entry, incident),
    time: parseTimelineTime(entry.cells.time?.text ?? ''),
    cls: classifyEvent(entry.cells.event?.text ?? '', entry.cells.source?.text ?? '', lines[entry.row.line]),
  }));
  const timed = rows.filter((r) => r.key !== undefined) as (typeof rows[number] & { key: number; time: TimelineTime })[];
  const first = (cls: EventClass | EventClass[]): (typeof timed)[number] | undefined => timed.find((r) => r.cls !== undefined && ([] as EventClass[]).concat(cls).includes(r.cls));
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
    if (gap >= gapMinutes) note(timed[i].entry, `${gap}-minute gap since the previous event`);
  }
  if (detection && detectionGap !== undefined && detectionGap > 0) {
    note(detection.entry, `${Math.round(detectionGap)}-minute detection gap${customerBeforeMonitoring && detection === customer ? ' (customer before monitoring)' : ''}`);
  } else if (customerBeforeMonitoring && customer) {
    note(customer.entry, 'customer before monitoring');
  }
  const label = (r: (typeof timed)[number] | undefined): string | undefined => r?.entry.cells.time?.text;
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

/** Writes the analysis' notes into empty Gap Analysis cells (adding the column when missing); never over a cell a person wrote. */
export function gapAnalysisEdits(model: PostmortemModel, lines: readonly string[], analysis: TimelineAnalysis): TextEdit[] {
  const timeline = model.timeline!;
  const column = timeline.columns.gap;
  const notes = new Map(analysis.rows.filter((r) => r.note).map((r) => [r.entry.row, r.note!]));
  if (notes.size === 0) return [];
  if (column === undefined) return addColumnEdits(timeline.table, 'Gap Analysis', lines, (row) => notes.get(row) ?? '');
  const edits: TextEdit[] = [];
  for (const r of analysis.rows) {
    const cell = r.entry.row.cells[column];
    if (r.note && (!cell || cell.text.trim() === '')) edits.push(setCellEdit(r.entry.row, column, r.note, lines[r.entry.row.line]));
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
