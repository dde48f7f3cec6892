import * as vscode from 'vscode';
import { whyEdits, whysView, type DocumentValue, type PostmortemModel, type WhyIntent } from '../core';
import { readFromWebview, type ToWebview } from '../shared/whysProtocol';
import { toWorkspaceEdit } from '../vscode/convert';
import { documentValue, postmortemModel, settled } from '../vscode/documents';
import { webviewHtml } from '../vscode/webview';
import { CommandIds } from './commandIds';

export const WHYS_VIEW_TYPE = 'postmortem.whys';

/**
 * The 5 Whys editor: one webview per document, beside its text editor. The document is the only
 * model: the webview sends intents carrying the version they were made on, the core turns each into
 * minimal edits of the list, one WorkspaceEdit applies them (so Ctrl+Z in the text editor undoes
 * them), and every document change re-renders the webview.
 */
export class WhysEditors implements vscode.Disposable {
  readonly #panels = new Map<string, WhysPanel>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly #extensionUri: vscode.Uri;

  static register(extensionUri: vscode.Uri): WhysEditors {
    return new WhysEditors(extensionUri);
  }

  private constructor(extensionUri: vscode.Uri) {
    this.#extensionUri = extensionUri;
    this.#disposables.push(
      vscode.commands.registerCommand(CommandIds.editWhys, (uri?: vscode.Uri) => this.open(uri)),
      vscode.languages.registerCodeLensProvider(
        { language: 'markdown' },
        { provideCodeLenses: async (document, token) => ((await settled(document, token)) ? this.#lenses(document) : []) },
      ),
      vscode.workspace.onDidChangeTextDocument((e) => this.#panels.get(e.document.uri.toString())?.update()),
      vscode.workspace.onDidCloseTextDocument((d) => this.#panels.get(d.uri.toString())?.dispose()),
    );
  }

  /**
   * Hands `message` to the open editor of `uri` as if its webview had sent it, through the same
   * checks (automation, and the fuzz test that races intents against typing); resolves once handled.
   */
  async deliver(uri: vscode.Uri, message: unknown): Promise<void> {
    await this.#panels.get(uri.toString())?.receive(message);
  }

  /** Opens (or reveals) the editor of a post-mortem: the given one or the active editor's. */
  async open(uri?: vscode.Uri): Promise<vscode.WebviewPanel | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || !postmortemModel(document)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem to edit its 5 Whys.'));
      return undefined;
    }
    const key = document.uri.toString();
    const existing = this.#panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return existing.panel;
    }
    const panel = new WhysPanel(document, this.#extensionUri, () => this.#panels.delete(key));
    this.#panels.set(key, panel);
    return panel.panel;
  }

  #lenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const section = postmortemModel(document)?.sections.find((s) => s.kind === 'rootCause');
    if (!section) return [];
    return [
      new vscode.CodeLens(new vscode.Range(section.heading.start.line, 0, section.heading.start.line, 0), {
        title: vscode.l10n.t('Edit 5 Whys'),
        command: CommandIds.editWhys,
        arguments: [document.uri],
      }),
    ];
  }

  dispose(): void {
    [...this.#panels.values()].forEach((p) => p.dispose());
    this.#disposables.forEach((d) => d.dispose());
  }
}

class WhysPanel {
  readonly panel: vscode.WebviewPanel;
  readonly #document: vscode.TextDocument;
  readonly #disposables: vscode.Disposable[] = [];
  #pendingFocus: { path: number[]; edit: boolean } | undefined;
  #disposed = false;
  /** The version last posted: a change event without new text (a save, the dirty flag) posts nothing. */
  #posted = -1;

