import type { SimEventSummary, SimulationContainer } from '@simscope/contracts';
import type { Annotator } from '../docker/annotations.js';
import { STALL_PREFIX } from './stall.js';

/** The events summary on the row of a simulation that prints events. */
export const eventsAnnotator: Annotator<SimEventSummary> = {
  kind: 'events',
  apply: (row, summary) => (row.events === summary ? row : { ...row, events: summary }),
};

/**
 * A row with (or without) a stall: a running (or degraded) simulation whose events stopped reads
 * `stalled` with the reason; any other phase keeps what Docker said. Pure.
 */
export function withStall(row: SimulationContainer, reason: string | null): SimulationContainer {
  const others = row.reasons.filter((r) => !r.startsWith(STALL_PREFIX));
  if (!reason) {
    return others.length === row.reasons.length ? row : { ...row, reasons: others };
  }
  if (row.phase !== 'running' && row.phase !== 'degraded') {
    return row;
  }
  return {
    ...row,
    phase: 'stalled',
    reasons: [reason, ...others.filter((r) => r !== 'running')],
  };
}

/** Transitions read `stalled` / `stalled_cleared`. */
export const stallAnnotator: Annotator<string> = {
  kind: 'stalled',
  apply: (row, reason) => withStall(row, reason),
};
