import { linkTexts, trimEndOf } from './text';

/**
 * The names the practice uses, and the synonyms people write for them. One place, so the parser,
 * the rules and the template agree.
 */

/** The template's eleven sections, in its order. */
export const TEMPLATE_SECTION_KINDS = [
  'metadata',
  'executiveSummary',
  'impact',
  'timeline',
  'rootCause',
  'contributingFactors',
  'wentWell',
  'couldBeImproved',
  'actionItems',
  'lessonsLearned',
  'followUp',
] as const;

/**
 * Every section kind the reader knows, in a canonical order: the template's, with the sections real
 * post-mortems add where they belong (Lead-up before the Timeline, Detection and Trigger after it,
 * Resolution after the root cause, Where we got lucky after what went wrong, Supporting information
 * last).
 */
export const SECTION_KINDS = [
  'metadata',
  'executiveSummary',
  'impact',
  'leadup',
  'timeline',
  'detection',
  'trigger',
  'rootCause',
  'resolution',
  'contributingFactors',
  'wentWell',
  'couldBeImproved',
  'luck',
  'actionItems',
  'lessonsLearned',
  'followUp',
  'supporting',
] as const;

export type SectionKind = (typeof SECTION_KINDS)[number];

/** The sections only an incident write-up has (a "Summary" or an "Overview" does not count): detection counts these. */
export const INCIDENT_SECTION_KINDS: ReadonlySet<SectionKind> = new Set(
  SECTION_KINDS.filter((k) => k !== 'metadata' && k !== 'executiveSummary' && k !== 'supporting'),
);

/** The heading each section has in the template (and in Convert to template). */
export const SECTION_TITLES: Readonly<Record<SectionKind, string>> = {
  metadata: 'Metadata',
  executiveSummary: 'Executive Summary',
  impact: 'Impact',
  leadup: 'Lead-up',
  timeline: 'Timeline',
  detection: 'Detection',
  trigger: 'Trigger',
  rootCause: 'Root Cause Analysis',
  resolution: 'Resolution',
  contributingFactors: 'Contributing Factors',
  wentWell: 'What Went Well',
  couldBeImproved: 'What Could Be Improved',
  luck: 'Where We Got Lucky',
  actionItems: 'Action Items',
  lessonsLearned: 'Lessons Learned',
  followUp: 'Follow-Up Schedule',
  supporting: 'Supporting Information',
};

/** The metadata a document may have as headings of their own (`## Date`, `## Authors`). */
const METADATA_HEADINGS = [
  'date',
  'dates',
  'authors',
  'author',
  'status',
  'severity',
  'owner',
  'owners',
  'responders',
  'participants',
  'people involved',
  'incident commander',
] as const;

/** The metadata sections a document may have as headings of their own (`## Date`, `## Authors`). */
export const METADATA_SECTION_NAMES: ReadonlySet<string> = new Set(METADATA_HEADINGS);

/**
 * What people call each section, normalized (see `normalizeHeading`). Matched whole; a heading that
 * only starts with one of the `PREFIXES` below is matched too ("Timeline of the outage").
 */
