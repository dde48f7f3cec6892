import * as vscode from 'vscode';
import { PostmortemSearch, type IndexedFile, type RelatedHit } from '../core';
import { registerCommands, registration, type Registration } from '../vscode/commands';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { CommandIds } from './commandIds';

export const RELATED_VIEW_ID = 'postmortem.related';

/** How long one slice of bringing the search index up to date may hold the extension host. */
const SLICE_MS = 20;

/**
 * The workspace index's post-mortems as a full-text index (core's `PostmortemSearch`), brought up to
 * date when asked: only the files changed since are read again, in slices that yield to the host.
 */
export class SearchIndex {
  readonly #search = new PostmortemSearch();
  readonly #index: WorkspaceIndex;
  #syncing: Promise<PostmortemSearch> | undefined;

  constructor(index: WorkspaceIndex) {
    this.#index = index;
  }

  /** The search index, up to date with the workspace index. */
  ready(): Promise<PostmortemSearch> {
    this.#syncing ??= this.#sync().finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  async #sync(): Promise<PostmortemSearch> {
    await this.#index.whenInsightsReady();
    let deadline = Date.now() + SLICE_MS;
    while (!this.#search.sync(this.#index.index.byFile(), () => Date.now() > deadline)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      deadline = Date.now() + SLICE_MS;
    }
    return this.#search;
  }
}

type PickItem = vscode.QuickPickItem & { readonly file?: string };

/** "Search Post-Mortems": a quick pick over titles, summaries, root causes, contributing factors and lessons, fuzzy, best first. */
async function searchPostmortems(search: SearchIndex, index: WorkspaceIndex): Promise<void> {
  const pick = vscode.window.createQuickPick<PickItem>();
  pick.title = vscode.l10n.t('Search Post-Mortems');
  pick.placeholder = vscode.l10n.t('Search titles, summaries, root causes, contributing factors and lessons (a typo is fine)');
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.busy = true;
  pick.show();
  const ready = await search.ready();
  pick.busy = false;
  const describe = (file: IndexedFile | undefined): string => [file?.incidentDate ?? vscode.l10n.t('no date'), file?.severity].filter(Boolean).join(' · ');
  const update = (): void => {
    const query = pick.value.trim();
    if (query === '') {
      // Before a word is typed: the newest post-mortems.
      pick.items = index.index
        .files()
        .filter((f) => f.kind === 'postmortem')
        .slice(0, 30)
        .map((f) => ({ label: `$(notebook) ${f.title}`, description: describe(f), file: f.file, alwaysShow: true }));
      return;
    }
    const hits = ready.search(query, 50);
    pick.items =
      hits.length > 0
        ? hits.map((hit) => ({
            label: `$(notebook) ${hit.title}`,
            description: describe(index.index.get(hit.file)),
            detail: hit.why,
            file: hit.file,
            alwaysShow: true,
          }))
        : [{ label: vscode.l10n.t('No post-mortem matches "{0}"', query), alwaysShow: true }];
  };
  update();
  await new Promise<void>((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const file = pick.selectedItems[0]?.file;
      if (file) void vscode.window.showTextDocument(vscode.Uri.parse(file));
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve();
    });
  });
}

/** A row of the Related view: a related post-mortem, or one reason under it. */
export type RelatedRow =
  { readonly kind: 'postmortem'; readonly hit: RelatedHit } | { readonly kind: 'reason'; readonly hit: RelatedHit; readonly why: string };

/**
 * The "Related" view: for the post-mortem in the active editor, the post-mortems with the same
 * services or tags, or similar titles, root causes and contributing factors, best first; under each,
 * why it is related (the best one unfolded). Follows the active editor and the index.
 */
export class RelatedProvider implements vscode.TreeDataProvider<RelatedRow> {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<RelatedRow | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  #rows: RelatedRow[] = [];
  /** The post-mortem the rows are related to (undefined: none open). */
  #subject: IndexedFile | undefined;

  get subject(): IndexedFile | undefined {
    return this.#subject;
  }

  /** Shows the post-mortems related to `subject`. */
  show(subject: IndexedFile | undefined, hits: readonly RelatedHit[]): void {
    this.#subject = subject;
    this.#rows = hits.map((hit) => ({ kind: 'postmortem', hit }));
    this.#onDidChangeTreeData.fire(undefined);
  }

  getChildren(row?: RelatedRow): RelatedRow[] {
    if (!row) return this.#rows;
    return row.kind === 'postmortem' ? row.hit.why.map((why) => ({ kind: 'reason', hit: row.hit, why })) : [];
  }

  getTreeItem(row: RelatedRow): vscode.TreeItem {
    const { hit } = row;
    const uri = vscode.Uri.parse(hit.file);
    if (row.kind === 'reason') {
      const item = new vscode.TreeItem(row.why, vscode.TreeItemCollapsibleState.None);
      item.id = `related:${hit.file}:${row.why}`;
      item.iconPath = new vscode.ThemeIcon(row.why.startsWith('same') ? 'tag' : 'quote');
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Post-Mortem'), arguments: [uri] };
      return item;
    }
    const first = this.#rows[0] === row;
    const item = new vscode.TreeItem(hit.title, first ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `related:${hit.file}`;
    item.resourceUri = uri;
    item.iconPath = new vscode.ThemeIcon('link');
    item.description = [hit.incidentDate, hit.why.join('; ')].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    md.appendText(
      `${hit.title}\n\n${vscode.workspace.asRelativePath(uri)}\n\n${vscode.l10n.t('Related because:')}\n\n${hit.why.map((why) => `• ${why}`).join('\n\n')}`,
    );
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, related because: {1}', hit.title, hit.why.join('; ')) };
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Post-Mortem'), arguments: [uri] };
    return item;
  }
}

/** The Related view and Search Post-Mortems. */
export function registerSearch(index: WorkspaceIndex): Registration<RelatedProvider> & { readonly search: SearchIndex; readonly updated: () => Promise<void> } {
  const search = new SearchIndex(index);
  const provider = new RelatedProvider();
  const view = vscode.window.createTreeView(RELATED_VIEW_ID, { treeDataProvider: provider });
  let pending: Promise<void> = Promise.resolve();
  const update = (): Promise<void> => {
    pending = pending
      .then(async () => {
        if (!view.visible) return;
        const editor = vscode.window.activeTextEditor;
        if (editor && editor.document.languageId !== 'markdown') return; // keep the last post-mortem's while another file is in front
        const subject = editor ? index.index.get(editor.document.uri.toString()) : undefined;
        const own = subject?.kind === 'postmortem' ? subject : undefined;
        // The search index is built only once a post-mortem is open to relate (not on every scan of the workspace).
        const hits = own ? (await search.ready()).related(own, 20) : [];
        view.description = own?.title;
        view.message = !own
          ? vscode.l10n.t(
              'Open a post-mortem to see the post-mortems related to it: the same services or tags, similar titles, root causes or contributing factors.',
            )
          : hits.length === 0
            ? vscode.l10n.t('No post-mortem is related to this one yet.')
            : undefined;
        // The message first: a refresh fired before the message changes is lost (the workbench showed no rows).
        provider.show(own, hits);
      })
      // One failed update must not stop the view following the editor.
      .catch(() => undefined);
    return pending;
  };
  const registered = registration(
    provider,
    view,
    view.onDidChangeVisibility(() => void update()),
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    index.onDidChange(() => void update()),
    registerCommands({ [CommandIds.search]: () => searchPostmortems(search, index) }),
  );
  void update();
  return Object.assign(registered, { search, updated: () => update() });
}
