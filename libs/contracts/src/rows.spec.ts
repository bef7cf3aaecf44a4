import type { SimulationContainer } from './payloads/docker-simulations.js';
import {
  compareContainers,
  compareForTriage,
  matchesFilter,
  matchesSearch,
  sharedNetworkOf,
} from './rows.js';

const row = (over: Partial<SimulationContainer>) =>
  ({
    id: 'id',
    name: 'sim-a',
    displayName: 'sim-a',
    shortId: 'abc123',
    image: 'busybox',
    experiment: null,
    role: null,
    cluster: 'k',
    host: 'local',
    phase: 'running',
    reasons: ['running'],
    onSharedNetwork: false,
    ...over,
  }) as SimulationContainer;

describe('matchesSearch (the one search of server filters and the console)', () => {
  it.each<[string, Partial<SimulationContainer>, boolean]>([
    ['', {}, true],
    ['SIM-A', {}, true],
    ['abc1', {}, true],
    ['busy', {}, true],
    ['exp1', { experiment: 'exp1' }, true],
    ['trainer', { role: 'trainer' }, true],
    ['gpu', { host: 'gpu1' }, true],
    ['oom', { reasons: ['OOM-killed at 12:00'] }, true],
    ['nothing', {}, false],
  ])('%p in %p → %p', (q, over, expected) => {
    expect(matchesSearch(row(over), q)).toBe(expected);
  });

  it('combines criteria', () => {
    const c = row({ cluster: 'x', phase: 'crashloop', host: 'a' });
    expect(matchesFilter(c, { cluster: 'x', phase: 'crashloop', host: 'a', q: 'sim' })).toBe(true);
    expect(matchesFilter(c, { cluster: 'y' })).toBe(false);
    expect(matchesFilter(c, { experiment: 'e' })).toBe(false);
  });
});

describe('orders', () => {
  const rows = [
    row({ id: '1', cluster: 'k', displayName: 'sim-10' }),
    row({ id: '2', cluster: 'k', displayName: 'sim-2', phase: 'running' }),
    row({ id: '3', cluster: 'k', displayName: 'sim-3', phase: 'crashloop' }),
    row({ id: '4', cluster: 'a', displayName: 'sim-9' }),
  ];
  it('payload order: cluster, then name, naturally', () => {
    expect([...rows].sort(compareContainers).map((r) => r.id)).toEqual(['4', '2', '3', '1']);
  });
  it('triage order: problems first inside a cluster', () => {
    expect([...rows].sort(compareForTriage).map((r) => r.id)).toEqual(['4', '3', '2', '1']);
  });
});

describe('sharedNetworkOf', () => {
  it('counts members and their clusters', () => {
    const s = sharedNetworkOf(
      [
        row({ cluster: 'b', onSharedNetwork: true }),
        row({ cluster: 'a', onSharedNetwork: true }),
        row({ cluster: 'c' }),
      ],
      'sim-net',
    );
    expect(s).toEqual({ name: 'sim-net', clusters: ['a', 'b'], members: 2 });
  });
});
