import type {
  DockerSimulationsPayload,
  SimulationContainer,
} from '../payloads/docker-simulations.js';
import type { DockerSimulationsDelta } from '../payloads/live.js';
import { emptyPhaseCounts } from '../phases.js';
import { applyDelta } from './reduce.js';

const c = (id: string, cluster = 'k', extra: Partial<SimulationContainer> = {}) =>
  ({
    id,
    cluster,
    displayName: id,
    phase: 'running',
    state: 'running',
    onSharedNetwork: false,
    ...extra,
  }) as SimulationContainer;
const cluster = (name: string, total: number) => ({
  name,
  total,
  counts: emptyPhaseCounts(),
  networks: [],
  composeProjects: [],
  experiments: [],
  onSharedNetwork: false,
});
const state = (sequence: number, containers: SimulationContainer[]): DockerSimulationsPayload => ({
  schema: 'simscope.docker-simulations.v1',
  generatedAt: '',
  sequence,
  fingerprint: `f${sequence}`,
  source: { status: 'live', lastSuccessAt: null },
  host: null,
  clusters: [cluster('k', containers.length)],
  containers,
  counts: {
    total: containers.length,
    running: containers.length,
    byPhase: emptyPhaseCounts(),
    clusters: 1,
    sharedNetworkMembers: 0,
  },
  sharedNetwork: { name: 'sim-net', clusters: [], members: 0 },
});
const delta = (
  from: number,
  to: number,
  d: Partial<DockerSimulationsDelta> = {},
): DockerSimulationsDelta => ({
  schema: 'simscope.docker-simulations-delta.v1',
  fromSequence: from,
  sequence: to,
  fingerprint: `f${to}`,
  upserts: [],
  removals: [],
  clusters: [],
  removedClusters: [],
  ...d,
});

describe('applyDelta', () => {
  it('applies upserts and removals, keeps the server order and recounts', () => {
    const sut = applyDelta(
      state(3, [c('b'), c('c')]),
      delta(3, 4, {
        upserts: [
          c('a', 'k', { onSharedNetwork: true }),
          c('b', 'k', { phase: 'crashloop', state: 'restarting' }),
        ],
        removals: ['c'],
        clusters: [cluster('k', 2)],
      }),
    );

    expect(sut?.sequence).toBe(4);
    expect(sut?.fingerprint).toBe('f4');
    expect(sut?.containers.map((x) => x.id)).toEqual(['a', 'b']);
    expect(sut?.counts).toMatchObject({ total: 2, running: 1, sharedNetworkMembers: 1 });
    expect(sut?.counts.byPhase).toMatchObject({ running: 1, crashloop: 1 });
    expect(sut?.sharedNetwork.clusters).toEqual(['k']);
  });

  it('drops removed clusters', () => {
    const sut = applyDelta(
      state(1, [c('a')]),
      delta(1, 2, { removals: ['a'], removedClusters: ['k'] }),
    );
    expect(sut?.clusters).toEqual([]);
    expect(sut?.counts.clusters).toBe(0);
  });

  it.each([
    ['follows exactly', 5, 5, 6, 'applied'],
    ['overlaps a snapshot taken mid-burst', 5, 4, 7, 'applied'],
    ['already covered', 5, 3, 5, 'unchanged'],
    ['a gap', 5, 6, 7, 'gap'],
  ])('%s (holding %i, delta %i→%i)', (_case, held, from, to, outcome) => {
    const before = state(held, [c('a')]);
    const sut = applyDelta(before, delta(from, to, { upserts: [c('z')] }));
    const got = sut === null ? 'gap' : sut === before ? 'unchanged' : 'applied';
    expect(got).toBe(outcome);
  });
});
