import * as vscode from 'vscode';
import { SETTING_DEFAULTS, SEVERITY_SETTINGS, isWebUrl, type SeveritySetting } from '../core';

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
  /** New-issue URL pattern for "Create ticket" (over the team's `ticketUrl`); http(s) only, else undefined. */
  readonly ticketUrl: string | undefined;
  /** Files larger than this (bytes) are not read by the index nor checked when open. */
  readonly maxFileBytes: number;
  /** Analyze Timeline Gaps notes gaps of this many minutes or more. */
  readonly gapMinutes: number;
}

export function getSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('postmortem', scope);
  const severities = config.get<unknown>('severities');
  const rules = config.get<Record<string, unknown>>('rules') ?? {};
  return {
    folder: config.get<string>('folder')?.trim() || SETTING_DEFAULTS.folder,
    severities: Array.isArray(severities) && severities.length > 0 && severities.every((s) => typeof s === 'string') ? severities : SETTING_DEFAULTS.severities,
    files: toList(config.get<unknown>('files')).length > 0 ? toList(config.get<unknown>('files')) : SETTING_DEFAULTS.files,
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled') ?? true,
    // Window-scoped (who you are does not change per folder): read without the resource, which VS Code warns about.
    owner: toList(vscode.workspace.getConfiguration('postmortem').get<unknown>('owner')),
    ticketUrl: webUrlOrUndefined(config.get<unknown>('ticketUrl')),
    maxFileBytes: megabytes(config.get<unknown>('maxFileSize')) * 1024 * 1024,
    gapMinutes: positive(config.get<unknown>('timeline.gapMinutes')) ?? SETTING_DEFAULTS.gapMinutes,
    rules: Object.fromEntries(Object.entries(rules).filter(([, v]) => typeof v === 'string' && SEVERITY_SETTINGS.includes(v as SeveritySetting))) as Record<
      string,
      SeveritySetting
    >,
  };
}

function webUrlOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && isWebUrl(value) ? value.trim() : undefined;
}

function megabytes(value: unknown): number {
  return typeof value === 'number' && value >= 1 && value <= 4096 ? value : SETTING_DEFAULTS.maxFileSize;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 1 ? value : undefined;
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return [];
}
