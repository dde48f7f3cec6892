import { formatIsoDate } from '../core';

/**
 * The extension's one clock: every feature that needs "now" or "today" takes it from `activate`, so a
 * test sets the day in one place (`PinnableClock.pin`) and nothing keeps a public field for it.
 */
export interface Clock {
  now(): Date;
  /** `yyyy-MM-dd` in this computer's zone: the day a person means by "today". */
  today(): string;
}

export class PinnableClock implements Clock {
  #pinned: string | undefined;
  now(): Date {
    return new Date();
  }
  today(): string {
    return this.#pinned ?? formatIsoDate(this.now());
  }
  /** Pins "today" (tests, in VS Code's test mode only); `undefined` follows the real clock again. */
  pin(today: string | undefined): void {
    this.#pinned = today;
  }
}
