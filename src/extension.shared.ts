import * as vscode from 'vscode';
import { registerActionItems } from './features/actionItems';
import type { ActionItemsProvider } from './features/actionItems/provider';
import { PostmortemCodeActions, PostmortemDiagnostics } from './features/diagnostics';
import { registerFollowUps, type FollowUpsProvider } from './features/followUps';
import { registerReminders } from './features/reminders';
import { registerNewPostmortem } from './features/newPostmortem';
import { POSTMORTEMS_VIEW_ID, registerPostmortems, type PostmortemsProvider } from './features/postmortems';
import { CommandIds } from './features/commandIds';
import { InsightsPanel } from './features/insights';
import { registerPublish } from './features/publish';
import { registerSearch, type RelatedProvider, type SearchIndex } from './features/search';
import { registerTimeline } from './features/timeline';
import { WhysEditors } from './features/whysEditor';
import type { MarkdownIt } from 'markdown-it';
import { postmortemPreviewPlugin } from './core/preview';
import { getSettings } from './vscode/settings';
import { forgetDocument, readingsSoFar, trackChanges } from './vscode/documents';
import { PinnableClock } from './vscode/clock';
import { TeamConfigs } from './vscode/teamConfig';
import { WorkspaceIndex, type FastReader } from './vscode/workspaceIndex';

/** What `activate` returns. */
export interface PostmortemApi {
  /**
   * The Markdown preview's hook (`markdown.markdownItPlugins`): the 5 Whys list drawn as a tree, action
   * items with their state as a badge, the timeline's long gaps highlighted.
   */
  extendMarkdownIt(md: MarkdownIt): unknown;
  /** Only in VS Code's test mode: what the integration tests read and set. Nothing else sees internals. */
  readonly testing?: TestingApi;
}

/** The views' models, the index, the 5 Whys editors and the clock (to pin "today"), for the integration tests. */
export interface TestingApi {
  readonly actionItems: ActionItemsProvider;
  readonly postmortems: PostmortemsProvider;
  readonly followUps: FollowUpsProvider;
  readonly related: RelatedProvider;
  /** Brings the Related view up to date now (it follows the active editor and the index). */
  readonly relatedUpdated: () => Promise<void>;
  readonly search: SearchIndex;
  readonly insights: InsightsPanel;
  readonly index: WorkspaceIndex;
  readonly whys: WhysEditors;
  readonly clock: PinnableClock;
  /** How long `activate` took, in ms (the benchmark's activation goal). */
  readonly activationMs: number;
  /** Documents read (parsed) so far, for the benchmark: typing must not read per keystroke. */
  readonly readings: () => number;
}

/**
 * Wiring only: each feature registers itself and hands back what to dispose. The one `activate` of
 * both entries, the Node extension host's (extension.ts) and the browser's web worker extension host's
 * (extension.browser.ts): nothing here or below may need Node (ESLint keeps Node built-ins out).
 */
/** What the entry of one extension host gives the shared activation. */
export interface HostServices {
  /** A faster reader for the index (node:fs in the Node host); undefined (or a result of undefined for a uri) falls back to workspace.fs. */
  readonly readFile?: FastReader;
}

export function activateShared(context: vscode.ExtensionContext, host: HostServices = {}): PostmortemApi {
  const started = performance.now();
  const clock = new PinnableClock();
  const configs = new TeamConfigs();
  const diagnostics = PostmortemDiagnostics.register(configs, vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md'), clock);
  const index = new WorkspaceIndex(configs, POSTMORTEMS_VIEW_ID, host.readFile);
  const postmortems = registerPostmortems(index, configs, clock);
  const actionItems = registerActionItems(context, index, configs, clock);
  const whys = WhysEditors.register(context.extensionUri);
  const followUps = registerFollowUps(index, configs, clock);
  const related = registerSearch(index);
  const insights = new InsightsPanel(context.extensionUri, index, clock);
  context.subscriptions.push(
    related,
    insights,
    registerPublish(index, configs, clock),
    whys,
    configs,
    diagnostics,
    PostmortemCodeActions.register(diagnostics),
    registerNewPostmortem(clock, configs),
    registerTimeline(clock),
    followUps,
    registerReminders(context.globalState, index, clock),
    index,
    postmortems,
    actionItems,
    vscode.commands.registerCommand(CommandIds.postmortemsRefresh, () => index.rescan()),
    vscode.workspace.onDidCloseTextDocument(forgetDocument),
    trackChanges(),
  );
  const testing: TestingApi = {
    actionItems: actionItems.provider,
    postmortems: postmortems.provider,
    followUps: followUps.provider,
    related: related.provider,
    relatedUpdated: related.updated,
    search: related.search,
    insights,
    index,
    whys,
    clock,
    activationMs: performance.now() - started,
    readings: readingsSoFar,
  };
  return {
    extendMarkdownIt: (md) => md.use(postmortemPreviewPlugin({ today: () => clock.today(), gapMinutes: () => getSettings().gapMinutes })),
    ...(context.extensionMode === vscode.ExtensionMode.Test ? { testing } : {}),
  };
}
