export const RUNTIME_HEALTH_SCHEMA = 'simscope.runtime-health.v1';

export type GuardMode = 'normal' | 'degraded' | 'critical';

export interface RuntimeProbes {
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number; utilization: number };
  memory: {
    heapUsedBytes: number;
    heapLimitBytes: number;
    rssBytes: number;
    /** The cgroup memory limit when simscope runs in a container, else null. */
    rssLimitBytes: number | null;
    /** max(heap used ÷ heap limit, RSS ÷ RSS limit): what the guard compares. */
    share: number;
  };
  cpu: { processPercent: number };
  host: {
    cpus: number;
    /** Whole-host CPU busy share since the last sample (from /proc/stat), when readable. */
    cpuPercent: number | null;
    loadAverage: [number, number, number];
    memTotalBytes: number;
    memAvailableBytes: number;
    /** Linux PSI avg10 percentages, where the kernel has /proc/pressure. */
    psi: { cpuSome: number; memorySome: number; memoryFull: number } | null;
    cgroup: {
      memoryLimitBytes: number | null;
      memoryUsageBytes: number | null;
      cpuQuota: number | null;
    } | null;
  };
  log: {
    windowSeconds: number;
    lines: number;
    errorLines: number;
    errorShare: number;
    /** False when LOG_LEVEL hides info lines: the share then says nothing and the guard ignores it. */
    complete: boolean;
  };
  websocket: { clients: number; max: number; saturation: number };
  docker: {
    status: 'live' | 'stale' | 'unavailable';
    lastEventAgeMs: number | null;
    inventorySize: number;
    lastReconcileMs: number | null;
    /** Each engine: reachability, event lag and last reconcile time. */
    engines: {
      name: string;
      status: 'live' | 'stale' | 'unavailable';
      lastEventAgeMs: number | null;
      lastReconcileMs: number | null;
    }[];
  };
}

export interface GuardThresholds {
  eventLoopP99DegradedMs: number;
  eventLoopP99CriticalMs: number;
  memoryShareDegraded: number;
  memoryShareCritical: number;
  wsSaturationDegraded: number;
  wsSaturationCritical: number;
  /** Whole-host CPU busy percent (0–100): simscope is a guest on the machine that runs the sims. */
  hostCpuDegradedPercent: number;
  hostCpuCriticalPercent: number;
  /** Host memory pressure as a share: PSI memory `some avg10` ÷ 100, else 1 − MemAvailable ÷ MemTotal. */
  hostMemoryPressureDegraded: number;
  hostMemoryPressureCritical: number;
  /** Share of error lines in simscope's own log over its window (counted from 20 lines on). */
  logErrorRatioDegraded: number;
  logErrorRatioCritical: number;
  /** Bad samples in a row before entering a worse mode. */
  enterAfter: number;
  /** Good samples in a row before leaving it. */
  leaveAfter: number;
}

export interface ScheduledTaskState {
  name: string;
  expensive: boolean;
  baseIntervalMs: number;
  /** The interval in force now (×2 degraded, ×4 critical, unless fixed). */
  effectiveIntervalMs: number;
  lastRunAt: string | null;
  lastDurationMs: number | null;
  skipped: number;
}

export interface RuntimeHealthPayload {
  schema: typeof RUNTIME_HEALTH_SCHEMA;
  mode: GuardMode;
  reasons: string[];
  /** When the current mode began. */
  since: string;
  sampledAt: string;
  probes: RuntimeProbes;
  thresholds: GuardThresholds;
  tasks: ScheduledTaskState[];
}

/** Emitted when the guard skips a task; repeated skips of one task are folded into `count`. */
export interface SimulationGuardEvent {
  task: string;
  reason: string;
  mode: GuardMode;
  at: string;
  count: number;
}
