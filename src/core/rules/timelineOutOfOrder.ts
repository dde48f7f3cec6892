import { formatIsoDate, parseTimelineTime, timelineSortKey } from '../dates';
import { sortTimelineEdits } from '../tableEdit';
import type { Rule } from './rule';

export const timelineOutOfOrder: Rule = {
  code: 'timeline-out-of-order',
  defaultSeverity: 'warning',
  description: 'A timeline row is earlier than the row above it.',
  *check({ model, lines, incidentDate }) {
    const timeline = model.timeline;
    if (!timeline) return;
    const date = incidentDate ? formatIsoDate(incidentDate) : undefined;
    let previous: { key: number; text: string } | undefined;
    let fix: ReturnType<typeof sortTimelineEdits> | undefined;
    for (const entry of timeline.entries) {
      const cell = entry.cells.time;
      const time = cell && parseTimelineTime(cell.text);
      if (!cell || !time) continue;
      const key = timelineSortKey(time, date);
      if (previous && key < previous.key) {
        fix ??= sortTimelineEdits(timeline, date, lines, model.eol);
        yield {
          message: `${cell.text} is earlier than ${previous.text} in the row above: keep the timeline in time order.`,
          range: cell.range,
          fixes: [{ title: 'Sort the timeline by time', edits: fix, isPreferred: true }],
        };
      }
      previous = { key, text: cell.text };
    }
  },
};
