import { addWeeks } from 'date-fns';
import { formatIsoDate, parseIsoDate } from './dates';
import type { Section, SectionKind } from './model';
import { parsePostmortem } from './parse';
import { SECTION_TITLES } from './vocabulary';
import { lineRange, trimOf, type TextEdit } from './text';
import { SECTION_KINDS } from './vocabulary';

/**
 * The post-mortem template of the practice (postmortem-best-practices.md), with the Timeline and the
 * Action Items as the tables the extension reads and a Status column for tracking. This is the only
 * copy: the snippet in `snippets/` and the "New Post-Mortem" command are both made from it.
 * Every `[…]` is a placeholder.
 */
export const TEMPLATE = `# Post-Mortem: [INCIDENT TITLE]

## Metadata
- Date: [INCIDENT DATE]
- Duration: [START] to [END] ([TOTAL DURATION])
- Severity: [SEV LEVEL]
- Incident Commander: [NAME]
- Post-Mortem Author: [NAME]
- Post-Mortem Review Date: [DATE]

## Executive Summary
[2-3 sentences: what happened, who was affected, how long]

## Impact
- Users affected: [NUMBER or PERCENTAGE]
- Revenue impact: [IF APPLICABLE]
- SLA impact: [ERROR BUDGET CONSUMED]
- Support tickets: [COUNT]

## Timeline
| Time (UTC) | Event | Source | Gap Analysis |
|---|---|---|---|
| [HH:MM] | [EVENT] | [SOURCE] | [GAP] |

## Root Cause Analysis
[DETAILED TECHNICAL EXPLANATION]

### 5 Whys
- [WHY DID IT HAPPEN?]
  - [WHY?]
    - [WHY? (ROOT CAUSE)]

## Contributing Factors
- [SYSTEM OR PROCESS WEAKNESS THAT ENABLED THE INCIDENT]

## What Went Well
- [THING THAT WORKED DURING THE RESPONSE]

## What Could Be Improved
- [THING THAT SLOWED DETECTION, RESPONSE, OR RECOVERY]

## Action Items
| Action | Type | Priority | Owner | Due | Status | Ticket |
|---|---|---|---|---|---|---|
| [ACTION] | [Prevent/Detect/Mitigate/Process] | [P0-P3] | [OWNER] | [DUE DATE] | Open | [TICKET LINK] |

## Lessons Learned
[KEY TAKEAWAYS for the broader organization]

## Follow-Up Schedule
- [DATE]: Review action item progress
- [DATE]: Verify fixes in production
- [DATE]: Close post-mortem
`;

/** The template's placeholders: every bracketed text (the template has no links). */
const PLACEHOLDER = /\[([^[\]\n]+)\]/g;

/** The placeholders' texts, without brackets, in order (repeats included). */
export const TEMPLATE_PLACEHOLDERS: readonly string[] = [...TEMPLATE.matchAll(PLACEHOLDER)].map((m) => m[1]);

/** What "New Post-Mortem" knows before the author starts typing. */
export interface TemplateValues {
  readonly title?: string;
  /** `yyyy-MM-dd`. */
  readonly date?: string;
  readonly severity?: string;
  /** `yyyy-MM-dd` dates of the three follow-up steps; see `followUpSchedule`. */
  readonly followUp?: FollowUpSchedule;
  /** A `- Status:` line after the metadata (New Post-Mortem writes `Draft`: the checks are hints until review). */
  readonly status?: string;
}

/** The template's lines, with a status line in the metadata when one is given. */
function templateLines(values: TemplateValues): string[] {
  const lines = TEMPLATE.split('\n');
  if (values.status) lines.splice(lines.indexOf('- Post-Mortem Review Date: [DATE]') + 1, 0, `- Status: ${values.status}`);
  return lines;
}

export interface FollowUpSchedule {
  readonly review: string;
  readonly verify: string;
  readonly close: string;
}

type Slot = 'title' | 'date' | 'severity' | 'review' | 'verify' | 'close';

/** Which value fills a placeholder, from its text and the rest of its line. */
function slotOf(placeholder: string, line: string): Slot | undefined {
  if (placeholder === 'INCIDENT TITLE') return 'title';
  if (placeholder === 'INCIDENT DATE') return 'date';
  if (placeholder === 'SEV LEVEL') return 'severity';
  if (placeholder === 'DATE' && line.endsWith(': Review action item progress')) return 'review';
  if (placeholder === 'DATE' && line.endsWith(': Verify fixes in production')) return 'verify';
  if (placeholder === 'DATE' && line.endsWith(': Close post-mortem')) return 'close';
  return undefined;
}

function valueOf(slot: Slot, values: TemplateValues): string | undefined {
  switch (slot) {
    case 'title':
    case 'date':
    case 'severity':
      return values[slot]?.trim() || undefined;
    default:
      return values.followUp?.[slot];
  }
}

/** Escapes literal text for a snippet body: `$`, `}` and `\` would otherwise be snippet syntax. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * The template as a snippet: filled values as text, every other placeholder a tabstop `${n:[TEXT]}`
 * numbered in reading order, so Tab walks the document top to bottom.
 */
export function templateSnippet(values: TemplateValues = {}): string {
  let tabstop = 0;
  return templateLines(values)
    .map((line) =>
      escapeSnippetText(line).replace(/\[([^[\]\n]+)\]/g, (whole, placeholder: string) => {
        const slot = slotOf(placeholder, line);
        const value = slot && valueOf(slot, values);
        if (value !== undefined) return escapeSnippetText(value);
        tabstop++;
        return `\${${tabstop}:${whole}}`;
      }),
    )
    .join('\n');
}

