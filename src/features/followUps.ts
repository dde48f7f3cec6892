import * as vscode from 'vscode';
import {
  calendarFollowUps,
  closeEdits,
  followUpCalendar,
  followUpsOf,
  lifecycleOf,
  openHighPriorityItems,
  startReviewEdits,
  statusEdits,
  type CalendarFollowUp,
  type IndexedFile,
  type IndexedFollowUp,
  type Lifecycle,
} from '../core';
import type { Clock } from '../vscode/clock';
import { registerCommands, registration, type CommandTable, type Registration } from '../vscode/commands';
import { toRange, toWorkspaceEdit } from '../vscode/convert';
import { documentInfo, documentValue, postmortemModel, settled } from '../vscode/documents';
import type { TeamConfigs } from '../vscode/teamConfig';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { CommandIds } from './commandIds';

export const FOLLOW_UPS_VIEW_ID = 'postmortem.followUps';

/** One row of the Follow-Ups view: a step of a post-mortem's schedule. */
export interface FollowUpRow {
  readonly file: IndexedFile;
  readonly step: IndexedFollowUp;
  /** The P0/P1 items of the post-mortem not done nor declined. */
  readonly openP0P1: number;
}

/**
 * The "Follow-Ups" view: the reviews not done across the workspace, soonest first (overdue ones
 * first, then today's, then the upcoming), each with its post-mortem, what it is for and how many
 * P0/P1 items are still open. A pure view of the workspace index.
 */
export class FollowUpsProvider implements vscode.TreeDataProvider<FollowUpRow> {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<FollowUpRow | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #index: WorkspaceIndex;
  readonly #clock: Clock;

  constructor(index: WorkspaceIndex, clock: Clock) {
    this.#index = index;
    this.#clock = clock;
  }

  refresh(): void {
    this.#onDidChangeTreeData.fire(undefined);
  }

  rows(): FollowUpRow[] {
    const rows: FollowUpRow[] = [];
    for (const file of this.#index.index.files()) {
      if (file.kind !== 'postmortem') continue;
      const openP0P1 = openHighPriorityItems(file.items).length;
      for (const step of file.followUps) if (!step.done) rows.push({ file, step, openP0P1 });
    }
    return rows.sort((a, b) => a.step.date.localeCompare(b.step.date) || a.file.title.localeCompare(b.file.title));
  }

  getChildren(row?: FollowUpRow): FollowUpRow[] {
    return row ? [] : this.rows();
  }

