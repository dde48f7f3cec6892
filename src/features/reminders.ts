import * as vscode from 'vscode';
import { quietAfter, remindersDue, type QuietUntil, type Reminder } from '../core';
import type { Clock } from '../vscode/clock';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { CommandIds } from './commandIds';
import { FOLLOW_UPS_VIEW_ID } from './followUps';

/** Global state: when each reminder may show again (see `QuietUntil`). */
const QUIET_KEY = 'postmortem.followUps.quietUntil';
/** More reminders at once than this make one notification that lists them, not a stack of toasts. */
const MAX_TOASTS = 3;
/** How long after the last change in the workspace the reminders are looked at again. */
const DEBOUNCE_MS = 2_000;
/** How often the day is looked at, so a review that falls due while VS Code is open is reminded of. */
const HOURLY_MS = 60 * 60 * 1_000;

/**
 * Reminders of follow-up reviews: on the day of a review, and every day while one is overdue, a
 * notification names the post-mortem and its open P0/P1 items, with Start Review and Snooze. Never more
 * than once a day per review (kept in the global state, so a reload does not show it again), never for a
 * template or a document that is not a post-mortem, and none while `postmortem.followUps.remind` is off.
 */
export function registerReminders(state: vscode.Memento, index: WorkspaceIndex, clock: Clock): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checking: Promise<void> = Promise.resolve();
  const quiet = (): QuietUntil => state.get<QuietUntil>(QUIET_KEY) ?? {};
  const check = async (): Promise<void> => {
    if (!vscode.workspace.getConfiguration('postmortem').get<boolean>('followUps.remind', true)) return;
    await index.whenReady();
    const day = clock.today();
    const due = remindersDue(index.index.files(), day, quiet());
    if (due.length === 0) return;
    // Written before anything shows: a second look while the toasts are up finds them quiet.
    await state.update(
      QUIET_KEY,
      quietAfter(
        quiet(),
        due.flatMap((r) => r.keys),
        day,
      ),
    );
    if (due.length > MAX_TOASTS) void remindAll(due, day);
    else for (const reminder of due) void remind(reminder, day);
  };
  // One look at a time, in order: two looks at once would both find a reminder not shown yet.
  const schedule = (delay: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      checking = checking.then(check).catch((error: unknown) => console.error('postmortem: follow-up reminders failed', error));
    }, delay);
  };

  /** Snoozes the reminders for the days a person picks. */
  const snooze = async (reminders: readonly Reminder[], day: string): Promise<void> => {
    const picked = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('For a day'), days: 1 },
        { label: vscode.l10n.t('For 3 days'), days: 3 },
        { label: vscode.l10n.t('For a week'), days: 7 },
      ],
      { title: vscode.l10n.t('Snooze the follow-up reminder'), placeHolder: vscode.l10n.t('When should it remind you again?') },
    );
    if (picked) {
      await state.update(
        QUIET_KEY,
        quietAfter(
          quiet(),
          reminders.flatMap((r) => r.keys),
          day,
          picked.days,
        ),
      );
    }
  };

  const remind = async (reminder: Reminder, day: string): Promise<void> => {
    const uri = vscode.Uri.parse(reminder.file.file);
    const close = reminder.steps.every((step) => step.kind === 'close');
    const act = close ? vscode.l10n.t('Close Post-Mortem') : vscode.l10n.t('Start Review');
    const open = vscode.l10n.t('Open');
    const snoozeLabel = vscode.l10n.t('Snooze');
    const choice = await vscode.window.showInformationMessage(reminderMessage(reminder, day), act, snoozeLabel, open);
    if (choice === act) {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand(close ? CommandIds.closePostmortem : CommandIds.startReview, uri);
    } else if (choice === open) {
      const line = reminder.steps[0].line ?? 0;
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0) });
    } else if (choice === snoozeLabel) await snooze([reminder], day);
  };

  const remindAll = async (due: readonly Reminder[], day: string): Promise<void> => {
    const show = vscode.l10n.t('Show Follow-Ups');
    const snoozeLabel = vscode.l10n.t('Snooze All');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Follow-ups are due for {0} post-mortems: {1}.', due.length, listed(due.map((r) => `“${r.file.title}”`))),
      show,
      snoozeLabel,
    );
    if (choice === show) await vscode.commands.executeCommand(`${FOLLOW_UPS_VIEW_ID}.focus`);
    else if (choice === snoozeLabel) await snooze(due, day);
  };

  schedule(0);
  const hourly = setInterval(() => schedule(0), HOURLY_MS);
  return vscode.Disposable.from(
    index.onDidChange(() => schedule(DEBOUNCE_MS)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postmortem.followUps.remind')) schedule(0);
    }),
    { dispose: () => (clearTimeout(timer), clearInterval(hourly)) },
  );
}

/**
 * "Follow-up due for “Title”: Review action item progress (today). 2 P0/P1 action item(s) open: “A”
 * (Priya), “B”." Overdue steps say since when.
 */
function reminderMessage({ file, steps, open }: Reminder, today: string): string {
  const when = (date: string): string => (date < today ? vscode.l10n.t('overdue since {0}', date) : vscode.l10n.t('today'));
  const head = vscode.l10n.t('Follow-up due for “{0}”: {1}.', file.title, steps.map((step) => `${step.label} (${when(step.date)})`).join('; '));
  if (open.length === 0) return `${head} ${vscode.l10n.t('Every P0/P1 action item is done or declined.')}`;
  const items = open.map((i) => (i.owner ? `“${i.action}” (${i.owner})` : `“${i.action}”`));
  return `${head} ${vscode.l10n.t('{0} P0/P1 action item(s) open: {1}.', open.length, listed(items))}`;
}

/** The first three, then how many more. */
function listed(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : vscode.l10n.t('{0} and {1} more', names.slice(0, 3).join(', '), names.length - 3);
}
