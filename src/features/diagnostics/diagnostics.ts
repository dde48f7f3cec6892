import * as vscode from 'vscode';
import { internalErrorFinding, lineRange, lintConfig, lintModel, type Finding } from '../../core';
import type { Clock } from '../../vscode/clock';
import { toDiagnosticSeverity, toRange } from '../../vscode/convert';
import { checkDelay, documentInfo, isTooLarge } from '../../vscode/documents';
import { getSettings } from '../../vscode/settings';
import { isConfigFile, type TeamConfigs } from '../../vscode/teamConfig';

export const DIAGNOSTIC_SOURCE = 'postmortem';

/**
 * Checks every open post-mortem (and `.postmortem.yaml`) as the author types: debounced per document,
 * longer for large documents so typing stays fluid, and a result whose document has changed since is
 * dropped. Keeps the last findings per document version for the quick fixes.
 */
export class PostmortemDiagnostics implements vscode.Disposable {
  readonly #collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #generations = new Map<string, number>();
  readonly #findings = new Map<string, { readonly version: number; readonly findings: readonly Finding[] }>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly #configs: TeamConfigs;
  readonly #docs: vscode.Uri;
  readonly #clock: Clock;

  static register(configs: TeamConfigs, docs: vscode.Uri, clock: Clock): PostmortemDiagnostics {
    return new PostmortemDiagnostics(configs, docs, clock);
  }

  private constructor(configs: TeamConfigs, docs: vscode.Uri, clock: Clock) {
    this.#configs = configs;
    this.#docs = docs;
    this.#clock = clock;
    this.#disposables.push(
      this.#collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.#schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.#schedule(e.document, checkDelay(e.document));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.#forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postmortem')) this.#lintAll();
      }),
      configs.onDidChange(() => this.#lintAll()),
    );
    this.#lintAll();
  }

  /** The findings of the document's current version (computed now when the last check is older). */
  async findings(document: vscode.TextDocument): Promise<readonly Finding[]> {
    const cached = this.#findings.get(document.uri.toString());
    if (cached?.version === document.version) return cached.findings;
    return (await this.#check(document)) ?? [];
  }

  dispose(): void {
    this.#timers.forEach((t) => clearTimeout(t));
    this.#disposables.forEach((d) => d.dispose());
  }

  #lintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.#schedule(document, 0);
  }

  #schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        void this.#check(document);
      }, delay),
    );
  }

  async #check(document: vscode.TextDocument): Promise<readonly Finding[] | undefined> {
    const key = document.uri.toString();
    const generation = (this.#generations.get(key) ?? 0) + 1;
    this.#generations.set(key, generation);
    const version = document.version;
    const config = await this.#configs.get(document.uri);
    // A newer check started, or the text changed while the config loaded: this result is stale.
    if (this.#generations.get(key) !== generation || document.version !== version || document.isClosed) return undefined;

    const settings = getSettings(document.uri);
    let findings: readonly Finding[] = [];
    if (settings.diagnosticsEnabled) {
      try {
        if (isConfigFile(document.uri)) {
          findings = lintConfig(document.getText(), settings.rules);
        } else if (document.languageId === 'markdown' && isTooLarge(document, settings.maxFileBytes)) {
          findings = [tooLargeFinding(settings.maxFileBytes)];
        } else {
          const info = documentInfo(document);
          if (info) {
            findings = lintModel(info.model, info.value.lines, {
              config,
              severities: settings.rules,
              detection: info.detection,
              today: this.#clock.today(),
            });
          }
        }
      } catch (error) {
        // Never thrown by design; if it is, the file says so and every other file is still checked.
        findings = [internalErrorFinding('Checking this file', error)];
      }
    }
    this.#findings.set(key, { version, findings });
    this.#collection.set(
      document.uri,
      findings.map((f) => this.#toDiagnostic(f)),
    );
    return findings;
  }

  #toDiagnostic(finding: Finding): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toDiagnosticSeverity(finding.severity));
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: finding.code, target: this.#docs.with({ fragment: finding.code }) };
    return diagnostic;
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    this.#generations.delete(key);
    this.#findings.delete(key);
    this.#collection.delete(uri);
  }
}

function tooLargeFinding(maxBytes: number): Finding {
  const mb = Math.round(maxBytes / (1024 * 1024));
  const message = vscode.l10n.t('Not checked: this file is larger than {0} MB (setting postmortem.maxFileSize).', mb);
  return { code: 'file-too-large', severity: 'information', message, range: lineRange(0, 0, 0), fixes: [] };
}
