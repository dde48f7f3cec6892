import { addDays } from 'date-fns';
import type { ActionModel } from './actionModel';
import { formatIsoDate, incidentDateOf, parseIsoDate } from './dates';
import { lineRange, type Range, type TextEdit } from './text';
import { isHighPriority, priorityLevel } from './vocabulary';

/**
 * A post-mortem's follow-up schedule (the practice: review action items at 2 weeks, verify fixes in
 * production at 4 weeks, close the post-mortem then): read from the Follow-Up Schedule section's
 * lines, else from `review-dates` in the front matter, else computed from the incident date.
 */

export type FollowUpKind = 'review' | 'verify' | 'close';

export interface FollowUp {
  readonly kind: FollowUpKind;
  /** `yyyy-MM-dd`. */
  readonly date: string;
  /** What the step is for, as written ("Review action item progress"), or the practice's words. */
  readonly label: string;
  /** The line is ticked (`- [x] 2026-10-28: …`). */
  readonly done: boolean;
  /** Where the step is written; undefined for a front matter date or a computed one. */
  readonly line: number | undefined;
  readonly source: 'schedule' | 'frontMatter' | 'computed';
}

/** A schedule line that could not be read, with where. */
export interface FollowUpProblem {
  readonly message: string;
  readonly range: Range;
}

/** The practice's rhythm, in days after the incident. */
export const FOLLOW_UP_DAYS: Readonly<Record<FollowUpKind, number>> = { review: 14, verify: 28, close: 28 };

const LABELS: Readonly<Record<FollowUpKind, string>> = {
  review: 'Review action item progress',
  verify: 'Verify fixes in production',
  close: 'Close post-mortem',
};

/** `- [x] 2026-10-28: Review action item progress`, `* 2026-10-28 — Verify fixes`, `1. [DATE]: Close`. */
const SCHEDULE_LINE = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)$/;
const TASK_BOX = /^\[([ xX])\][ \t]+/;
const LEADING_DATE = /^(?:\*\*|__)?(\d{4}-\d{2}-\d{2})(?:\*\*|__)?/;

export function kindOfLabel(label: string): FollowUpKind {
  const words = label.toLowerCase();
  if (/\bclos/.test(words)) return 'close';
  if (/\bverif|\bproduction\b|\bconfirm/.test(words)) return 'verify';
  return 'review';
}

export function readFollowUps(
  model: Pick<ActionModel, 'sections' | 'frontMatter' | 'metadata'>,
  lines: readonly string[],
  days: Readonly<Record<FollowUpKind, number>> = FOLLOW_UP_DAYS,
): { followUps: FollowUp[]; problems: FollowUpProblem[] } {
  const problems: FollowUpProblem[] = [];
  const day = incidentDateOf(model);
  const incident = parseIsoDate(day);
  const written: FollowUp[] = [];
  for (const section of model.sections) {
    if (section.kind !== 'followUp') continue;
    for (let line = section.body.start; line < section.body.end; line++) {
      const match = SCHEDULE_LINE.exec(lines[line] ?? '');
      if (!match) continue;
      const box = TASK_BOX.exec(match[1]);
      const rest = match[1].slice(box ? box[0].length : 0).trim();
      if (rest.startsWith('[DATE]')) continue; // the template's placeholder: not yet scheduled
      const date = LEADING_DATE.exec(rest);
      const at = (lines[line] ?? '').indexOf(rest);
      if (!date || !parseIsoDate(date[1])) {
        if (/^\d/.test(rest)) {
          problems.push({
            message: `"${rest.slice(0, 40)}" does not start with a date as YYYY-MM-DD: this follow-up is not scheduled.`,
            range: lineRange(line, at, at + rest.length),
          });
        }
        continue;
      }
      const label = rest
        .slice(date[0].length)
        .replace(/^\s*[:\u2013\u2014-]?\s*/, '')
        .trim();
      if (day && date[1] < day) {
        problems.push({
          message: `${date[1]} is before the incident (${day}): a follow-up comes after it.`,
          range: lineRange(line, at, at + date[0].length),
        });
      }
      const kind = kindOfLabel(label);
      written.push({ kind, date: date[1], label: label || LABELS[kind], done: !!box && box[1] !== ' ', line, source: 'schedule' });
    }
  }
  if (written.length > 0) return { followUps: written, problems };
  const fromFrontMatter = frontMatterDates(model.frontMatter?.data?.['review-dates']);
  if (fromFrontMatter.length > 0) return { followUps: fromFrontMatter, problems };
  if (!incident) return { followUps: [], problems };
  const computed = (Object.keys(days) as FollowUpKind[]).map((kind) => ({
    kind,
    date: formatIsoDate(addDays(incident, days[kind])),
    label: LABELS[kind],
    done: false,
    line: undefined,
    source: 'computed' as const,
  }));
  return { followUps: computed, problems };
}

