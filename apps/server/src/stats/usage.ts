import type { ContainerLimits, Pressure, StatsSample } from '@simscope/contracts';
import type { RawStats } from '../adapters/docker/docker.types.js';

export interface PressureThresholds {
  /** Share of a limit from which usage is a warning (default 0.75). */
  warning: number;
  /** … and critical (default 0.9). */
  critical: number;
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
