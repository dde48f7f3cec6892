import * as vscode from 'vscode';
import {
  GROUPINGS,
  NO_FILTERS,
  completionRate,
  daysOverdue,
  filterItems,
  groupItems,
  isOverdue,
  ticketLink,
  type Grouping,
  type IndexedItem,
  type ItemFilters,
  type ItemGroup,
} from '../../core';
import type { Clock } from '../../vscode/clock';
import { getSettings } from '../../vscode/settings';
import type { WorkspaceIndex } from '../../vscode/workspaceIndex';

export type Node =
  | { readonly kind: 'group'; readonly group: ItemGroup }
  | { readonly kind: 'item'; readonly item: IndexedItem; readonly parent: ItemGroup }
  | { readonly kind: 'message'; readonly text: string };

/** What the view shows, saved in the workspace state so it survives a reload. */
export interface ViewState {
  readonly grouping: Grouping;
  readonly filters: ItemFilters;
}

const STATE_KEY = 'postmortem.actionItems.view';

/**
 * The Action Items tree: a pure view of the workspace index (`getChildren` never reads files). Groups
 * and filters come from the core; this only turns them into TreeItems.
 */
export class ActionItemsProvider implements vscode.TreeDataProvider<Node> {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #index: WorkspaceIndex;
  readonly #memento: vscode.Memento;
  #state: ViewState;
  readonly #clock: Clock;

  constructor(index: WorkspaceIndex, memento: vscode.Memento, clock: Clock) {
    this.#index = index;
    this.#clock = clock;
    this.#memento = memento;
    const saved = memento.get<Partial<ViewState>>(STATE_KEY);
    this.#state = {
      grouping: saved?.grouping && GROUPINGS.includes(saved.grouping) ? saved.grouping : 'postmortem',
      filters: { ...NO_FILTERS, ...saved?.filters },
    };
  }

  get state(): ViewState {
    return this.#state;
  }

  async setState(state: ViewState): Promise<void> {
    this.#state = state;
    await this.#memento.update(STATE_KEY, state);
    this.refresh();
  }

  refresh(): void {
    this.#onDidChangeTreeData.fire(undefined);
  }

  /** The items the filters let through (also what the badge and the tests count). */
  visibleItems(): IndexedItem[] {
    return filterItems(this.#index.index.items(), this.#state.filters, this.#clock.today(), getSettings().owner);
  }

  /** Overdue open items, whatever the filters: the badge. */
  overdueCount(): number {
    const today = this.#clock.today();
    return this.#index.index.items().filter((i) => isOverdue(i, today)).length;
  }

  /** The completion rate of P0/P1 items, for the view's description. */
  describe(): string {
    const rate = completionRate(this.#index.index.items(), this.#clock.today());
    return rate.rate === undefined ? '' : vscode.l10n.t('P0/P1 on time: {0}% ({1}/{2})', Math.round(rate.rate * 100), rate.onTime, rate.counted);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'group') return node.group.items.map((item) => ({ kind: 'item', item, parent: node.group }));
    if (node) return [];
    if (this.#index.index.size === 0) return []; // the welcome view
    const groups = groupItems(this.visibleItems(), this.#state.grouping, this.#clock.today(), this.#index.index.byFile());
    if (groups.length === 0) return [{ kind: 'message', text: vscode.l10n.t('No action items match the filters.') }];
    return groups.map((group) => ({ kind: 'group', group }));
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'item' ? { kind: 'group', group: node.parent } : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('filter');
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.#state.grouping}:${node.group.key}`;
      item.description = String(node.group.items.length);
      item.iconPath = new vscode.ThemeIcon(
        GROUP_ICONS[this.#state.grouping],
        node.group.key === 'due:overdue' ? new vscode.ThemeColor('list.errorForeground') : undefined,
      );
      item.contextValue = 'actionGroup';
      if (node.group.file) item.resourceUri = vscode.Uri.parse(node.group.file);
      return item;
    }
    return this.#itemTreeItem(node.item, node.parent);
  }

  #itemTreeItem(entry: IndexedItem, parent: ItemGroup): vscode.TreeItem {
    const today = this.#clock.today();
    const overdue = isOverdue(entry, today);
    const item = new vscode.TreeItem(entry.action, vscode.TreeItemCollapsibleState.None);
    item.id = `item:${this.#state.grouping}:${parent.key}:${entry.file}:${entry.line}`;
    const due = entry.dueDate ?? entry.due;
    item.description = [
      entry.priority,
      entry.owner || vscode.l10n.t('no owner'),
      due ? (overdue ? vscode.l10n.t('overdue since {0}', due) : vscode.l10n.t('due {0}', due)) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = entry.done
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : entry.state === 'declined'
        ? new vscode.ThemeIcon('circle-slash')
        : overdue
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : entry.state === 'inProgress'
            ? new vscode.ThemeIcon('clock')
            : new vscode.ThemeIcon('circle-large-outline');
    item.tooltip = tooltip(entry, this.#index.index.get(entry.file)?.title ?? '', today);
    item.contextValue = `actionItem:${entry.done ? 'done' : 'open'}${ticketLink(entry.ticket) ? ':ticket' : ''}`;
    const state = entry.done
      ? ', done'
      : entry.state === 'declined'
        ? ', declined'
        : overdue
          ? ', overdue'
          : entry.state === 'inProgress'
            ? ', in progress'
            : '';
    item.accessibilityInformation = { label: `${entry.action}, ${item.description}${state}` };
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open Post-Mortem'),
      arguments: [vscode.Uri.parse(entry.file), { selection: new vscode.Range(entry.line, 0, entry.line, 0), preview: true }],
    };
    return item;
  }
}

const GROUP_ICONS: Readonly<Record<Grouping, string>> = { postmortem: 'file', owner: 'person', priority: 'flame', due: 'calendar' };

function tooltip(item: IndexedItem, title: string, today: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  const esc = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
  md.appendMarkdown(`**${esc(item.action)}**\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  const due = item.dueDate && item.dueDate !== item.due ? `${item.due} (${item.dueDate})` : item.due;
  const late = daysOverdue(item, today);
  for (const [label, value] of [
    ['Type', item.type],
    ['Priority', item.priority],
    ['Owner', item.owner],
    ['Due', late > 0 ? `${due}, overdue by ${late} day${late === 1 ? '' : 's'}` : due],
    ['Status', item.status || ({ open: 'Open', inProgress: 'In progress', done: 'Done', declined: 'Declined' } as const)[item.state]],
    ['Ticket', item.ticket],
    ['Group', item.group ?? ''],
    ['Post-mortem', title],
  ]) {
    md.appendMarkdown(`| ${label} | ${esc(value) || '—'} |\n`);
  }
  return md;
}
