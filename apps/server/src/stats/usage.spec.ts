import type { ContainerLimits } from '@simscope/contracts';
import type { HostLimits, RawStats } from '../adapters/docker/docker.types.js';
import { containerLimits, cpusetSize, limitsPolicy, pressure, toSample } from './usage.js';

const T = { warning: 0.75, critical: 0.9 };
const host = (over: Partial<HostLimits> = {}): HostLimits => ({
  nanoCpus: 0,
  cpuQuota: 0,
  cpuPeriod: 0,
  cpusetCpus: '',
  memoryBytes: 0,
  pidsLimit: null,
  ...over,
});

describe('cpusetSize', () => {
  it.each<[string, number | null]>([
    ['', null],
    ['0', 1],
    ['0-3', 4],
    ['0-1,4,6-7', 5],
    ['x', null],
  ])('%p → %p', (set, n) => expect(cpusetSize(set)).toBe(n));
});

describe('containerLimits and limitsPolicy', () => {
  it.each<[string, Partial<HostLimits>, ContainerLimits, string]>([
    ['none', {}, { cpus: null, cpuset: null, memoryBytes: null, pids: null }, 'unbounded'],
    [
      '--cpus 0.5',
      { nanoCpus: 5e8 },
      { cpus: 0.5, cpuset: null, memoryBytes: null, pids: null },
      'constrained',
    ],
    [
      'quota/period',
      { cpuQuota: 150000, cpuPeriod: 100000 },
      { cpus: 1.5, cpuset: null, memoryBytes: null, pids: null },
      'constrained',
    ],
    [
      'cpuset only',
      { cpusetCpus: '0-1' },
      { cpus: 2, cpuset: '0-1', memoryBytes: null, pids: null },
      'constrained',
    ],
    [
      'quota tighter than cpuset',
      { nanoCpus: 5e8, cpusetCpus: '0-3' },
      { cpus: 0.5, cpuset: '0-3', memoryBytes: null, pids: null },
      'constrained',
    ],
    [
      'pids -1 and 0 are no limit',
      { pidsLimit: -1, memoryBytes: 0 },
      { cpus: null, cpuset: null, memoryBytes: null, pids: null },
      'unbounded',
    ],
    [
      'all three',
      { nanoCpus: 1e9, memoryBytes: 8 << 20, pidsLimit: 64 },
      { cpus: 1, cpuset: null, memoryBytes: 8 << 20, pids: 64 },
      'strict',
    ],
  ])('%s', (_, h, limits, policy) => {
    const l = containerLimits(host(h));
    expect(l).toEqual(limits);
    expect(limitsPolicy(l)).toBe(policy);
  });
});

describe('pressure', () => {
  it.each<[number | null, number | null, string, number | null]>([
    [50, 100, 'ok', 0.5],
    [75, 100, 'warning', 0.75],
    [90, 100, 'critical', 0.9],
    [120, 100, 'critical', 1.2],
    [50, null, 'unbounded', null],
    [null, 100, 'ok', null],
  ])('%p of %p → %s', (usage, limit, level, share) => {
    expect(pressure(usage, limit, T)).toEqual({ level, share });
  });
});

describe('toSample', () => {
  const raw = (over: Partial<RawStats> = {}): RawStats => ({
    read: '2026-01-01T00:00:01Z',
    cpu: { total: 2_000_000_000, system: 20_000_000_000, onlineCpus: 2 },
    precpu: { total: 1_500_000_000, system: 18_000_000_000 },
    memory: { usage: 100 << 20, inactiveFile: 20 << 20 },
    networks: { rx: 10, tx: 20 },
    blkio: { read: 1, write: 2 },
    pids: 5,
    ...over,
  });
  const limits = containerLimits(host({ nanoCpus: 5e8, memoryBytes: 128 << 20, pidsLimit: 10 }));

  it('computes CPU % as docker stats does: cpu delta ÷ system delta × online CPUs', () => {
    // 0.5 s of CPU over 2 s of system time on 2 CPUs = 50 % (one half CPU).
    const s = toSample('c', raw(), limits, T);
    expect(s.cpuPercent).toBe(50);
    expect(s.pressure.cpu).toEqual({ share: 1, level: 'critical' });
  });

  it('subtracts the inactive page cache from memory, against the limit', () => {
    const s = toSample('c', raw(), limits, T);
    expect(s.memoryBytes).toBe(80 << 20);
    expect(s.memoryLimitBytes).toBe(128 << 20);
    expect(s.pressure.memory).toEqual({ share: 0.625, level: 'ok' });
    expect(s.pressure.pids).toEqual({ share: 0.5, level: 'ok' });
  });

  it('has no CPU % for a first one-shot sample, and uses the previous one after', () => {
    const oneShot = raw({ precpu: { total: 0, system: null } });
    expect(toSample('c', oneShot, limits, T).cpuPercent).toBeNull();
    const prev = { total: 1_000_000_000, system: 10_000_000_000, atMs: 0 };
    expect(toSample('c', oneShot, limits, T, prev).cpuPercent).toBe(20);
  });

  it('is unbounded where the container has no limit', () => {
    const s = toSample('c', raw(), containerLimits(host()), T);
    expect(s.pressure.memory.level).toBe('unbounded');
    expect(s.pressure.cpu.level).toBe('unbounded');
  });
});
