import type { RawStats } from '../adapters/docker/docker.types.js';
import { containerLimits } from '../docker/limits.js';
import { pressure, toSample } from './usage.js';
import { someHostLimits } from '../testing/factories.js';

const T = { warning: 0.75, critical: 0.9 };
const host = someHostLimits;

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
