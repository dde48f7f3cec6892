import { DEFAULT_FILES } from './files';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { lineRange, splitLines, type Range } from './text';
import { SECTION_KINDS, SectionKind, sectionKindOf } from './vocabulary';
import { FOLLOW_UP_DAYS, LIFECYCLES, type FollowUpKind, type Lifecycle } from './followUps';

/** A finding's severity, as VS Code and SARIF know them. `off` disables a rule. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * The team's settings, from `.postmortem.yaml` at the workspace root. Every field is optional in the
 * file; `parseTeamConfig` fills in the defaults.
 */
export interface TeamConfig {
  /** Sections every post-mortem must have. Unset: the template's eleven for documents written from
   *  it, a small core (summary, timeline, action items) for the others. */
  readonly requiredSections: readonly SectionKind[] | undefined;
  /** People or teams who own action items, offered by quick fixes and the "only mine" filter. */
  readonly owners: readonly string[];
  /** Sprint length in days (default 14) and the first day of any one sprint (default 2024-01-01, a Monday). */
  readonly sprint: { readonly lengthDays: number; readonly start: string };
  /** Words that read as blame, added to the built-in list. */
  readonly blameWords: readonly string[];
  /** Built-in blame words the team allows. */
  readonly allowWords: readonly string[];
  /** URL pattern for "Create ticket": `{title}`, `{body}`, `{owner}`, `{priority}` are replaced. */
  readonly ticketUrl: string | undefined;
  readonly severities: readonly string[];
  /** Per-rule severity overrides. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Days after the incident of each follow-up step, when a post-mortem does not schedule its own. */
  readonly followUps: Readonly<Record<FollowUpKind, number>>;
  /** People's e-mail addresses by name (lower case): the calendar invites them to the reviews. */
  readonly emails: Readonly<Record<string, string>>;
  /** The team's status words for each stage of a post-mortem's life; unset: the usual words. */
  readonly statuses: Readonly<Partial<Record<Lifecycle, readonly string[]>>>;
  /** How unfilled placeholders, missing sections and metadata show at each stage. */
  readonly lifecycle: Readonly<Record<Lifecycle, Severity>>;
}

/**
 * The defaults of the `postmortem.*` settings, one home for the extension, the CLI and package.json (a
 * unit test checks that the manifest declares these values).
 */
export const SETTING_DEFAULTS = {
  folder: 'postmortems',
  severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as readonly string[],
  files: DEFAULT_FILES,
  maxFileSize: 10,
  gapMinutes: 10,
} as const;

export const DEFAULT_CONFIG: TeamConfig = {
  requiredSections: undefined,
  owners: [],
  sprint: { lengthDays: 14, start: '2024-01-01' },
  blameWords: [],
  allowWords: [],
  ticketUrl: undefined,
  severities: SETTING_DEFAULTS.severities,
  rules: {},
  followUps: FOLLOW_UP_DAYS,
  emails: {},
  statuses: {},
  lifecycle: { draft: 'hint', inReview: 'warning', published: 'error', closed: 'error' },
};

/** An e-mail address, roughly: no spaces, one `@`, a dotted domain. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** A problem in the config file, with where it is. */
export interface ConfigProblem {
  readonly message: string;
  readonly range: Range;
}

export interface ParsedConfig {
  readonly config: TeamConfig;
  readonly problems: readonly ConfigProblem[];
}

const MAX_PHRASE = 100;

/** Whether a URL is one to hand to a browser: `http:` or `https:` (any case), never `file:`, `vscode:`, `command:`. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s/]/i.test(url.trim());
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const KNOWN_KEYS = [
  'requiredSections',
  'owners',
  'sprint',
  'blameWords',
  'allowWords',
  'ticketUrl',
  'severities',
  'rules',
  'followUps',
  'emails',
  'statuses',
  'lifecycle',
];

/**
 * Reads `.postmortem.yaml`. Never throws: broken YAML or a field of the wrong shape becomes a problem
 * with its range, and that field keeps its default.
 */
