/**
 * Counts simscope's own log lines by severity over a sliding window, so runtime health can report
 * the share of error lines. Fed by a pino hook; one per process.
 */
export class LogTally {
  private readonly buckets: { second: number; lines: number; errors: number }[] = [];

  /**
   * Whether every line at info and above is counted. A log level above info (warn, error) hides the
   * ordinary lines, so the error share is then not a share of the log and the guard ignores it.
   */
  complete = true;

  constructor(readonly windowSeconds = 60) {}

  record(level: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.second !== second) {
      last = { second, lines: 0, errors: 0 };
      this.buckets.push(last);
      this.prune(second);
    }
    last.lines++;
    if (level >= 50) {
      last.errors++; // pino: 50 error, 60 fatal
    }
  }

  snapshot(now = Date.now()): {
    windowSeconds: number;
    lines: number;
    errorLines: number;
    errorShare: number;
    complete: boolean;
  } {
    this.prune(Math.floor(now / 1000));
    const lines = this.buckets.reduce((n, b) => n + b.lines, 0);
    const errorLines = this.buckets.reduce((n, b) => n + b.errors, 0);
    return {
      windowSeconds: this.windowSeconds,
      lines,
      errorLines,
      errorShare: lines ? errorLines / lines : 0,
      complete: this.complete,
    };
  }

  private prune(second: number): void {
    while (
      this.buckets.length &&
      (this.buckets[0]?.second ?? second) <= second - this.windowSeconds
    ) {
      this.buckets.shift();
    }
  }
}

export const logTally = new LogTally();
