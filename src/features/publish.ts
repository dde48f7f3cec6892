import * as vscode from 'vscode';
import { AUDIENCES, digest, previousMonth, digestMarkdown, exportPostmortem, monthName, parsePostmortem, redactPostmortem, type Audience } from '../core';
import type { Clock } from '../vscode/clock';
import { registerCommands } from '../vscode/commands';
import { getSettings } from '../vscode/settings';
import type { TeamConfigs } from '../vscode/teamConfig';
import type { WorkspaceIndex } from '../vscode/workspaceIndex';
import { CommandIds } from './commandIds';

/** The scheme of the redacted side of Preview Redaction (read-only documents made from the open one). */
const REDACTED_SCHEME = 'postmortem-redacted';

/** Each audience in words, for the pickers and messages. */
function audienceItem(audience: Audience): { label: string; detail: string } {
  switch (audience) {
    case 'internal':
      return { label: vscode.l10n.t('Internal'), detail: vscode.l10n.t('Everything, for the team.') };
    case 'org':
      return {
        label: vscode.l10n.t('Organisation'),
        detail: vscode.l10n.t("People as roles; e-mail addresses, customers and the team's terms removed (publish.org in .postmortem.yaml)."),
      };
    case 'public':
      return {
        label: vscode.l10n.t('Public'),
        detail: vscode.l10n.t(
          'The sections readers outside need; people, e-mail and IP addresses, internal hosts, links, tickets, customers and terms removed (publish.public).',
        ),
      };
  }
}

async function pickAudience(title: string): Promise<Audience | undefined> {
  const picked = await vscode.window.showQuickPick(
    AUDIENCES.map((a) => ({ ...audienceItem(a), audience: a })),
    { title, placeHolder: vscode.l10n.t('Who is it for?') },
  );
  return picked?.audience;
}

/**
 * "Monthly Digest", "Export Post-Mortem…" and "Preview Redaction": publishing from the workspace
 * index (the digest) and from the open document (the export), at the detail level of an audience.
 */
export function registerPublish(index: WorkspaceIndex, configs: TeamConfigs, clock: Clock): vscode.Disposable {
  const redacted = new Map<string, string>();
  const onDidChange = new vscode.EventEmitter<vscode.Uri>();
  return vscode.Disposable.from(
    onDidChange,
    vscode.workspace.registerTextDocumentContentProvider(REDACTED_SCHEME, {
      onDidChange: onDidChange.event,
      provideTextDocumentContent: (uri) => redacted.get(uri.toString()) ?? '',
    }),
    registerCommands({
      [CommandIds.digest]: (month?: string, audience?: Audience) => monthlyDigest(index, configs, clock, month, audience),
      [CommandIds.exportPostmortem]: (uri?: vscode.Uri, audience?: Audience, target?: vscode.Uri) => exportCommand(configs, clock, uri, audience, target),
      [CommandIds.previewRedaction]: async (uri?: vscode.Uri, audience?: Audience) => {
        const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
        if (!document || document.languageId !== 'markdown') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem to preview what is redacted for an audience.'));
          return undefined;
        }
        const level = audience ?? (await pickAudience(vscode.l10n.t('Preview Redaction')));
        if (!level) return undefined;
        const config = await configs.get(document.uri);
        const text = document.getText();
        const result = redactPostmortem(text, parsePostmortem(text), level, config.publish, Object.keys(config.emails));
        const right = vscode.Uri.from({ scheme: REDACTED_SCHEME, path: document.uri.path, query: level });
        redacted.set(right.toString(), result.text);
        onDidChange.fire(right);
        const name = document.uri.path.replace(/^.*\//, '');
        await vscode.commands.executeCommand(
          'vscode.diff',
          document.uri,
          right,
          vscode.l10n.t('{0} ↔ {1} ({2} redactions)', name, audienceItem(level).label, result.redactions.length),
        );
        return result;
      },
    }),
  );
}

/** "Monthly Digest": pick the month and the audience; the digest opens beside as a Markdown document. */
async function monthlyDigest(
  index: WorkspaceIndex,
  configs: TeamConfigs,
  clock: Clock,
  month?: string,
  audience?: Audience,
): Promise<vscode.TextDocument | undefined> {
  await index.whenInsightsReady();
  const files = index.index.files();
  const today = clock.today();
  if (!month) {
    const counts = new Map<string, number>();
    for (const f of files) {
      if (f.kind === 'postmortem' && f.incidentDate) counts.set(f.incidentDate.slice(0, 7), (counts.get(f.incidentDate.slice(0, 7)) ?? 0) + 1);
    }
    counts.set(previousMonth(today), counts.get(previousMonth(today)) ?? 0);
    const months = [...counts].sort((a, b) => b[0].localeCompare(a[0])).slice(0, 36);
    const picked = await vscode.window.showQuickPick(
      months.map(([m, n]) => ({ label: monthName(m), description: vscode.l10n.t('{0} post-mortem(s)', n), month: m, picked: m === previousMonth(today) })),
      { title: vscode.l10n.t('Monthly Digest'), placeHolder: vscode.l10n.t('Which month? (by incident date)') },
    );
    month = picked?.month;
  }
  if (!month) return undefined;
  audience ??= await pickAudience(vscode.l10n.t('Monthly Digest: {0}', monthName(month)));
  if (!audience) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const config = await configs.get(folder ? vscode.Uri.joinPath(folder.uri, 'x.md') : vscode.Uri.file('/x.md'));
  const result = digest(files, month, audience, today, config.publish, Object.keys(config.emails));
  const linkOf = (file: string): string => vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: digestMarkdown(result, linkOf) });
  // Beside the editor in front (in its place when none is open).
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    preview: false,
  });
  return document;
}

/** "Export Post-Mortem…": the open post-mortem as one HTML page for an audience, saved where the person says; then Open in Browser. */
async function exportCommand(configs: TeamConfigs, clock: Clock, uri?: vscode.Uri, audience?: Audience, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem to export it.'));
    return undefined;
  }
  audience ??= await pickAudience(vscode.l10n.t('Export Post-Mortem'));
  if (!audience) return undefined;
  const base = document.uri.path.replace(/^.*\//, '').replace(/\.md$/i, '');
  target ??= await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(document.uri, '..', `${base}${audience === 'internal' ? '' : `.${audience}`}.html`),
    filters: { [vscode.l10n.t('Web page')]: ['html'] },
    title: vscode.l10n.t('Export Post-Mortem ({0})', audienceItem(audience).label),
  });
  if (!target) return undefined;
  const config = await configs.get(document.uri);
  const { html, redactions } = exportPostmortem(document.getText(), {
    audience,
    publish: config.publish,
    today: clock.today(),
    gapMinutes: getSettings(document.uri).gapMinutes,
    people: Object.keys(config.emails),
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
  const open = vscode.l10n.t('Open in Browser');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Exported {0} for the {1} audience ({2} redactions).',
        vscode.workspace.asRelativePath(target),
        audienceItem(audience).label.toLowerCase(),
        redactions.length,
      ),
      open,
    )
    .then((choice) => (choice === open ? vscode.env.openExternal(target) : undefined));
  return target;
}
