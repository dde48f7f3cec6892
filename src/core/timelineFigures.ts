import type { ActionModel } from './actionModel';
import { incidentDateOf } from './dates';
import { findTable } from './actionModel';
import { readStructure, type MarkdownStructure } from './markdown';
import type { LineSpan, PostmortemModel, Section } from './model';
import { outermost } from './text';
import { analyzeTimeline, type TimelineAnalysis } from './timeline';
import { readTimelines } from './timelineRead';

/** What Analyze Gaps measures on a post-mortem's timeline, in minutes from its first event: kept in the index for Insights. */
export interface TimelineFigures {
  readonly detect: number | undefined;
  readonly mitigate: number | undefined;
  readonly resolve: number | undefined;
  readonly duration: number | undefined;
  readonly customerBeforeMonitoring: boolean;
}

/**
 * The timeline's figures without reading the whole document again: each timeline section (the
 * outermost ones, in order, as `parsePostmortem` reads them) is parsed on its own lines, and the first
 * with entries is analysed as Analyze Gaps analyses the document's timeline. A timeline without a
 * timed entry gives undefined figures.
 */
export function timelineFigures(model: Pick<ActionModel, 'metadata' | 'sections'>, lines: () => readonly string[]): TimelineFigures | undefined {
  const sections = outermost(
    model.sections.filter((s) => s.kind === 'timeline'),
    (s) => s.body,
  );
  if (sections.length === 0) return undefined;
  const all = lines();
  const yearHint = incidentDateOf({ metadata: model.metadata });
  for (const section of sections) {
    const from = section.heading.start.line;
    const part = all.slice(from, section.body.end);
    const shifted: Section = {
      ...section,
      heading: {
        start: { line: section.heading.start.line - from, character: section.heading.start.character },
        end: { line: section.heading.end.line - from, character: section.heading.end.character },
      },
      body: { start: section.body.start - from, end: section.body.end - from },
    };
    const [timeline] = readTimelines(structureOf(part, shifted.body), [shifted], yearHint, true);
    if (!timeline || timeline.entries.length === 0) continue;
    const analysis = analyzeTimeline({ metadata: model.metadata, timeline } as PostmortemModel, part, 10, timeline);
    return figuresOf(analysis);
  }
  return undefined;
}

/**
 * The blocks of a timeline section: a section that holds one clean table and nothing else is read by
 * the line scan (the common shape, and markdown-it would take most of the time); any other is parsed.
 */
function structureOf(lines: readonly string[], body: LineSpan): MarkdownStructure {
  const table = findTable(lines, body);
  if (table && table !== 'unsure') {
    let alone = true;
    for (let i = body.start; i < body.end && alone; i++) if ((i < table.start || i >= table.end) && lines[i].trim() !== '') alone = false;
    if (alone) {
      return {
        lines,
        frontMatter: undefined,
        blocks: [{ type: 'table', span: table }],
        prose: lines,
        content: lines,
        nonProse: { blocks: [], comments: [] },
        references: new Map(),
      };
    }
  }
  return readStructure(lines.join('\n'));
}

/** The figures of an analysis; undefined when no entry has a time (nothing measured). */
export function figuresOf(analysis: TimelineAnalysis | undefined): TimelineFigures | undefined {
  if (!analysis || (analysis.duration === undefined && !analysis.customerBeforeMonitoring)) return undefined;
  return {
    detect: analysis.timeToDetect,
    mitigate: analysis.timeToMitigate,
    resolve: analysis.timeToResolve,
    duration: analysis.duration,
    customerBeforeMonitoring: analysis.customerBeforeMonitoring,
  };
}
