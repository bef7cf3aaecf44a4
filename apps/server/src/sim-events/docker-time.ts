/**
 * Docker's RFC 3339 log timestamps drop trailing zeros of the fraction; padded to nanoseconds they
 * sort as strings. Pure.
 */
export function timeKey(at: string): string {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(at);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` : at;
}

/** Whole seconds since the epoch (the `since` to resume a follow from). */
export function epochSeconds(at: string): number {
  return Math.floor(Date.parse(at) / 1000);
}

/**
 * Skips the lines a resumed follow reads again: Docker's `since` has whole seconds, so it repeats
 * what came earlier in the second of the last line read. Lines older than the last one seen are
 * dropped, and at its exact time as many as were already read.
 */
export class ResumePoint {
  private lastKey: string | null = null;
  private atLast = 0;
  private skipAtLast = 0;

  /** The last line's time, for `since`; null before any line. */
  lastAt: string | null = null;

  /** A follow (re)opens: lines at the last time already counted are skipped once more. */
  reopen(): void {
    this.skipAtLast = this.atLast;
  }

  /** Whether the line is new (and, if so, it is now the last one read). */
  admit(at: string): boolean {
    const key = timeKey(at);
    if (this.lastKey !== null && key < this.lastKey) {
      return false;
    }
    if (key === this.lastKey) {
      if (this.skipAtLast > 0) {
        this.skipAtLast--;
        return false;
      }
      this.atLast++;
      return true;
    }
    this.lastKey = key;
    this.lastAt = at;
    this.atLast = 1;
    this.skipAtLast = 0;
    return true;
  }
}
