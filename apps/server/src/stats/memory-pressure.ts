import type { SimulationContainer } from '@simscope/contracts';

import type { Annotator } from '../docker/annotations.js';

export const MEMORY_PRESSURE_PREFIX = 'memory at ';

/** The reason sustained critical memory adds to a row. */
export const memoryPressureReason = (share: number): string =>
  `${MEMORY_PRESSURE_PREFIX}${Math.round(share * 100)} % of its limit`;

/**
 * A container with (or without) the sustained-memory-pressure reason: a running container under it
 * reads `degraded`, so an OOM kill is seen coming; without it, what classify said stands.
 */
export function withMemoryPressure(
  c: SimulationContainer,
  reason: string | null,
): SimulationContainer {
  const others = c.reasons.filter((r) => !r.startsWith(MEMORY_PRESSURE_PREFIX));
  if (reason) {
    if (c.phase === 'running') {
      return {
        ...c,
        phase: 'degraded',
        reasons: [...others.filter((r) => r !== 'running'), reason],
      };
    }
    return c.phase === 'degraded'
      ? { ...c, reasons: [...others, reason] }
      : { ...c, reasons: others };
  }
  if (others.length === c.reasons.length) {
    return c;
  }
  if (c.phase === 'degraded' && others.length === 0) {
    return { ...c, phase: 'running', reasons: ['running'] };
  }
  return { ...c, reasons: others };
}

/** The row annotation stats publishes: the reason, while memory stays critical. */
export const memoryPressureAnnotator: Annotator<string> = {
  kind: 'memory_pressure',
  apply: (row, reason) => withMemoryPressure(row, reason),
};