/** The template as plain text with the given values filled in, the placeholders left as `[TEXT]`. */
export function templateText(values: TemplateValues = {}): string {
  return templateLines(values)
    .map((line) =>
      line.replace(/\[([^[\]\n]+)\]/g, (whole, placeholder: string) => {
        const slot = slotOf(placeholder, line);
        return (slot && valueOf(slot, values)) ?? whole;
      }),
    )
    .join('\n');
}

/**
 * The practice's follow-up rhythm: review action items at 2 weeks, verify fixes in production at
 * 4 weeks, and close the post-mortem at that 4-week review.
 */
export function followUpSchedule(incidentDate: string): FollowUpSchedule | undefined {
  const date = parseIsoDate(incidentDate);
  if (!date) return undefined;
  return { review: formatIsoDate(addWeeks(date, 2)), verify: formatIsoDate(addWeeks(date, 4)), close: formatIsoDate(addWeeks(date, 4)) };
}

/** A file name part from a title: lower case ASCII words joined by `-`, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return trimOf(trimOf(slug, '-').slice(0, 60), '-') || 'incident';
}

/**
 * `<date>-<slug>.md`, then `<date>-<slug>-2.md`…: the first name `create` succeeds with. Creating is
 * the check (it must fail on an existing file), so a file made meanwhile is never overwritten.
 */
export async function createFreeFile(date: string, title: string, create: (name: string) => Promise<boolean>): Promise<string> {
  const base = `${date}-${slugify(title)}`;
  for (let n = 1; n < 10_000; n++) {
    const name = n === 1 ? `${base}.md` : `${base}-${n}.md`;
    if (await create(name)) return name;
  }
  throw new Error(`No free file name for ${base}.md`);
}

/** The contents of `snippets/postmortem.code-snippets`, made from the template (`npm run snippets`). */
export function snippetFileText(): string {
  const file = {
    'Post-Mortem': {
      prefix: ['postmortem', 'post-mortem'],
      description: 'Incident post-mortem: metadata, timeline, 5 Whys, action items, follow-up schedule',
      isFileTemplate: true,
      body: templateSnippet().split('\n'),
    },
  };
  return JSON.stringify(file, null, 2) + '\n';
}

let templateSections: { readonly lines: readonly string[]; readonly model: ReturnType<typeof parsePostmortem> } | undefined;

/**
 * The template's placeholder body of a section, without trailing blank lines (`[TITLE]` for a section
 * the template does not have). Missing-section fixes and Convert to template both insert it. The
 * template is parsed on first use, not at start-up.
 */
export function templateBody(kind: SectionKind): string[] {
  templateSections ??= { lines: TEMPLATE.split('\n'), model: parsePostmortem(TEMPLATE) };
  const section = templateSections.model.sections.find((s) => s.kind === kind);
  const body = section ? templateSections.lines.slice(section.body.start, section.body.end) : [];
  while (body.length > 0 && body[body.length - 1].trim() === '') body.pop();
  return body.length > 0 ? body : [`[${SECTION_TITLES[kind].toUpperCase()}]`];
}

/** A table header row of the template, found by its first cell (`| Time (UTC) | …`), as its cells. */
function templateColumns(first: string): readonly string[] {
  const line = TEMPLATE.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`the template has no table starting with "${first}"`);
  return line
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}

/** The template's Timeline table columns: every new timeline table is made with them. */
export const TIMELINE_HEADINGS = templateColumns('Time (UTC)');
/** The template's Action Items table columns: every new action table is made with them. */
export const ACTION_HEADINGS = templateColumns('Action');

/** A table's header and delimiter rows. */
export function tableHead(columns: readonly string[]): [string, string] {
  return [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
}

/**
 * A new section of `kind` with `body` under its heading (at the level of the document's own
 * sections), where the template has it: before the first section that comes after it in the
 * template's order, else at the end of the document. Returns the edit and the line of the heading.
 */
export function insertSectionEdit(
  model: { readonly sections: readonly Section[]; readonly eol: string },
  lines: readonly string[],
  kind: SectionKind,
  body: readonly string[],
): { readonly edit: TextEdit; readonly line: number } {
  const headings = model.sections.filter((s) => s.source === 'heading' && s.kind !== undefined);
  const level = headings.length > 0 ? Math.min(...headings.map((s) => s.level)) : 2;
  const text = [`${'#'.repeat(level)} ${SECTION_TITLES[kind]}`, ...body, ''].join(model.eol) + model.eol;
  const order = SECTION_KINDS.indexOf(kind);
  const next = headings.find((s) => s.level === level && SECTION_KINDS.indexOf(s.kind!) > order);
  if (next) {
    const line = next.heading.start.line;
    return { edit: { range: lineRange(line, 0, 0), newText: text }, line };
  }
  const last = lines.length - 1;
  const endsBlank = lines[last] === '' && (last === 0 || lines[last - 1] === '');
  const lead = lines[last] === '' ? (endsBlank ? '' : model.eol) : model.eol + model.eol;
  const line = last + (lines[last] === '' ? (endsBlank ? 0 : 1) : 2);
  return { edit: { range: lineRange(last, lines[last].length, lines[last].length), newText: lead + text }, line };
}
