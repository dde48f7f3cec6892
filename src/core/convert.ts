import type { TeamConfig } from './config';
import type { ActionItem, PostmortemModel, Section, SectionKind } from './model';
import { escapeCell } from './tableEdit';
import { ACTION_HEADINGS, tableHead, templateBody } from './template';
import { inSpans, range, type LineSpan, type TextEdit } from './text';
import {
  METADATA_LABELS,
  SECTION_KINDS,
  isMetadataHeading,
  SECTION_TITLES,
  TEMPLATE_SECTION_KINDS,
  metadataKeyOf,
  normalizeHeading,
  priorityLevel,
} from './vocabulary';

const STATE_TEXT: Readonly<Record<ActionItem['state'], string>> = { open: 'Open', inProgress: 'In progress', done: 'Done', declined: 'Declined' };

/**
 * "Convert to template": the document rewritten in the template's shape. Its title becomes
 * `# Post-Mortem: …`; its known sections (at any level, labels and the lead paragraph included) are
 * renamed to the template's names and put in the template's order, each with its whole body; listed
 * action items become the Action Items table with their status, priority, owner, due and ticket, the
 * list kept below it in an HTML comment; missing sections are added as placeholders; sections the
 * reader does not know follow in their order. Nothing is dropped but the old headings' words. One
 * edit over the whole document, for a refactor preview.
 */