  getTreeItem(row: FollowUpRow): vscode.TreeItem {
    const today = this.#clock.today();
    const { file, step } = row;
    const when = step.date < today ? vscode.l10n.t('overdue') : step.date === today ? vscode.l10n.t('today') : undefined;
    // The date and the step first: the sidebar is narrow, and the list is in date order.
    const item = new vscode.TreeItem(`${step.date}: ${step.label}`, vscode.TreeItemCollapsibleState.None);
    item.id = `followUp:${file.file}:${step.kind}`;
    item.description = [when, file.title, vscode.l10n.t('{0} open P0/P1', row.openP0P1)].filter(Boolean).join(' · ');
    item.iconPath =
      step.date < today
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : step.date === today
          ? new vscode.ThemeIcon('bell')
          : new vscode.ThemeIcon('calendar');
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    md.appendText(`${file.title}\n\n${step.label}: ${step.date}\n\n${vscode.l10n.t('{0} P0/P1 action item(s) still open.', row.openP0P1)}`);
    item.tooltip = md;
    item.contextValue = 'followUp';
    item.accessibilityInformation = { label: `${step.date}: ${step.label}, ${item.description}` };
    const uri = vscode.Uri.parse(file.file);
    const at = new vscode.Range(step.line ?? 0, 0, step.line ?? 0, 0);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open Post-Mortem'),
      arguments: [uri, { selection: at } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }
}

/** What the commands tell a caller (a test, a CodeLens): whether the document changed, and what blocked it. */
export type FollowUpResult = { readonly applied: boolean } | { readonly blockers: readonly string[] };

/**
 * The follow-up commands on the active post-mortem: Start Review (a dated checklist of the P0/P1
 * items under the schedule) and Close Post-Mortem (refused, with the items that block it, while one is
 * open). Each is one WorkspaceEdit: one undo step.
 */
export function registerFollowUps(index: WorkspaceIndex, configs: TeamConfigs, clock: Clock): Registration<FollowUpsProvider> {
  const provider = new FollowUpsProvider(index, clock);
  const view = vscode.window.createTreeView(FOLLOW_UPS_VIEW_ID, { treeDataProvider: provider });
  const update = (): void => {
    provider.refresh();
    const today = clock.today();
    const overdue = provider.rows().filter((r) => r.step.date < today).length;
    view.badge = overdue > 0 ? { value: overdue, tooltip: vscode.l10n.t('{0} follow-up review(s) overdue', overdue) } : undefined;
  };
  update();
  /** The follow-up commands: id → handler, registered in one loop. */
  const commands: CommandTable = {
    [CommandIds.followUpsCalendar]: (target?: vscode.Uri) => writeCalendar(index, configs, clock, target),
    [CommandIds.setStatus]: async (uri: vscode.Uri, value: string): Promise<boolean> => {
      const document = await vscode.workspace.openTextDocument(uri);
      const model = postmortemModel(document);
      if (!model) return false;
      return vscode.workspace.applyEdit(toWorkspaceEdit(uri, statusEdits(model, documentValue(document).lines, value, model.eol)));
    },
    [CommandIds.startReview]: async (uri?: vscode.Uri): Promise<FollowUpResult | undefined> => {
      const document = await documentFor(uri);
      const model = document && postmortemModel(document);
      if (!document || !model) return notAPostmortem();
      const edits = startReviewEdits(model, documentValue(document).lines, clock.today(), model.eol);
      return { applied: await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, edits)) };
    },
    [CommandIds.closePostmortem]: async (uri?: vscode.Uri): Promise<FollowUpResult | undefined> => {
      const document = await documentFor(uri);
      const model = document && postmortemModel(document);
      if (!document || !model) return notAPostmortem();
      const result = closeEdits(model, documentValue(document).lines, clock.today(), model.eol);
      if ('edits' in result) return { applied: await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, result.edits)) };
      // Refused: the items that block it, in a quick pick that jumps to the one chosen.
      const picks = result.blockers.map((item) => ({
        label: item.action,
        description: `${item.priority} · ${item.owner || vscode.l10n.t('no owner')}`,
        detail: vscode.l10n.t('Line {0}: {1}', item.line + 1, item.status || vscode.l10n.t('open')),
        item,
      }));
      void vscode.window
        .showQuickPick(picks, {
          title: vscode.l10n.t('Not closed: {0} P0/P1 action item(s) still open', result.blockers.length),
          placeHolder: vscode.l10n.t('Finish or decline these (with a reason) first. Choose one to go to it.'),
        })
        .then(async (picked) => {
          if (!picked) return;
          const editor = await vscode.window.showTextDocument(document);
          const range = toRange(picked.item.actionRange);
          editor.selection = new vscode.Selection(range.start, range.end);
          editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        });
      return { blockers: result.blockers.map((i) => i.action) };
    },
  };
  return registration(
    provider,
    view,
    index.onDidChange(update),
    vscode.languages.registerCodeLensProvider(
      { language: 'markdown' },
      { provideCodeLenses: async (document, token) => ((await settled(document, token)) ? lifecycleLenses(document, configs, clock) : []) },
    ),
    registerCommands(commands),
  );
}

/**
 * "Add Follow-Ups to Calendar": an .ics file with every follow-up of the workspace's post-mortems
 * (one all-day event each, UIDs stable across exports, the open P0/P1 items in the description, the
 * commander and author invited when the team config has their addresses), to import into a calendar.
 * Returns the file written.
 */
