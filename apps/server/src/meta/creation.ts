import { META_LIMITS, RUN_TRANSITIONS, hasVisibleText, type RunStatus } from '@simscope/contracts';

/**
 * A note's title when only a text was given (the original runtime's shape): its first line with
 * something visible in it, trimmed and cut to the title limit (an ellipsis marks the cut).
 */
export function titleFromText(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find(hasVisibleText) ?? '';
  const clean = line.trim();
  return clean.length <= META_LIMITS.title
    ? clean
    : `${clean.slice(0, META_LIMITS.title - 1).trimEnd()}…`;
}

/**
 * The statuses a new run passes through to reach `to` from `planned` along the allowed
 * transitions (shortest path), each recorded as an event: [] for planned, [running, completed]
 * for completed.
 */
export function statusPath(to: RunStatus, from: RunStatus = 'planned'): RunStatus[] {
  const previous = new Map<RunStatus, RunStatus | null>([[from, null]]);
  const queue: RunStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) {
      const path: RunStatus[] = [];
      for (let s: RunStatus | null = at; s !== null && s !== from; s = previous.get(s) ?? null) {
        path.unshift(s);
      }
      return path;
    }
    for (const next of RUN_TRANSITIONS[at]) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  throw new Error(`${to} cannot be reached from ${from}`);
}
