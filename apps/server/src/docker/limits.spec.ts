import type { ContainerLimits } from '@simscope/contracts';
import type { HostLimits } from '../adapters/docker/docker.types.js';
import { containerLimits, cpusetSize, limitsPolicy } from './limits.js';
import { someHostLimits } from '../testing/factories.js';

const host = someHostLimits;

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
