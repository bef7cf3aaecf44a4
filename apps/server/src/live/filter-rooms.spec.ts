import {
  DOCKER_SIMULATIONS_DELTA_SCHEMA,
  type ClusterSummary,
  type DockerSimulationsDelta,
} from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import type { MergedChange } from './coalescer.js';
import { FilterRooms } from './filter-rooms.js';

const summary = (name: string) => ({ name }) as ClusterSummary;

/** One change: a1 (cluster a, host h1) and b2 (cluster b, host h2) upserted; a3 (a, h2) removed. */
const merged: MergedChange = {
  fromSequence: 4,
  sequence: 5,
  upserted: new Map([
    ['a1', aContainer('a1', { cluster: 'a', host: 'h1' })],
    ['b2', aContainer('b2', { cluster: 'b', host: 'h2' })],
  ]),
  removed: new Map([['a3', { cluster: 'a', host: 'h2' }]]),
  clusters: new Set(['a', 'b', 'gone']),
};
const full: DockerSimulationsDelta = {
  schema: DOCKER_SIMULATIONS_DELTA_SCHEMA,
  fromSequence: 4,
  sequence: 5,
  fingerprint: 'fp',
  upserts: [...merged.upserted.values()],
  removals: ['a3'],
  clusters: [summary('a'), summary('b')],
  removedClusters: ['gone'],
};

/** A cut as `upserts | removals | clusters | removedClusters`, ids joined. */
const shape = (d: DockerSimulationsDelta) =>
  [d.upserts.map((c) => c.id), d.removals, d.clusters.map((c) => c.name), d.removedClusters]
    .map((xs) => xs.join(','))
    .join(' | ');

describe('FilterRooms', () => {
  it.each<[string, string[] | null, string[] | null, string]>([
    ['one cluster', ['a'], null, 'a1 | a3 | a | '],
    ['a cluster that left', ['gone'], null, ' |  |  | gone'],
    ['one engine: cluster summaries whole', null, ['h2'], 'b2 | a3 | a,b | gone'],
    ['a cluster on one engine', ['a'], ['h1'], 'a1 |  | a | '],
    ['nothing that matches', ['z'], null, ' |  |  | '],
  ])('cuts the delta for %s', (_name, clusters, hosts, expected) => {
    const sut = new FilterRooms();
    const room = sut.roomFor(clusters, hosts);

    const cuts = [...sut.cuts(full, merged, () => true)];

    expect(cuts.map(([r]) => r)).toEqual([room]);
    expect(shape(cuts[0][1])).toBe(expected);
    expect(cuts[0][1]).toMatchObject({ fromSequence: 4, sequence: 5, fingerprint: 'fp' });
  });

  it('gives one room per distinct filter, and forgets a room once no one is in it', () => {
    const sut = new FilterRooms();
    const a = sut.roomFor(['a'], null);
    const b = sut.roomFor(['b'], null);

    expect(sut.roomFor(['a'], null)).toBe(a);
    expect(sut.roomFor(null, ['a'])).not.toBe(a);
    expect([...sut.cuts(full, merged, (r) => r !== a)].map(([r]) => r)).toEqual([
      b,
      sut.roomFor(null, ['a']),
    ]);
    expect(sut.roomFor(['a'], null)).not.toBe(a); // a new room for a filter seen again later
  });
});
