import type { Phase } from '@simscope/contracts';
import { clusterOf, summariseClusters } from './cluster.js';

describe('clusterOf', () => {
  it.each([
    [
      'cluster label wins',
      { 'simscope.cluster': 'c', 'simscope.experiment': 'e', 'com.docker.compose.project': 'p' },
      'c',
    ],
    ['then experiment', { 'simscope.experiment': 'e', 'com.docker.compose.project': 'p' }, 'e'],
    ['then compose project', { 'com.docker.compose.project': 'p' }, 'p'],
    [
      'blank labels are ignored',
      { 'simscope.cluster': '  ', 'com.docker.compose.project': 'p' },
      'p',
    ],
    ['else ungrouped', {}, 'ungrouped'],
    ['another prefix is not ours', { 'other.cluster': 'c' }, 'ungrouped'],
  ])('%s', (_case, labels, expected) => {
    expect(clusterOf(labels, 'simscope')).toBe(expected);
  });
});

describe('summariseClusters', () => {
  const c = (
    cluster: string,
    phase: Phase,
    extra: Partial<{
      networks: string[];
      composeProject: string;
      experiment: string;
      onSharedNetwork: boolean;
      host: string;
    }> = {},
  ) => ({
    cluster,
    phase,
    host: extra.host ?? 'local',
    networks: extra.networks ?? [],
    composeProject: extra.composeProject ?? null,
    experiment: extra.experiment ?? null,
    onSharedNetwork: extra.onSharedNetwork ?? false,
  });

  it('counts phases and collects networks, projects and experiments per cluster', () => {
    const sut = summariseClusters([
      c('b', 'running', {
        networks: ['sim-net', 'b_default'],
        composeProject: 'b',
        onSharedNetwork: true,
      }),
      c('b', 'crashloop', { networks: ['b_default'], composeProject: 'b', experiment: 'e2' }),
      c('a', 'oom-killed', { experiment: 'e1' }),
    ]);

    expect(sut.map((s) => s.name)).toEqual(['a', 'b']);
    expect(sut[1]).toMatchObject({
      total: 2,
      networks: ['b_default', 'sim-net'],
      composeProjects: ['b'],
      experiments: ['e2'],
      onSharedNetwork: true,
    });
    expect(sut[1]?.counts).toMatchObject({ running: 1, crashloop: 1, exited: 0 });
    expect(sut[0]).toMatchObject({ total: 1, onSharedNetwork: false, experiments: ['e1'] });
    expect(sut[0]?.counts['oom-killed']).toBe(1);
  });

  it('spans engines: one experiment on two hosts is one cluster, with per-host counts', () => {
    const sut = summariseClusters([
      c('exp', 'running', { host: 'a' }),
      c('exp', 'running', { host: 'b' }),
      c('exp', 'failed', { host: 'b' }),
    ]);
    expect(sut).toHaveLength(1);
    expect(sut[0]).toMatchObject({ total: 3, hosts: { a: 1, b: 2 } });
  });

  it('is empty for no containers', () => {
    expect(summariseClusters([])).toEqual([]);
  });
});
