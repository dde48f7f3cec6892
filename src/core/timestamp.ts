import { parseIsoDate } from './dates';
import { zoneOf } from './zones';
import { isAsciiLetter, trimEndOf } from './text';

/**
 * Reads a time stamp at the start of a text the way timelines write them: `14:02`, `9:58`, `0958`,
 * `2021-06-03 9:58`, `2019-11-29 12:00` padded with spaces, `May 31`, `Mar 3, 2024, 09:15 (UTC)`,
 * `5:32 PM`, `12:32 UTC`, `Friday 29 November 2019`, and unknown times (`--:--`, `X`, `?`). A hand-
 * written scanner: one pass, no backtracking, whatever the text.
 */
export interface Stamp {
  /** `yyyy-MM-dd` when a full date is written; `--MM-dd` when a day has no year (`May 31`). */
  readonly date: string | undefined;
  /** Minutes since midnight, seconds as a fraction. */
  readonly minutes: number | undefined;
  /** Written as unknown: `--:--`, `??:??`, `XX:XX`, `X`, `?`, `TBD`. */
  readonly unknown: boolean;
  /** The zone word written with it, as written (`UTC`, `PST`, `US/Pacific`, `+02:00`). */
  readonly zone: string | undefined;
  /** How many characters of the text the stamp takes (with its zone, not the separator after it). */
  readonly length: number;
}

