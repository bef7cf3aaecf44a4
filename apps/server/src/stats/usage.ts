import type { ContainerLimits, LimitsPolicy, Pressure, StatsSample } from '@simscope/contracts';
import type { HostLimits, RawStats } from '../adapters/docker/docker.types.js';

export interface PressureThresholds {
  /** Share of a limit from which usage is a warning (default 0.75). */
  warning: number;
  /** … and critical (default 0.9). */
  critical: number;
}

/** "0-3,6" → 5 CPUs; empty → null. */
export function cpusetSize(cpuset: string): number | null {
  const parts = cpuset
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    return null;
  }
  let n = 0;
  for (const part of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) {
      return null;
    }
    n += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
  }
  return n;
}

/** What a container may use, from inspect's HostConfig; 0 and -1 mean "no limit" to Docker. */
export function containerLimits(h: HostLimits): ContainerLimits {
  const quota =
    h.nanoCpus > 0
      ? h.nanoCpus / 1e9
      : h.cpuQuota > 0 && h.cpuPeriod > 0
        ? h.cpuQuota / h.cpuPeriod
        : null;
  const cpuset = h.cpusetCpus.trim() || null;
  const pinned = cpuset ? cpusetSize(cpuset) : null;
  const cpus = quota !== null && pinned !== null ? Math.min(quota, pinned) : (quota ?? pinned);
  return {
    cpus,
    cpuset,
    memoryBytes: h.memoryBytes > 0 ? h.memoryBytes : null,
    pids: h.pidsLimit !== null && h.pidsLimit > 0 ? h.pidsLimit : null,
  };
}

export function limitsPolicy(l: ContainerLimits): LimitsPolicy {
  const set = [l.cpus, l.memoryBytes, l.pids].filter((v) => v !== null).length;
  return set === 3 ? 'strict' : set === 0 ? 'unbounded' : 'constrained';
}

export function pressure(
  usage: number | null,
  limit: number | null,
  t: PressureThresholds,
): Pressure {
  if (limit === null || limit <= 0) {
    return { share: null, level: 'unbounded' };
  }
  if (usage === null) {
    return { share: null, level: 'ok' };
  }
  const share = usage / limit;
  return {
    share,
    level: share >= t.critical ? 'critical' : share >= t.warning ? 'warning' : 'ok',
  };
}

/** The previous CPU counters of a container, to compute CPU % between two one-shot samples. */
export interface CpuMark {
  total: number;
  system: number | null;
  atMs: number;
}

/**
 * One sample as `docker stats` shows it: CPU % from the engine's deltas (its own precpu when
 * streaming, else against `prev`), memory minus inactive page cache, summed network and block I/O.
 */
export function toSample(
  id: string,
  raw: RawStats,
  limits: ContainerLimits,
  t: PressureThresholds,
  prev: CpuMark | null = null,
): StatsSample {
  const pre =
    raw.precpu.total > 0 ? raw.precpu : prev ? { total: prev.total, system: prev.system } : null;
  let cpuPercent: number | null = null;
  if (pre && raw.cpu.system !== null && pre.system !== null) {
    const cpuDelta = raw.cpu.total - pre.total;
    const systemDelta = raw.cpu.system - pre.system;
    if (systemDelta > 0 && cpuDelta >= 0) {
      cpuPercent = (cpuDelta / systemDelta) * raw.cpu.onlineCpus * 100;
    }
  }
  const cache = raw.memory.inactiveFile ?? 0;
  const memoryBytes = Math.max(0, raw.memory.usage - (cache < raw.memory.usage ? cache : 0));
  const memoryLimit = limits.memoryBytes;
  return {
    id,
    at: raw.read,
    cpuPercent: cpuPercent === null ? null : round(cpuPercent, 2),
    memoryBytes,
    memoryLimitBytes: memoryLimit,
    networkRxBytes: raw.networks.rx,
    networkTxBytes: raw.networks.tx,
    blockReadBytes: raw.blkio.read,
    blockWriteBytes: raw.blkio.write,
    pids: raw.pids,
    limits,
    pressure: {
      cpu: pressure(cpuPercent === null ? null : cpuPercent / 100, limits.cpus, t),
      memory: pressure(memoryBytes, memoryLimit, t),
      pids: pressure(raw.pids, limits.pids, t),
    },
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