/** `review-dates: [2026-10-28, 2026-11-11]` (review, verify, close in that order) or a map by kind. */
function frontMatterDates(value: unknown): FollowUp[] {
  const iso = (v: unknown): string | undefined => {
    const text = v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.trim() : undefined;
    return text && parseIsoDate(text) ? text : undefined;
  };
  const steps: FollowUp[] = [];
  const push = (kind: FollowUpKind, date: string | undefined): void => {
    if (date) steps.push({ kind, date, label: LABELS[kind], done: false, line: undefined, source: 'frontMatter' });
  };
  if (Array.isArray(value)) {
    const kinds: FollowUpKind[] = value.length <= 2 ? ['review', 'close'] : ['review', 'verify', 'close'];
    value.slice(0, 3).forEach((v, i) => push(kinds[i], iso(v)));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) push(kindOfLabel(key), iso(v));
  }
  return steps;
}

/** The P0/P1 action items not done nor declined: what a review or the close is about. */
export function openHighPriority(model: Pick<ActionModel, 'actionItems'>): ActionModel['actionItems'] {
  return model.actionItems.filter((i) => isHighPriority(i.priority) && i.state !== 'done' && i.state !== 'declined');
}

/** A follow-up not done whose date has passed. */
export function isFollowUpOverdue(followUp: FollowUp, today: string): boolean {
  return !followUp.done && followUp.date < today;
}

/** Where a post-mortem is in its life. Without a status it is published: it is what the team has. */
export type Lifecycle = 'draft' | 'inReview' | 'published' | 'closed';

export const LIFECYCLES: readonly Lifecycle[] = ['draft', 'inReview', 'published', 'closed'];

/**
 * The status from the metadata or front matter (`status: Draft`): the team's words for each stage
 * when `.postmortem.yaml` names them (`known` is false for a word it does not list), else the usual
 * words. A status may carry a date after its word (`Closed 2026-11-20`).
 */
