import type { SwarmTask } from '../../adapters/docker/docker.types.js';
import {
  nodeHosts,
  recentFailures,
  taskCluster,
  taskPhase,
  taskRows,
  type TaskRowRules,
} from './task-rows.js';

import {
  aNode,
  aService,
  aTask,
  SWARM_NOW as NOW,
  swarmAgo as ago,
} from '../../testing/factories.js';

const rules = (over: Partial<TaskRowRules> = {}): TaskRowRules => ({
  endpoint: 'swarm',
  match: { labelPrefix: 'simscope', namePattern: /^sim[-_.]/ },
  labelPrefix: 'simscope',
  exposeLabels: [],
  includeStopped: true,
  statsVia: () => null,
  oomKilled: new Set(),
  now: NOW,
  ...over,
});

describe('nodeHosts', () => {
  it.each([
    ['distinct hostnames', [aNode(), aNode({ id: 'node2', hostname: 'lab2' })], ['lab1', 'lab2']],
    ['a repeated hostname: node ids', [aNode(), aNode({ id: 'node2' })], ['node1', 'node2']],
    ['no hostname: the id', [aNode({ hostname: '' })], ['node1']],
  ])('%s', (_, nodes, expected) => {
    expect([...nodeHosts(nodes).values()]).toEqual(expected);
  });
});

describe('taskCluster', () => {
  it.each([
    [{ 'simscope.cluster': 'a', 'com.docker.stack.namespace': 'st' }, 'a'],
    [{ 'simscope.experiment': 'e', 'com.docker.stack.namespace': 'st' }, 'e'],
    [{ 'com.docker.stack.namespace': 'st' }, 'st'],
    [{}, 'svc'],
  ])('%p → %s', (labels, expected) => {
    expect(taskCluster(labels, 'simscope', 'svc')).toBe(expected);
  });
});

describe('taskPhase', () => {
  const base = { service: aService(), node: aNode(), host: 'lab1', failures: 0, oomKilled: false };
  it.each<[string, Partial<typeof base> & { task: SwarmTask }, string, string[]]>([
    ['running', { task: aTask() }, 'running', []],
    ['preparing', { task: aTask({ state: 'preparing' }) }, 'starting', []],
    [
      'pending with no suitable node',
      {
        task: aTask({
          state: 'pending',
          nodeId: null,
          err: 'no suitable node (scheduling constraints not satisfied on 2 nodes)',
        }),
      },
      'starting',
      ['no suitable node (scheduling constraints not satisfied on 2 nodes)'],
    ],
    [
      'failed with the exit',
      { task: aTask({ state: 'failed', err: 'task: non-zero exit (3)', exitCode: 3 }) },
      'failed',
      ['task: non-zero exit (3)'],
    ],
    [
      'rejected with the scheduler’s reason',
      { task: aTask({ state: 'rejected', err: 'No such image: nope:1' }) },
      'failed',
      ['rejected: No such image: nope:1'],
    ],
    ['complete', { task: aTask({ state: 'complete', exitCode: 0 }) }, 'exited', []],
    [
      'shutdown',
      { task: aTask({ state: 'shutdown', desiredState: 'shutdown' }) },
      'exited',
      ['shutdown by the orchestrator (desired shutdown)'],
    ],
    [
      'running on a node that is down',
      { task: aTask(), node: aNode({ state: 'down', message: 'heartbeat failure' }) },
      'orphaned',
      [
        `node lab1 is down (heartbeat failure): the manager last saw this task running at ${ago(50)}; it may still run there`,
      ],
    ],
    [
      'failed on a node that is down stays failed',
      { task: aTask({ state: 'failed', err: 'x' }), node: aNode({ state: 'down' }) },
      'failed',
      ['x'],
    ],
    [
      'a running task of a service whose tasks keep failing',
      { task: aTask(), failures: 7 },
      'crashloop',
      ['7 tasks of sim4 failed in 10 min'],
    ],
    [
      'OOM evidence',
      {
        task: aTask({ state: 'failed', err: 'task: non-zero exit (137)', exitCode: 137 }),
        service: aService({ memoryLimitBytes: 8 * 2 ** 20 }),
        oomKilled: true,
      },
      'oom-killed',
      ['OOM-killed at its 8 MiB limit', 'task: non-zero exit (137)'],
    ],
    [
      'exit 137 with a limit, no evidence',
      {
        task: aTask({ state: 'failed', err: 'task: non-zero exit (137)', exitCode: 137 }),
        service: aService({ memoryLimitBytes: 8 * 2 ** 20 }),
      },
      'failed',
      [
        'task: non-zero exit (137)',
        "killed (SIGKILL) with a 8 MiB memory limit: OOM is likely, but only this node's engine can tell",
      ],
    ],
  ])('%s', (_, input, phase, reasons) => {
    expect(taskPhase({ ...base, ...input })).toEqual({ phase, reasons });
  });
});