const SECTION_SYNONYMS: Readonly<Record<SectionKind, readonly string[]>> = {
  metadata: [
    'metadata',
    'incident metadata',
    'incident details',
    'details',
    'incident information',
    'incident info',
    'stats',
    'statistics',
    'key metrics',
    'facts',
    ...METADATA_HEADINGS,
  ],
  executiveSummary: [
    'executive summary',
    'summary',
    'incident summary',
    'tl;dr',
    'tldr',
    'overview',
    'synopsis',
    'what happened',
    'what happened?',
    'description',
    'incident description',
    'abstract',
    'introduction',
  ],
  impact: [
    'impact',
    'customer impact',
    'user impact',
    'business impact',
    'impact assessment',
    'scope',
    'scope and impact',
    'blast radius',
    'who was affected',
    'affected services',
    'effect',
  ],
  leadup: ['leadup', 'lead-up', 'lead up', 'background', 'context', 'prior events'],
  timeline: [
    'timeline',
    'incident timeline',
    'timeline of events',
    'detailed timeline',
    'follow-up timeline',
    'chronology',
    'sequence of events',
    'events',
    'how we responded',
  ],
  detection: ['detection', 'how it was detected', 'how we found out', 'discovery', 'how was it detected', 'how was the event detected'],
  trigger: ['trigger', 'triggers', 'triggering event'],
  rootCause: [
    'root cause analysis',
    'root cause',
    'rca',
    'root cause and trigger',
    'causes',
    'cause',
    'fault',
    'faults',
    'how did this happen',
    'why did this happen',
    'why it happened',
    'why the event happened',
    'the five whys',
    'five whys',
    '5 whys',
    'the 5 whys',
    'technical details',
    'technical analysis',
    'analysis',
    'the underlying issue',
    'underlying issue',
    'what went wrong technically',
    'root cause identification',
  ],
  resolution: [
    'resolution',
    'recovery',
    'response',
    'resolution and recovery',
    'response and recovery',
    'mitigation',
    'mitigation and resolution',
    'how we fixed it',
    'remediation steps',
    'fix',
  ],
  contributingFactors: ['contributing factors', 'contributing factor', 'contributors', 'contributing causes', 'factors'],
  wentWell: ['what went well', 'what went right', 'things that went well', 'went well', 'what worked', 'what worked well', 'the good'],
  couldBeImproved: [
    'what could be improved',
    'what went wrong',
    "what didn't go so well",
    "what didn't go well",
    'what did not go well',
    'what could have gone better',
    'what went poorly',
    'things that went wrong',
    'areas for improvement',
    'where we fell short',
    'what could have been better',
    'the bad',
    'opportunities for improvement',
  ],
  luck: ['where we got lucky', 'what we got lucky with', 'lucky', 'luck', 'where we were lucky'],
  actionItems: [
    'action items',
    'action item',
    'actions',
    'action points',
    'action plan',
    'follow-up actions',
    'follow up actions',
    'follow-up',
    'follow up',
    'follow-ups',
    'followups',
    'followup',
    'follow-up items',
    'corrective actions',
    'corrective action',
    'corrective and preventative measures',
    'corrective and preventive actions',
    'preventive measures',
    'preventative measures',
    'preventive actions',
    'remediation items',
    'remediation',
    'remediations',
    "what we're doing about it",
    'what we are doing about it',
    'what we will do',
    "what we'll do",
    'next steps',
    'how to fix it',
    'future work',
    'todo',
    'to do',
    'tasks',
  ],
  lessonsLearned: [
    'lessons learned',
    'lessons learnt',
    'lessons',
    'learnings',
    'key takeaways',
    'takeaways',
    'what we learned',
    'what we learnt',
    'reflections',
  ],
  followUp: ['follow-up schedule', 'follow up schedule', 'followup schedule', 'follow-up reviews', 'review schedule', 'reviews'],
  supporting: [
    'supporting information',
    'supporting info',
    'appendix',
    'references',
    'links',
    'resources',
    'related links',
    'related incidents',
    'further reading',
  ],
};

/** Headings that start with one of these name that section ("Timeline of the outage", "Impact on users"). */
const PREFIXES: readonly (readonly [string, SectionKind])[] = [
  ['timeline', 'timeline'],
  ['root cause', 'rootCause'],
  ['impact', 'impact'],
  ['action item', 'actionItems'],
  ['corrective action', 'actionItems'],
  ['lessons learned', 'lessonsLearned'],
  ['contributing factor', 'contributingFactors'],
  ['what went well', 'wentWell'],
  ['what went wrong', 'couldBeImproved'],
  ['where we got lucky', 'luck'],
  ['executive summary', 'executiveSummary'],
  ['incident summary', 'executiveSummary'],
  ['supporting information', 'supporting'],
];

/** A name that starts with one of the `PREFIXES` and a space, a colon, or `s` and a space: one pattern, not a test per prefix. */
const PREFIX = new RegExp(`^(${PREFIXES.map(([prefix]) => prefix).join('|')})(?:[ :]|s )`);
const PREFIX_KIND = new Map(PREFIXES);

/**
 * A heading as a comparable name: links and footnotes reduced to their text, emphasis, inline code,
 * emoji shortcodes and parentheses removed, leading numbering (`1.`, `4)`, `II.`, `A.`) and
 * trailing punctuation dropped, lower case, single spaces. Linear in the heading's length.
 */
