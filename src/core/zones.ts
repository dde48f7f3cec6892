import { tzOffset } from '@date-fns/tz';

/**
 * Time zones as people write them in timelines: abbreviations (`PST`, `BST`, `CET`), IANA names
 * (`US/Pacific`, `Europe/Berlin`) and offsets (`+02:00`, `UTC-7`). Offsets of IANA zones come from
 * `Intl` through `@date-fns/tz`, so daylight saving time is the one in force on the entry's date.
 */

/** What an abbreviation means: its zone, and whether it names the zone's daylight-saving time. */
interface Abbreviation {
  readonly zone: string | number;
  /** true: names summer time (PDT, BST, CEST); false: standard time (PST, GMT, CET); undefined: either (PT). */
  readonly daylight: boolean | undefined;
}

const ABBREVIATIONS: Readonly<Record<string, Abbreviation>> = {
  UTC: { zone: 0, daylight: undefined },
  GMT: { zone: 0, daylight: undefined },
  Z: { zone: 0, daylight: undefined },
  PST: { zone: 'America/Los_Angeles', daylight: false },
  PDT: { zone: 'America/Los_Angeles', daylight: true },
  PT: { zone: 'America/Los_Angeles', daylight: undefined },
  MST: { zone: 'America/Denver', daylight: false },
  MDT: { zone: 'America/Denver', daylight: true },
  MT: { zone: 'America/Denver', daylight: undefined },
  CST: { zone: 'America/Chicago', daylight: false },
  CDT: { zone: 'America/Chicago', daylight: true },
  CT: { zone: 'America/Chicago', daylight: undefined },
  EST: { zone: 'America/New_York', daylight: false },
  EDT: { zone: 'America/New_York', daylight: true },
  ET: { zone: 'America/New_York', daylight: undefined },
  AKST: { zone: 'America/Anchorage', daylight: false },
  AKDT: { zone: 'America/Anchorage', daylight: true },
  HST: { zone: 'Pacific/Honolulu', daylight: false },
  BST: { zone: 'Europe/London', daylight: true },
  WET: { zone: 'Europe/Lisbon', daylight: false },
  WEST: { zone: 'Europe/Lisbon', daylight: true },
  CET: { zone: 'Europe/Paris', daylight: false },
  CEST: { zone: 'Europe/Paris', daylight: true },
  EET: { zone: 'Europe/Athens', daylight: false },
  EEST: { zone: 'Europe/Athens', daylight: true },
  MSK: { zone: 'Europe/Moscow', daylight: undefined },
  IST: { zone: 'Asia/Kolkata', daylight: undefined },
  SGT: { zone: 'Asia/Singapore', daylight: undefined },
  HKT: { zone: 'Asia/Hong_Kong', daylight: undefined },
  JST: { zone: 'Asia/Tokyo', daylight: undefined },
  KST: { zone: 'Asia/Seoul', daylight: undefined },
  AEST: { zone: 'Australia/Sydney', daylight: false },
  AEDT: { zone: 'Australia/Sydney', daylight: true },
  NZST: { zone: 'Pacific/Auckland', daylight: false },
  NZDT: { zone: 'Pacific/Auckland', daylight: true },
};

const validZones = new Map<string, boolean>();

/** Whether `name` is an IANA zone this runtime's `Intl` knows (`US/Pacific`, `Europe/Berlin`). */
export function isIanaZone(name: string): boolean {
  if (!name.includes('/') || name.length > 40) return false;
  let valid = validZones.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    if (validZones.size > 500) validZones.clear();
    validZones.set(name, valid);
  }
  return valid;
}

/** The zone a written word means: an abbreviation, an IANA name, `UTC+2`, `+02:00`; undefined for none. */
export function zoneOf(text: string): string | number | undefined {
  const word = text.trim();
  const abbreviation = ABBREVIATIONS[word.toUpperCase()];
  if (abbreviation && (word === word.toUpperCase() || word.length > 3)) return abbreviation.zone;
  if (isIanaZone(word)) return word;
  const offset = /^(?:UTC|GMT)?([+\-−])(\d{1,2})(?::?(\d{2}))?$/i.exec(word);
  if (offset && Number(offset[2]) <= 14) return (offset[1] === '+' ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
  return undefined;
}

/** Minutes east of UTC of `zone` at the instant `utcMillis`. */
export function offsetAt(zone: string | number, utcMillis: number): number {
  if (typeof zone === 'number') return zone;
  const offset = tzOffset(zone, new Date(utcMillis));
  return Number.isFinite(offset) ? offset : 0;
}

/**
 * The UTC instant of a wall-clock time in `zone`, given as milliseconds of that wall time read as if
 * it were UTC. Two steps, so a time just after a daylight-saving change gets the new offset.
 */
export function wallToUtc(wallMillis: number, zone: string | number): number {
  if (typeof zone === 'number') return wallMillis - zone * 60_000;
  const first = wallMillis - offsetAt(zone, wallMillis) * 60_000;
  return wallMillis - offsetAt(zone, first) * 60_000;
}

/**
 * When a written abbreviation is the wrong one for the date ("PST" in July, when Pacific time is
 * PDT), the one that is right, with its offset; undefined when it fits or cannot be judged. The
 * times are read as the zone's local time either way.
 */
export function abbreviationMismatch(text: string, wallMillis: number): { readonly expected: string; readonly offset: number } | undefined {
  const abbreviation = ABBREVIATIONS[text.trim().toUpperCase()];
  if (!abbreviation || abbreviation.daylight === undefined || typeof abbreviation.zone === 'number') return undefined;
  const zone = abbreviation.zone;
  const offset = offsetAt(zone, wallToUtc(wallMillis, zone));
  const january = offsetAt(zone, Date.UTC(new Date(wallMillis).getUTCFullYear(), 0, 15));
  const july = offsetAt(zone, Date.UTC(new Date(wallMillis).getUTCFullYear(), 6, 15));
  const daylightOffset = Math.max(january, july);
  const inDaylight = january !== july && offset === daylightOffset;
  if (inDaylight === abbreviation.daylight) return undefined;
  const sibling = Object.entries(ABBREVIATIONS).find(([, a]) => a.zone === zone && a.daylight === inDaylight)?.[0];
  return sibling ? { expected: sibling, offset } : undefined;
}

/** `UTC−7`, `UTC+5:30`, `UTC`. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}
