import { DEFAULT_CONFIG, parseTeamConfig, type Severity, type SeveritySetting, type TeamConfig } from './config';
import { formatIsoDate, incidentDateOf, parseIsoDate } from './dates';
import type { Detection } from './detect';
import type { PostmortemModel, SectionKind } from './model';
import { TEMPLATE_SECTION_KINDS } from './vocabulary';
import { lifecycleOf } from './followUps';
import { parsePostmortem } from './parse';
import { lineRange, linesOf, type Position, type TextEdit } from './text';
import { actionInvalidPriority } from './rules/actionInvalidPriority';
import { actionInvalidType } from './rules/actionInvalidType';
import { actionMissingDue } from './rules/actionMissingDue';
import { actionMissingOwner } from './rules/actionMissingOwner';
import { actionMissingTicket } from './rules/actionMissingTicket';
import { actionOverdue } from './rules/actionOverdue';
import { blameLanguage } from './rules/blameLanguage';
import { emptySection } from './rules/emptySection';
import { invalidDate } from './rules/invalidDate';
import { invalidFrontMatter } from './rules/invalidFrontMatter';
import { missingMetadata } from './rules/missingMetadata';
import { missingSection } from './rules/missingSection';
import type { Finding, Fix, Rule, RuleContext } from './rules/rule';
import { timelineInvalidTime } from './rules/timelineInvalidTime';
import { timelineOutOfOrder } from './rules/timelineOutOfOrder';
import { timelineZoneMismatch } from './rules/timelineZoneMismatch';
import { unfilledPlaceholder } from './rules/unfilledPlaceholder';
import { whysTooShallow } from './rules/whysTooShallow';
import { followUpSchedule } from './rules/followUpSchedule';

export type { Finding, Fix, Rule } from './rules/rule';

/** Every rule that reads a post-mortem, in the order their findings are listed. */
export const RULES: readonly Rule[] = [
  missingSection,
  emptySection,
  unfilledPlaceholder,
  missingMetadata,
  invalidFrontMatter,
  invalidDate,
  actionMissingOwner,
  actionMissingDue,
  actionInvalidType,
  actionInvalidPriority,
  actionOverdue,
  actionMissingTicket,
  timelineInvalidTime,
  timelineOutOfOrder,
  timelineZoneMismatch,
  blameLanguage,
  whysTooShallow,
  followUpSchedule,
];

/** The rule on `.postmortem.yaml` itself (it reads the config file, not a post-mortem). */
export const INVALID_CONFIG = {
  code: 'invalid-config',
  defaultSeverity: 'error' as Severity,
  description: 'The team config .postmortem.yaml is not valid YAML or breaks its schema.',
};

/** Not a rule: what a file gets when reading or checking it failed (a bug), so the run goes on without it. */
export const INTERNAL_ERROR = {
  code: 'internal-error',
  defaultSeverity: 'error' as Severity,
  description: 'Reading or checking this file failed (a bug in the checker); the other files and checks still ran.',
};

/** An `internal-error` finding at the top of a file, with the error's message (never its stack). */
export function internalErrorFinding(what: string, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: INTERNAL_ERROR.code,
    severity: INTERNAL_ERROR.defaultSeverity,
    message: `${what} failed: ${message.split('\n')[0].slice(0, 300)}. Please report this with the file if you can.`,
    range: lineRange(0, 0, 0),
    fixes: [],
  };
}

/** Every rule code with its default severity and description: for docs, settings and SARIF. */
export const RULE_INFO: readonly { code: string; defaultSeverity: Severity; description: string }[] = [...RULES, INVALID_CONFIG, INTERNAL_ERROR].map(
  ({ code, defaultSeverity, description }) => ({
    code,
    defaultSeverity,
    description,
  }),
);

export const RULE_CODES: readonly string[] = RULE_INFO.map((r) => r.code);

export interface LintOptions {
  readonly config?: TeamConfig;
  /** What the document is (see `detectDocument`); without it, a post-mortem that follows the template. */
  readonly detection?: Pick<Detection, 'kind' | 'followsTemplate'>;
  /** `yyyy-MM-dd`; defaults to the machine's today. */
  readonly today?: string;
  /** Severity overrides on top of the team config's (VS Code settings). */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** The rules to run (default: all of them). */
  readonly rules?: readonly Rule[];
  /** Whether findings carry their quick fixes (default: yes). The CLI reports and never fixes: sorting a long timeline for a fix nobody applies is most of its memory. */
  readonly fixes?: boolean;
}

/** The sections a document in no template's shape must have: what any post-mortem has. */
export const CORE_SECTIONS: readonly SectionKind[] = ['executiveSummary', 'timeline', 'actionItems'];

/** A finding without a fix (one array for all of them: a long document can have 500,000 findings). */
const NO_FIXES: readonly Fix[] = Object.freeze([]);

/** The checks of a document being written, whose severity follows its status (see `TeamConfig.lifecycle`). */
const LIFECYCLE_RULES = new Set(['missing-section', 'unfilled-placeholder', 'empty-section', 'missing-metadata']);

/** The rules that run on a template: it is all placeholders, so only they (and its front matter) are checked. */
const TEMPLATE_RULES = new Set(['unfilled-placeholder', 'invalid-front-matter']);

