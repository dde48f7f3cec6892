import * as vscode from 'vscode';
import { convertToTemplateEdits, inferTeamConfig, parsePostmortem, type IndexedFile, type InferInput } from '../core';
import { documentInfo, relativePath } from '../vscode/documents';
import { CONFIG_FILE, type TeamConfigs } from '../vscode/teamConfig';
import type { Clock } from '../vscode/clock';
import { registerCommands, registration, type Registration } from '../vscode/commands';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { CommandIds } from './commandIds';

export const POSTMORTEMS_VIEW_ID = 'postmortem.postmortems';

/**
 * The "Post-Mortems" view: every post-mortem of the workspace, newest first, with its date,
 * severity, status and open items, why it was taken in the tooltip; templates after them. A pure view
 * of the workspace index.
 */
export class PostmortemsProvider implements vscode.TreeDataProvider<IndexedFile> {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<IndexedFile | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #index: WorkspaceIndex;

  constructor(index: WorkspaceIndex) {
    this.#index = index;
  }

  refresh(): void {
    this.#onDidChangeTreeData.fire(undefined);
  }

  /** The files in the order the view shows them. */
  files(): IndexedFile[] {
    return [...this.#index.index.files()].sort(
      (a, b) =>
        Number(a.kind === 'template') - Number(b.kind === 'template') ||
        (b.incidentDate ?? '').localeCompare(a.incidentDate ?? '') ||
        a.title.localeCompare(b.title),
    );
  }

  getChildren(node?: IndexedFile): IndexedFile[] {
    return node ? [] : this.files();
  }

  getTreeItem(file: IndexedFile): vscode.TreeItem {
    const uri = vscode.Uri.parse(file.file);
    const item = new vscode.TreeItem(file.title, vscode.TreeItemCollapsibleState.None);
    item.id = `postmortem:${file.file}`;
    item.resourceUri = uri;
    const open = file.items.filter((i) => i.state === 'open' || i.state === 'inProgress').length;
    item.description = [
      file.incidentDate ?? vscode.l10n.t('no date'),
      file.severity,
      file.status,
      file.kind === 'template' ? vscode.l10n.t('template') : vscode.l10n.t('{0} open', open),
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(file.kind === 'template' ? 'file-code' : 'notebook');
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    md.appendText(`${file.title}\n\n${vscode.workspace.asRelativePath(uri)}\n\n`);
    md.appendText(
      vscode.l10n.t('Read as a {0} because: {1}.', file.kind === 'template' ? vscode.l10n.t('template') : vscode.l10n.t('post-mortem'), file.reason),
    );
    item.tooltip = md;
    item.contextValue = file.kind === 'template' ? 'postmortemTemplate' : 'postmortem';
    item.accessibilityInformation = { label: `${file.title}, ${item.description}` };
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Post-Mortem'), arguments: [uri] };
    return item;
  }
}

/** The view, the hover on a post-mortem's title that says why it was taken, Create Team Config and Convert to Template. */
export function registerPostmortems(index: WorkspaceIndex, configs: TeamConfigs, clock: Clock): Registration<PostmortemsProvider> {
  const provider = new PostmortemsProvider(index);
  const view = vscode.window.createTreeView(POSTMORTEMS_VIEW_ID, { treeDataProvider: provider });
  const update = (): void => {
    provider.refresh();
    const count = index.index.files().filter((f) => f.kind === 'postmortem').length;
    view.description = count > 0 ? String(count) : undefined;
  };
  const registered = registration(
    provider,
    view,
    index.onDidChange(update),
    vscode.languages.registerHoverProvider({ language: 'markdown' }, { provideHover: titleHover }),
    registerCommands({
      [CommandIds.initTeamConfig]: () => initTeamConfig(index, clock),
      [CommandIds.convertToTemplate]: (uri?: vscode.Uri) => convertToTemplate(uri, configs),
    }),
  );
  update();
  return registered;
}

function titleHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const info = documentInfo(document);
  const title = info?.model.title;
  if (!info || !title || title.range.start.line !== position.line) return undefined;
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  md.appendText(
    vscode.l10n.t(
      'Read as a {0} because: {1}.',
      info.detection.kind === 'template' ? vscode.l10n.t('template') : vscode.l10n.t('post-mortem'),
      info.detection.reason,
    ),
  );
  if (!info.detection.followsTemplate && info.detection.kind === 'postmortem') {
    md.appendText(
      '\n\n' + vscode.l10n.t('It is in its own shape: the checks ask for a summary, a timeline and action items (or the sections in .postmortem.yaml).'),
    );
  }
  return new vscode.Hover(md, new vscode.Range(title.range.start.line, 0, title.range.start.line, document.lineAt(title.range.start.line).text.length));
}

/** "Create Team Config": a commented .postmortem.yaml inferred from the workspace's post-mortems. */
async function initTeamConfig(index: WorkspaceIndex, clock: Clock): Promise<vscode.Uri | undefined> {
  const folder =
    vscode.workspace.workspaceFolders?.length === 1
      ? vscode.workspace.workspaceFolders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Where should .postmortem.yaml go?') });
  if (!folder) {
    if (!vscode.workspace.workspaceFolders?.length) void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder with post-mortems first.'));
    return undefined;
  }
  const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading post-mortems') }, async () => {
    await index.whenReady();
    const documents: InferInput[] = [];
    for (const file of index.index.files()) {
      const uri = vscode.Uri.parse(file.file);
      if (file.kind !== 'postmortem' || vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() !== folder.uri.toString()) continue;
      try {
        documents.push({ ...parsePostmortem(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))), path: relativePath(uri) });
      } catch {
        // An unreadable file is left out of the inference.
      }
    }
    return inferTeamConfig(documents, clock.today());
  });
  const target = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    const beside = vscode.l10n.t('Open Beside');
    const replace = vscode.l10n.t('Replace');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} exists. Replace it, or open the inferred config beside it to compare?', CONFIG_FILE),
      { modal: true },
      beside,
      replace,
    );
    if (choice === beside) {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
      return undefined;
    }
    if (choice !== replace) return undefined;
  }
  // One WorkspaceEdit: undo takes the file back.
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { overwrite: true, contents: new TextEncoder().encode(text) });
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  await vscode.window.showTextDocument(target);
  return target;
}

/** "Convert to Template": the refactor preview first, then one undo step. */
async function convertToTemplate(uri: vscode.Uri | undefined, configs: TeamConfigs): Promise<boolean> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const info = document && documentInfo(document);
  if (!document || !info || info.detection.kind !== 'postmortem') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem to convert it to the template.'));
    return false;
  }
  const config = await configs.get(document.uri);
  const [change] = convertToTemplateEdits(info.model, info.value.lines, config);
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(change.range.start.line, change.range.start.character, change.range.end.line, change.range.end.character);
  edit.replace(document.uri, range, change.newText, {
    needsConfirmation: true,
    label: vscode.l10n.t('Convert to the post-mortem template'),
    description: vscode.l10n.t('Sections renamed and ordered, action items as a table, missing sections added'),
  });
  return vscode.workspace.applyEdit(edit);
}