  constructor(document: vscode.TextDocument, extensionUri: vscode.Uri, onDispose: () => void) {
    this.#document = document;
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      WHYS_VIEW_TYPE,
      titleOf(documentValue(document).model, document),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        localResourceRoots: [media, scripts],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(media, 'activitybar.svg');
    this.panel.webview.html = html(this.panel.webview, media, scripts);
    this.#disposables.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      this.panel.onDidDispose(() => {
        this.#disposed = true;
        this.#disposables.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  /** The document's reading, shared with the other features through the per-version cache. */
  #value(): DocumentValue {
    return documentValue(this.#document);
  }

  /** Posts the document's current tree. */
  update(force = false): void {
    if (this.#disposed || (!force && this.#posted === this.#document.version)) return;
    this.#posted = this.#document.version;
    const { model } = this.#value();
    this.panel.title = titleOf(model, this.#document);
    const message: ToWebview = {
      type: 'state',
      version: this.#document.version,
      title: model.title?.text ?? '',
      view: whysView(model),
      focus: this.#pendingFocus,
    };
    this.#pendingFocus = undefined;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (!this.#disposed) this.panel.dispose();
  }

  /** A message from the webview (or `WhysEditors.deliver`): anything not a well-formed intent on the current version is ignored or refused. */
  async receive(message: unknown): Promise<void> {
    const m = readFromWebview(message);
    if (!m) return; // not ours: ignored
    // The webview starts (or restarts, after being hidden) empty: send it the tree.
    if (m.type === 'ready') return this.update(true);
    if (m.version !== this.#document.version) {
      // Made on text that has changed since: never applied to the wrong lines.
      await this.panel.webview.postMessage({
        type: 'refused',
        message: vscode.l10n.t('The document changed before this action arrived; it was not applied. Try again.'),
      } satisfies ToWebview);
      return this.update(true);
    }
    const intent = m.intent;
    if (intent.type === 'delete' && !(await this.#confirmDelete(this.#value().model, intent))) return;
    // The confirmation waited for the person: an edit made meanwhile (or a second intent) wins, and this one is not applied to the wrong lines.
    if (m.version !== this.#document.version || this.#document.isClosed) {
      await this.panel.webview.postMessage({
        type: 'refused',
        message: vscode.l10n.t('The document changed while you were deciding; nothing was deleted. Try again.'),
      } satisfies ToWebview);
      return this.update(true);
    }
    const value = this.#value();
    const result = whyEdits(value, intent);
    if ('error' in result) {
      await this.panel.webview.postMessage({ type: 'refused', message: result.error } satisfies ToWebview);
      return;
    }
    if (result.edits.length === 0) return this.update(true);
    this.#pendingFocus = focusAfter(value.model, intent);
    const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(this.#document.uri, result.edits));
    if (!applied) {
      this.#pendingFocus = undefined;
      await this.panel.webview.postMessage({ type: 'refused', message: vscode.l10n.t('VS Code did not apply the change.') } satisfies ToWebview);
    }
  }

  async #confirmDelete(model: PostmortemModel, intent: Extract<WhyIntent, { type: 'delete' }>): Promise<boolean> {
    let nodes = whysView(model).roots;
    let node;
    for (const i of intent.path) {
      node = nodes[i];
      nodes = node?.children ?? [];
    }
    if (!node || node.children.length === 0) return true;
    const remove = vscode.l10n.t('Delete');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete "{0}" and the {1} why(s) beneath it?', node.text, count(node.children)),
      { modal: true },
      remove,
    );
    return answer === remove;
  }
}

function titleOf(model: PostmortemModel, document: vscode.TextDocument): string {
  return vscode.l10n.t('5 Whys: {0}', model.title?.text || vscode.workspace.asRelativePath(document.uri));
}

function count(nodes: readonly { children: readonly unknown[] }[]): number {
  return nodes.reduce((sum, n) => sum + 1 + count(n.children as { children: readonly unknown[] }[]), 0);
}

/** Which node to select after an intent: a new node is selected and opened for editing. */
function focusAfter(model: PostmortemModel, intent: WhyIntent): { path: number[]; edit: boolean } | undefined {
  const roots = whysView(model).roots;
  const at = (path: readonly number[]) =>
    path.reduce<{ children: readonly { children: readonly unknown[] }[] } | undefined>((n, i) => n?.children[i] as never, { children: roots });
  switch (intent.type) {
    case 'addRoot':
      return { path: [roots.length], edit: true };
    case 'addChild':
      return { path: [...intent.path, at(intent.path)?.children.length ?? 0], edit: true };
    case 'addSibling':
      return { path: [...intent.path.slice(0, -1), intent.path[intent.path.length - 1] + 1], edit: true };
    case 'move':
      return { path: [...intent.path.slice(0, -1), intent.path[intent.path.length - 1] + (intent.direction === 'up' ? -1 : 1)], edit: false };
    case 'indent': {
      const parent = [...intent.path.slice(0, -1), intent.path[intent.path.length - 1] - 1];
      return { path: [...parent, at(parent)?.children.length ?? 0], edit: false };
    }
    case 'outdent':
      return intent.path.length > 1 ? { path: [...intent.path.slice(0, -2), intent.path[intent.path.length - 2] + 1], edit: false } : undefined;
    case 'editText':
      return { path: [...intent.path], edit: false };
    default:
      return undefined;
  }
}

function html(webview: vscode.Webview, media: vscode.Uri, scripts: vscode.Uri): string {
  return webviewHtml(webview, {
    title: '5 Whys',
    styles: [vscode.Uri.joinPath(scripts, 'codicon.css'), vscode.Uri.joinPath(media, 'whys.css')],
    script: vscode.Uri.joinPath(scripts, 'whys.js'),
    body: '<main id="root" aria-live="polite"></main>',
  });
}