export function normalizeHeading(text: string): string {
  // Most headings are plain words: no link, emphasis, parentheses, numbering or emoji to take out.
  if (PLAIN_HEADING.test(text)) return trimEndOf(singleSpaced(text.trim()).toLowerCase(), HEADING_END).replace(/’/g, "'");
  let t = text.length > 300 ? text.slice(0, 300) : text;
  if (t.includes('[')) {
    t = t.replace(/\[\^[^\]]*\]/g, ''); // footnote references
    t = linkTexts(t); // links, images, references
  }
  if (t.includes('(') || t.includes('[')) t = t.replace(/\([^()]*\)/g, ' ').replace(/\[[^\][]*\]/g, ' '); // parenthesised asides
  if (/[*_`~]/.test(t)) t = t.replace(/[*_`~]/g, ''); // emphasis
  if (t.includes(':')) t = t.replace(/:[a-z0-9_+-]+:/gi, ' '); // emoji shortcodes
  if (/[^\x20-\x7E]/.test(t)) t = t.replace(/[\p{Extended_Pictographic}\uFE0F]/gu, ' ');
  t = t.replace(/^\s*(?:\d{1,3}|[ivx]{1,5}|[a-h])[.)]\s+/i, '').replace(/^\s*(?:part|step|section)\s+\d{1,3}\s*[:.-]\s*/i, '');
  t = singleSpaced(t).trim().toLowerCase();
  t = trimEndOf(t, HEADING_END);
  return t.includes('’') ? t.replace(/’/g, "'") : t;
}