/**
 * Runs every enabled rule on a parsed post-mortem. Never throws: a rule that fails is skipped. A
 * finding's severity is the user's setting, else the team's, else the finding's own default (a plain
 * list's item without an owner is information), else the rule's.
 */
export function lintModel(model: PostmortemModel, lines: readonly string[], options: LintOptions = {}): Finding[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const today = options.today ?? isoToday();
  const followsTemplate = options.detection?.followsTemplate ?? true;
  const requiredSections = config.requiredSections ?? (followsTemplate ? TEMPLATE_SECTION_KINDS : CORE_SECTIONS);
  const context: RuleContext = {
    model,
    lines,
    config,
    today,
    incidentDate: parseIsoDate(incidentDateOf(model)),
    followsTemplate,
    requiredSections,
    withFixes: options.fixes ?? true,
  };
  const findings: Finding[] = [];
  // A document with a status, or written from the template, is checked as its stage asks: a draft's
  // unfilled parts are hints, a published one's are errors.
  const lifecycle = lifecycleOf(model, config.statuses);
  const stage = lifecycle.written !== undefined || followsTemplate ? config.lifecycle[lifecycle.status] : undefined;
  for (const rule of options.rules ?? RULES) {
    if (options.detection?.kind === 'template' && !TEMPLATE_RULES.has(rule.code)) continue;
    const configured = options.severities?.[rule.code] ?? config.rules[rule.code];
    if (configured === 'off') continue;
    try {
      for (const f of rule.check(context)) {
        const staged = stage && LIFECYCLE_RULES.has(rule.code) ? stage : undefined;
        findings.push({
          code: rule.code,
          severity: configured ?? staged ?? f.severity ?? rule.defaultSeverity,
          message: f.message,
          range: f.range,
          fixes: f.fixes && f.fixes.length > 0 ? f.fixes : NO_FIXES,
        });
      }
    } catch (error) {
      // A rule bug must never take the others (or the editor) down; the fuzz tests hunt for these.
      if (options.severities?.[INTERNAL_ERROR.code] !== 'off') findings.push(internalErrorFinding(`The ${rule.code} check`, error));
    }
  }
  return findings;
}

/** Parses and lints a post-mortem's text. */
export function lintText(text: string, options: LintOptions = {}): Finding[] {
  const model = parsePostmortem(text);
  return lintModel(model, linesOf(model, text), options);
}

/** Checks `.postmortem.yaml`: `invalid-config` findings for broken YAML and schema violations. */
export function lintConfig(text: string, overrides?: Readonly<Record<string, SeveritySetting>>): Finding[] {
  const { problems } = parseTeamConfig(text);
  const severity = overrides?.[INVALID_CONFIG.code] ?? INVALID_CONFIG.defaultSeverity;
  if (severity === 'off') return [];
  return problems.map((p) => ({ code: INVALID_CONFIG.code, severity, message: p.message, range: p.range, fixes: [] }));
}

/**
 * The edits of "Fix all": each finding's preferred plain-text fix, skipping any that overlaps one
 * already taken (the next check finds what is left). Insertions at the same point are joined in
 * finding order, so two sections missing at the end of the document are both added.
 */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  // Taken edits never overlap or touch, so on each line they are in order; a new edit is looked up by
  // binary search on the lines it spans: thousands of fixes cost thousands of steps, not millions.
  const onLine = new Map<number, number[]>();
  /** How many taken edits on `line` start at or before `at` (binary search). */
  const countUpTo = (list: readonly number[], at: Position): number => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(at, taken[list[mid]].range.start)) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  /** On `line`, the last taken edit that starts at or before `at`. */
  const lastAtOrBefore = (line: number, at: Position): number | undefined => {
    const list = onLine.get(line) ?? [];
    const count = countUpTo(list, at);
    return count > 0 ? list[count - 1] : undefined;
  };
  const clashes = (e: TextEdit): boolean => {
    for (let line = e.range.start.line; line <= e.range.end.line; line++) {
      const t = lastAtOrBefore(line, e.range.end);
      if (t !== undefined && overlaps(e, taken[t])) return true;
    }
    return false;
  };
  const joinable = (e: TextEdit): number => {
    const t = isEmpty(e) ? lastAtOrBefore(e.range.start.line, e.range.start) : undefined;
    return t !== undefined && isEmpty(taken[t]) && same(taken[t].range.start, e.range.start) ? t : -1;
  };
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred && !f.snippet);
    if (!fix) continue;
    const joins = fix.edits.map(joinable);
    if (fix.edits.some((e, i) => joins[i] < 0 && clashes(e))) continue;
    fix.edits.forEach((e, i) => {
      if (joins[i] >= 0) {
        taken[joins[i]] = { range: taken[joins[i]].range, newText: taken[joins[i]].newText + e.newText };
        return;
      }
      for (let line = e.range.start.line; line <= e.range.end.line; line++) {
        const list = onLine.get(line) ?? [];
        list.splice(countUpTo(list, e.range.start), 0, taken.length);
        onLine.set(line, list);
      }
      taken.push(e);
    });
  }
  return taken;
}

function before(a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Touching counts: two edits at one point would apply in an order nobody chose. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start));
}

function isEmpty(e: TextEdit): boolean {
  return same(e.range.start, e.range.end);
}

function same(a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

function isoToday(): string {
  return formatIsoDate(new Date());
}
