import * as vscode from 'vscode';

/** The `postmortem.*` settings, typed, with the defaults package.json declares. */
export interface Settings {
  readonly folder: string;
  readonly severities: readonly string[];
  readonly files: string;
}

export function getSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('postmortem', scope);
  const severities = config.get<unknown>('severities');
  return {
    folder: config.get<string>('folder')?.trim() || 'postmortems',
    severities:
      Array.isArray(severities) && severities.length > 0 && severities.every((s) => typeof s === 'string')
        ? severities
        : ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    files: config.get<string>('files')?.trim() || '**/postmortems/**/*.md',
  };
}
