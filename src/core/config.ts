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

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/** What a key's reader works with: the YAML helpers, the problems found so far, and the config being built. */
interface ReadContext {
  readonly config: { -readonly [K in keyof TeamConfig]: TeamConfig[K] };
  readonly knownRules: readonly string[];
  problem(message: string, node: unknown): void;
  /** An alias (`*owners`) stands for the node its anchor names: resolved one step, never expanded. */
  resolve(node: unknown): unknown;
  scalarOf(node: unknown): unknown;
  stringList(key: string, node: unknown): string[] | undefined;
}

type KeyReader = (value: YamlNode | null, context: ReadContext, key: string) => void;

/** A key whose value maps names to values: each pair read by `item`; anything but a mapping is `shape`. */
function eachPair(value: YamlNode | null, context: ReadContext, shape: string, item: (name: string, pair: { key: unknown; value: unknown }) => void): boolean {
  if (!isMap(value)) {
    context.problem(shape, value);
    return false;
  }
  for (const pair of value.items) item(isScalar(pair.key) ? String(pair.key.value) : '', pair);
  return true;
}

const wholeNumber = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

const SPRINT_EXPECTS: Readonly<Record<string, string>> = {
  start: 'a date (YYYY-MM-DD)',
  lengthWeeks: 'a whole number of weeks (1 to 52)',
  lengthDays: 'a whole number of days (1 to 366)',
};

/** The keys of `.postmortem.yaml`, in the order messages list them: one per TeamConfig field, each with its reader. */
export const KNOWN_KEYS = [
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
] as const satisfies readonly (keyof TeamConfig)[];

/** One reader per key of `.postmortem.yaml`: what it accepts, and the problem it reports otherwise. */
const READERS: Readonly<Record<(typeof KNOWN_KEYS)[number], KeyReader>> = {
  requiredSections(value, context, key) {
    const names = context.stringList(key, value);
    if (!names) return;
    const kinds: SectionKind[] = [];
    names.forEach((name, i) => {
      const kind = sectionKindOf(name);
      if (kind) kinds.push(kind);
      else {
        context.problem(
          `"${name}" is not a post-mortem section. Known: ${SECTION_KINDS.join(', ')} (or their headings).`,
          (value as { items: unknown[] }).items[i],
        );
      }
    });
    context.config.requiredSections = kinds;
  },
  blameWords: readPhrases,
  allowWords: readPhrases,
  owners(value, context, key) {
    const list = context.stringList(key, value);
    if (list) context.config.owners = list;
  },
  severities(value, context, key) {
    const list = context.stringList(key, value);
    if (list) context.config.severities = list;
  },
  ticketUrl(value, context) {
    if (isScalar(value) && typeof value.value === 'string' && isWebUrl(value.value)) context.config.ticketUrl = value.value;
    else context.problem('"ticketUrl" must be an http(s) URL pattern, for example https://github.com/org/repo/issues/new?title={title}&body={body}.', value);
  },
  sprint(value, context) {
    const sprint = { ...DEFAULT_CONFIG.sprint };
    const read = eachPair(value, context, '"sprint" must be a mapping: { lengthDays: 14, start: 2026-01-05 }.', (name, item) => {
      const v = context.scalarOf(item.value);
      if (name === 'lengthDays' && wholeNumber(v, 366)) sprint.lengthDays = v;
      else if (name === 'lengthWeeks' && wholeNumber(v, 52)) sprint.lengthDays = v * 7;
      else if (name === 'start' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) sprint.start = v;
      else if (name === 'start' && v instanceof Date) sprint.start = v.toISOString().slice(0, 10);
      else context.problem(`"sprint.${name}" must be ${SPRINT_EXPECTS[name] ?? 'one of lengthDays, lengthWeeks, start'}.`, item.value ?? item.key);
    });
    if (read) context.config.sprint = sprint;
  },
  rules(value, context) {
    const rules: Record<string, SeveritySetting> = {};
    const read = eachPair(value, context, '"rules" must map rule codes to error, warning, information, hint or off.', (code, item) => {
      const level = String(context.scalarOf(item.value) ?? '');
      if (context.knownRules.length > 0 && !context.knownRules.includes(code)) {
        context.problem(`"${code}" is not a rule. Known rules: ${context.knownRules.join(', ')}.`, item.key);
      } else if (!SEVERITY_SETTINGS.includes(level as SeveritySetting)) {
        context.problem(`Rule "${code}" must be one of ${SEVERITY_SETTINGS.join(', ')}.`, item.value ?? item.key);
      } else rules[code] = level as SeveritySetting;
    });
    if (read) context.config.rules = rules;
  },
  followUps(value, context) {
    const days: Record<FollowUpKind, number> = { ...FOLLOW_UP_DAYS };
    const read = eachPair(
      value,
      context,
      '"followUps" must map follow-up steps to days after the incident: { review: 14, verify: 28, close: 28 }.',
      (name, item) => {
        const v = context.scalarOf(item.value);
        if ((name === 'review' || name === 'verify' || name === 'close') && wholeNumber(v, 366)) days[name] = v;
        else context.problem(`"followUps.${name}" must be review, verify or close, with a whole number of days (1 to 366).`, item.value ?? item.key);
      },
    );
    if (read) context.config.followUps = days;
  },
  statuses(value, context) {
    const statuses: Partial<Record<Lifecycle, readonly string[]>> = {};
    const shape = '"statuses" must map stages to the team\'s words: { draft: [Draft], inReview: [In Review], published: [Published], closed: [Closed] }.';
    const read = eachPair(value, context, shape, (stage, item) => {
      if (!isStage(stage, context, 'statuses', item.key)) return;
      const words = context.stringList(`statuses.${stage}`, item.value);
      if (words) statuses[stage] = words;
    });
    if (read) context.config.statuses = statuses;
  },
  lifecycle(value, context) {
    const lifecycle: Record<Lifecycle, Severity> = { ...DEFAULT_CONFIG.lifecycle };
    const shape = '"lifecycle" must map stages to severities: { draft: hint, inReview: warning, published: error, closed: error }.';
    const read = eachPair(value, context, shape, (stage, item) => {
      if (!isStage(stage, context, 'lifecycle', item.key)) return;
      const level = String(context.scalarOf(item.value) ?? '');
      if (SEVERITY_SETTINGS.includes(level as SeveritySetting) && level !== 'off') lifecycle[stage] = level as Severity;
      else context.problem(`"lifecycle.${stage}" must be error, warning, information or hint.`, item.value ?? item.key);
    });
    if (read) context.config.lifecycle = lifecycle;
  },
  emails(value, context) {
    const emails: Record<string, string> = {};
    const read = eachPair(value, context, '"emails" must map people\'s names to e-mail addresses: { Ana Lima: ana@example.com }.', (name, item) => {
      const v = context.scalarOf(item.value);
      if (name.trim() !== '' && typeof v === 'string' && EMAIL.test(v.trim())) emails[name.trim().toLowerCase()] = v.trim();
      else context.problem(`"emails.${name.trim()}" must be an e-mail address.`, item.value ?? item.key);
    });
    if (read) context.config.emails = emails;
  },
};

