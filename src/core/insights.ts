import { completionRate, isOverdue, type IndexedFile, type IndexedItem } from './actionIndex';
import { HEALTHY_RATE } from './report';
import { plainText } from './table';
import { trimOf } from './text';
import { isHighPriority } from './vocabulary';

/** Which post-mortems Insights counts. */
export interface InsightsFilter {
  /** The last this many months (this month included); undefined: every month. */
  readonly months?: number;
  /** Only the post-mortems of this team (see `teamsOf`). */
  readonly team?: string;
}

/** One bar or point of a chart: its numbers and the post-mortems behind it. */
interface Bucket {
  readonly files: readonly string[];
}

export interface IncidentBucket extends Bucket {
  readonly month: string;
  readonly severity: string;
  readonly count: number;
}

export interface TimeBucket extends Bucket {
  readonly month: string;
  readonly measure: 'detect' | 'resolve';
  /** Minutes: the median and the longest over the month's post-mortems with a timed timeline. */
  readonly median: number;
  readonly worst: number;
  readonly count: number;
}

export interface CompletionBucket extends Bucket {
  /** The month of the items' due date. */
  readonly month: string;
  readonly onTime: number;
  readonly counted: number;
  readonly rate: number;
}

export interface ActionBucket extends Bucket {
  readonly type: string;
  readonly state: 'overdue' | 'open' | 'inProgress' | 'done' | 'declined';
  readonly count: number;
}

export interface FactorBucket extends Bucket {
  readonly factor: string;
  readonly count: number;
}

/** Every chart of the Insights view, from the index alone. */
export interface Insights {
  /** `yyyy-MM`, oldest first, with no gap: the months the charts run over. */
  readonly months: readonly string[];
  /** In the order the legend shows them: SEV0 first. */
  readonly severities: readonly string[];
  /** The teams a filter can pick (over every post-mortem, not only the filtered ones). */
  readonly teams: readonly string[];
  readonly incidents: readonly IncidentBucket[];
  readonly times: readonly TimeBucket[];
  readonly completion: readonly CompletionBucket[];
  readonly actions: readonly ActionBucket[];
  readonly factors: readonly FactorBucket[];
  readonly totals: {
    readonly postmortems: number;
    /** Post-mortems without an incident date: in the totals, not on the month charts. */
    readonly undated: number;
    readonly withTimes: number;
    /** Medians over every post-mortem counted, in minutes. */
    readonly detect: number | undefined;
    readonly resolve: number | undefined;
    readonly completion: { readonly onTime: number; readonly counted: number; readonly rate: number | undefined };
    readonly healthyRate: number;
  };
}

/** The severity of a post-mortem that gives none (a chart's label). */
export const NO_SEVERITY = 'No severity';

/** `SEV1`, `Sev 1`, `sev-1 (major)`, `Severity 2` → `SEV1`, `SEV2`; `Critical` stays; nothing → "No severity". */
export function severityKey(written: string | undefined): string {
  const text = plainText(written ?? '');
  if (text === '') return NO_SEVERITY;
  const numbered = /\b(?:sev|severity)[\s-]*(\d)\b/i.exec(text) ?? /^(\d)$/.exec(text);
  if (numbered) return `SEV${numbered[1]}`;
  const word = /^[\p{L}]{1,20}/u.exec(text)?.[0];
  return word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : NO_SEVERITY;
}

/** A post-mortem's teams: the ones its metadata names, else the owners of its action items. */
export function teamsOf(file: IndexedFile): readonly string[] {
  if (file.text && file.text.teams.length > 0) return file.text.teams;
  const owners = new Set<string>();
  for (const item of file.items) if (item.owner.trim() !== '') owners.add(item.owner.trim());
  return [...owners];
}

/** Words of contributing factors that name nothing on their own. */
const FACTOR_NOISE: ReadonlySet<string> = new Set(
  'the and for with that this was were not had has have from into when which there their they them than then also more most some such only very just each other been being about after before during while would could should because without within across where what who how all any'.split(
    ' ',
  ),
);

/** The words of a post-mortem's contributing factors worth counting across post-mortems. */
export function factorWords(file: IndexedFile): Set<string> {
  const words = new Set<string>();
  for (const raw of (file.text?.factors ?? '').toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
    const word = trimOf(raw, '-');
    if (word.length > 3 && !FACTOR_NOISE.has(word) && !/^\d+$/.test(word)) words.add(word);
  }
  return words;
}

/** One of a post-mortem's timeline figures; a negative one (a timeline out of order, which the checks flag) counts as unknown. */
export function minutesOf(file: IndexedFile, measure: 'detect' | 'mitigate' | 'resolve' | 'duration'): number | undefined {
  const value = file.figures?.[measure];
  return value !== undefined && value >= 0 ? value : undefined;
}

/** `yyyy-MM` of a `yyyy-MM-dd` date, or undefined. */
export const monthOf = (date: string | undefined): string | undefined => (date && /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : undefined);

