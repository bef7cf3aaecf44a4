import type { ContainerLimits, LimitsPolicy } from '@simscope/contracts';
import type { HostLimits } from '../adapters/docker/docker.types.js';

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