/** `blameWords`, `allowWords`: phrases are matched from every word boundary up to their length, so they are kept short. */
function readPhrases(value: YamlNode | null, context: ReadContext, key: string): void {
  const list = context.stringList(key, value);
  if (!list) return;
  const long = list.filter((w) => w.length > MAX_PHRASE);
  if (long.length > 0) {
    context.problem(
      `"${key}" entries are phrases of at most ${MAX_PHRASE} characters; ${long.length} longer one${long.length === 1 ? ' is' : 's are'} ignored.`,
      value,
    );
  }
  context.config[key as 'blameWords' | 'allowWords'] = list.filter((w) => w.length <= MAX_PHRASE);
}

function isStage(stage: string, context: ReadContext, key: string, node: unknown): stage is Lifecycle {
  if (LIFECYCLES.includes(stage as Lifecycle)) return true;
  context.problem(`"${key}.${stage}" is not a stage: ${LIFECYCLES.join(', ')}.`, node);
  return false;
}

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
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const context: ReadContext = {
    config: { ...DEFAULT_CONFIG },
    knownRules,
    problem: (message, node) => problems.push({ message, range: nodeRange(node) }),
    resolve,
    scalarOf: (node) => {
      const resolved = resolve(node);
      return isScalar(resolved) ? resolved.value : undefined;
    },
    stringList: (key, listNode) => {
      const node = resolve(listNode);
      const items = isSeq(node) ? node.items.map(resolve) : undefined;
      if (items?.every((i) => isScalar(i) && typeof i.value === 'string' && i.value.trim() !== '')) {
        return items.map((i) => String((i as { value: string }).value).trim());
      }
      problems.push({ message: `"${key}" must be a list of non-empty strings.`, range: nodeRange(node) });
      return undefined;
    },
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const reader = Object.hasOwn(READERS, key) ? READERS[key as (typeof KNOWN_KEYS)[number]] : undefined;
    if (reader) reader(resolve(pair.value) as YamlNode | null, context, key);
    else problems.push({ message: `Unknown setting "${key}". Known: ${KNOWN_KEYS.join(', ')}.`, range: nodeRange(pair.key) });
  }
  return { config: context.config, problems };
}
