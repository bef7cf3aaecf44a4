/** Resource limits of a container, from inspect (free of stats). null: not limited. */
export interface ContainerLimits {
  /** CPUs the container may use: NanoCpus, or CpuQuota ÷ CpuPeriod, or the cpuset's size. */
  cpus: number | null;
  /** The cpuset, e.g. "0-1", when pinned. */
  cpuset: string | null;
  memoryBytes: number | null;
  pids: number | null;
}

/** strict: CPU, memory and pids all limited; constrained: some; unbounded: none. */
export type LimitsPolicy = 'strict' | 'constrained' | 'unbounded';
export const LIMITS_POLICIES = ['strict', 'constrained', 'unbounded'] as const;

/** Usage against a limit: ok below warning (75 %), warning, critical from 90 %; unbounded without a limit. */
export type PressureLevel = 'ok' | 'warning' | 'critical' | 'unbounded';

export interface Pressure {
  /** usage ÷ limit, null when unbounded or unknown. */
  share: number | null;
  level: PressureLevel;
}

/** One resource sample of one container, as `docker stats` would show it. */
export interface StatsSample {
  id: string;
  at: string;
  /** Share of one CPU × 100 (200 = two full CPUs); null on a first one-shot sample. */
  cpuPercent: number | null;
  /** Usage minus inactive page cache, as `docker stats` shows it. */
  memoryBytes: number;
  memoryLimitBytes: number | null;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number | null;
  limits: ContainerLimits;
  pressure: { cpu: Pressure; memory: Pressure; pids: Pressure };
}

/** `container_stats`: a watched container's newest sample (and, on watch, its recent history). */
export interface ContainerStatsEvent {
  id: string;
  samples: StatsSample[];
}

export interface UsageTotals {
  /** Summed CPU % of the sampled simulations. */
  cpuPercent: number;
  memoryBytes: number;
  /** Sum of the memory limits of the sampled simulations that have one. */
  memoryLimitBytes: number;
  pids: number;
  sampled: number;
}

export const DOCKER_USAGE_SCHEMA = 'simscope.docker-usage.v1';

/** `docker_usage` and GET /api/docker/usage: the background sweep's latest sample per simulation. */
export interface DockerUsagePayload {
  schema: typeof DOCKER_USAGE_SCHEMA;
  /** When the sweep finished; null before the first one (or when sweeping is off). */
  sweptAt: string | null;
  sweepMs: number | null;
  /** off (SIMSCOPE_STATS_SWEEP_MS=0), active, skipped (the guard shed it). */
  state: 'off' | 'active' | 'skipped';
  containers: Record<string, StatsSample>;
  clusters: Record<string, UsageTotals>;
  totals: UsageTotals;
}

export interface WatchAck {
  ok: boolean;
  id: string;
  /** The samples kept so far (at most 60), oldest first. */
  samples: StatsSample[];
  error?: string;
}
