import type { SimulationContainer, SwarmTaskInfo } from '@simscope/contracts';
import { aServiceState, aTaskInfo } from '../../testing/factories.js';
import { serviceSummaries } from './service-summary.js';

const row = (
  over: Partial<SwarmTaskInfo> = {},
  phase: SimulationContainer['phase'] = 'running',
) => ({ phase, swarm: aTaskInfo(over) });

describe('serviceSummaries', () => {
  it.each<
    [
      string,
      Parameters<typeof serviceSummaries>[0] extends Iterable<infer R> ? R[] : never,
      object[],
    ]
  >([
    [
      '3 of 4 running; history and tasks being replaced do not count',
      [
        row(),
        row(),
        row(),
        row({ state: 'starting' }, 'starting'),
        row({ state: 'shutdown', desiredState: 'shutdown' }, 'exited'),
        row({ desiredState: 'shutdown' }),
      ],
      [{ name: 'sim4', desired: 4, running: 3, reason: null, crashLoop: false }],
    ],
    ['an orphaned task is not running', [row(), row({}, 'orphaned')], [{ running: 1 }]],
    [
      'a service whose tasks keep failing',
      [
        row(
          {
            state: 'ready',
            serviceState: aServiceState({ desired: 1, recentFailures: 7 }),
          },
          'crashloop',
        ),
      ],
      [{ running: 0, desired: 1, reason: '7 tasks failed in 10 min', crashLoop: true }],
    ],
    [
      'a task no node can take',
      [
        row(
          {
            state: 'pending',
            error: 'no suitable node (scheduling constraints not satisfied on 2 nodes)',
          },
          'starting',
        ),
      ],
      [{ reason: 'no suitable node (scheduling constraints not satisfied on 2 nodes)' }],
    ],
    [
      'two services by name, with the update state',
      [
        row({ serviceId: 'b', service: 'zeta' }),
        row({
          serviceId: 'a',
          service: 'alpha',
          serviceState: aServiceState({
            mode: 'global',
            desired: 2,
            updateState: 'updating',
            updateMessage: 'update in progress',
          }),
        }),
      ],
      [
        {
          name: 'alpha',
          mode: 'global',
          updateState: 'updating',
          updateMessage: 'update in progress',
        },
        { name: 'zeta', updateState: null },
      ],
    ],
    ['plain containers have no services', [{ phase: 'running' as const }], []],
  ])('%s', (_, rows, expected) => {
    const got = serviceSummaries(rows);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e));
  });
});
