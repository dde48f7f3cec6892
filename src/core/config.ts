import { DEFAULT_FILES } from './files';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import CONFIG_SCHEMA from '../../schemas/postmortem-config.schema.json';
import { lineRange, splitLines, type Range } from './text';
import { SECTION_KINDS, SectionKind, sectionKindOf } from './vocabulary';
import { FOLLOW_UP_DAYS, type FollowUpKind, type Lifecycle } from './followUps';
import { DEFAULT_PUBLISH, readPublishConfig, type PublishConfig } from './redact';

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
  /** What each audience of a published post-mortem or digest gets. */
  readonly publish: PublishConfig;
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
  publish: DEFAULT_PUBLISH,
};

/** A problem in the config file, with where it is. */
export interface ConfigProblem {
  readonly message: string;
  readonly range: Range;
}

export interface ParsedConfig {
  readonly config: TeamConfig;
  readonly problems: readonly ConfigProblem[];
}

/** Whether a URL is one to hand to a browser: `http:` or `https:` (any case), never `file:`, `vscode:`, `command:`. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s/]/i.test(url.trim());
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

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
  'publish',
] as const satisfies readonly (keyof TeamConfig)[];

type Key = (typeof KNOWN_KEYS)[number];
type Path = readonly (string | number)[];

/**
 * What a key's reader sees once the schema has checked the file: the value, and which parts of it the
 * schema found wrong (those keep their defaults; the problem is already reported).
 */
interface Reading {
  readonly config: { -readonly [K in keyof TeamConfig]: TeamConfig[K] };
  /** True when the schema found nothing wrong at `path` or inside it. */
  clean(path: Path): boolean;
  /** True when the value at `path` has the right shape itself (its items may still be wrong). */
  shaped(path: Path): boolean;
  problem(message: string, path: Path): void;
}

/** The items of a list that the schema accepted, trimmed; undefined when the value is not a list. */
function cleanItems(value: unknown, read: Reading, path: Path): string[] | undefined {
  if (!read.shaped(path) || !Array.isArray(value)) return undefined;
  return value.flatMap((item, i) => (read.clean([...path, i]) && typeof item === 'string' ? [item.trim()] : []));
}

/** The entries of a mapping that the schema accepted; undefined when the value is not a mapping. */
function cleanEntries(value: unknown, read: Reading, path: Path): [string, unknown][] | undefined {
  if (!read.shaped(path) || !isObject(value)) return undefined;
  return Object.entries(value).filter(([name]) => read.clean([...path, name]));
}

const readList =
  (key: 'owners' | 'severities' | 'blameWords' | 'allowWords') =>
  (value: unknown, read: Reading): void => {
    const list = cleanItems(value, read, [key]);
    if (list) read.config[key] = list;
  };

/**
 * One reader per key of `.postmortem.yaml`. The schema (`schemas/postmortem-config.schema.json`) has
 * already checked shapes, ranges and words; a reader turns what it accepted into the config, and checks
 * only what a schema cannot say (a section named by one of its headings).
 */
