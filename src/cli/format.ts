import {
  RULE_INFO,
  detach,
  fileNameDate,
  incidentDateOf,
  calendarFollowUps,
  forEachItem,
  isFollowUpOverdue,
  isOverdue,
  isOwed,
  type Detection,
  type DocumentKind,
  type FollowUp,
  type FollowUpKind,
  type IndexedFile,
  type IndexedItem,
  type ActionModel,
  type Severity,
  type TeamConfig,
} from '../core';

/** One finding as the CLI prints it: 1-based lines and columns. */
export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

/**
 * The text report, a line at a time: a run with 500,000 findings is written as it goes instead of
 * being built as one string.
 */
export function* formatText(findings: readonly CliFinding[], postmortemCount: number, configCount = 0): Generator<string> {
  let errors = 0;
  let warnings = 0;
  const files = new Set<string>();
  for (const f of findings) {
    yield `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}\n`;
    if (f.severity === 'error') errors++;
    if (f.severity === 'warning') warnings++;
    files.add(f.file);
  }
  const checked = plural(postmortemCount, 'post-mortem') + (configCount > 0 ? ` and ${plural(configCount, 'team config')}` : '');
  const of = postmortemCount + configCount;
  yield findings.length === 0
    ? `No problems in ${checked}.\n`
    : `${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${files.size} of ${of === 1 ? '1 file' : `${of} files`} (${checked}).\n`;
}

/**
 * A JSON array with two-space indentation, as `JSON.stringify(items, null, 2)` writes it, a batch of
 * items at a time (one `stringify` per batch: per item, 69,000 items took 145 ms, in batches 40 ms).
 */
export function* jsonArray(items: Iterable<unknown>, indent = ''): Generator<string> {
  let first = true;
  let batch: unknown[] = [];
  const flush = (): string => {
    // `[\n  item,\n  item\n]` without its brackets: the items as the whole array would write them.
    const inner = JSON.stringify(batch, null, 2).slice(2, -2);
    const chunk = (first ? '[\n' : ',\n') + (indent === '' ? inner : indent + inner.split('\n').join('\n' + indent));
    first = false;
    batch = [];
    return chunk;
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === 500) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield first ? '[]' : '\n' + indent + ']';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SARIF_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning reads it. Paths are relative to the working directory. */
export function* formatSarif(findings: readonly CliFinding[], version: string): Generator<string> {
  const rules = RULE_INFO.map((r) => ({
    id: r.code,
    name: r.code.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    help: { text: `${r.description} See docs/rules.md#${r.code} in the postmortem extension.` },
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = (function* () {
    for (const f of findings) {
      yield {
        ruleId: f.code,
        ruleIndex: index.get(f.code) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: f.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            },
          },
        ],
      };
    }
  })();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'postmortem', version, semanticVersion: version, rules } }, results: RESULTS }],
  };
  // The results are written one by one where the placeholder stands.
  const [head, tail] = JSON.stringify(sarif, null, 2).split(JSON.stringify(RESULTS));
  yield head;
  yield* jsonArray(results, '      ');
  yield tail + '\n';
}

const RESULTS = '\u0000results';

/** @internal An item as `postmortem actions --format json` writes it: 1-based line, due resolved to an ISO date or null. */
export function actionRecord(i: IndexedItem, today: string): object {
  return {
    file: i.file,
    line: i.line + 1,
    action: i.action,
    type: i.type,
    priority: i.priority,
    owner: i.owner,
    due: i.dueDate ?? null,
    status: i.status,
    state: i.state,
    done: i.done,
    overdue: isOverdue(i, today),
    ticket: i.ticket || null,
    group: i.group ?? null,
  };
}

/**
 * Writes `postmortem actions --format json`'s array a part at a time (`actionsJsonPart`s, in order),
 * as `JSON.stringify(records, null, 2)` and a line break would: each part is printed and let go.
 */
export class JsonArrayWriter {
  #first = true;

  constructor(private readonly out: (s: string) => void) {}

