import { abbreviationMismatch, formatOffset } from '../zones';
import { lineRange } from '../text';
import type { Rule } from './rule';

export const timelineZoneMismatch: Rule = {
  code: 'timeline-zone-mismatch',
  defaultSeverity: 'information',
  description: 'A zone abbreviation is the wrong one for the date ("PST" in July, when Pacific time is PDT): the times are read as the zone\'s local time.',
  *check({ model, lines }) {
    const told = new Set<string>();
    for (const timeline of model.timelines) {
      for (const entry of timeline.entries) {
        const time = entry.time;
        const zone = time?.zone;
        if (!time?.date || time.minutes === undefined || !zone) continue;
        const wall = Date.UTC(Number(time.date.slice(0, 4)), Number(time.date.slice(5, 7)) - 1, Number(time.date.slice(8, 10))) + time.minutes * 60_000;
        const mismatch = abbreviationMismatch(zone.text, wall);
        const key = `${zone.line}:${zone.text}`;
        if (!mismatch || told.has(key)) continue;
        told.add(key);
        const at = Math.max(0, (lines[zone.line] ?? '').indexOf(zone.text));
        yield {
          message: `${zone.text} is written, but on ${time.date} that zone is on ${mismatch.expected} (${formatOffset(mismatch.offset)}); the times are read as its local time, ${formatOffset(mismatch.offset)}.`,
          range: lineRange(zone.line, at, at + zone.text.length),
        };
      }
    }
  },
};
