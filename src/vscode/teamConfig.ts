import * as vscode from 'vscode';
import { DEFAULT_CONFIG, parseTeamConfig, type TeamConfig } from '../core';

export const CONFIG_FILE = '.postmortem.yaml';

/**
 * The team config of each workspace folder, read from `<folder>/.postmortem.yaml` through
 * `workspace.fs`, kept current by a FileSystemWatcher and by edits to the open file. Broken YAML
 * keeps the defaults (the diagnostics feature shows why on the file).
 */
export class TeamConfigs implements vscode.Disposable {
  readonly #cache = new Map<string, Promise<TeamConfig>>();
  readonly #onDidChange = new vscode.EventEmitter<void>();
  readonly #disposables: vscode.Disposable[] = [];
  /** Fires when any folder's team config changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const changed = (): void => {
      this.#cache.clear();
      this.#onDidChange.fire();
    };
    this.#disposables.push(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidChangeWorkspaceFolders(changed),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isConfigFile(e.document.uri)) changed();
      }),
      this.#onDidChange,
    );
  }

  /** The config that applies to a document: its workspace folder's, or the defaults. */
  get(uri: vscode.Uri): Promise<TeamConfig> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return Promise.resolve(DEFAULT_CONFIG);
    const key = folder.uri.toString();
    let config = this.#cache.get(key);
    if (!config) {
      config = read(vscode.Uri.joinPath(folder.uri, CONFIG_FILE));
      this.#cache.set(key, config);
    }
    return config;
  }

  dispose(): void {
    this.#disposables.forEach((d) => d.dispose());
  }
}

export function isConfigFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${CONFIG_FILE}`);
}

async function read(uri: vscode.Uri): Promise<TeamConfig> {
  // An open editor's unsaved text wins over the file on disk.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string;
  if (open) {
    text = open.getText();
  } else {
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return DEFAULT_CONFIG;
    }
  }
  return parseTeamConfig(text).config;
}