  part(part: string): void {
    if (part === '') return;
    this.out((this.#first ? '[\n' : ',\n') + part);
    this.#first = false;
  }

  end(): void {
    this.out(this.#first ? '[]\n' : '\n]\n');
  }
}

/**
 * Some of `postmortem actions --format json`'s items as its array writes them, without the brackets
 * and the comma between two parts ('' for none): each thread of a run over many files writes its own
 * files' items (see `collectChunk`), and `JsonArrayWriter` prints the parts.
 */
export function actionsJsonPart(items: readonly IndexedItem[], today: string): string {
  let out = '';
  let file: string | undefined;
  let fileJson = '';
  for (let k = 0; k < items.length; k++) {
    const i = items[k];
    if (i.file !== file) fileJson = JSON.stringify((file = i.file));
    out += (k === 0 ? '' : ',\n') + itemJson(fileJson, i, i.dueDate, i.done, i.group, today);
  }
  return out;
}

/**
 * `actionsJsonPart` of a post-mortem's items (`open`: only those not done nor declined), written from
 * the model as they are read, without the index's items in between (`forEachItem`).
 */
export function modelActionsJson(file: string, model: ActionModel, config: Pick<TeamConfig, 'sprint'>, today: string, open: boolean): string {
  const fileJson = JSON.stringify(file);
  let out = '';
  forEachItem(model, config, (item, dueDate) => {
    if (open && !isOwed(item)) return;
    out += (out === '' ? '' : ',\n') + itemJson(fileJson, item, dueDate, item.state === 'done', item.group || undefined, today);
  });
  return out;
}

/**
 * One item as `JSON.stringify(actionRecord(item), null, 2)` writes it inside the array (a test checks),
 * without the record: 65,000 items in 70 ms against 85, on the thread that parses (`collectFromReader`).
 * `item` is an index item, or a model's item with the `dueDate`, `done` and `group` (an empty one is
 * none) `indexedItems` would give it.
 */
function itemJson(
  fileJson: string,
  item: Pick<IndexedItem, 'line' | 'action' | 'type' | 'priority' | 'owner' | 'status' | 'state' | 'ticket'>,
  dueDate: string | undefined,
  done: boolean,
  group: string | undefined,
  today: string,
): string {
  const q = JSON.stringify;
  const v = quotedValue;
  return (
    `  {\n    "file": ${fileJson},\n    "line": ${item.line + 1},\n    "action": ${q(item.action)},\n    "type": ${v(item.type)},\n` +
    `    "priority": ${v(item.priority)},\n    "owner": ${v(item.owner)},\n    "due": ${dueDate === undefined ? 'null' : v(dueDate)},\n` +
    `    "status": ${v(item.status)},\n    "state": ${v(item.state)},\n    "done": ${done},\n    "overdue": ${isOverdue({ done, state: item.state, dueDate }, today)},\n` +
    `    "ticket": ${item.ticket ? q(item.ticket) : 'null'},\n    "group": ${group === undefined ? 'null' : q(group)}\n  }`
  );
}

/**
 * A short value as JSON, quoted once: items repeat a few hundred types, priorities, owners, dates and
 * states. Bounded, so a run of unique values only stops sharing.
 */
function quotedValue(value: string): string {
  if (value.length > 40) return JSON.stringify(value);
  let quoted = QUOTED.get(value);
  if (quoted === undefined) {
    quoted = JSON.stringify(value);
    if (QUOTED.size < 10_000) QUOTED.set(value, quoted);
  }
  return quoted;
}
const QUOTED = new Map<string, string>();

/** The action items a line each, then the count: written as it goes, like the lint report. */
export function* formatActionsText(items: readonly IndexedItem[], today: string): Generator<string> {
  let open = 0;
  let overdue = 0;
  for (const i of items) {
    const late = isOverdue(i, today);
    const mark = i.done ? 'done    ' : i.state === 'declined' ? 'declined' : late ? 'OVERDUE ' : i.state === 'inProgress' ? 'started ' : 'open    ';
    const due = i.dueDate ? `due ${i.dueDate}` : 'no due date';
    yield `${i.file}:${i.line + 1}: ${mark} ${i.priority || '--'} ${i.action} (${i.owner || 'no owner'}, ${due})\n`;
    if (!i.done && i.state !== 'declined') open++;
    if (late) overdue++;
  }
  yield `${items.length} action item${items.length === 1 ? '' : 's'}: ${open} open, ${overdue} overdue.\n`;
}

/** One entry of `postmortem list`. */
export interface ListEntry {
  readonly file: string;
  readonly kind: DocumentKind;
  readonly title: string;
  /** The incident date, `yyyy-MM-dd`, or null. */
  readonly date: string | null;
  readonly severity: string | null;
  readonly status: string | null;
  /** Action items not done nor declined. */
  readonly open: number;
  readonly reason: string;
}

export function listEntry(file: string, model: ActionModel, detection: Detection, path: string): ListEntry {
  const date = incidentDateOf(model);
  const value = (key: 'severity' | 'status'): string | null => model.metadata.find((e) => e.key === key && e.value !== '')?.value ?? null;
  // Detached from the file's text: a run over 20,000 files keeps the entries, not the texts.
  const kept = (s: string | null): string | null => (s === null ? null : detach(s));
  return {
    file,
    kind: detection.kind,
    title: detach(model.title?.text || file.replace(/^.*[\\/]/, '')),
    date: kept(date ?? fileNameDate(path) ?? null),
    severity: kept(value('severity')),
    status: kept(value('status')),
    open: detection.kind === 'template' ? 0 : model.actionItems.filter((i) => i.state === 'open' || i.state === 'inProgress').length,
    reason: detach(detection.reason),
  };
}

export function formatList(entries: readonly ListEntry[]): string {
  const lines = entries.map((e) => {
    const facts = [e.date ?? 'no date', e.severity, e.status, e.kind === 'template' ? 'template' : `${e.open} open item${e.open === 1 ? '' : 's'}`]
      .filter(Boolean)
      .join(' · ');
    return `${e.file}\n  ${e.title} (${facts})\n  why: ${e.reason}`;
  });
  const postmortems = entries.filter((e) => e.kind === 'postmortem').length;
  lines.push(
    `${postmortems} post-mortem${postmortems === 1 ? '' : 's'}${entries.length > postmortems ? ` and ${entries.length - postmortems} template${entries.length - postmortems === 1 ? '' : 's'}` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

/** One follow-up of `postmortem followups`. */
export interface FollowUpEntry {
  readonly file: string;
  readonly line: number | null;
  readonly title: string;
  /** `yyyy-MM-dd`. */
  readonly date: string;
  readonly kind: FollowUpKind;
  readonly label: string;
  readonly done: boolean;
  readonly overdue: boolean;
  /** The P0/P1 action items not done nor declined. */
  readonly openP0P1: number;
  readonly source: FollowUp['source'];
  /** The open P0/P1 items, a line each (for the calendar). */
  readonly openItems: readonly string[];
  /** The incident commander and author whose addresses the team config has. */
  readonly attendees: readonly { readonly name: string; readonly email: string }[];
}

/** An indexed post-mortem's follow-ups as `postmortem followups` prints them. */
export function followUpEntries(file: IndexedFile, name: string, today: string, emails: Readonly<Record<string, string>>): FollowUpEntry[] {
  return calendarFollowUps(file, name, emails).map((event, i) => {
    const step = file.followUps[i];
    return {
      file: name,
      line: step.line === undefined ? null : step.line + 1,
      title: event.title,
      date: step.date,
      kind: step.kind,
      label: step.label,
      done: step.done,
      overdue: isFollowUpOverdue(step, today),
      openP0P1: event.openItems.length,
      source: step.source,
      openItems: event.openItems,
      attendees: event.attendees,
    };
  });
}

export function* formatFollowUpsJson(entries: readonly FollowUpEntry[]): Generator<string> {
  yield* jsonArray(entries);
  yield '\n';
}

export function* formatFollowUpsText(entries: readonly FollowUpEntry[], today: string): Generator<string> {
  let overdue = 0;
  let upcoming = 0;
  for (const e of entries) {
    const mark = e.done ? 'done    ' : e.overdue ? 'OVERDUE ' : e.date === today ? 'TODAY   ' : 'upcoming';
    const where = e.line === null ? e.file : `${e.file}:${e.line}`;
    yield `${e.date}  ${mark}  ${e.kind.padEnd(6)}  ${where}: ${e.title} (${e.label}; ${e.openP0P1} open P0/P1 item${e.openP0P1 === 1 ? '' : 's'}${e.source === 'computed' ? '; date computed from the incident' : ''})\n`;
    if (e.overdue) overdue++;
    else if (!e.done) upcoming++;
  }
  yield `${entries.length} follow-up${entries.length === 1 ? '' : 's'}: ${overdue} overdue, ${upcoming} to come.\n`;
}