/** `text.replace(/\s+/g, ' ')`, without the copy when every blank is already one space (most headings). */
function singleSpaced(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** What a heading may end with that is not part of its name. */
const HEADING_END = ' :.?!,;–—-';
const PLAIN_HEADING = /^[A-Za-z][A-Za-z' ’/&,-]{0,80}[A-Za-z?:.!]?$/;

const SECTION_BY_NAME = new Map<string, SectionKind>();
for (const kind of SECTION_KINDS) for (const name of SECTION_SYNONYMS[kind]) SECTION_BY_NAME.set(name, kind);

/** A heading's section, or `NONE`: one look-up for a known heading, whether it names one or not. */
const sectionKindCache = new Map<string, SectionKind | typeof NONE>();
const NONE = '';
const nameCache = new Map<string, string>();
/** Headings worth remembering: times, dates and numbered titles (two digits in a row) rarely repeat, "5 Whys" does. */
function repeats(text: string): boolean {
  return !/\d\d/.test(text);
}

/** `normalizeHeading`, remembered for the headings that repeat across documents (see `repeats`). */
export function headingName(text: string): string {
  const hit = nameCache.get(text);
  if (hit !== undefined) return hit;
  const name = normalizeHeading(text);
  if (repeats(text)) {
    if (nameCache.size > 5000) nameCache.clear();
    nameCache.set(text, name);
  }
  return name;
}

/** Whether a heading names a metadata field of its own (`## Date`, `## Authors`, `**Status**:`). */
export function isMetadataHeading(text: string): boolean {
  return METADATA_SECTION_NAMES.has(headingName(text));
}

/** @internal "Post-Mortem: " before a title (shared with the reader and the quick look, `surelyNotPostmortem`). */
export const TITLE_PREFIX = /^post[\s-]?mortem\s*[:\-–—]\s*/i;

/**
 * Whether no section name can start with "post", as a heading that starts as a title does ("Post-Mortem: …",
 * normalized: "post-mortem: …"), so such a heading names none: a title, unique to its document, is then not
 * normalized to be looked up (about 2 µs each, profiled).
 */
const TITLES_NAME_NO_SECTION =
  ![...SECTION_BY_NAME.keys()].some((name) => name.startsWith('post')) &&
  ![...PREFIX_KIND.keys()].some((prefix) => prefix.startsWith('post') || 'post'.startsWith(prefix));

/** Which section a heading (or a bold label) names, if any. */
export function sectionKindOf(headingText: string): SectionKind | undefined {
  // Headings repeat across thousands of post-mortems: remember the answer (bounded).
  const known = sectionKindCache.get(headingText);
  if (known !== undefined) return known === NONE ? undefined : known;
  if (TITLES_NAME_NO_SECTION && TITLE_PREFIX.test(headingText)) return undefined;
  // Section names are short; a long heading (a title, a sentence) names none.
  if (headingText.length > 120) return undefined;
  const name = headingName(headingText);
  let kind = SECTION_BY_NAME.get(name) ?? SECTION_BY_NAME.get(name.replace(/^(?:the|our|incident|outage)\s+/, ''));
  // Plurals: "Root Causes", "Impacts", "Detections".
  if (!kind && name.endsWith('s')) kind = SECTION_BY_NAME.get(name.slice(0, -1));
  if (!kind) {
    const prefix = PREFIX.exec(name)?.[1];
    if (prefix !== undefined) kind = PREFIX_KIND.get(prefix);
  }
  // Section headings repeat across documents; titles and time headings rarely do, and would only
  // push the repeating ones out.
  if (repeats(headingText)) {
    if (sectionKindCache.size > 5000) sectionKindCache.clear();
    sectionKindCache.set(headingText, kind ?? NONE);
  }
  return kind;
}

/** The Metadata keys the reader knows (the practice's, and the document's lifecycle status). */
export const METADATA_KEYS = ['date', 'duration', 'severity', 'incidentCommander', 'author', 'reviewDate', 'status'] as const;
/** Metadata labels (and front matter keys, `_` and `-` read as spaces) that name the services an incident touched, and its tags: search and "Related" read them. */
export const SERVICE_LABELS: ReadonlySet<string> = new Set([
  'service',
  'services',
  'affected service',
  'affected services',
  'component',
  'components',
  'system',
  'systems',
  'affected systems',
]);
export const TAG_LABELS: ReadonlySet<string> = new Set(['tag', 'tags', 'label', 'labels', 'category', 'categories', 'keywords']);
/** Labels that name the team a post-mortem belongs to: Insights filters by them. */
export const TEAM_LABELS: ReadonlySet<string> = new Set(['team', 'teams', 'owning team', 'owner team', 'responsible team', 'squad']);

/** Whether a `Label: value` line between the title and the first section is metadata: a known key, or services, tags or teams. */
export function isPreambleLabel(label: string): boolean {
  const lower = label.toLowerCase();
  return metadataKeyOf(label) !== undefined || SERVICE_LABELS.has(lower) || TAG_LABELS.has(lower) || TEAM_LABELS.has(lower);
}

export type MetadataKey = (typeof METADATA_KEYS)[number];

export const METADATA_LABELS: Readonly<Record<MetadataKey, string>> = {
  date: 'Date',
  duration: 'Duration',
  severity: 'Severity',
  incidentCommander: 'Incident Commander',
  author: 'Post-Mortem Author',
  reviewDate: 'Post-Mortem Review Date',
  status: 'Status',
};

const METADATA_SYNONYMS: Readonly<Record<MetadataKey, readonly string[]>> = {
  date: ['date', 'incident date', 'started', 'incident_date', 'incident-date', 'date of incident', 'when'],
  duration: ['duration', 'incident duration', 'total duration', 'outage duration'],
  severity: ['severity', 'sev', 'severity level', 'level', 'incident severity', 'priority level'],
  incidentCommander: ['incident commander', 'ic', 'commander', 'incident lead', 'incident_commander', 'incident manager'],
  author: ['post-mortem author', 'postmortem author', 'post mortem author', 'author', 'authors', 'written by', 'post-mortem authors', 'postmortem authors'],
  reviewDate: ['post-mortem review date', 'postmortem review date', 'post mortem review date', 'review date', 'review'],
  status: ['status', 'document status', 'post-mortem status', 'postmortem status', 'state'],
};

const METADATA_BY_NAME = new Map<string, MetadataKey>();
for (const key of METADATA_KEYS) for (const name of METADATA_SYNONYMS[key]) METADATA_BY_NAME.set(name, key);

/** Which Metadata key a label names (`Incident Commander`, `IC`, `incident_commander`…), if any. */
export function metadataKeyOf(label: string): MetadataKey | undefined {
  const known = METADATA_BY_NAME.get(label.toLowerCase());
  if (known) return known;
  const normalized = label.replace(/[*_`]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  return METADATA_BY_NAME.get(normalized) ?? METADATA_BY_NAME.get(normalized.replace(/ /g, '_'));
}

/** The columns of the Action Items table, and the header labels that name each. */
export const ACTION_COLUMNS = ['action', 'type', 'priority', 'owner', 'due', 'status', 'ticket'] as const;
export type ActionColumn = (typeof ACTION_COLUMNS)[number];

export const ACTION_COLUMN_SYNONYMS: Readonly<Record<ActionColumn, readonly string[]>> = {
  action: ['action', 'action item', 'action items', 'item', 'task', 'description'],
  type: ['type', 'kind', 'category'],
  priority: ['priority', 'prio', 'pri'],
  owner: ['owner', 'owners', 'assignee', 'assigned to', 'team'],
  due: ['due', 'due date', 'deadline', 'target date', 'eta'],
  status: ['status', 'state', 'done'],
  ticket: ['ticket', 'ticket link', 'bug', 'issue', 'link', 'tracking', 'jira'],
};

/** The action types of the practice. */
export const ACTION_TYPES = ['Prevent', 'Detect', 'Mitigate', 'Process'] as const;
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** The columns of the Timeline table. */
export const TIMELINE_COLUMNS = ['time', 'event', 'source', 'gap'] as const;
export type TimelineColumn = (typeof TIMELINE_COLUMNS)[number];

export const TIMELINE_COLUMN_SYNONYMS: Readonly<Record<TimelineColumn, readonly string[]>> = {
  time: ['time', 'timestamp', 'when', 'date', 'date/time', 'time utc'],
  event: ['event', 'what', 'description', 'events', 'what happened'],
  source: ['source', 'sources', 'evidence', 'from'],
  gap: ['gap analysis', 'gap', 'gaps', 'notes'],
};

export type Priority = (typeof PRIORITIES)[number];

const PRIORITY_WORDS: Readonly<Record<string, Priority>> = {
  critical: 'P0',
  urgent: 'P0',
  blocker: 'P0',
  highest: 'P0',
  high: 'P1',
  major: 'P1',
  medium: 'P2',
  med: 'P2',
  normal: 'P2',
  moderate: 'P2',
  low: 'P3',
  minor: 'P3',
  lowest: 'P3',
};

/**
 * The levels already read, by the text as written: a workspace writes a handful of priorities, and the
 * Action Items view asks for 50,000 items' levels after every change. Bounded: a workspace of unique
 * texts only stops remembering.
 */
const levels = new Map<string, Priority | undefined>();

/** The practice's priority a written one means: `P0`–`P3` as written (P4 and up are P3), or a word (High → P1). */
export function priorityLevel(text: string): Priority | undefined {
  if (levels.has(text)) return levels.get(text);
  const level = readPriority(text);
  if (levels.size < 1000) levels.set(text, level);
  return level;
}

function readPriority(text: string): Priority | undefined {
  const t = text
    .replace(/[*_`[\]()]/g, '')
    .trim()
    .toLowerCase();
  if (t === '') return undefined;
  const word = PRIORITY_WORDS[t];
  if (word) return word;
  const n = /^p(\d)$/.exec(t);
  return n ? PRIORITIES[Math.min(Number(n[1]), 3)] : undefined;
}

/** P0 or P1: the items the practice's completion rate counts. */
export function isHighPriority(text: string): boolean {
  const level = priorityLevel(text);
  return level === 'P0' || level === 'P1';
}

/** A word for a priority, the way the rule's fixes suggest it (`High` → P1, `2` → P2). */
export function closestPriority(value: string): Priority | undefined {
  const lower = value.toLowerCase().trim();
  if (PRIORITY_WORDS[lower]) return PRIORITY_WORDS[lower];
  const n = /^(?:p|sev|priority\s{0,3})?-?\s{0,3}(\d{1,3})$/i.exec(lower);
  if (n) return PRIORITIES[Math.min(Number(n[1]), 3)];
  return undefined;
}
