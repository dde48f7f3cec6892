import { completionRate, isOverdue, type IndexedItem } from './actionIndex';
import { isHighPriority, priorityLevel } from './vocabulary';

/** The practice's healthy mark: 80% of P0/P1 action items completed on time. */
export const HEALTHY_RATE = 0.8;

/** A completion rate over one group of items (a month, an owner, a type, or all). */
export interface ReportRow {
  readonly key: string;
  /** Done by their due date (or done with no date to compare). */
  readonly onTime: number;
  /** Done, or past their due date: what the rate is over. */
  readonly counted: number;
  readonly rate: number | undefined;
  readonly healthy: boolean | undefined;
}

export interface ReportItem {
  readonly file: string;
  readonly line: number;
  readonly action: string;
  readonly priority: string;
  readonly owner: string;
  readonly due: string | undefined;
  readonly done: string | undefined;
}

export interface CompletionReport {
  readonly total: ReportRow;
  /** By month of the due date (`yyyy-MM`), oldest first. */
  readonly byMonth: readonly ReportRow[];
  readonly byOwner: readonly ReportRow[];
  readonly byType: readonly ReportRow[];
  /** Done after their due date. */
  readonly late: readonly ReportItem[];
  /** Not done, past their due date. */
  readonly overdue: readonly ReportItem[];
  /** Not done, with no due date or no owner: no plan. */
  readonly withoutPlan: readonly ReportItem[];
}

/**
 * The completion report over P0/P1 action items (declined ones count neither way), with the same
 * rule as the Action Items view's rate (`completionRate`): on time is done by the due date; the rate
 * is over the items done or past due. `since` (`yyyy-MM`) keeps items due from that month on.
 */
export function completionReport(items: readonly IndexedItem[], today: string, since?: string): CompletionReport {
  const high = items.filter((i) => isHighPriority(i.priority) && i.state !== 'declined' && (!since || (i.dueDate ?? '9999') >= since));
  const row = (key: string, group: readonly IndexedItem[]): ReportRow => {
    const { onTime, counted, rate } = completionRate(group, today);
    return { key, onTime, counted, rate, healthy: rate === undefined ? undefined : rate >= HEALTHY_RATE };
  };
  const grouped = (keyOf: (i: IndexedItem) => string): ReportRow[] => {
    const groups = new Map<string, IndexedItem[]>();
    for (const item of high) {
      const key = keyOf(item);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => row(key, group));
  };
  const entry = (i: IndexedItem): ReportItem => ({
    file: i.file,
    line: i.line + 1,
    action: i.action,
    priority: priorityLevel(i.priority) ?? i.priority,
    owner: i.owner,
    due: i.dueDate,
    done: i.doneDate,
  });
  return {
    total: row('all', high),
    byMonth: grouped((i) => i.dueDate?.slice(0, 7) ?? 'no due date'),
    byOwner: grouped((i) => i.owner.trim() || 'no owner'),
    byType: grouped((i) => i.type.trim() || 'no type'),
    late: high.filter((i) => i.done && i.doneDate !== undefined && i.dueDate !== undefined && i.doneDate > i.dueDate).map(entry),
    overdue: high.filter((i) => isOverdue(i, today)).map(entry),
    withoutPlan: high.filter((i) => !i.done && (i.dueDate === undefined || i.owner.trim() === '')).map(entry),
  };
}

function percent(r: ReportRow): string {
  return r.rate === undefined ? '—' : `${Math.round(r.rate * 100)}% (${r.onTime}/${r.counted})${r.healthy ? '' : ' below 80%'}`;
}

/** The report as Markdown: tables a team can paste into a review or a wiki. */
export function reportMarkdown(report: CompletionReport, today: string): string {
  const table = (title: string, rows: readonly ReportRow[]): string[] => [
    `## ${title}`,
    '',
    `| ${capitalized(title.replace(/^By /, ''))} | On time | Counted | Rate |`,
    '|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.key)} | ${r.onTime} | ${r.counted} | ${percent(r)} |`),
    '',
  ];
  const list = (title: string, items: readonly ReportItem[]): string[] => [
    `## ${title} (${items.length})`,
    '',
    ...(items.length === 0
      ? ['None.']
      : items.map(
          (i) =>
            `- ${i.priority} ${cell(i.action)} (${cell(i.owner) || 'no owner'}, ${i.due ? `due ${i.due}` : 'no due date'}${i.done ? `, done ${i.done}` : ''}): ${i.file}:${i.line}`,
        )),
    '',
  ];
  return [
    `# P0/P1 action item completion, ${today}`,
    '',
    `On time: **${percent(report.total)}**. The practice's healthy mark is 80% or more.`,
    '',
    ...table('By month of due date', report.byMonth),
    ...table('By owner', report.byOwner),
    ...table('By type', report.byType),
    ...list('Done late', report.late),
    ...list('Open past due', report.overdue),
    ...list('Without a plan (no due date or no owner)', report.withoutPlan),
  ].join('\n');
}

/** The same as text for a terminal. */
export function reportText(report: CompletionReport): string {
  const rows = (title: string, group: readonly ReportRow[]): string[] => [title, ...group.map((r) => `  ${r.key.padEnd(24)} ${percent(r)}`)];
  const items = (title: string, group: readonly ReportItem[]): string[] => [
    `${title}: ${group.length}`,
    ...group.map(
      (i) =>
        `  ${i.file}:${i.line}: ${i.priority} ${i.action} (${i.owner || 'no owner'}, ${i.due ? `due ${i.due}` : 'no due date'}${i.done ? `, done ${i.done}` : ''})`,
    ),
  ];
  return [
    `P0/P1 on time: ${percent(report.total)} (healthy: 80% or more)`,
    ...rows('By month of due date:', report.byMonth),
    ...rows('By owner:', report.byOwner),
    ...rows('By type:', report.byType),
    ...items('Done late', report.late),
    ...items('Open past due', report.overdue),
    ...items('Without a plan', report.withoutPlan),
    '',
  ].join('\n');
}

/** Text for a Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