export function lifecycleOf(
  model: Pick<ActionModel, 'metadata'>,
  names?: Readonly<Partial<Record<Lifecycle, readonly string[]>>>,
): { readonly status: Lifecycle; readonly written: string | undefined; readonly known: boolean } {
  const written = model.metadata.find((e) => e.key === 'status' && e.value !== '')?.value;
  if (written === undefined) return { status: 'published', written, known: true };
  const words = written.toLowerCase().replace(/[*_`]/g, '').trim();
  if (names && Object.keys(names).length > 0) {
    for (const stage of LIFECYCLES) {
      if (names[stage]?.some((name) => words === name.toLowerCase() || words.startsWith(`${name.toLowerCase()} `))) {
        return { status: stage, written, known: true };
      }
    }
    return { status: 'published', written, known: false };
  }
  // The first words say the stage: "Complete, action items in progress" is published, not a draft.
  const status: Lifecycle = /^(?:draft|wip|work in progress|in progress)\b/.test(words)
    ? 'draft'
    : /^(?:in review|under review|review)\b/.test(words)
      ? 'inReview'
      : /^closed?\b/.test(words)
        ? 'closed'
        : 'published';
  return { status, written, known: true };
}

/** The P0/P1 items and what they are at this moment: one line each of a review note. */
function checklist(model: Pick<ActionModel, 'actionItems'>): string[] {
  const high = model.actionItems.filter((i) => isHighPriority(i.priority));
  if (high.length === 0) return ['- No P0/P1 action items.'];
  return high.map((i) => {
    const state = i.state === 'done' ? `done${i.doneDate ? ` ${i.doneDate}` : ''}` : i.state === 'inProgress' ? 'in progress' : i.state;
    return `- [${i.state === 'done' || i.state === 'declined' ? 'x' : ' '}] ${priorityLevel(i.priority) ?? i.priority} ${i.action} (owner: ${i.owner || 'none'}, due: ${i.due || 'none'}, ${state})`;
  });
}

/** A schedule line ticked: `- 2026-10-28: Review` → `- [x] 2026-10-28: Review`. */
function tickEdit(lines: readonly string[], line: number): TextEdit | undefined {
  const text = lines[line] ?? '';
  const match = SCHEDULE_LINE.exec(text);
  if (!match) return undefined;
  const at = text.length - match[1].length;
  const box = TASK_BOX.exec(match[1]);
  if (box) return box[1] === ' ' ? { range: lineRange(line, at + 1, at + 2), newText: 'x' } : undefined;
  return { range: lineRange(line, at, at), newText: '[x] ' };
}

/**
 * "Start review": a dated review note at the end of the Follow-Up Schedule section (a new section at
 * the end of the document when there is none): a checklist of every P0/P1 item with its owner, due
 * and state at this moment. The first written step not done is ticked. One edit list: one undo step.
 */
export function startReviewEdits(
  model: Pick<ActionModel, 'sections' | 'frontMatter' | 'metadata' | 'actionItems'>,
  lines: readonly string[],
  today: string,
  eol = '\n',
): TextEdit[] {
  const note = [`### Review ${today}`, '', ...checklist(model)];
  const section = model.sections.find((s) => s.kind === 'followUp' && s.source === 'heading');
  const edits: TextEdit[] = [];
  if (section) {
    let end = section.body.end;
    while (end > section.body.start && (lines[end - 1] ?? '').trim() === '') end--;
    const after = end - 1 >= 0 ? end - 1 : 0;
    edits.push({ range: lineRange(after, lines[after]?.length ?? 0, lines[after]?.length ?? 0), newText: eol + eol + note.join(eol) });
    const step = readFollowUps(model, lines).followUps.find((f) => f.line !== undefined && !f.done && f.kind !== 'close');
    const tick = step?.line !== undefined ? tickEdit(lines, step.line) : undefined;
    if (tick) edits.unshift(tick);
  } else {
    let last = lines.length - 1;
    while (last > 0 && (lines[last] ?? '').trim() === '') last--;
    edits.push({
      range: lineRange(last, lines[last]?.length ?? 0, lines[last]?.length ?? 0),
      newText: eol + eol + ['## Follow-Up Schedule', '', ...note].join(eol),
    });
  }
  return edits;
}

/** The status written as `value`: its value replaced, or a `- Status:` line added after the metadata list (or the title). */
export function statusEdits(model: Pick<ActionModel, 'metadata' | 'title'>, lines: readonly string[], value: string, eol = '\n'): TextEdit[] {
  const status = model.metadata.find((e) => e.key === 'status');
  if (status) return [{ range: status.valueRange, newText: value }];
  const listed = model.metadata.filter((e) => e.source === 'list');
  const after = listed.length > 0 ? listed[listed.length - 1].line : (model.title?.range.start.line ?? -1);
  if (after >= 0) return [{ range: lineRange(after, lines[after]?.length ?? 0, lines[after]?.length ?? 0), newText: `${eol}- Status: ${value}` }];
  return [{ range: lineRange(0, 0, 0), newText: `Status: ${value}${eol}${eol}` }];
}

/**
 * "Close post-mortem": the status set to `Closed <today>` (the status line replaced, or one added to
 * the metadata list) and the schedule's close line ticked, when every P0/P1 item is done or declined;
 * otherwise the items that block it.
 */
export function closeEdits(
  model: Pick<ActionModel, 'sections' | 'frontMatter' | 'metadata' | 'actionItems' | 'title'>,
  lines: readonly string[],
  today: string,
  eol = '\n',
): { readonly edits: TextEdit[] } | { readonly blockers: ActionModel['actionItems'] } {
  const blockers = openHighPriority(model);
  if (blockers.length > 0) return { blockers };
  const edits = statusEdits(model, lines, `Closed ${today}`, eol);
  const close = readFollowUps(model, lines).followUps.find((f) => f.kind === 'close' && f.line !== undefined && !f.done);
  const tick = close?.line !== undefined ? tickEdit(lines, close.line) : undefined;
  if (tick) edits.push(tick);
  return { edits };
}