export function convertToTemplateEdits(
  model: PostmortemModel,
  lines: readonly string[],
  config: Pick<TeamConfig, 'requiredSections'> = { requiredSections: undefined },
): TextEdit[] {
  const eol = model.eol;
  const out: string[] = [];
  const frontEnd = model.frontMatter?.lines.end ?? 0;
  if (frontEnd > 0) append(out, lines.slice(0, frontEnd), ['']);
  const titleLine = model.title?.source === 'heading' ? model.title.range.start.line : -1;
  out.push(`# Post-Mortem: ${model.title?.text || '[INCIDENT TITLE]'}`, '');

  // The top-level sections: not inside another section the reader knows.
  const { top, movedOut } = placeSections(model.sections);
  const firstTop = top.find((s) => s.source !== 'lead');
  const preambleEnd = Math.min(firstTop?.heading.start.line ?? lines.length, ...top.filter((s) => s.source === 'lead').map((s) => s.body.start));
  const preamble = trimBlank(lines.slice(Math.max(frontEnd, titleLine + 1), preambleEnd));
  if (preamble.length > 0) append(out, preamble, ['']);

  const bodyOf = (s: Section): string[] => {
    // Lines of a section that moved to its own place are written there, not here.
    const moved = inSpans(movedOut.get(s) ?? []);
    const body: string[] = [];
    for (let at = s.body.start; at < s.body.end; at++) if (!moved(at)) body.push(lines[at]);
    if (s.source === 'label') {
      // The label's own line keeps its words without the label: "**Impact**: Users…" → "Users…".
      const first = body[0] ?? '';
      const rest = first.replace(/^\s{0,3}(?:\*\*|__)[^*_]+(?:\*\*|__)\s*:?\s*/, '');
      body[0] = rest;
    }
    return trimBlank(body);
  };
  const order = [...SECTION_KINDS];
  const required = new Set<SectionKind>(config.requiredSections ?? TEMPLATE_SECTION_KINDS);
  for (const kind of order) {
    const sections = top.filter((s) => s.kind === kind && !(kind === 'metadata' && isMetadataHeading(s.title)));
    if (kind === 'metadata') {
      out.push(`## ${SECTION_TITLES.metadata}`, ...metadataLines(model));
      // What the metadata sections hold besides the values now in the list stays under it.
      const listed = new Set(model.metadata.filter((e) => e.source === 'list' || e.source === 'section').map((e) => e.line));
      for (const s of top.filter((t) => t.kind === 'metadata')) {
        const named = isMetadataHeading(s.title);
        const keyed = named && metadataKeyOf(normalizeHeading(s.title)) !== undefined;
        const body = bodyOf(s);
        const offset = s.body.start + lines.slice(s.body.start, s.body.end).findIndex((l) => l.trim() !== '');
        if (named && !keyed) {
          append(out, ['', `### ${s.title}`], body);
          continue;
        }
        // A keyed section's value is its first block; a list section's values are its entry lines.
        const rest = keyed ? body.slice(firstBlockLength(body)) : body.filter((_, i) => !listed.has(offset + i));
        const kept = trimBlank(rest);
        if (kept.length > 0) append(out, [''], kept);
      }
      out.push('');
      continue;
    }
    if (sections.length === 0) {
      if (required.has(kind)) out.push(`## ${SECTION_TITLES[kind]}`, ...templateBody(kind), '');
      continue;
    }
    out.push(`## ${SECTION_TITLES[kind]}`);
    // Items written elsewhere ("Action point:" in the lessons) stay where they are, and are read there.
    const inSections = inSpans(sections.map((s) => s.body));
    const listed = model.actionItems.filter((i) => inSections(i.line));
    if (kind === 'actionItems' && !model.actions && listed.length > 0) {
      append(out, actionTable(listed), ['']);
      const original = sections.flatMap((s) => bodyOf(s));
      if (original.length > 0) {
        append(
          out,
          ['<!-- The list as first written (the table above is what is read):'],
          original.map((l) => l.replace(/-->/g, '--&gt;')),
          ['-->'],
        );
      }
    } else {
      sections.forEach((s, i) => {
        // A second section of the same kind keeps its heading, one level down.
        if (i > 0 && s.source !== 'lead') out.push('', `### ${s.title}`);
        append(out, bodyOf(s));
      });
    }
    out.push('');
  }
  for (const s of top) {
    if (s.kind !== undefined) continue;
    append(out, [`## ${s.title}`], bodyOf(s), ['']);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  const last = lines.length - 1;
  const text = out.join(eol) + (lines[last] === '' ? eol : '');
  return [{ range: range(0, 0, last, lines[last].length), newText: text }];
}

/**
 * Where each section goes: the top-level ones (not inside a section the reader knows, or known and
 * inside a container of another kind: "What went well" under "Lessons" gets its own place), and for
 * each section the spans of the sections that moved out of it. One pass with a stack of the sections
 * that hold the current one, since sections come in document order.
 */
function placeSections(sections: readonly Section[]): { top: Section[]; movedOut: Map<Section, LineSpan[]> } {
  const inside = (s: Section, outer: Section): boolean =>
    outer !== s && s.heading.start.line >= outer.body.start && s.body.end <= outer.body.end && outer.level < s.level;
  const top: Section[] = [];
  const movedOut = new Map<Section, LineSpan[]>();
  const open: Section[] = [];
  for (const s of sections) {
    while (open.length > 0 && open[open.length - 1].body.end <= s.heading.start.line) open.pop();
    const holders = open.filter((o) => inside(s, o));
    const knownHolders = holders.filter((o) => o.kind !== undefined);
    const hoisted = s.kind !== undefined && knownHolders.length > 0 && !knownHolders.some((o) => o.kind === s.kind);
    if (hoisted || knownHolders.length === 0) top.push(s);
    if (hoisted) {
      for (const holder of holders) {
        const spans = movedOut.get(holder) ?? [];
        spans.push({ start: s.heading.start.line, end: s.body.end });
        movedOut.set(holder, spans);
      }
    }
    open.push(s);
  }
  return { top, movedOut };
}

/** `out.push(...items)` for any number of items (a spread of 150,000 overflows the stack). */
function append(out: string[], ...parts: readonly (readonly string[])[]): void {
  for (const part of parts) for (const item of part) out.push(item);
}

/** The lines of the first paragraph or list of a body (up to its first blank line after text). */
function firstBlockLength(body: readonly string[]): number {
  let i = 0;
  while (i < body.length && body[i].trim() !== '') i++;
  return i;
}

function trimBlank(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/** The Metadata list: the template's keys with the document's values (placeholders where it has none), then its other keys. */
function metadataLines(model: PostmortemModel): string[] {
  const value = (key: keyof typeof METADATA_LABELS): string | undefined => model.metadata.find((e) => e.key === key && e.value !== '')?.value;
  const lines = [
    `- Date: ${value('date') ?? '[INCIDENT DATE]'}`,
    `- Duration: ${value('duration') ?? '[START] to [END] ([TOTAL DURATION])'}`,
    `- Severity: ${value('severity') ?? '[SEV LEVEL]'}`,
    `- Incident Commander: ${value('incidentCommander') ?? '[NAME]'}`,
    `- Post-Mortem Author: ${value('author') ?? '[NAME]'}`,
    `- Post-Mortem Review Date: ${value('reviewDate') ?? '[DATE]'}`,
  ];
  const status = value('status');
  if (status) lines.push(`- Status: ${status}`);
  for (const e of model.metadata) {
    if (e.key || e.value === '' || e.source === 'frontMatter' || e.source === 'section' || e.source === 'title' || e.source === 'summary') continue;
    lines.push(`- ${e.label}: ${e.value}`);
  }
  return lines;
}

function actionTable(items: readonly ActionItem[]): string[] {
  const rows = items.map((i) => {
    const cells = [
      i.group ? `${i.action} (${i.group})` : i.action,
      i.type,
      priorityLevel(i.priority) ?? i.priority,
      i.owner,
      i.due,
      STATE_TEXT[i.state] + (i.doneDate ? ` ${i.doneDate}` : ''),
      i.ticket,
    ];
    return `| ${cells.map((c) => escapeCell(c)).join(' | ')} |`;
  });
  return [...tableHead(ACTION_HEADINGS), ...rows];
}