describe('recentFailures', () => {
  it('counts failed and rejected tasks of the last 10 minutes per service', () => {
    const tasks = [
      aTask({ id: 'a', state: 'failed', statusAt: ago(30) }),
      aTask({ id: 'b', state: 'rejected', statusAt: ago(590) }),
      aTask({ id: 'c', state: 'failed', statusAt: ago(601) }),
      aTask({ id: 'd', state: 'running' }),
      aTask({ id: 'e', serviceId: 'svc2', state: 'failed', statusAt: ago(1) }),
    ];
    expect(recentFailures(tasks, NOW)).toEqual(
      new Map([
        ['svc1', 2],
        ['svc2', 1],
      ]),
    );
  });
});

describe('taskRows', () => {
  const view = {
    nodes: [aNode(), aNode({ id: 'node2', hostname: 'lab2', role: 'worker', leader: false })],
    services: [
      aService({
        restartPolicy: { name: 'on-failure', maximumRetryCount: 5 },
        memoryLimitBytes: 64 * 1024 * 1024,
      }),
      aService({ id: 'svc2', name: 'plain', labels: {} }),
    ],
    tasks: [
      aTask({ id: 't1' }),
      aTask({ id: 't2', slot: 2, nodeId: 'node2' }),
      aTask({
        id: 't3',
        slot: 3,
        state: 'failed',
        desiredState: 'shutdown',
        err: 'task: non-zero exit (3)',
        exitCode: 3,
      }),
      aTask({ id: 't4', serviceId: 'svc2' }),
    ],
  };

  it('makes a row of each task of an opted-in service, on its node, grouped by service', () => {
    const rows = taskRows(
      view,
      rules({ statsVia: ({ host }) => (host === 'lab1' ? 'swarm' : null) }),
    );

    expect(rows.map((r) => [r.id, r.host, r.displayName, r.phase, r.cluster])).toEqual([
      ['t1', 'lab1', 'sim4.1', 'running', 'sim4'],
      ['t2', 'lab2', 'sim4.2', 'running', 'sim4'],
      ['t3', 'lab1', 'sim4.3', 'failed', 'sim4'],
    ]);
    expect(rows[0].swarm).toMatchObject({
      statsVia: 'swarm',
      statsNote: null,
      serviceState: {
        desired: 4,
        mode: 'replicated',
        restartPolicy: { name: 'on-failure', maximumRetryCount: 5 },
        memoryLimitBytes: 64 * 1024 * 1024,
      },
    });
    expect(rows[1].swarm?.statsNote).toBe(
      "stats need this node's engine endpoint (one named lab2)",
    );
    expect(rows[2]).toMatchObject({
      exitCode: 3,
      reasons: ['task: non-zero exit (3)'],
      state: 'failed',
    });
  });

  it('leaves finished tasks out when stopped rows are not shown, but never an orphaned one', () => {
    const down = { ...view, nodes: [aNode({ state: 'down' })] };

    expect(taskRows(down, rules({ includeStopped: false })).map((r) => [r.id, r.phase])).toEqual([
      ['t1', 'orphaned'],
      ['t2', 'running'],
    ]);
  });

  it('matches a service by its container labels or its task name too', () => {
    const byLabel = aService({ labels: {}, containerLabels: { 'simscope.enable': 'true' } });
    const byName = aService({ labels: {}, name: 'sim-ok' });

    expect(taskRows({ ...view, services: [byLabel] }, rules()).length).toBe(3);
    expect(taskRows({ ...view, services: [byName] }, rules())[0].discoveredBy).toBe('name');
  });

  it('counts a global service’s desired tasks from the tasks the orchestrator wants running', () => {
    const global = aService({ mode: 'global', replicas: null });
    const rows = taskRows({ ...view, services: [global] }, rules());

    expect(rows[0].swarm?.serviceState.desired).toBe(2);
  });
});
