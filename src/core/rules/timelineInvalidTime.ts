import { parseTimelineTime } from '../dates';
import type { Rule } from './rule';

export const timelineInvalidTime: Rule = {
  code: 'timeline-invalid-time',
  defaultSeverity: 'error',
  description: 'A timeline time is not HH:MM or YYYY-MM-DD HH:MM.',
  *check({ model }) {
    for (const entry of model.timeline?.entries ?? []) {
      const cell = entry.cells.time;
      if (!cell || /^\[.*\]$/.test(cell.text)) continue;
      if (cell.text === '') {
        yield { message: 'This timeline row has no time.', range: entry.row.range };
      } else if (!parseTimelineTime(cell.text)) {
        yield { message: `"${cell.text}" is not a time: write HH:MM (UTC) or YYYY-MM-DD HH:MM.`, range: cell.range };
      }
    }
  },
};
