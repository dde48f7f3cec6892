import * as vscode from 'vscode';
import { DEFAULT_FILES, isWebUrl, type SeveritySetting } from '../core';

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
    ticketUrl: webUrlOrUndefined(config.get<unknown>('ticketUrl')),
    maxFileBytes: megabytes(config.get<unknown>('maxFileSize')) * 1024 * 1024,
    rules: Object.fromEntries(Object.entries(rules).filter(([, v]) => typeof v === 'string' && SEVERITY_SETTINGS.includes(v))) as Record<string, SeveritySetting>,
  };
}

function webUrlOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && isWebUrl(value) ? value.trim() : undefined;
}

function megabytes(value: unknown): number {
  return typeof value === 'number' && value >= 1 && value <= 4096 ? value : 10;
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return [];
}