const READERS: Readonly<Record<Key, (value: unknown, read: Reading) => void>> = {
  requiredSections(value, read) {
    const names = cleanItems(value, read, ['requiredSections']);
    if (!names) return;
    const kinds: SectionKind[] = [];
    for (const [i, name] of names.entries()) {
      const kind = sectionKindOf(name);
      if (kind) kinds.push(kind);
      else read.problem(`"${name}" is not a post-mortem section. Known: ${SECTION_KINDS.join(', ')} (or their headings).`, ['requiredSections', i]);
    }
    read.config.requiredSections = kinds;
  },
  owners: readList('owners'),
  severities: readList('severities'),
  blameWords: readList('blameWords'),
  allowWords: readList('allowWords'),
  ticketUrl(value, read) {
    if (read.clean(['ticketUrl']) && typeof value === 'string') read.config.ticketUrl = value.trim();
  },
  sprint(value, read) {
    const entries = cleanEntries(value, read, ['sprint']);
    if (!entries) return;
    const sprint = { ...DEFAULT_CONFIG.sprint };
    for (const [name, v] of entries) {
      if (name === 'lengthDays') sprint.lengthDays = v as number;
      else if (name === 'lengthWeeks') sprint.lengthDays = (v as number) * 7;
      else if (name === 'start') sprint.start = v as string;
    }
    read.config.sprint = sprint;
  },
  rules(value, read) {
    const entries = cleanEntries(value, read, ['rules']);
    if (entries) read.config.rules = Object.fromEntries(entries) as Record<string, SeveritySetting>;
  },
  followUps(value, read) {
    const entries = cleanEntries(value, read, ['followUps']);
    if (entries) read.config.followUps = { ...FOLLOW_UP_DAYS, ...(Object.fromEntries(entries) as Partial<Record<FollowUpKind, number>>) };
  },
  statuses(value, read) {
    if (!read.shaped(['statuses']) || !isObject(value)) return;
    const statuses: Partial<Record<Lifecycle, readonly string[]>> = {};
    for (const [stage, list] of Object.entries(value)) {
      const words = cleanItems(list, read, ['statuses', stage]);
      if (words) statuses[stage as Lifecycle] = words;
    }
    read.config.statuses = statuses;
  },
  lifecycle(value, read) {
    const entries = cleanEntries(value, read, ['lifecycle']);
    if (entries) read.config.lifecycle = { ...DEFAULT_CONFIG.lifecycle, ...(Object.fromEntries(entries) as Partial<Record<Lifecycle, Severity>>) };
  },
  publish(value, read) {
    // A part the schema refused keeps its default: never publish more than the default because of a typo.
    if (!read.shaped(['publish']) || !isObject(value)) return;
    const clean = Object.fromEntries(Object.entries(value).filter(([key]) => read.clean(['publish', key])));
    read.config.publish = readPublishConfig(clean);
  },
  emails(value, read) {
    const entries = cleanEntries(value, read, ['emails']);
    if (entries) read.config.emails = Object.fromEntries(entries.map(([name, address]) => [name.trim().toLowerCase(), String(address).trim()]));
  },
};

interface SchemaNode {
  readonly errorMessage?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly enum?: readonly unknown[];
  readonly [keyword: string]: unknown;
}

/** Made on first use: most runs of the CLI read no `.postmortem.yaml`. */
let validator: Validator | undefined;

/** The keywords whose errors only say that something inside failed; the inner error says what. */
const CASCADES = new Set(['properties', 'items', 'additionalProperties', 'propertyNames']);

