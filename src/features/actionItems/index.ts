import * as vscode from 'vscode';
import {
  GROUPINGS,
  findItem,
  RELATIVE_DUE_TERMS,
  isWebUrl,
  itemAsMarkdown,
  markDoneEdits,
  parseIsoDate,
  setDueEdits,
  setOwnerEdits,
  ticketLink,
  ticketUrl,
  type ActionItem,
  type Grouping,
  type IndexedItem,
  type PostmortemModel,
  type TextEdit,
} from '../../core';
import type { Clock } from '../../vscode/clock';
import { registerCommands, registration, type CommandTable, type Registration } from '../../vscode/commands';
import { toWorkspaceEdit } from '../../vscode/convert';
import { documentValue } from '../../vscode/documents';
import { getSettings } from '../../vscode/settings';
import type { TeamConfigs } from '../../vscode/teamConfig';
import type { WorkspaceIndex } from '../../vscode/workspaceIndex';
import { CommandIds } from '../commandIds';
import { ActionItemsProvider, type Node } from './provider';

export const VIEW_ID = 'postmortem.actionItems';

const GROUPING_LABELS: Readonly<Record<Grouping, string>> = {
  postmortem: vscode.l10n.t('Post-mortem'),
  owner: vscode.l10n.t('Owner'),
  priority: vscode.l10n.t('Priority'),
  due: vscode.l10n.t('Due date (overdue first)'),
};

/**
 * The "Action Items" view of the "Post-Mortems" container: every action item of the workspace,
 * grouped and filtered, with an overdue badge and the P0/P1 completion rate; its commands edit the
 * Markdown through one WorkspaceEdit each.
 */
export function registerActionItems(
  context: vscode.ExtensionContext,
  index: WorkspaceIndex,
  configs: TeamConfigs,
  clock: Clock,
): Registration<ActionItemsProvider> {
  const provider = new ActionItemsProvider(index, context.workspaceState, clock);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const update = (): void => {
    provider.refresh();
    const overdue = provider.overdueCount();
    view.badge = overdue > 0 ? { value: overdue, tooltip: vscode.l10n.t('{0} overdue action item(s)', overdue) } : undefined;
    view.description = provider.describe();
    // With one view in its container VS Code hides the description, so the rate also heads the tree.
    view.message = view.description ? vscode.l10n.t('{0} (healthy: 80% or more)', view.description) : undefined;
    void vscode.commands.executeCommand('setContext', 'postmortem.actionItems.filtered', Object.values(provider.state.filters).some(Boolean));
  };
  const disposeReady = index.onDidChange(() => {
    // Until the first scan ends the view shows progress, not the "no post-mortems" welcome.
    void vscode.commands.executeCommand('setContext', 'postmortem.indexReady', true);
    disposeReady.dispose();
  });

  const itemOf = (node: Node | undefined): IndexedItem | undefined => {
    const target = node ?? view.selection[0];
    return target?.kind === 'item' ? target.item : undefined;
  };
  const withItem =
    (run: (item: IndexedItem) => Promise<unknown>) =>
    async (node?: Node): Promise<unknown> => {
      const item = itemOf(node);
      if (!item) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select an action item in the Action Items view first.'));
        return undefined;
      }
      return run(item);
    };

  const disposables: vscode.Disposable[] = [
    view,
    index.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postmortem.owner')) update();
    }),
  ];
  /** The view's commands: id → handler, registered in one loop. */
  const commands: CommandTable = {
    [CommandIds.actionItemsRefresh]: () => index.rescan(),
    [CommandIds.actionItemsGroupBy]: async (grouping?: Grouping) => {
      const picked =
        grouping ??
        (
          await vscode.window.showQuickPick(
            GROUPINGS.map((g) => ({
              label: GROUPING_LABELS[g],
              grouping: g,
              description: g === provider.state.grouping ? vscode.l10n.t('current') : undefined,
            })),
            { title: vscode.l10n.t('Group Action Items By') },
          )
        )?.grouping;
      if (picked) await provider.setState({ ...provider.state, grouping: picked });
      update();
    },
    [CommandIds.actionItemsFilter]: async () => {
      const filters = provider.state.filters;
      const options = [
        {
          label: vscode.l10n.t('Only mine'),
          key: 'mine',
          detail: getSettings().owner.length
            ? vscode.l10n.t('Owner is {0}', getSettings().owner.join(', '))
            : vscode.l10n.t('Asks who you are (setting postmortem.owner)'),
        },
        { label: vscode.l10n.t('Only overdue'), key: 'overdue' },
        { label: vscode.l10n.t('Only P0 and P1'), key: 'highPriority' },
        { label: vscode.l10n.t('Show done items'), key: 'showDone' },
      ] as const;
      const picked = await vscode.window.showQuickPick(
        options.map((o) => ({ ...o, picked: filters[o.key] })),
        { title: vscode.l10n.t('Filter Action Items'), canPickMany: true },
      );
      if (!picked) return;
      const next = { mine: false, overdue: false, highPriority: false, showDone: false };
      for (const p of picked) next[p.key] = true;
      if (next.mine && getSettings().owner.length === 0 && !(await askWhoIAm(index, configs))) next.mine = false;
      await provider.setState({ ...provider.state, filters: next });
      update();
    },
    [CommandIds.actionItemsMarkDone]: withItem((item) => editItem(item, (model, target, lines) => markDoneEdits(model, target, clock.today(), lines))),
    [CommandIds.actionItemsSetOwner]: withItem(async (item) => {
      const owner = await pickOwner(index, configs, item);
      return owner === undefined ? undefined : editItem(item, (model, target, lines) => setOwnerEdits(model, target, owner, lines));
    }),
    [CommandIds.actionItemsSetDue]: withItem(async (item) => {
      const due = await pickDue(item, clock.today());
      return due === undefined ? undefined : editItem(item, (model, target, lines) => setDueEdits(model, target, due, lines));
    }),
    [CommandIds.actionItemsOpenTicket]: withItem(async (item) => {
      const link = ticketLink(item.ticket);
      if (!link) return vscode.window.showInformationMessage(vscode.l10n.t('"{0}" has no ticket link. Use "Create Ticket".', item.action));
      return openWebUrl(link);
    }),
    [CommandIds.actionItemsCreateTicket]: withItem(async (item) => {
      // In Restricted Mode the workspace's own .postmortem.yaml cannot choose what opens.
      const pattern = getSettings().ticketUrl ?? (vscode.workspace.isTrusted ? (await configs.get(vscode.Uri.parse(item.file))).ticketUrl : undefined);
      if (!pattern) {
        const open = vscode.l10n.t('Open Settings');
        if (
          (await vscode.window.showInformationMessage(
            vscode.l10n.t('Set a new-ticket URL pattern first (setting postmortem.ticketUrl, or ticketUrl in .postmortem.yaml).'),
            open,
          )) === open
        ) {
          await vscode.commands.executeCommand('workbench.action.openSettings', 'postmortem.ticketUrl');
        }
        return undefined;
      }
      return openWebUrl(ticketUrl(pattern, item, index.index.get(item.file)?.title ?? ''));
    }),
    [CommandIds.actionItemsCopyMarkdown]: withItem(async (item) => {
      await vscode.env.clipboard.writeText(itemAsMarkdown(item));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied "{0}" as Markdown', item.action), 3000);
    }),
  };
  void index.rescan();
  update();
  return registration(provider, ...disposables, registerCommands(commands));
}

