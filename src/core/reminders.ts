import { addDays } from 'date-fns';
import { openHighPriorityItems, type IndexedFile, type IndexedFollowUp, type IndexedItem } from './actionIndex';
import { formatIsoDate, parseIsoDate } from './dates';

/**
 * When each reminder may show again: reminder key → `yyyy-MM-dd`. Shown today means "tomorrow";
 * snoozed means the day the snooze ends. What the extension keeps in its global state.
 */
export type QuietUntil = Readonly<Record<string, string>>;

/** The follow-up steps of one post-mortem due today or overdue: one reminder. */
export interface Reminder {
  readonly file: IndexedFile;
  /** Soonest first; never empty. */
  readonly steps: readonly IndexedFollowUp[];
  /** One per step, stable while the step's date is the same: a step moved to another date is reminded of again. */
  readonly keys: readonly string[];
  /** The P0/P1 items of the post-mortem not done nor declined. */
  readonly open: readonly IndexedItem[];
}

export function reminderKey(file: Pick<IndexedFile, 'file'>, step: Pick<IndexedFollowUp, 'kind' | 'date'>): string {
  return `${file.file}#${step.kind}@${step.date}`;
}

/**
 * The reminders to show today, one per post-mortem (never a template or another document): its
 * schedule's steps that are not done, fall today or before, and were neither shown today nor snoozed
 * past today. The post-mortem with the oldest step first.
 */
export function remindersDue(files: Iterable<IndexedFile>, today: string, quiet: QuietUntil): Reminder[] {
  const due: Reminder[] = [];
  for (const file of files) {
    if (file.kind !== 'postmortem' || file.closed) continue;
    const steps = file.followUps
      .filter((step) => !step.done && step.date <= today && (quiet[reminderKey(file, step)] ?? '') <= today)
      .sort((a, b) => a.date.localeCompare(b.date));
    if (steps.length > 0) due.push({ file, steps, keys: steps.map((step) => reminderKey(file, step)), open: openHighPriorityItems(file.items) });
  }
  return due.sort((a, b) => a.steps[0].date.localeCompare(b.steps[0].date) || a.file.title.localeCompare(b.file.title));
}

/**
 * The state after `keys` were shown today (quiet until tomorrow) or snoozed for `days` days; entries
 * whose quiet time is over are dropped, so the state stays as small as the reminders pending.
 */
export function quietAfter(quiet: QuietUntil, keys: readonly string[], today: string, days = 1): Record<string, string> {
  const start = parseIsoDate(today);
  const until = start ? formatIsoDate(addDays(start, Math.max(1, days))) : today;
  const next: Record<string, string> = {};
  for (const [key, date] of Object.entries(quiet)) if (date > today) next[key] = date;
  for (const key of keys) if ((next[key] ?? '') < until) next[key] = until;
  return next;
}
