import type { TeamConfig } from './config';
import type { ActionItem, PostmortemModel, Section, SectionKind } from './model';
import { escapeCell } from './tableEdit';
import { templateBody } from './template';
import { range, type TextEdit } from './text';
import { METADATA_LABELS, SECTION_KINDS, isMetadataHeading, SECTION_TITLES, TEMPLATE_SECTION_KINDS, metadataKeyOf, normalizeHeading, priorityLevel } from './vocabulary';

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
export function convertToTemplateEdits(model: PostmortemModel, lines: readonly string[], config: Pick<TeamConfig, 'requiredSections'> = { requiredSections: undefined }): TextEdit[] {
  const eol = model.eol;
  const out: string[] = [];
  const frontEnd = model.frontMatter?.lines.end ?? 0;
  if (frontEnd > 0) out.push(...lines.slice(0, frontEnd), '');
  const titleLine = model.title?.source === 'heading' ? model.title.range.start.line : -1;
  out.push(`# Post-Mortem: ${model.title?.text || '[INCIDENT TITLE]'}`, '');

  // The top-level sections: not inside another section the reader knows.
  const known = model.sections.filter((s) => s.kind !== undefined);
  const inside = (s: Section, outer: Section): boolean => outer !== s && s.heading.start.line >= outer.body.start && s.body.end <= outer.body.end && outer.level < s.level;
  // A known section inside a container of another kind ("What went well" under "Lessons") gets its own place.
  const hoisted = (s: Section): boolean => s.kind !== undefined && known.some((o) => inside(s, o)) && !known.some((o) => inside(s, o) && o.kind === s.kind);
  const top = model.sections.filter((s) => hoisted(s) || !known.some((o) => inside(s, o)));
  const moved = top.filter(hoisted);
  const firstTop = top.find((s) => s.source !== 'lead');
  const preambleEnd = Math.min(firstTop?.heading.start.line ?? lines.length, ...top.filter((s) => s.source === 'lead').map((s) => s.body.start));
  const preamble = trimBlank(lines.slice(Math.max(frontEnd, titleLine + 1), preambleEnd));
  if (preamble.length > 0) out.push(...preamble, '');

  const bodyOf = (s: Section): string[] => {
    const body = lines.slice(s.body.start, s.body.end).map((line, i) => {
      const at = s.body.start + i;
      // Lines of a section that moved to its own place are written there, not here.
      return moved.some((m) => m !== s && at >= m.heading.start.line && at < m.body.end && inside(m, s)) ? undefined : line;
    }).filter((line): line is string => line !== undefined);
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
          out.push('', `### ${s.title}`, ...body);
          continue;
        }
        // A keyed section's value is its first block; a list section's values are its entry lines.
        const rest = keyed ? body.slice(firstBlockLength(body)) : body.filter((_, i) => !listed.has(offset + i));
        const kept = trimBlank(rest);
        if (kept.length > 0) out.push('', ...kept);
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
    const listed = model.actionItems.filter((i) => sections.some((s) => i.line >= s.body.start && i.line < s.body.end));
    if (kind === 'actionItems' && !model.actions && listed.length > 0) {
      out.push(...actionTable(listed), '');
      const original = sections.flatMap((s) => bodyOf(s));
      if (original.length > 0) out.push('<!-- The list as first written (the table above is what is read):', ...original.map((l) => l.replace(/-->/g, '--&gt;')), '-->');
    } else {
      sections.forEach((s, i) => {
        // A second section of the same kind keeps its heading, one level down.
        if (i > 0 && s.source !== 'lead') out.push('', `### ${s.title}`);
        out.push(...bodyOf(s));
      });
    }
    out.push('');
  }
  for (const s of top) {
    if (s.kind !== undefined) continue;
    out.push(`## ${s.title}`, ...bodyOf(s), '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  const last = lines.length - 1;
  const text = out.join(eol) + (lines[last] === '' ? eol : '');
  return [{ range: range(0, 0, last, lines[last].length), newText: text }];
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
    const cells = [i.group ? `${i.action} (${i.group})` : i.action, i.type, priorityLevel(i.priority) ?? i.priority, i.owner, i.due, STATE_TEXT[i.state] + (i.doneDate ? ` ${i.doneDate}` : ''), i.ticket];
    return `| ${cells.map((c) => escapeCell(c)).join(' | ')} |`;
  });
  return ['| Action | Type | Priority | Owner | Due | Status | Ticket |', '|---|---|---|---|---|---|---|', ...rows];
}
