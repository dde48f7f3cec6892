/**
 * The names the practice uses, and the synonyms people write for them. One place, so the parser,
 * the rules and the template agree.
 */

/** The canonical sections, in the template's order. */
export const SECTION_KINDS = [
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

export type SectionKind = (typeof SECTION_KINDS)[number];

/** The heading each section has in the template. */
export const SECTION_TITLES: Readonly<Record<SectionKind, string>> = {
  metadata: 'Metadata',
  executiveSummary: 'Executive Summary',
  impact: 'Impact',
  timeline: 'Timeline',
  rootCause: 'Root Cause Analysis',
  contributingFactors: 'Contributing Factors',
  wentWell: 'What Went Well',
  couldBeImproved: 'What Could Be Improved',
  actionItems: 'Action Items',
  lessonsLearned: 'Lessons Learned',
  followUp: 'Follow-Up Schedule',
};

const SECTION_SYNONYMS: Readonly<Record<SectionKind, readonly string[]>> = {
  metadata: ['metadata', 'incident metadata', 'incident details', 'details'],
  executiveSummary: ['executive summary', 'summary', 'tl;dr', 'tldr', 'overview'],
  impact: ['impact', 'customer impact', 'user impact', 'business impact'],
  timeline: ['timeline', 'incident timeline', 'timeline of events'],
  rootCause: ['root cause analysis', 'root cause', 'root causes', 'rca', 'root cause and trigger'],
  contributingFactors: ['contributing factors', 'contributing factor', 'contributors'],
  wentWell: ['what went well', 'what went right', 'things that went well'],
  couldBeImproved: ['what could be improved', 'what went wrong', 'what could have gone better', 'areas for improvement'],
  actionItems: ['action items', 'action item', 'actions', 'follow-up actions', 'follow up actions', 'corrective actions', 'remediation items'],
  lessonsLearned: ['lessons learned', 'lessons', 'learnings', 'key takeaways', 'takeaways'],
  followUp: ['follow-up schedule', 'follow up schedule', 'followup schedule', 'follow-up', 'follow up', 'follow-up reviews'],
};

/** Lower case, no Markdown emphasis, no leading numbering like `1.` or `4)`, single spaces. */
export function normalizeHeading(text: string): string {
  return text
    .replace(/[*_`]/g, '')
    .replace(/^\s*\d+[.)]\s*/, '')
    .replace(/\s*:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const SECTION_BY_NAME = new Map<string, SectionKind>();
for (const kind of SECTION_KINDS) for (const name of SECTION_SYNONYMS[kind]) SECTION_BY_NAME.set(name, kind);

const sectionKindCache = new Map<string, SectionKind | undefined>();

/** Which canonical section a `##` heading names, if any. */
export function sectionKindOf(headingText: string): SectionKind | undefined {
  // Headings repeat across thousands of post-mortems: remember the answer (bounded).
  if (sectionKindCache.has(headingText)) return sectionKindCache.get(headingText);
  const kind = SECTION_BY_NAME.get(normalizeHeading(headingText));
  if (sectionKindCache.size > 1000) sectionKindCache.clear();
  sectionKindCache.set(headingText, kind);
  return kind;
}

/** The Metadata keys the practice asks for. */
export const METADATA_KEYS = ['date', 'duration', 'severity', 'incidentCommander', 'author', 'reviewDate'] as const;
export type MetadataKey = (typeof METADATA_KEYS)[number];

export const METADATA_LABELS: Readonly<Record<MetadataKey, string>> = {
  date: 'Date',
  duration: 'Duration',
  severity: 'Severity',
  incidentCommander: 'Incident Commander',
  author: 'Post-Mortem Author',
  reviewDate: 'Post-Mortem Review Date',
};

const METADATA_SYNONYMS: Readonly<Record<MetadataKey, readonly string[]>> = {
  date: ['date', 'incident date', 'started', 'incident_date'],
  duration: ['duration', 'incident duration'],
  severity: ['severity', 'sev', 'severity level', 'level'],
  incidentCommander: ['incident commander', 'ic', 'commander', 'incident lead', 'incident_commander'],
  author: ['post-mortem author', 'postmortem author', 'post mortem author', 'author', 'authors', 'written by'],
  reviewDate: ['post-mortem review date', 'postmortem review date', 'post mortem review date', 'review date', 'review'],
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
