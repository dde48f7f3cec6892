import ical from 'ical-generator';
import { openHighPriorityItems, type IndexedFile } from './actionIndex';
import type { FollowUpKind } from './followUps';

/** One follow-up as the calendar shows it. */
export interface CalendarFollowUp {
  /** The post-mortem's path, as the team knows it. */
  readonly file: string;
  readonly title: string;
  /** `yyyy-MM-dd`. */
  readonly date: string;
  readonly kind: FollowUpKind;
  readonly label: string;
  /** The P0/P1 items still open, a line each. */
  readonly openItems: readonly string[];
  /** Who is invited: the incident commander and the author, when the team config knows their addresses. */
  readonly attendees: readonly { readonly name: string; readonly email: string }[];
}

/**
 * An indexed post-mortem's follow-ups as the calendar shows them: its open P0/P1 items in each (due
 * dates resolved), its commander and author invited when `emails` (by lower-case name) has them.
 */
export function calendarFollowUps(file: IndexedFile, path: string, emails: Readonly<Record<string, string>>): CalendarFollowUp[] {
  const openItems = openHighPriorityItems(file.items).map(
    (i) => `[${i.priority}] ${i.action} (${i.owner || 'no owner'}, ${i.dueDate ? `due ${i.dueDate}` : 'no due date'})`,
  );
  const attendees = file.people.flatMap((name) => {
    const email = emails[name.toLowerCase()];
    return email ? [{ name, email }] : [];
  });
  return file.followUps.map((step) => ({ file: path, title: file.title, date: step.date, kind: step.kind, label: step.label, openItems, attendees }));
}

/**
 * An iCalendar file (RFC 5545, written by `ical-generator`): one all-day event per follow-up. A
 * step's UID comes from its post-mortem's path and its kind, never its date, so importing the file
 * again after a date moved updates the event instead of adding one. `today` is the stamp, so two
 * runs on the same day write the same file.
 */
export function followUpCalendar(followUps: readonly CalendarFollowUp[], today: string): string {
  const calendar = ical({ name: 'Post-mortem follow-ups', prodId: { company: 'postmortem', product: 'follow-ups' } });
  const stamp = utcDate(today);
  for (const f of followUps) {
    const open = f.openItems.length === 0 ? 'No P0/P1 action item is open.' : `Open P0/P1 action items:\n${f.openItems.map((i) => `- ${i}`).join('\n')}`;
    calendar.createEvent({
      id: `${f.kind}-${hash(f.file)}@postmortem`,
      start: utcDate(f.date),
      allDay: true,
      stamp,
      summary: `${f.label}: ${f.title}`,
      description: `${f.label}. Post-mortem: "${f.title}" (${f.file}).\n\n${open}`,
      attendees: [...f.attendees],
    });
  }
  return calendar.toString();
}

/** Midnight UTC of a `yyyy-MM-dd` date: all-day events are written from its UTC fields, whatever the machine's zone. */
function utcDate(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** FNV-1a of the text, as 8 hex digits: a short stable identifier for a path. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