export function parseTeamConfig(text: string, knownRules: readonly string[] = []): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lines = splitLines(text);
  const rangeOf = (offset: number | undefined, endOffset?: number): Range => {
    const start = lineCounter.linePos(offset ?? 0);
    const end = lineCounter.linePos(endOffset ?? offset ?? 0);
    if (start.line === end.line && endOffset !== undefined && endOffset > (offset ?? 0)) return lineRange(start.line - 1, start.col - 1, end.col - 1);
    return lineRange(start.line - 1, 0, lines[start.line - 1]?.length ?? 0);
  };
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ message: `.postmortem.yaml is not valid YAML: ${error.message.split('\n')[0]}`, range: rangeOf(error.pos[0]) });
    }
    return { config: DEFAULT_CONFIG, problems };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config: DEFAULT_CONFIG, problems };
  if (!isMap(root)) {
    return {
      config: DEFAULT_CONFIG,
      problems: [{ message: '.postmortem.yaml must be a mapping of settings (key: value).', range: rangeOf(root.range?.[0], root.range?.[1]) }],
    };
  }
  const nodeRange = (node: unknown): Range => {
    const r = (node as YamlNode | null)?.range;
    return rangeOf(r?.[0], r?.[1]);
  };
  const config: { -readonly [K in keyof TeamConfig]: TeamConfig[K] } = { ...DEFAULT_CONFIG };
  // An alias (`*owners`) stands for the node its anchor names: resolved one step, never expanded.
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const scalarOf = (node: unknown): unknown => {
    const resolved = resolve(node);
    return isScalar(resolved) ? resolved.value : undefined;
  };
  const stringList = (key: string, listNode: unknown): string[] | undefined => {
    const node = resolve(listNode);
    const items = isSeq(node) ? node.items.map(resolve) : undefined;
    if (items?.every((i) => isScalar(i) && typeof i.value === 'string' && i.value.trim() !== '')) {
      return items.map((i) => String((i as { value: string }).value).trim());
    }
    problems.push({ message: `"${key}" must be a list of non-empty strings.`, range: nodeRange(node) });
    return undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = resolve(pair.value) as YamlNode | null;
    switch (key) {
      case 'requiredSections': {
        const names = stringList(key, value);
        if (!names) break;
        const kinds: SectionKind[] = [];
        names.forEach((name, i) => {
          const kind = sectionKindOf(name);
          if (kind) kinds.push(kind);
          else {
            problems.push({
              message: `"${name}" is not a post-mortem section. Known: ${SECTION_KINDS.join(', ')} (or their headings).`,
              range: nodeRange((value as { items: unknown[] }).items[i]),
            });
          }
        });
        config.requiredSections = kinds;
        break;
      }
      case 'blameWords':
      case 'allowWords': {
        const list = stringList(key, value);
        if (!list) break;
        // Phrases are matched from every word boundary up to their length: keep that bounded.
        const long = list.filter((w) => w.length > MAX_PHRASE);
        if (long.length > 0) {
          problems.push({
            message: `"${key}" entries are phrases of at most ${MAX_PHRASE} characters; ${long.length} longer one${long.length === 1 ? ' is' : 's are'} ignored.`,
            range: nodeRange(value),
          });
        }
        config[key] = list.filter((w) => w.length <= MAX_PHRASE);
        break;
      }
      case 'owners':
      case 'severities': {
        const list = stringList(key, value);
        if (list) config[key] = list;
        break;
      }
      case 'ticketUrl':
        if (isScalar(value) && typeof value.value === 'string' && isWebUrl(value.value)) config.ticketUrl = value.value;
        else {
          problems.push({
            message: '"ticketUrl" must be an http(s) URL pattern, for example https://github.com/org/repo/issues/new?title={title}&body={body}.',
            range: nodeRange(value),
          });
        }
        break;
      case 'sprint': {
        if (!isMap(value)) {
          problems.push({ message: '"sprint" must be a mapping: { lengthDays: 14, start: 2026-01-05 }.', range: nodeRange(value) });
          break;
        }
        const sprint = { ...DEFAULT_CONFIG.sprint };
        for (const item of value.items) {
          const name = isScalar(item.key) ? String(item.key.value) : '';
          const v = scalarOf(item.value);
          if (name === 'lengthDays' && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 366) sprint.lengthDays = v;
          else if (name === 'lengthWeeks' && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 52) sprint.lengthDays = v * 7;
          else if (name === 'start' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) sprint.start = v;
          else if (name === 'start' && v instanceof Date) sprint.start = v.toISOString().slice(0, 10);
          else {
            problems.push({
              message: `"sprint.${name}" must be ${name === 'start' ? 'a date (YYYY-MM-DD)' : name === 'lengthWeeks' ? 'a whole number of weeks (1 to 52)' : name === 'lengthDays' ? 'a whole number of days (1 to 366)' : 'one of lengthDays, lengthWeeks, start'}.`,
              range: nodeRange(item.value ?? item.key),
            });
          }
        }
        config.sprint = sprint;
        break;
      }
      case 'rules': {
        if (!isMap(value)) {
          problems.push({ message: '"rules" must map rule codes to error, warning, information, hint or off.', range: nodeRange(value) });
          break;
        }
        const rules: Record<string, SeveritySetting> = {};
        for (const item of value.items) {
          const code = isScalar(item.key) ? String(item.key.value) : '';
          const level = String(scalarOf(item.value) ?? '');
          if (knownRules.length > 0 && !knownRules.includes(code)) {
            problems.push({ message: `"${code}" is not a rule. Known rules: ${knownRules.join(', ')}.`, range: nodeRange(item.key) });
          } else if (!SEVERITY_SETTINGS.includes(level as SeveritySetting)) {
            problems.push({ message: `Rule "${code}" must be one of ${SEVERITY_SETTINGS.join(', ')}.`, range: nodeRange(item.value ?? item.key) });
          } else rules[code] = level as SeveritySetting;
        }
        config.rules = rules;
        break;
      }
      case 'followUps': {
        if (!isMap(value)) {
          problems.push({
            message: '"followUps" must map follow-up steps to days after the incident: { review: 14, verify: 28, close: 28 }.',
            range: nodeRange(value),
          });
          break;
        }
        const days: Record<FollowUpKind, number> = { ...FOLLOW_UP_DAYS };
        for (const item of value.items) {
          const name = isScalar(item.key) ? String(item.key.value) : '';
          const v = scalarOf(item.value);
          if ((name === 'review' || name === 'verify' || name === 'close') && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 366) {
            days[name] = v;
          } else {
            problems.push({
              message: `"followUps.${name}" must be review, verify or close, with a whole number of days (1 to 366).`,
              range: nodeRange(item.value ?? item.key),
            });
          }
        }
        config.followUps = days;
        break;
      }
      case 'statuses':
      case 'lifecycle': {
        if (!isMap(value)) {
          problems.push({
            message:
              key === 'statuses'
                ? '"statuses" must map stages to the team\'s words: { draft: [Draft], inReview: [In Review], published: [Published], closed: [Closed] }.'
                : '"lifecycle" must map stages to severities: { draft: hint, inReview: warning, published: error, closed: error }.',
            range: nodeRange(value),
          });
          break;
        }
        const statuses: Partial<Record<Lifecycle, readonly string[]>> = {};
        const lifecycle: Record<Lifecycle, Severity> = { ...DEFAULT_CONFIG.lifecycle };
        for (const item of value.items) {
          const stage = isScalar(item.key) ? String(item.key.value) : '';
          if (!LIFECYCLES.includes(stage as Lifecycle)) {
            problems.push({ message: `"${key}.${stage}" is not a stage: ${LIFECYCLES.join(', ')}.`, range: nodeRange(item.key) });
            continue;
          }
          if (key === 'statuses') {
            const words = stringList(`statuses.${stage}`, item.value as YamlNode | null);
            if (words) statuses[stage as Lifecycle] = words;
          } else {
            const level = String(scalarOf(item.value) ?? '');
            if (SEVERITY_SETTINGS.includes(level as SeveritySetting) && level !== 'off') lifecycle[stage as Lifecycle] = level as Severity;
            else problems.push({ message: `"lifecycle.${stage}" must be error, warning, information or hint.`, range: nodeRange(item.value ?? item.key) });
          }
        }
        if (key === 'statuses') config.statuses = statuses;
        else config.lifecycle = lifecycle;
        break;
      }
      case 'emails': {
        if (!isMap(value)) {
          problems.push({ message: '"emails" must map people\'s names to e-mail addresses: { Ana Lima: ana@example.com }.', range: nodeRange(value) });
          break;
        }
        const emails: Record<string, string> = {};
        for (const item of value.items) {
          const name = isScalar(item.key) ? String(item.key.value).trim() : '';
          const v = scalarOf(item.value);
          if (name !== '' && typeof v === 'string' && EMAIL.test(v.trim())) emails[name.toLowerCase()] = v.trim();
          else problems.push({ message: `"emails.${name}" must be an e-mail address.`, range: nodeRange(item.value ?? item.key) });
        }
        config.emails = emails;
        break;
      }
      default:
        problems.push({ message: `Unknown setting "${key}". Known: ${KNOWN_KEYS.join(', ')}.`, range: nodeRange(pair.key) });
    }
  }
  return { config, problems };
}
