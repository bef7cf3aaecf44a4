/** The default window never goes below this: a quiet minute is not a stall. */
export const MIN_STALL_MS = 60_000;
/** The default window is this many times the median gap between recent events. */
export const STALL_GAP_FACTOR = 5;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `3m`, `1.5h`, `500ms`, or a bare number of seconds; null when it is none of these. */
export function parseDuration(text: string | undefined): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text ?? '');
  if (!m) {
    return null;
  }
  const ms = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()];
  return ms > 0 ? Math.round(ms) : null;
}

/**
 * How long a simulation may go without an event before it is stalled: its `stall-after` label when
 * it parses, else 5 × the median of its recent gaps, at least a minute. Pure.
 */
export function stallWindowMs(label: string | undefined, gaps: readonly number[]): number {
  const labelled = parseDuration(label);
  if (labelled !== null) {
    return labelled;
  }
  if (gaps.length === 0) {
    return MIN_STALL_MS;
  }
  const sorted = [...gaps].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.max(MIN_STALL_MS, STALL_GAP_FACTOR * median);
}

/** "45 s", "3 min", "2 h". */
export function formatSpan(ms: number): string {
  if (ms < 90_000) {
    return `${Math.max(1, Math.round(ms / 1000))} s`;
  }
  if (ms < 90 * 60_000) {
    return `${Math.round(ms / 60_000)} min`;
  }
  return `${Math.round(ms / 3_600_000)} h`;
}

/** The stall's reason on the row: "no events for 3 min; was 12 ticks/min". */
export function stallReason(silentMs: number, ticksPerMinute: number | null): string {
  const rate =
    ticksPerMinute !== null && ticksPerMinute >= 10 ? Math.round(ticksPerMinute) : ticksPerMinute;
  const was = rate !== null && rate > 0 ? `; was ${rate} ticks/min` : '';
  return `${STALL_PREFIX}${formatSpan(silentMs)}${was}`;
}

export const STALL_PREFIX = 'no events for ';

/**
 * Whether a running simulation has gone quiet: silent since its last event (or since it started,
 * when that is later: a restart gets a fresh window) for longer than its window. Pure.
 */
export function silentFor(
  nowMs: number,
  lastEventMs: number | null,
  startedMs: number | null,
  windowMs: number,
): number | null {
  if (lastEventMs === null) {
    return null;
  }
  const since = Math.max(lastEventMs, startedMs ?? 0);
  const silent = nowMs - since;
  return silent > windowMs ? silent : null;
}
