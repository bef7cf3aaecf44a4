/** Lifecycle phases of a simulation container, most alarming first where it matters to sorting. */
export const PHASES = [
  'running',
  'starting',
  'degraded',
  'stalled',
  'orphaned',
  'crashloop',
  'oom-killed',
  'exited',
  'failed',
  'paused',
  'created',
] as const;
export type Phase = (typeof PHASES)[number];

export const HEALTH_STATUSES = ['healthy', 'unhealthy', 'starting', 'none'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type PhaseCounts = Record<Phase, number>;

export function emptyPhaseCounts(): PhaseCounts {
  return Object.fromEntries(PHASES.map((p) => [p, 0])) as PhaseCounts;
}
