import * as vscode from 'vscode';
import { DEFAULT_CONFIG, createFreeFile, followUpSchedule, parseIsoDate, templateSnippet } from '../core';
import type { Clock } from '../vscode/clock';
import { getSettings } from '../vscode/settings';
import type { TeamConfigs } from '../vscode/teamConfig';
import { CommandIds } from './commandIds';

/** Arguments a keybinding, a task or a test can pass to skip some of the prompts. */
export interface NewPostmortemArgs {
  readonly title?: string;
  readonly severity?: string;
  /** `YYYY-MM-DD`. */
  readonly date?: string;
}

/**
 * "Post-Mortem: New Post-Mortem": asks for the title, severity and incident date, creates
 * `<postmortem.folder>/<date>-<slug>.md` (never over an existing file) or an untitled document when
 * no folder is open, and inserts the template as a snippet so Tab walks its placeholders.
 */
export function registerNewPostmortem(clock: Clock, configs: TeamConfigs): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.newPostmortem, async (args?: NewPostmortemArgs) => {
    const folder = targetFolder();
    // The team's severities (`severities` in .postmortem.yaml) over the user's setting.
    const team = folder ? (await configs.get(folder.uri)).severities : DEFAULT_CONFIG.severities;
    const severities = team !== DEFAULT_CONFIG.severities && team.length > 0 ? team : getSettings().severities;
    const answers = await ask(args ?? {}, clock.today(), severities);
    if (!answers) return undefined;
    const snippet = new vscode.SnippetString(templateSnippet({ ...answers, followUp: followUpSchedule(answers.date), status: 'Draft' }));
    let document: vscode.TextDocument;
    if (folder) {
      const uri = await newFileIn(folder, answers.date, answers.title);
      document = await vscode.workspace.openTextDocument(uri);
    } else {
      document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    }
    const editor = await vscode.window.showTextDocument(document);
    await editor.insertSnippet(snippet, new vscode.Position(0, 0));
    if (folder) await document.save();
    return document.uri;
  });
}

interface Answers {
  readonly title: string;
  readonly severity: string;
  readonly date: string;
}

const STEPS = 3;

async function ask(args: NewPostmortemArgs, today: string, severities: readonly string[]): Promise<Answers | undefined> {
  const title =
    args.title?.trim() ||
    (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('New Post-Mortem ({0}/{1})', 1, STEPS),
        prompt: vscode.l10n.t('Incident title'),
        placeHolder: vscode.l10n.t('e.g. Login failures after reporting-service deploy'),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Give the incident a title.')),
      })
    )?.trim();
  if (!title) return undefined;

  const severity =
    args.severity ??
    (await vscode.window.showQuickPick([...severities], {
      title: vscode.l10n.t('New Post-Mortem ({0}/{1})', 2, STEPS),
      placeHolder: vscode.l10n.t('Severity of the incident'),
      ignoreFocusOut: true,
    }));
  if (!severity) return undefined;

  const validateDate = (value: string): string | undefined =>
    parseIsoDate(value) ? undefined : vscode.l10n.t('Enter the incident date as YYYY-MM-DD, for example {0}.', today);
  if (args.date !== undefined && validateDate(args.date)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('New Post-Mortem: "{0}" is not a date (YYYY-MM-DD).', args.date));
    return undefined;
  }
  const date =
    args.date ??
    (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('New Post-Mortem ({0}/{1})', 3, STEPS),
        prompt: vscode.l10n.t('Incident date (YYYY-MM-DD)'),
        value: today,
        ignoreFocusOut: true,
        validateInput: validateDate,
      })
    )?.trim();
  if (!date) return undefined;
  return { title, severity, date };
}

/** The folder of the active file when it is in the workspace, else the first workspace folder. */
function targetFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function newFileIn(folder: vscode.WorkspaceFolder, date: string, title: string): Promise<vscode.Uri> {
  const relative = getSettings(folder.uri)
    .folder.split(/[\\/]+/)
    .filter((part) => part && part !== '.' && part !== '..');
  const directory = vscode.Uri.joinPath(folder.uri, ...relative);
  await vscode.workspace.fs.createDirectory(directory);
  // One step: the create fails when the name exists (made by someone else since we looked), and the next name is tried.
  const create = async (name: string): Promise<boolean> => {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(vscode.Uri.joinPath(directory, name), { overwrite: false, ignoreIfExists: false });
    return vscode.workspace.applyEdit(edit);
  };
  return vscode.Uri.joinPath(directory, await createFreeFile(date, title, create));
}