export interface StampOptions {
  /** Accept `0958`-style times (four digits, no colon): only where a timeline is known to be. */
  readonly compact?: boolean;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS = new Set([
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'sun',
  'sunday',
]);
const UNKNOWN_WORDS = new Set(['x', '?', 'tbd', 'unknown', 'n/a']);

class Cursor {
  at = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.at >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text[this.at + offset] ?? '';
  }
  digits(max: number): string {
    let end = this.at;
    while (end < this.text.length && end - this.at < max && isDigit(this.text[end])) end++;
    const run = this.text.slice(this.at, end);
    this.at = end;
    return run;
  }
  word(): string {
    let end = this.at;
    while (end < this.text.length && isAsciiLetter(this.text.charCodeAt(end))) end++;
    const run = this.text.slice(this.at, end);
    this.at = end;
    return run;
  }
  spaces(): number {
    const start = this.at;
    while (this.at < this.text.length && (this.text[this.at] === ' ' || this.text[this.at] === '\t' || this.text[this.at] === '\u00a0')) this.at++;
    return this.at - start;
  }
  /** Skips `chars` in any order and number, with spaces. */
  skip(chars: string): void {
    while (!this.done && (chars.includes(this.peek()) || this.peek() === ' ' || this.peek() === '\t')) this.at++;
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Reads a stamp at the start of `text` (after emphasis and backticks, which the caller strips). */
export function readStamp(text: string, options: StampOptions = {}): Stamp | undefined {
  const c = new Cursor(text.length > 200 ? text.slice(0, 200) : text);
  c.spaces();
  const unknown = readUnknown(c);
  if (unknown) return unknown;
  const start = c.at;
  // An optional weekday: "Friday 29 November 2019", "Thu, May 5".
  const weekday = c.word();
  if (weekday && WEEKDAYS.has(weekday.toLowerCase())) {
    c.skip(',');
  } else {
    c.at = start;
  }
  const date = readDate(c);
  let end = c.at;
  let minutes: number | undefined;
  let unknownTime = false;
  if (date) {
    // Between date and time: spaces, a comma, "T", "at", a dash.
    const afterDate = c.at;
    c.skip(',');
    if (c.peek() === 'T' && isDigit(c.peek(1))) c.at++;
    const at = c.at;
    if (c.word().toLowerCase() !== 'at') c.at = at;
    c.spaces();
    if (c.peek() === '-' || c.peek() === '–' || c.peek() === '@') {
      const dash = c.at;
      c.at++;
      c.spaces();
      if (!isDigit(c.peek())) c.at = dash;
    }
    const timeStart = c.at;
    const unknownAfterDate = readUnknown(c);
    if (unknownAfterDate) {
      unknownTime = true;
      end = c.at;
    } else {
      c.at = timeStart;
      const time = readTime(c, false);
      if (time !== undefined) {
        minutes = time;
        end = c.at;
      } else {
        c.at = afterDate;
      }
    }
  } else {
    c.at = start;
    const time = readTime(c, options.compact ?? false);
    if (time === undefined) return undefined;
    minutes = time;
    end = c.at;
  }
  c.at = end;
  const zone = readZone(c);
  if (zone) end = c.at;
  // A stamp ends at the end, a space, or punctuation: "14:02abc" is no stamp.
  const next = text[end] ?? '';
  if (next !== '' && /[\p{L}\p{N}]/u.test(next)) return undefined;
  return { date, minutes, unknown: unknownTime, zone, length: end };
}

/** `--:--`, `??:??`, `XX:XX`: a time written as unknown. */
function readUnknown(c: Cursor): Stamp | undefined {
  const start = c.at;
  const m = /^[-?xX]{1,2}:[-?xX]{2}(?![\p{L}\p{N}])/u.exec(c.text.slice(start, start + 6));
  if (!m) return undefined;
  c.at = start + m[0].length;
  return { date: undefined, minutes: undefined, unknown: true, zone: undefined, length: c.at };
}

/** A table cell that says the time is not known: `--`, `X`, `?`, `TBD`, `unknown`, `n/a`, `--:--`. */
export function isUnknownTime(text: string): boolean {
  const t = stripEmphasis(text).trim().toLowerCase();
  return UNKNOWN_WORDS.has(t) || /^-{1,3}$/.test(t) || /^[-?x]{1,2}:[-?x]{2}$/.test(t);
}

/** `2021-06-03`, `2021/06/03`, `May 31`, `Mar 3, 2024`, `29 November 2019`, `August 12 2025`. */
function readDate(c: Cursor): string | undefined {
  const start = c.at;
  if (isDigit(c.peek())) {
    const first = c.digits(4);
    if (first.length === 4 && (c.peek() === '-' || c.peek() === '/')) {
      const sep = c.peek();
      c.at++;
      const month = c.digits(2);
      if (c.peek() === sep) {
        c.at++;
        const day = c.digits(2);
        const iso = `${first}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
        if (month && day && parseIsoDate(iso)) return iso;
      }
    } else if (first.length <= 2 && (c.peek() === ' ' || c.peek() === '\u00a0')) {
      // "29 November 2019", "3 Mar 2024"
      c.spaces();
      const month = MONTHS[c.word().toLowerCase()];
      if (month) {
        const afterMonth = c.at;
        c.skip(',');
        const year = c.digits(4);
        if (year.length === 4) return checked(year, month, Number(first));
        c.at = afterMonth;
        return checked(undefined, month, Number(first));
      }
    }
    c.at = start;
    return undefined;
  }
  const month = MONTHS[c.word().toLowerCase().replace(/\.$/, '')];
  if (!month) {
    c.at = start;
    return undefined;
  }
  if (c.peek() === '.') c.at++;
  if (c.spaces() === 0) {
    c.at = start;
    return undefined;
  }
  const day = c.digits(2);
  if (!day) {
    c.at = start;
    return undefined;
  }
  const suffix = c.at;
  if (!/^(st|nd|rd|th)/i.test(c.text.slice(c.at, c.at + 2)) || /[A-Za-z]/.test(c.peek(2))) c.at = suffix;
  else c.at += 2;
  const afterDay = c.at;
  c.skip(',');
  const year = c.digits(4);
  // "May 31 2022" or "May 31, 2022", but not "May 31, 07:35": a year has four digits and no colon.
  if (year.length === 4 && c.peek() !== ':') return checked(year, month, Number(day));
  c.at = afterDay;
  return checked(undefined, month, Number(day));
}

function checked(year: string | undefined, month: number, day: number): string | undefined {
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  if (!year) return day >= 1 && day <= 31 ? `--${mm}-${dd}` : undefined;
  const iso = `${year}-${mm}-${dd}`;
  return parseIsoDate(iso) ? iso : undefined;
}

/** `14:02`, `9:58`, `14:02:33`, `5:32 PM`, `5 pm`, `0958` (compact), as minutes since midnight. */
function readTime(c: Cursor, compact: boolean): number | undefined {
  const start = c.at;
  const hours = c.digits(4);
  if (!hours) return undefined;
  let h: number;
  let m = 0;
  let s = 0;
  if (hours.length === 4) {
    if (!compact) {
      c.at = start;
      return undefined;
    }
    h = Number(hours.slice(0, 2));
    m = Number(hours.slice(2));
  } else if (hours.length <= 2 && c.peek() === ':' && isDigit(c.peek(1))) {
    h = Number(hours);
    c.at++;
    const mm = c.digits(2);
    if (mm.length !== 2) {
      c.at = start;
      return undefined;
    }
    m = Number(mm);
    if (c.peek() === ':' && isDigit(c.peek(1))) {
      c.at++;
      const ss = c.digits(2);
      s = Number(ss);
    }
  } else if (hours.length <= 2) {
    h = Number(hours);
    // "5 pm" / "5pm" only: a bare number is no time.
    c.spaces();
    if (!/^[ap]\.?m\.?(?![a-z])/i.test(c.text.slice(c.at, c.at + 5))) {
      c.at = start;
      return undefined;
    }
  } else {
    c.at = start;
    return undefined;
  }
  const beforeMeridiem = c.at;
  c.spaces();
  const meridiem = /^([ap])\.?m\.?(?![a-z])/i.exec(c.text.slice(c.at, c.at + 5));
  if (meridiem) {
    if (h < 1 || h > 12) {
      c.at = start;
      return undefined;
    }
    c.at += meridiem[0].length;
    h = (h % 12) + (meridiem[1].toLowerCase() === 'p' ? 12 : 0);
  } else {
    c.at = beforeMeridiem;
  }
  if (h > 23 || m > 59 || s > 59) {
    c.at = start;
    return undefined;
  }
  return h * 60 + m + s / 60;
}

/** A zone after a time: ` UTC`, ` (UTC)`, `Z`, `+02:00`, ` PST`, ` US/Pacific`, ` UTC+2`. */
function readZone(c: Cursor): string | undefined {
  const start = c.at;
  c.spaces();
  const paren = c.peek() === '(';
  if (paren) c.at++;
  const wordStart = c.at;
  while (!c.done && /[A-Za-z0-9_/+:−-]/.test(c.peek())) c.at++;
  const word = trimEndOf(c.text.slice(wordStart, c.at), ':-');
  c.at = wordStart + word.length;
  if (word && zoneOf(word) !== undefined && (word !== 'Z' || wordStart === start)) {
    if (paren) {
      if (c.peek() === ')') c.at++;
      else {
        c.at = start;
        return undefined;
      }
    }
    return word;
  }
  c.at = start;
  return undefined;
}

/** What follows a stamp before the event's text: `:`, `–`, `-`, `—`, `|`, spaces, closing emphasis. */
export function skipSeparator(text: string, from: number): number {
  let at = from;
  while (at < text.length && /[\s:–—\-|*_`)\]]/.test(text[at])) at++;
  return at;
}

/** Whether a whole text (a heading, a paragraph's first line) is a stamp and nothing else. */
export function isStampOnly(text: string, options: StampOptions = {}): Stamp | undefined {
  const plain = stripEmphasis(text).trim();
  const stamp = readStamp(plain, options);
  if (!stamp) return undefined;
  const rest = trimEndOf(plain.slice(stamp.length), ' :.,–—-').trim();
  return rest === '' || /^\(.*\)$/.test(rest) ? stamp : undefined;
}

/** Removes `*`, `_` and backticks around and inside short stamps. */
export function stripEmphasis(text: string): string {
  return text.replace(/[*_`]/g, '');
}

/**
 * The first full date (with a year) in a text: `2023-07-20`, `May 31, 2022`, `29 November 2019`,
 * `August 12 2025`, `Friday 29 November 2019`. Tried at each word start of the first 300 characters.
 */
export function dateInText(text: string): { readonly date: string; readonly text: string } | undefined {
  const head = text.length > 300 ? text.slice(0, 300) : text;
  if (!/\d/.test(head)) return undefined;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    const digit = c >= '0' && c <= '9';
    // A date starts with a digit or a month's name, at the start of a word.
    if (!digit && !MONTHS[head.slice(i, i + 3).toLowerCase()]) continue;
    if (i > 0 && /[\p{L}\p{N}]/u.test(head[i - 1])) continue;
    const cursor = new Cursor(head.slice(i, i + 40));
    const date = readDate(cursor);
    if (date && !date.startsWith('--')) return { date, text: head.slice(i, i + cursor.at).trimEnd() };
  }
  return undefined;
}