/** `2026-11` plus `n` months (`n` may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last && months.length < 1200; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The middle value (the mean of the two middle ones, rounded); the values need not be sorted. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Groups values by key, keeping first-seen order; a value without a key is left out. */
export function groupBy<T>(values: Iterable<T>, key: (value: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return groups;
}

/**
 * The Insights view's charts over the index's post-mortems (templates left out): incidents per
 * month by severity, the median and worst time to detect and to resolve per month (Analyze Gaps'
 * numbers), P0/P1 completion by month of due date against the practice's 80% (the Action Items view's
 * rule), action items by type and state, and the words that recur in contributing factors. Each bar
 * carries the files behind it.
 */
export function insights(all: Iterable<IndexedFile>, today: string, filter: InsightsFilter = {}): Insights {
  const postmortems = [...all].filter((f) => f.kind === 'postmortem');
  const teams = [...new Set(postmortems.flatMap((f) => teamsOf(f)))].sort((a, b) => a.localeCompare(b));
  const thisMonth = today.slice(0, 7);
  const since = filter.months === undefined ? undefined : addMonths(thisMonth, -(filter.months - 1));
  const inTeam = (f: IndexedFile): boolean => filter.team === undefined || teamsOf(f).includes(filter.team);
  const inRange = (month: string | undefined): boolean => since === undefined || (month !== undefined && month >= since && month <= thisMonth);
  const files = postmortems.filter((f) => inTeam(f) && (since === undefined || inRange(monthOf(f.incidentDate))));
  const dated = files.filter((f) => monthOf(f.incidentDate) !== undefined);

  // Severities: numbered ones in order, then the others by how many incidents have them, "No severity" last.
  const bySeverity = groupBy(files, (f) => severityKey(f.severity));
  const severities = [...bySeverity.keys()].sort((a, b) => {
    const rank = (s: string): number => (s === NO_SEVERITY ? 2 : /^SEV\d$/.test(s) ? 0 : 1);
    return rank(a) - rank(b) || (rank(a) === 1 ? bySeverity.get(b)!.length - bySeverity.get(a)!.length : 0) || a.localeCompare(b);
  });

  const high = (f: IndexedFile): IndexedItem[] => f.items.filter((i) => isHighPriority(i.priority) && i.state !== 'declined');
  const highItems = files.flatMap(high).filter((i) => since === undefined || inRange(monthOf(i.dueDate)));
  const usedMonths = [
    ...dated.map((f) => monthOf(f.incidentDate)!),
    ...highItems.map((i) => monthOf(i.dueDate)).filter((m): m is string => m !== undefined),
  ].sort();
  const first = since ?? usedMonths[0];
  const last = since ? thisMonth : usedMonths[usedMonths.length - 1];
  const months = first && last ? monthsBetween(first, last) : [];

  const incidents: IncidentBucket[] = [];
  for (const [month, group] of groupBy(dated, (f) => monthOf(f.incidentDate))) {
    for (const [severity, inSeverity] of groupBy(group, (f) => severityKey(f.severity))) {
      incidents.push({ month, severity, count: inSeverity.length, files: inSeverity.map((f) => f.file) });
    }
  }

  const times: TimeBucket[] = [];
  for (const measure of ['detect', 'resolve'] as const) {
    const timed = dated.filter((f) => minutesOf(f, measure) !== undefined);
    for (const [month, group] of groupBy(timed, (f) => monthOf(f.incidentDate))) {
      const values = group.map((f) => minutesOf(f, measure)!);
      times.push({ month, measure, median: median(values), worst: Math.max(...values), count: group.length, files: group.map((f) => f.file) });
    }
  }

  const completion: CompletionBucket[] = [];
  for (const [month, group] of groupBy(highItems, (i) => monthOf(i.dueDate))) {
    const { onTime, counted, rate } = completionRate(group, today);
    if (rate !== undefined) completion.push({ month, onTime, counted, rate, files: [...new Set(group.map((i) => i.file))] });
  }

  const actions: ActionBucket[] = [];
  const stateOf = (i: IndexedItem): ActionBucket['state'] => (isOverdue(i, today) ? 'overdue' : i.state);
  const typeOf = (i: IndexedItem): string => {
    const word = /^[\p{L}]{1,20}/u.exec(i.type.trim())?.[0];
    return word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : 'No type';
  };
  for (const [key, group] of groupBy(
    files.flatMap((f) => f.items),
    (i) => `${typeOf(i)}\u0000${stateOf(i)}`,
  )) {
    const [type, state] = key.split('\u0000') as [string, ActionBucket['state']];
    actions.push({ type, state, count: group.length, files: [...new Set(group.map((i) => i.file))] });
  }

  const factorFiles = new Map<string, string[]>();
  for (const f of files) for (const word of factorWords(f)) (factorFiles.get(word) ?? factorFiles.set(word, []).get(word)!).push(f.file);
  const factors = [...factorFiles]
    .filter(([, inFiles]) => inFiles.length >= 2)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([factor, inFiles]) => ({ factor, count: inFiles.length, files: inFiles }));

  const detect = files.map((f) => minutesOf(f, 'detect')).filter((m): m is number => m !== undefined);
  const resolve = files.map((f) => minutesOf(f, 'resolve')).filter((m): m is number => m !== undefined);
  const total = completionRate(highItems, today);
  return {
    months,
    severities,
    teams,
    incidents: incidents.sort((a, b) => a.month.localeCompare(b.month) || severities.indexOf(a.severity) - severities.indexOf(b.severity)),
    times: times.sort((a, b) => a.month.localeCompare(b.month) || a.measure.localeCompare(b.measure)),
    completion: completion.sort((a, b) => a.month.localeCompare(b.month)),
    actions,
    factors,
    totals: {
      postmortems: files.length,
      undated: files.length - dated.length,
      withTimes: files.filter((f) => minutesOf(f, 'detect') !== undefined || minutesOf(f, 'resolve') !== undefined).length,
      detect: detect.length > 0 ? median(detect) : undefined,
      resolve: resolve.length > 0 ? median(resolve) : undefined,
      completion: { onTime: total.onTime, counted: total.counted, rate: total.rate },
      healthyRate: HEALTHY_RATE,
    },
  };
}
