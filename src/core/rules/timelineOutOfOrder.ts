import { entryKeys, sortTimelineEdits } from '../timeline';
import type { Rule } from './rule';

export const timelineOutOfOrder: Rule = {
  code: 'timeline-out-of-order',
  defaultSeverity: 'warning',
  description: 'A timeline entry is earlier than the one above it (dates carried from the entries and day headings above, zones applied).',
  *check({ model, lines, withFixes }) {
    for (const timeline of model.timelines) {
      const keys = entryKeys(model, timeline);
      let previous: { key: number; text: string } | undefined;
      let fix: ReturnType<typeof sortTimelineEdits> | undefined;
      for (let i = 0; i < timeline.entries.length; i++) {
        const entry = timeline.entries[i];
        const key = keys[i];
        if (key === undefined || !entry.timeRange) continue;
        if (previous && key < previous.key) {
          fix ??= withFixes ? sortTimelineEdits(model, timeline, lines, model.eol) : [];
          yield {
            message: `${entry.timeText} is earlier than ${previous.text} above it: keep the timeline in time order.`,
            range: entry.timeRange,
            fixes: fix.length > 0 ? [{ title: 'Sort the timeline by time', edits: fix, isPreferred: true }] : [],
          };
        }
        previous = { key, text: entry.timeText };
      }
    }
  },
};