/** `#/sprint/length%20Days` → ['sprint', 'length Days']: a JSON pointer as cfworker writes it. */
function pointerPath(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      let decoded = s;
      try {
        decoded = decodeURI(s).replace(/%23/g, '#');
      } catch {
        // A segment that is not valid percent-encoding is kept as written.
      }
      return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** The schema node at a path of keywords and names, or undefined. */
function schemaAt(path: readonly string[]): SchemaNode | undefined {
  let node: unknown = CONFIG_SCHEMA;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/** The message of the nearest schema node (from the failing keyword up) that has one. */
function nearestMessage(keywordPath: readonly string[]): string | undefined {
  for (let end = keywordPath.length; end >= 0; end--) {
    const message = schemaAt(keywordPath.slice(0, end))?.errorMessage;
    if (message) return message;
  }
  return undefined;
}

/** A schema error as the person reading the file should see it: where (as a dotted path), and what to write. */
function schemaProblem(error: OutputUnit, data: unknown): { readonly message: string; readonly path: string[]; readonly key: boolean } {
  const path = pointerPath(error.instanceLocation);
  // A list's item is named by the list and its position: "owners" … (item 2 is not).
  const item = Array.isArray(valueAt(data, path.slice(0, -1))) ? Number(path.at(-1)) : undefined;
  const where = `"${(item === undefined ? path : path.slice(0, -1)).join('.')}"`;
  const which = item === undefined ? '' : ` (item ${item + 1} is not)`;
  if (error.keyword === 'false') {
    // `additionalProperties: false`: a key the schema does not know. cfworker's keywordLocation is wrong here.
    const parent = schemaAt(path.slice(0, -1).flatMap((name) => ['properties', name]));
    const known = Object.keys(parent?.properties ?? {}).join(', ');
    return { message: `Unknown setting ${where}. Known: ${known}.`, path, key: true };
  }
  const keywordPath = pointerPath(error.keywordLocation);
  if (path.length === 0) return { message: nearestMessage([]) ?? error.error, path, key: false };
  const message = nearestMessage(keywordPath.slice(0, -1)) ?? error.error;
  const parentKeyword = keywordPath.at(-2);
  if (parentKeyword === 'propertyNames') {
    const known = schemaAt(keywordPath.slice(0, -1))?.enum;
    return { message: `${where} ${message}${known ? ` Known: ${known.join(', ')}.` : ''}`, path, key: true };
  }
  return { message: `${where} ${which === '' ? message : message.replace(/\.$/, `${which}.`)}`, path, key: false };
}

/**
 * Reads `.postmortem.yaml`: checked against its JSON Schema (the one the YAML extension uses for
 * completion and hover), then read into the config. Never throws: broken YAML or a field of the wrong
 * shape becomes a problem with its range, and that field keeps its default.
 */
export function parseTeamConfig(text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { config: DEFAULT_CONFIG, problems: [{ message: `.postmortem.yaml could not be read: ${(error as Error).message}`, range: rangeOf(0) }] };
  }
  if (data === null || data === undefined || data === '') return { config: DEFAULT_CONFIG, problems };

  /** Where a path is in the file: the node itself, or its key (`key`), or the nearest enclosing node written out. */
  const rangeAt = (path: readonly string[], key: boolean): Range => {
    for (let end = path.length; end >= 0; end--) {
      const parent = end === 0 ? doc.contents : doc.getIn(path.slice(0, end - 1), true);
      const node = end === 0 ? doc.contents : isMap(parent) || isSeq(parent) ? childNode(parent, path[end - 1], key && end === path.length) : undefined;
      const r = (node as YamlNode | undefined)?.range;
      if (r) return rangeOf(r[0], r[1]);
    }
    return rangeOf(0);
  };
  validator ??= new Validator(CONFIG_SCHEMA as Schema, '7', false);
  const errors = validator.validate(data).errors.filter((e) => !CASCADES.has(e.keyword));
  const id = (path: Path): string => path.map(String).join('\u0000');
  const wrong = new Set<string>();
  const exact = new Set<string>();
  for (const error of errors) {
    const { message, path, key } = schemaProblem(error, data);
    problems.push({ message, range: rangeAt(path, key) });
    exact.add(id(path));
    for (let end = 0; end <= path.length; end++) wrong.add(id(path.slice(0, end)));
  }
  if (!isObject(data)) return { config: DEFAULT_CONFIG, problems };
  const read: Reading = {
    config: { ...DEFAULT_CONFIG },
    clean: (path) => !wrong.has(id(path)),
    shaped: (path) => !exact.has(id(path)),
    problem: (message, path) => problems.push({ message, range: rangeAt(path.map(String), false) }),
  };
  for (const key of KNOWN_KEYS) if (Object.hasOwn(data, key)) READERS[key](data[key], read);
  // In the order of the file, as a person reads it (the schema reports a mapping's unknown keys last).
  problems.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  return { config: read.config, problems };
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const name of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The node of a mapping's entry (or its key) or a list's item, by the name or index the schema gave. */
function childNode(parent: { items: unknown[] }, name: string | undefined, key: boolean): unknown {
  if (isSeq(parent)) return parent.items[Number(name)];
  for (const pair of parent.items as { key: unknown; value: unknown }[]) {
    if (isScalar(pair.key) && String(pair.key.value) === name) return key || pair.value === null ? pair.key : pair.value;
  }
  return undefined;
}