/**
 * Applies edits to an item as one WorkspaceEdit (one undo step), where it is written (a table cell,
 * a task box, a mark at the end of a bullet). The item is found again in the document's current
 * text, so an edit made since the index was built never lands on the wrong line, and never on
 * another item with the same text. A file that was saved is saved again, so the sidebar and the file
 * on disk agree.
 */
export async function editItem(
  item: IndexedItem,
  compute: (model: PostmortemModel, target: ActionItem, lines: readonly string[]) => TextEdit[],
): Promise<boolean> {
  const uri = vscode.Uri.parse(item.file);
  const document = await vscode.workspace.openTextDocument(uri);
  const { model, lines } = documentValue(document);
  const target = findItem(model, item.line, item.action);
  if (!target) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" is no longer in {1} (or is there twice): edit it in the file.', item.action, vscode.workspace.asRelativePath(uri)),
    );
    return false;
  }
  const edits = compute(model, target, lines);
  if (edits.length === 0) return false;
  const wasDirty = document.isDirty;
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(uri, edits));
  if (applied && !wasDirty) await document.save();
  return applied;
}

/** Known owners: the team's, then every owner the workspace's items name. */
async function knownOwners(index: WorkspaceIndex, configs: TeamConfigs, uri?: vscode.Uri): Promise<string[]> {
  const team = uri ? (await configs.get(uri)).owners : [];
  const seen = index.index
    .items()
    .map((i) => i.owner)
    .filter(Boolean);
  return [...new Set([...team, ...seen])];
}

async function pickOwner(index: WorkspaceIndex, configs: TeamConfigs, item: IndexedItem): Promise<string | undefined> {
  const other = vscode.l10n.t('Someone else…');
  const owners = await knownOwners(index, configs, vscode.Uri.parse(item.file));
  const picked = await vscode.window.showQuickPick([...owners.map((label) => ({ label })), { label: other, alwaysShow: true }], {
    title: vscode.l10n.t('Owner of "{0}"', item.action),
    placeHolder: item.owner || vscode.l10n.t('Pick an owner'),
  });
  if (!picked) return undefined;
  if (picked.label !== other) return picked.label;
  return (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Owner of "{0}"', item.action),
      value: item.owner,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Name a person or team.')),
    })
  )?.trim();
}

async function pickDue(item: IndexedItem, today: string): Promise<string | undefined> {
  const date = vscode.l10n.t('A date…');
  const picked = await vscode.window.showQuickPick([...RELATIVE_DUE_TERMS.map((term) => ({ label: term[0].toUpperCase() + term.slice(1) })), { label: date }], {
    title: vscode.l10n.t('Due date of "{0}"', item.action),
    placeHolder: item.due || undefined,
  });
  if (!picked) return undefined;
  if (picked.label !== date) return picked.label;
  return (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Due date of "{0}"', item.action),
      value: item.dueDate ?? today,
      validateInput: (v) => (parseIsoDate(v) ? undefined : vscode.l10n.t('Enter a date as YYYY-MM-DD.')),
    })
  )?.trim();
}

async function askWhoIAm(index: WorkspaceIndex, configs: TeamConfigs): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const owners = await knownOwners(index, configs, folder);
  const picked = await vscode.window.showQuickPick(owners, {
    title: vscode.l10n.t('Who are you? (saved in the setting postmortem.owner)'),
    canPickMany: true,
  });
  if (!picked || picked.length === 0) return false;
  await vscode.workspace.getConfiguration('postmortem').update('owner', picked, vscode.ConfigurationTarget.Global);
  return true;
}

/** Opens a link in the browser when it is `https:` or `http:`; anything else (`file:`, `vscode:`, `command:`) is refused with a message. */
async function openWebUrl(url: string): Promise<boolean | undefined> {
  if (isWebUrl(url)) return vscode.env.openExternal(vscode.Uri.parse(url.trim()));
  await vscode.window.showWarningMessage(vscode.l10n.t('Not opened: "{0}" is not an http(s) link.', url.length > 80 ? url.slice(0, 77) + '…' : url));
  return undefined;
}
