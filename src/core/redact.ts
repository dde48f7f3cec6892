import type { PostmortemModel } from './model';
import { escapeRegex, isAsciiAlphanumeric, splitLines, trimEndOf } from './text';
import { SECTION_KINDS, sectionKindOf, type SectionKind } from './vocabulary';

/** Who a published post-mortem or digest is for: the team (everything), the organisation, the public. */
export const AUDIENCES = ['internal', 'org', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What can be redacted, each a kind of thing that must not leave the team. */
export const REDACTION_KINDS = ['people', 'emails', 'ips', 'hosts', 'urls', 'tickets', 'customers', 'terms'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** One audience's level of detail: the sections it gets and what is redacted for it. */
export interface DetailLevel {
  /** Undefined: every section. */
  readonly sections: readonly SectionKind[] | undefined;
  readonly redact: readonly RedactionKind[];
}

/** `publish` in `.postmortem.yaml`. */
export interface PublishConfig {
  readonly org: DetailLevel;
  readonly public: DetailLevel;
  /** Customer names, redacted wherever they appear (case does not matter). */
  readonly customers: readonly string[];
  /** The team's own words to keep in: project code names, host name patterns (`*` stands for any run of letters, digits, `.`, `-`, `_`). */
  readonly terms: readonly string[];
  /** Domains whose host names are internal (`corp.example.com`): besides `.internal`, `.local`, `.corp`… */
  readonly internalDomains: readonly string[];
  /** Domains whose links may stay in public output (a status page); every other link is removed there. */
  readonly publicDomains: readonly string[];
}

/** Safe by default: the organisation gets every section with people as roles; the public gets what it needs to learn, with nothing internal. */
export const DEFAULT_PUBLISH: PublishConfig = {
  org: { sections: undefined, redact: ['people', 'emails', 'customers', 'terms'] },
  public: {
    sections: [
      'executiveSummary',
      'impact',
      'timeline',
      'detection',
      'trigger',
      'rootCause',
      'resolution',
      'contributingFactors',
      'lessonsLearned',
      'actionItems',
    ],
    redact: [...REDACTION_KINDS],
  },
  customers: [],
  terms: [],
  internalDomains: [],
  publicDomains: [],
};

/** One thing redacted: where, what kind, and what stands in its place. */
export interface Redaction {
  /** 0-based line of the input text. */
  readonly line: number;
  readonly kind: RedactionKind | 'section' | 'frontMatter' | 'comment';
  /** What was there (for the internal preview only: never put it in published output). */
  readonly original: string;
  readonly replacement: string;
}

export interface Redacted {
  readonly text: string;
  readonly redactions: readonly Redaction[];
}

/** The people a post-mortem names, with the role each is published as. */
export interface KnownPeople {
  readonly [name: string]: string;
}

const ROLE_BY_KEY: Readonly<Record<string, string>> = {
  incidentCommander: 'the incident commander',
  author: 'the post-mortem author',
};

/** Owners that are teams, not people: kept as written. */
const TEAM_WORDS = /\b(?:team|teams|squad|group|guild|on-?call|sre|ops|devops|platform|infra|infrastructure|backend|frontend|security|support|everyone|all)\b/i;

/**
 * The people a post-mortem names (metadata and Owner cells, plus the team config's known people) and the
 * role each is replaced by; each name's parts (first or last name alone) count too.
 */
export function peopleOf(model: Pick<PostmortemModel, 'metadata' | 'actionItems'>, extra: readonly string[] = []): KnownPeople {
  const people: Record<string, string> = {};
  const add = (written: string, role: string): void => addPerson(people, written, role);
  for (const entry of model.metadata) {
    const role = entry.key ? ROLE_BY_KEY[entry.key] : /responder|on-?call|reviewer|participant|people|attendee/i.test(entry.label) ? 'a responder' : undefined;
    if (role && entry.value) add(entry.value, role);
  }
  for (const item of model.actionItems) if (item.owner) add(item.owner, 'an engineer');
  for (const name of extra) add(name, 'a responder');
  return people;
}

/** Adds the people a value names (`Ana Lima, Ben`), each with its role and the parts of each name, unless it reads as a team. */
export function addPerson(people: Record<string, string>, written: string, role: string): void {
  for (const name of written.split(/[,;/&]|\band\b/)) {
    const clean = name.replace(/[*_`[\]()]/g, ' ').trim();
    if (clean.length < 2 || clean.length > 60 || TEAM_WORDS.test(clean) || /\d/.test(clean) || clean.startsWith('@')) continue;
    people[clean] ??= role;
    for (const part of clean.split(/\s+/)) if (part.length >= 3 && /^\p{Lu}/u.test(part)) people[part] ??= role;
  }
}

const INTERNAL_TLDS = new Set(['internal', 'local', 'lan', 'corp', 'intra', 'intranet', 'private', 'home', 'localdomain', 'svc', 'cluster']);
const INTERNAL_LABELS = /^(?:prod|production|staging|stage|stg|dev|qa|int|internal|corp|svc|k8s|ec2|compute|vpc|db|rds)\d*$/i;

/** Whether a dotted name is an internal host: an internal top-level name, a configured domain, or a label such as `prod` or `k8s`. */
function isInternalHost(host: string, domains: readonly string[]): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const labels = lower.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return false;
  if (INTERNAL_TLDS.has(labels[labels.length - 1])) return true;
  if (domains.some((d) => lower === d.toLowerCase() || lower.endsWith(`.${d.toLowerCase()}`))) return true;
  // A file name (`config.yaml`, `README.md`) is no host: at least three labels for the label rule.
  return labels.length >= 3 && labels.slice(0, -1).some((l) => INTERNAL_LABELS.test(l));
}

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;

/**
 * Replaces every match of `find` in `line`: `find` returns the next match at or after a position (or
 * undefined), so each kind of secret is found by a scan that only moves forward.
 */
function replaceAll(
  line: string,
  find: (line: string, from: number) => { start: number; end: number; replacement: string } | undefined,
  found: (original: string, replacement: string) => void,
): string {
  let out = '';
  let at = 0;
  for (let m = find(line, 0); m; m = find(line, m.end)) {
    out += line.slice(at, m.start) + m.replacement;
    found(line.slice(m.start, m.end), m.replacement);
    at = m.end;
    if (m.end <= m.start) break;
  }
  return at === 0 ? line : out + line.slice(at);
}

/** E-mail addresses: around each `@`, the characters an address may hold. */
function findEmail(line: string, from: number): { start: number; end: number; replacement: string } | undefined {
  for (let at = line.indexOf('@', from); at >= 0; at = line.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && EMAIL_LOCAL.test(line[start - 1])) start--;
    let end = at + 1;
    while (end < line.length && isHostChar(line.charCodeAt(end))) end++;
    while (end > at + 1 && line[end - 1] === '.') end--;
    if (start < at && line.slice(at + 1, end).includes('.')) return { start, end, replacement: '[email]' };
  }
  return undefined;
}

/** `@handle` mentions (after an e-mail address was taken out). */
function findHandle(line: string, from: number): { start: number; end: number; replacement: string } | undefined {
  for (let at = line.indexOf('@', from); at >= 0; at = line.indexOf('@', at + 1)) {
    if (at > 0 && /[\w.]/.test(line[at - 1])) continue;
    let end = at + 1;
    while (end < line.length && /[\w.-]/.test(line[end])) end++;
    while (end > at + 1 && /[.-]/.test(line[end - 1])) end--;
    if (end - at > 2) return { start: at, end, replacement: 'a responder' };
  }
  return undefined;
}

/** Whether a line may hold an IP address: IPv4 has a digit, dot, digit; IPv6 a colon between two address characters. */
const MAY_HOLD_IP = /\d\.\d|[\d:A-Fa-f]:[\d:A-Fa-f]/;

/** IPv4 addresses (with a port or a prefix length) and IPv6 addresses, as whole tokens of address characters. */
function findIp(line: string, from: number): { start: number; end: number; replacement: string } | undefined {
  if (from === 0 && !MAY_HOLD_IP.test(line)) return undefined;
  const isPart = (c: number): boolean => isHexOrColon(c) || c === 46 || c === 47; // and `.` `/`
  return findToken(line, from, { starts: isHexOrColon, joins: isWordDotOrColon, isPart, trim: '.:' }, (token) => {
    const v4 = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5}|\/\d{1,2})?$/.test(token) && token.split(/[.:/]/, 4).every((n) => Number(n) <= 255);
    const groups = token.split(':');
    const v6 =
      groups.length >= 3 &&
      /^[0-9A-Fa-f:]+(?:\/\d{1,3})?$/.test(token) &&
      (token.includes('::') || groups.length >= 6) &&
      groups.some((g) => /[A-Fa-f]|\d{3}/.test(g) || g.length >= 3);
    return v4 || v6 ? '[IP address]' : undefined;
  });
}

/**
 * The first whole token from `from` on that `replace` gives a replacement for. A token starts with a
 * `starts` character that does not continue a `joins` one (at `from` it may), runs over `isPart`
 * characters, and ends without the `trim` characters. Each character is looked at a bounded number of times.
 */
function findToken(
  line: string,
  from: number,
  chars: { starts: (c: number) => boolean; joins: (c: number) => boolean; isPart: (c: number) => boolean; trim: string },
  replace: (token: string) => string | undefined,
): { start: number; end: number; replacement: string } | undefined {
  let i = from;
  while (i < line.length) {
    if (!chars.starts(line.charCodeAt(i)) || (i > 0 && i !== from && chars.joins(line.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let end = i;
    while (end < line.length && chars.isPart(line.charCodeAt(end))) end++;
    const token = trimEndOf(line.slice(i, end), chars.trim);
    const replacement = replace(token);
    if (replacement !== undefined) return { start: i, end: i + token.length, replacement };
    i = Math.max(end, i + 1);
  }
  return undefined;
}

/** `[0-9A-Fa-f:]`, by char code: the finders test every character of every line. */
function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `[\w.:]`. */
function isWordDotOrColon(c: number): boolean {
  return isAsciiAlphanumeric(c) || c === 95 || c === 46 || c === 58;
}

/** `[A-Za-z0-9.-]`: a host name's characters. */
function isHostChar(c: number): boolean {
  return isAsciiAlphanumeric(c) || c === 46 || c === 45;
}

/** Host names that are internal (see `isInternalHost`), as whole tokens of host characters. */
function hostFinder(domains: readonly string[]) {
  return (line: string, from: number): { start: number; end: number; replacement: string } | undefined => {
    // A host name has a dot.
    if (!line.includes('.', from)) return undefined;
    return findToken(line, from, { starts: isAsciiAlphanumeric, joins: isHostChar, isPart: isHostChar, trim: '.-' }, (token) =>
      token.includes('.') && isInternalHost(token, domains) ? '[internal host]' : undefined,
    );
  };
}

/** Ticket keys (`OPS-123`, `INC-2041`). */
function findTicket(line: string, from: number): { start: number; end: number; replacement: string } | undefined {
  const pattern = /\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b/g;
  pattern.lastIndex = from;
  const m = pattern.exec(line);
  return m ? { start: m.index, end: m.index + m[0].length, replacement: '[ticket]' } : undefined;
}

/** Literal words (names, customers, terms) as one alternation: linear in the line for a fixed list. */
function wordsFinder(words: ReadonlyMap<string, string>) {
  // Longest first, so "Dana Whitfield" is taken before "Dana".
  const list = [...words.keys()].filter((w) => w.trim() !== '').sort((a, b) => b.length - a.length);
  if (list.length === 0) return undefined;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${list.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  const byLower = new Map([...words].map(([w, r]) => [w.toLowerCase(), r]));
  return (line: string, from: number): { start: number; end: number; replacement: string } | undefined => {
    pattern.lastIndex = from;
    const m = pattern.exec(line);
    return m ? { start: m.index, end: m.index + m[0].length, replacement: byLower.get(m[0].toLowerCase()) ?? '[redacted]' } : undefined;
  };
}

/** Whether a token matches a term with `*` wildcards (any run of token characters): a two-pointer match, linear in practice. */
export function wildcardMatch(pattern: string, token: string): boolean {
  const p = pattern.toLowerCase();
  const t = token.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Tokens (runs of letters, digits, `.`, `-`, `_`) that match one of the wildcard terms. */
function wildcardFinder(patterns: readonly string[]) {
  if (patterns.length === 0) return undefined;
  return (line: string, from: number): { start: number; end: number; replacement: string } | undefined => {
    let i = from;
    while (i < line.length) {
      if (!/[\w.-]/.test(line[i])) {
        i++;
        continue;
      }
      let end = i;
      while (end < line.length && /[\w.-]/.test(line[end])) end++;
      const token = line.slice(i, end);
      if (token.length <= 256 && patterns.some((p) => wildcardMatch(p, token))) return { start: i, end, replacement: '[redacted]' };
      i = end;
    }
    return undefined;
  };
}

/**
 * Links: `[text](url)`, `![alt](url)`, `<url>`, bare URLs and reference definitions. A link to an
 * internal host, a ticket, or (for the public) any domain not listed as public loses its target and
 * keeps its text; an image becomes its alt text (no image is ever loaded from published output).
 */
function linkFinder(level: Set<RedactionKind>, config: PublishConfig) {
  const removable = (url: string): boolean => {
    const host = /^[a-z][a-z0-9+.-]*:\/\/([^/\s:?#]+)/i.exec(url)?.[1] ?? '';
    if (level.has('tickets') && /\/(?:browse|issues|tickets?|jira|youtrack)\/|atlassian\.net|linear\.app/i.test(url)) return true;
    if (level.has('hosts') && (host === '' || isInternalHost(host, config.internalDomains) || /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3})$/.test(host))) {
      return true;
    }
    if (level.has('urls')) {
      return !config.publicDomains.some((d) => host.toLowerCase() === d.toLowerCase() || host.toLowerCase().endsWith(`.${d.toLowerCase()}`));
    }
    return false;
  };
  return (line: string, from: number): { start: number; end: number; replacement: string } | undefined => {
    // Each look-up moves forward only (a line of `[` without `](` is read once, not once per `[`).
    let close = -2;
    let lastOpen = -1;
    const closeAfter = (i: number): number => {
      if (close === -1 || close >= i) return close;
      close = line.indexOf('](', i);
      lastOpen = close > 0 ? line.lastIndexOf('[', close - 1) : -1;
      return close;
    };
    const firstOpen = line.indexOf('[');
    for (let i = from; i < line.length; i++) {
      const c = line[i];
      if (c === '[') {
        const at = closeAfter(i);
        const end = at > 0 ? line.indexOf(')', at) : -1;
        // The innermost `[` before `](` opens the link (or the image, with a `!` before it).
        if (at > 0 && end > 0 && i === lastOpen) {
          const image = i > 0 && line[i - 1] === '!';
          // Every image: its alt text stays, the picture (and its address) goes.
          if (image) return { start: i - 1, end: end + 1, replacement: line.slice(i + 1, at) };
          if (removable(line.slice(at + 2, end).trim())) return { start: i, end: end + 1, replacement: line.slice(i + 1, at) };
        }
        // A reference definition: `[label]: url`.
        if (i === firstOpen) {
          const definition = /^\s{0,3}\[[^\]]{1,200}\]:\s*(\S+)/.exec(line);
          if (definition && removable(definition[1])) return { start: 0, end: line.length, replacement: '' };
        }
      }
      if ((c === 'h' || c === 'H' || c === 'f' || c === 'F') && /^(?:https?|ftp):\/\//i.test(line.slice(i, i + 8)) && (i === 0 || !/[\w/]/.test(line[i - 1]))) {
        let end = i;
        while (end < line.length && !/[\s<>()[\]"'`|]/.test(line[end])) end++;
        while (end > i && /[.,;:!?]/.test(line[end - 1])) end--;
        const url = line.slice(i, end);
        const bracketed = line[i - 1] === '<' && line[end] === '>';
        if (removable(url)) return { start: bracketed ? i - 1 : i, end: bracketed ? end + 1 : end, replacement: '[link removed]' };
        i = end;
      }
    }
    return undefined;
  };
}

/**
 * A post-mortem (Markdown) at an audience's level of detail: the sections it gets, front matter and
 * HTML comments left out, and every person, e-mail address, IP address, internal host name, link,
 * ticket, customer and team term redacted wherever it appears: in titles, link texts, alt texts,
 * tables, code spans and metadata alike (the text is scanned line by line, whatever it is in). Each
 * redaction is listed with its line. `internal` returns the text as it is.
 */
export function redactPostmortem(
  text: string,
  model: Pick<PostmortemModel, 'metadata' | 'actionItems' | 'sections' | 'frontMatter' | 'nonProse' | 'title'>,
  audience: Audience,
  config: PublishConfig = DEFAULT_PUBLISH,
  knownPeople: readonly string[] = [],
): Redacted {
  const level = detailLevel(audience, config);
  if (!level) return { text, redactions: [] };
  const lines = splitLines(text);
  const redactions: Redaction[] = [];
  const dropped = new Set<number>();
  const drop = (start: number, end: number, kind: Redaction['kind'], what: string): void => {
    for (let line = start; line < end; line++) dropped.add(line);
    if (end > start) redactions.push({ line: start, kind, original: what, replacement: '' });
  };
  if (model.frontMatter) drop(model.frontMatter.lines.start, model.frontMatter.lines.end, 'frontMatter', 'front matter');
  if (level.sections) {
    const keep = new Set(level.sections);
    for (const section of model.sections) {
      if (section.source === 'lead') continue;
      const kept = section.kind !== undefined && keep.has(section.kind);
      // A sub-section of a kept section stays with it; a section the level leaves out goes with its body.
      const inKept = model.sections.some(
        (s) =>
          s !== section &&
          s.kind &&
          keep.has(s.kind) &&
          s.level < section.level &&
          s.body.start <= section.heading.start.line &&
          s.body.end >= section.body.end,
      );
      if (!kept && !inKept) drop(section.heading.start.line, section.body.end, 'section', section.title);
    }
  }
  // HTML comments: notes for the team.
  const comments = new Map<number, { start: number; end: number }[]>();
  for (const c of model.nonProse.comments) (comments.get(c.line) ?? comments.set(c.line, []).get(c.line)!).push(c);

  const redactLine = lineRedactor(level.redact, config, level.redact.includes('people') ? peopleOf(model, knownPeople) : {});
  const out: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    if (dropped.has(n)) continue;
    let line = lines[n];
    const inLine = comments.get(n);
    if (inLine) {
      for (const c of [...inLine].sort((a, b) => b.start - a.start)) line = line.slice(0, c.start) + line.slice(c.end);
      redactions.push({ line: n, kind: 'comment', original: 'HTML comment', replacement: '' });
      if (line.trim() === '') continue;
    }
    out.push(redactLine(line, (kind, original, replacement) => redactions.push({ line: n, kind, original, replacement })));
  }
  // Blank lines left where sections were: at most one in a row.
  const text2 = out.join('\n').replace(/\n{3,}/g, '\n\n');
  return { text: text2, redactions };
}

/**
 * The redaction of one line at a level: links first (a link's address), then e-mail addresses, IPs,
 * internal hosts, tickets, customers and terms, then people (`people`: name → role) and @handles.
 * `found` hears of each redaction.
 */
export function lineRedactor(
  redact: readonly RedactionKind[],
  config: PublishConfig,
  people: KnownPeople,
): (line: string, found?: (kind: RedactionKind, original: string, replacement: string) => void) => string {
  const on = new Set(redact);
  const words = new Map<string, string>();
  if (on.has('customers')) for (const c of config.customers) words.set(c, '[customer]');
  if (on.has('terms')) for (const t of config.terms) if (!t.includes('*')) words.set(t, '[redacted]');
  const finders: [RedactionKind, ((line: string, from: number) => { start: number; end: number; replacement: string } | undefined) | undefined][] = [
    ['urls', on.has('urls') || on.has('hosts') || on.has('tickets') ? linkFinder(on, config) : undefined],
    ['emails', on.has('emails') ? findEmail : undefined],
    ['ips', on.has('ips') ? findIp : undefined],
    ['hosts', on.has('hosts') ? hostFinder(config.internalDomains) : undefined],
    ['tickets', on.has('tickets') ? findTicket : undefined],
    ['customers', wordsFinder(words)],
    ['terms', on.has('terms') ? wildcardFinder(config.terms.filter((t) => t.includes('*'))) : undefined],
    ['people', on.has('people') ? wordsFinder(new Map(Object.entries(people))) : undefined],
    ['people', on.has('people') ? findHandle : undefined],
  ];
  return (line, found) => {
    let out = line;
    for (const [kind, find] of finders) {
      if (find) {
        out = replaceAll(out, find, (original, replacement) =>
          found?.(kind === 'customers' && replacement !== '[customer]' ? 'terms' : kind, original, replacement),
        );
      }
    }
    return out;
  };
}

/** The level of detail of an audience (undefined for internal: nothing is redacted). */
export function detailLevel(audience: Audience, config: PublishConfig): DetailLevel | undefined {
  return audience === 'internal' ? undefined : audience === 'org' ? config.org : config.public;
}

/** Reads `publish` from the team config's YAML value (already checked by the schema). */
export function readPublishConfig(value: unknown): PublishConfig {
  if (typeof value !== 'object' || value === null) return DEFAULT_PUBLISH;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown): string[] =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
  const levelOf = (x: unknown, fallback: DetailLevel): DetailLevel => {
    if (typeof x !== 'object' || x === null) return fallback;
    const l = x as Record<string, unknown>;
    // Names or headings (`Summary`, `Root Cause`) as well as the kinds themselves.
    const sections = Array.isArray(l.sections)
      ? strings(l.sections)
          .map((s) => ((SECTION_KINDS as readonly string[]).includes(s) ? (s as SectionKind) : sectionKindOf(s)))
          .filter((s): s is SectionKind => s !== undefined)
      : fallback.sections;
    const redact = Array.isArray(l.redact)
      ? strings(l.redact).filter((s): s is RedactionKind => (REDACTION_KINDS as readonly string[]).includes(s))
      : fallback.redact;
    return { sections, redact };
  };
  return {
    org: levelOf(v.org, DEFAULT_PUBLISH.org),
    public: levelOf(v.public, DEFAULT_PUBLISH.public),
    customers: strings(v.customers),
    terms: strings(v.terms),
    internalDomains: strings(v.internalDomains),
    publicDomains: strings(v.publicDomains),
  };
}
