import type { Rule } from './rule';

export const timelineInvalidTime: Rule = {
  code: 'timeline-invalid-time',
  defaultSeverity: 'error',
  description: 'A time in a timeline table cannot be read as a time or a date (HH:MM, 9:58, 5:32 PM, YYYY-MM-DD HH:MM, May 31, --:-- for unknown).',
  *check({ model }) {
    for (const timeline of model.timelines) {
      if (!timeline.table) continue;
      for (const entry of timeline.entries) {
        const cell = entry.cells.time;
        if (!entry.row || !cell || /^\[.*\]$/.test(cell.text) || entry.time) continue;
        if (cell.text === '') {
          yield { message: 'This timeline row has no time: write one, or --:-- when it is not known.', range: entry.row.range, severity: 'warning' };
        } else {
          yield { message: `"${cell.text}" is not a time: write HH:MM (optionally with a date and a zone), or --:-- when it is not known.`, range: cell.range };
        }
      }
    }
  },
};
