import * as vscode from 'vscode';

/** A feature's commands as data: command id → handler (as rust-analyzer and VS Code's Markdown extension keep them). */
export type CommandTable = Readonly<Record<string, (...args: never[]) => unknown>>;

/** Registers every command of a table; one Disposable for all of them. */
export function registerCommands(commands: CommandTable): vscode.Disposable {
  return vscode.Disposable.from(...Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown)));
}

/** What a feature with a view hands back: a Disposable, like every feature's register…, that also carries the view's provider. */
export type Registration<P> = vscode.Disposable & { readonly provider: P };

export function registration<P>(provider: P, ...disposables: vscode.Disposable[]): Registration<P> {
  return Object.assign(vscode.Disposable.from(...disposables), { provider });
}
