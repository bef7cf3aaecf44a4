import type { SourceState } from '@simscope/contracts';
import { aNode, SWARM_NOW } from '../../testing/factories.js';

const AT = new Date(SWARM_NOW).toISOString();
import { nodeSummary, type NodeContext } from './node-summary.js';

const live: SourceState = { status: 'live', lastSuccessAt: AT };
const managerDown: SourceState = {
  status: 'stale',
  lastSuccessAt: AT,
  diagnosis: {
    code: 'daemon-unreachable',
    remediation: 'Check the manager.',
    error: 'ECONNREFUSED',
    endpoint: 'tcp://m:2376',
    dockerHostSet: false,
    at: AT,
  },
};

const context = (source: SourceState): NodeContext => ({
  manager: 'swarm',
  endpoint: 'tcp://m:2376',
  source,
  counts: new Map([['lab1', { total: 3, running: 2 }]]),
  lastEventAgeMs: 40,
  lastReconcileMs: 5,
  now: AT,
});

describe('nodeSummary', () => {
  it.each<[string, SourceState, Parameters<typeof aNode>[0], object, string | null]>([
    [
      'a ready node under a live manager is live, with no diagnosis',
      live,
      {},
      { status: 'live', counts: { total: 3, running: 2 } },
      null,
    ],
    [
      'a down node under a live manager is stale, with the manager’s words',
      live,
      { state: 'down', message: 'heartbeat failure' },
      { status: 'stale', counts: { total: 3, running: 2 } },
      'heartbeat failure',
    ],
    [
      'every node shares an unreachable manager’s status and diagnosis',
      managerDown,
      {},
      { status: 'stale' },
      'ECONNREFUSED',
    ],
    [
      'a node with no rows has zero counts',
      live,
      { id: 'node2', hostname: 'lab2' },
      { counts: { total: 0, running: 0 } },
      null,
    ],
  ])('%s', (_name, source, node, expected, error) => {
    const n = aNode(node);
    const sut = nodeSummary(n, n.hostname, context(source));

    expect(sut).toMatchObject({
      name: n.hostname,
      endpoint: 'swarm node 127.0.0.1 via tcp://m:2376',
      engine: null,
      node: { endpoint: 'swarm', id: n.id, role: 'manager', state: n.state },
      ...expected,
    });
    expect(sut.diagnosis?.error ?? null).toBe(error);
  });
});