async function writeCalendar(index: WorkspaceIndex, configs: TeamConfigs, clock: Clock, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await index.whenReady();
  const today = clock.today();
  const steps: CalendarFollowUp[] = [];
  for (const file of index.index.files()) {
    if (file.kind !== 'postmortem') continue;
    const uri = vscode.Uri.parse(file.file);
    steps.push(...calendarFollowUps(file, vscode.workspace.asRelativePath(uri), (await configs.get(uri)).emails));
  }
  if (steps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No follow-ups to add: no post-mortem in this workspace has an incident date or a schedule.'));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder && vscode.Uri.joinPath(folder, 'follow-ups.ics'),
      filters: { [vscode.l10n.t('iCalendar')]: ['ics'] },
      title: vscode.l10n.t('Add Follow-Ups to Calendar'),
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(followUpCalendar(steps, today)));
  if (!target) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Wrote {0} follow-up(s) to {1}: import it into your calendar; importing it again updates the events.',
        steps.length,
        vscode.workspace.asRelativePath(uri),
      ),
    );
  }
  return uri;
}

/** The next step of each stage: what the status line's CodeLens offers. */
const NEXT_STEP: Readonly<Record<Lifecycle, { readonly title: () => string; readonly status?: string } | undefined>> = {
  draft: { title: () => vscode.l10n.t('Request review'), status: 'In Review' },
  inReview: { title: () => vscode.l10n.t('Publish'), status: 'Published' },
  published: { title: () => vscode.l10n.t('Close') },
  closed: undefined,
};

/**
 * Above the title of a post-mortem: its status and the next step (Request review, Publish, Close),
 * and Start review when a follow-up is due.
 */
async function lifecycleLenses(document: vscode.TextDocument, configs: TeamConfigs, clock: Clock): Promise<vscode.CodeLens[]> {
  const info = documentInfo(document);
  const title = info?.model.title;
  if (!info || info.detection.kind !== 'postmortem' || !title) return [];
  const { model } = info;
  const at = new vscode.Range(title.range.start.line, 0, title.range.start.line, 0);
  const config = await configs.get(document.uri);
  const { status, written } = lifecycleOf(model, config.statuses);
  const stage = { draft: vscode.l10n.t('Draft'), inReview: vscode.l10n.t('In review'), published: vscode.l10n.t('Published'), closed: vscode.l10n.t('Closed') }[
    status
  ];
  const lenses = [
    new vscode.CodeLens(at, { title: `$(milestone) ${written ?? stage}`, tooltip: vscode.l10n.t('Where this post-mortem is in its life'), command: '' }),
  ];
  const next = NEXT_STEP[status];
  // The team's word for the next stage when it has one.
  const word = (stage: Lifecycle, fallback: string): string => config.statuses[stage]?.[0] ?? fallback;
  if (next?.status) {
    lenses.push(
      new vscode.CodeLens(at, {
        title: next.title(),
        command: CommandIds.setStatus,
        arguments: [document.uri, word(status === 'draft' ? 'inReview' : 'published', next.status)],
      }),
    );
  } else if (next) lenses.push(new vscode.CodeLens(at, { title: next.title(), command: CommandIds.closePostmortem, arguments: [document.uri] }));
  const today = clock.today();
  const due = followUpsOf(model, () => info.value.lines, config).followUps.find((f) => !f.done && f.kind !== 'close' && f.date <= today);
  if (due) {
    lenses.push(
      new vscode.CodeLens(at, { title: vscode.l10n.t('Start review (due {0})', due.date), command: CommandIds.startReview, arguments: [document.uri] }),
    );
  }
  return lenses;
}

async function documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'markdown' ? document : undefined;
}

function notAPostmortem(): undefined {
  void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem (Markdown) first.'));
  return undefined;
}
