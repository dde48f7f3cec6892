import type { Severity, TeamConfig } from '../config';
import type { PostmortemModel, SectionKind } from '../model';
import type { Range, TextEdit } from '../text';

/** A fix a person can pick: edits computed by the core, applied as one edit by the editor. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Safe to apply without looking (used by "Fix all" and `isPreferred`). */
  readonly isPreferred?: boolean;
  /** The edits' `newText` is snippet syntax (`${1:…}`): the editor selects the tabstop. */
  readonly snippet?: boolean;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly fixes: readonly Fix[];
}

/** What a rule reads. Built once per check, shared by all rules. */
export interface RuleContext {
  readonly model: PostmortemModel;
  readonly lines: readonly string[];
  readonly config: TeamConfig;
  /** `yyyy-MM-dd`; injectable so tests and the CLI (`--today`) are repeatable. */
  readonly today: string;
  /** The incident date (see `incidentDate`), when the document gives one. */
  readonly incidentDate: Date | undefined;
  /** The document follows the template (its title, `type: postmortem`, or its Metadata section and
   *  sections): the template's checks apply in full. Otherwise the checks ask only for what a
   *  post-mortem in any shape has. */
  readonly followsTemplate: boolean;
  /** The sections this document must have: the team's, else the template's or a small core. */
  readonly requiredSections: readonly SectionKind[];
  /** Whether to make the fixes (the CLI does not apply them); a rule whose fix is costly skips it when not. */
  readonly withFixes: boolean;
}

/** What a rule reports; the linter adds the code and the configured severity. */
export interface RuleFinding {
  readonly message: string;
  /** This finding's default severity, when it differs from the rule's (a plain list's item without an
   *  owner is information, a table row's an error). A severity the user or team set still wins. */
  readonly severity?: Severity;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
}

export interface Rule {
  /** Stable kebab-case code: settings, `.postmortem.yaml` and docs/rules.md use it. */
  readonly code: string;
  readonly defaultSeverity: Severity;
  /** One line for docs, SARIF and settings. */
  readonly description: string;
  check(context: RuleContext): Iterable<RuleFinding>;
}
