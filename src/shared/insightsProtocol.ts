// The messages between the Insights webview and the extension, and the extension's check of what
// arrives (a webview's message is untrusted input). Pure: no vscode, no Node.
import type { ActionBucket, CompletionBucket, FactorBucket, IncidentBucket, Insights, InsightsFilter, TimeBucket } from '../core/insights';

/** The charts, each drawn from one list of `Insights`. */
export const CHARTS = ['incidents', 'times', 'completion', 'actions', 'factors'] as const;
export type Chart = (typeof CHARTS)[number];

/** A bucket as the webview gets it: its numbers, not the files behind it (those stay in the extension). */
type Counted<T> = Omit<T, 'files'> & { readonly postmortems: number };

export interface InsightsView {
  readonly months: Insights['months'];
  readonly severities: Insights['severities'];
  readonly teams: Insights['teams'];
  readonly totals: Insights['totals'];
  readonly incidents: readonly Counted<IncidentBucket>[];
  readonly times: readonly Counted<TimeBucket>[];
  readonly completion: readonly Counted<CompletionBucket>[];
  readonly actions: readonly Counted<ActionBucket>[];
  readonly factors: readonly Counted<FactorBucket>[];
}

/** Drops the file lists: 10,000 post-mortems' paths are not posted to the webview on every change. */
export function viewOf(insights: Insights): InsightsView {
  const counted = <T extends { readonly files: readonly string[] }>(buckets: readonly T[]): Counted<T>[] =>
    buckets.map(({ files, ...rest }) => ({ ...rest, postmortems: files.length }));
  return {
    months: insights.months,
    severities: insights.severities,
    teams: insights.teams,
    totals: insights.totals,
    incidents: counted(insights.incidents),
    times: counted(insights.times),
    completion: counted(insights.completion),
    actions: counted(insights.actions),
    factors: counted(insights.factors),
  };
}

/** The time ranges the view offers, in months (undefined: all time). */
export const RANGES: readonly (number | undefined)[] = [3, 6, 12, 24, undefined];

/** Extension → webview. */
export type ToWebview = { readonly type: 'data'; readonly version: number; readonly filter: InsightsFilter; readonly view: InsightsView };

/** Webview → extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'filter'; readonly filter: InsightsFilter }
  /** Open the post-mortems behind bucket `index` of `chart`, as drawn from data `version`. */
  | { readonly type: 'open'; readonly version: number; readonly chart: Chart; readonly index: number };

/** A message from the webview, checked; anything else is undefined. */
export function readFromWebview(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'filter': {
      const f = m.filter as Record<string, unknown> | undefined;
      if (typeof f !== 'object' || f === null) return undefined;
      const months = f.months;
      const team = f.team;
      if (months !== undefined && !RANGES.includes(months as number)) return undefined;
      if (team !== undefined && (typeof team !== 'string' || team.length > 200)) return undefined;
      return { type: 'filter', filter: { months: months as number | undefined, team: team as string | undefined } };
    }
    case 'open':
      if (!Number.isInteger(m.version) || !Number.isInteger(m.index) || (m.index as number) < 0 || !(CHARTS as readonly unknown[]).includes(m.chart)) {
        return undefined;
      }
      return { type: 'open', version: m.version as number, chart: m.chart as Chart, index: m.index as number };
    default:
      return undefined;
  }
}
