import * as vscode from 'vscode';
import { DEFAULT_FILES, type SeveritySetting } from '../core';

/** The `postmortem.*` settings, typed, with the defaults package.json declares. */
export interface Settings {
  readonly folder: string;
  readonly severities: readonly string[];
  /** Globs of the files searched for post-mortems (`!` excludes); see `filesFilter`. */
  readonly files: readonly string[];
  readonly diagnosticsEnabled: boolean;
  /** Per-rule severity overrides (`postmortem.rules`). */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Who "only mine" means: names or teams as written in Owner cells. */
  readonly owner: readonly string[];
  /** New-issue URL pattern for "Create ticket" (over the team's `ticketUrl`). */
  readonly ticketUrl: string | undefined;
}

const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

export function getSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('postmortem', scope);
  const severities = config.get<unknown>('severities');
  const rules = config.get<Record<string, unknown>>('rules') ?? {};
  return {
    folder: config.get<string>('folder')?.trim() || 'postmortems',
    severities:
      Array.isArray(severities) && severities.length > 0 && severities.every((s) => typeof s === 'string')
        ? severities
        : ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    files: toList(config.get<unknown>('files')).length > 0 ? toList(config.get<unknown>('files')) : DEFAULT_FILES,
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled') ?? true,
    owner: toList(config.get<unknown>('owner')),
    ticketUrl: config.get<string>('ticketUrl')?.trim() || undefined,
    rules: Object.fromEntries(Object.entries(rules).filter(([, v]) => typeof v === 'string' && SEVERITY_SETTINGS.includes(v))) as Record<string, SeveritySetting>,
  };
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return [];
}
