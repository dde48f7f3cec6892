import * as vscode from 'vscode';
import { closeEdits, formatIsoDate, splitLines, startReviewEdits } from '../core';
import { toRange, toWorkspaceEdit } from '../vscode/convert';
import { postmortemModel } from '../vscode/documents';
import { CommandIds } from './commandIds';

/** What the commands tell a caller (a test, a CodeLens): whether the document changed, and what blocked it. */
export type FollowUpResult = { readonly applied: boolean } | { readonly blockers: readonly string[] };

/**
 * The follow-up commands on the active post-mortem: Start Review (a dated checklist of the P0/P1
 * items under the schedule) and Close Post-Mortem (refused, with the items that block it, while one is
 * open). Each is one WorkspaceEdit: one undo step.
 */
export function registerFollowUps(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.startReview, async (uri?: vscode.Uri): Promise<FollowUpResult | undefined> => {
      const document = await documentFor(uri);
      const model = document && postmortemModel(document);
      if (!document || !model) return notAPostmortem();
      const edits = startReviewEdits(model, splitLines(document.getText()), formatIsoDate(new Date()), model.eol);
      return { applied: await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, edits)) };
    }),
    vscode.commands.registerCommand(CommandIds.closePostmortem, async (uri?: vscode.Uri): Promise<FollowUpResult | undefined> => {
      const document = await documentFor(uri);
      const model = document && postmortemModel(document);
      if (!document || !model) return notAPostmortem();
      const result = closeEdits(model, splitLines(document.getText()), formatIsoDate(new Date()), model.eol);
      if ('edits' in result) return { applied: await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, result.edits)) };
      // Refused: the items that block it, in a quick pick that jumps to the one chosen.
      const picks = result.blockers.map((item) => ({ label: item.action, description: `${item.priority} · ${item.owner || vscode.l10n.t('no owner')}`, detail: vscode.l10n.t('Line {0}: {1}', item.line + 1, item.status || vscode.l10n.t('open')), item }));
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
    }),
  );
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
