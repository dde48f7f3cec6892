import * as vscode from 'vscode';
import { insights, type Insights, type InsightsFilter } from '../core';
import { readFromWebview, viewOf, type Chart, type ToWebview } from '../shared/insightsProtocol';
import type { Clock } from '../vscode/clock';
import { registerCommands } from '../vscode/commands';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { webviewHtml } from '../vscode/webview';
import { CommandIds } from './commandIds';

export const INSIGHTS_VIEW_TYPE = 'postmortem.insights';

/** How long after a change of the index the charts are drawn again (a checkout of 500 files is one redraw). */
const REDRAW_MS = 500;

/**
 * The Insights view: one webview with the charts over every post-mortem of the workspace (core's
 * `insights`, from the workspace index: no file is read for it). It follows the index; a click (or
 * Enter) on a bar lists the post-mortems behind it.
 */
export class InsightsPanel implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #data: Insights | undefined;
  #version = 0;
  #filter: InsightsFilter = { months: 12 };
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: WorkspaceIndex,
    private readonly clock: Clock,
  ) {
    this.#disposables.push(
      index.onDidChange(() => {
        // A hidden view has no page to draw on: it asks again ('ready') when it is shown.
        if (!this.#panel?.visible) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.index.whenInsightsReady().then(() => this.post()), REDRAW_MS);
      }),
      registerCommands({ [CommandIds.insights]: () => this.show() }),
    );
  }

  /** The data last posted (with the files behind each bar), for the tests. */
  get data(): Insights | undefined {
    return this.#data;
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.#panel;
  }

  /** Opens the view (or brings it to the front). */
  show(): vscode.WebviewPanel {
    if (this.#panel) {
      this.#panel.reveal();
      return this.#panel;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const scripts = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(INSIGHTS_VIEW_TYPE, vscode.l10n.t('Post-Mortem Insights'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media, scripts],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'activitybar.svg');
    panel.webview.html = html(panel.webview, media, scripts);
    this.#panel = panel;
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message), undefined, this.#disposables);
    panel.onDidDispose(
      () => {
        this.#panel = undefined;
        clearTimeout(this.#timer);
      },
      undefined,
      this.#disposables,
    );
    return panel;
  }

  /** Computes the charts from the index and posts them. */
  post(): void {
    if (!this.#panel) return;
    this.#data = insights(this.index.index.files(), this.clock.today(), this.#filter);
    const message: ToWebview = { type: 'data', version: ++this.#version, filter: this.#filter, view: viewOf(this.#data) };
    void this.#panel.webview.postMessage(message);
  }

  /** A message from the webview (or a test, through the same checks). */
  async receive(message: unknown): Promise<void> {
    const m = readFromWebview(message);
    if (!m) return;
    if (m.type === 'ready') {
      // Drawn as soon as the index is read, with the timelines' figures (the first scan may still run when the view opens).
      await this.index.whenInsightsReady();
      return this.post();
    }
    if (m.type === 'filter') {
      this.#filter = m.filter;
      return this.post();
    }
    // A click on a bar drawn from older data: the bar may stand for other post-mortems now.
    if (m.version !== this.#version || !this.#data) return this.post();
    const bucket = (this.#data[m.chart] as readonly { files: readonly string[] }[])[m.index];
    if (bucket) await this.#open(bucket.files, describe(m.chart, bucket));
  }

  async #open(files: readonly string[], label: string): Promise<void> {
    if (files.length === 1) {
      await vscode.window.showTextDocument(vscode.Uri.parse(files[0]), { viewColumn: vscode.ViewColumn.Beside });
      return;
    }
    const items = files
      .map((file) => this.index.index.get(file))
      .filter((f) => f !== undefined)
      .map((f) => ({
        label: f.title,
        description: [f.incidentDate, f.severity].filter(Boolean).join(' · '),
        detail: vscode.workspace.asRelativePath(vscode.Uri.parse(f.file)),
        file: f.file,
      }));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0}: {1} post-mortems', label, items.length),
      placeHolder: vscode.l10n.t('Open a post-mortem'),
      matchOnDetail: true,
    });
    if (picked) await vscode.window.showTextDocument(vscode.Uri.parse(picked.file), { viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#panel?.dispose();
    this.#disposables.forEach((d) => d.dispose());
  }
}

/** What a bar stands for, in words: the title of the list of its post-mortems. */
function describe(chart: Chart, bucket: Record<string, unknown>): string {
  switch (chart) {
    case 'incidents':
      return `${bucket.month} · ${bucket.severity}`;
    case 'times':
      return `${bucket.month} · ${bucket.measure === 'detect' ? vscode.l10n.t('time to detect') : vscode.l10n.t('time to resolve')}`;
    case 'completion':
      return vscode.l10n.t('P0/P1 items due in {0}', String(bucket.month));
    case 'actions':
      return `${bucket.type} · ${bucket.state}`;
    case 'factors':
      return vscode.l10n.t('Contributing factors mentioning "{0}"', String(bucket.factor));
  }
}

function html(webview: vscode.Webview, media: vscode.Uri, scripts: vscode.Uri): string {
  return webviewHtml(webview, {
    title: 'Post-Mortem Insights',
    styles: [vscode.Uri.joinPath(media, 'insights.css')],
    script: vscode.Uri.joinPath(scripts, 'insights.js'),
    body: `<main id="root" aria-busy="true"><p class="empty">${vscode.l10n.t('Reading post-mortems…')}</p></main>`,
  });
}
