import { loadConfig } from '../../config/app-config.js';
import { toSettings } from '../../config/settings.js';
import { aNode, aService, aTask } from '../../testing/factories.js';
import { FakeDockerPort } from '../../testing/fake-docker-port.js';
import { InventoryWriter } from '../inventory-writer.js';
import { SwarmSource } from './swarm-source.js';
import { frame } from './task-logs.js';
import { StatsUnavailableError } from './task-port.js';

const settings = toSettings(loadConfig({})).discovery;
const settle = async (until: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !until(); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
};

function newSource(engines = new Map<string, FakeDockerPort>()) {
  const manager = new FakeDockerPort();
  manager.swarmNodeId = 'node1';
  manager.nodes = [
    aNode(),
    aNode({ id: 'node2', hostname: 'lab2', role: 'worker', leader: false }),
  ];
  manager.services = [aService()];
  manager.tasks = [
    aTask({ id: 't1' }),
    aTask({ id: 't2', slot: 2, nodeId: 'node2', containerId: 'c2' }),
  ];
  const writer = new InventoryWriter();
  const sut = new SwarmSource('swarm', manager, settings, writer, engines);
  return { sut, manager, inventory: writer.inventory };
}

describe('SwarmSource', () => {
  it('serves every task as a row on its node, and removes a task the manager forgot', async () => {
    const { sut, manager, inventory } = newSource();
    sut.start();
    await settle(() => sut.source.status === 'live');

    expect([...inventory.values()].map((e) => [e.container.id, e.container.host])).toEqual([
      ['t1', 'lab1'],
      ['t2', 'lab2'],
    ]);
    expect(sut.owns('t1')).toBe(true);

    manager.tasks = manager.tasks.slice(0, 1);
    await sut.reconcile();
    expect([...inventory.ids()]).toEqual(['t1']);
    expect(sut.owns('t2')).toBe(false);
    sut.stop();
  });

  it('tells the hosts list when a node changes, with its state and a diagnosis when down', async () => {
    const { sut, manager } = newSource();
    const seen: string[] = [];
    sut.sourceChanges$.subscribe((s) => seen.push(s.status));
    sut.start();
    await settle(() => sut.source.status === 'live');
    const before = seen.length;

    manager.nodes = [
      aNode(),
      aNode({ id: 'node2', hostname: 'lab2', state: 'down', message: 'heartbeat failure' }),
    ];
    await sut.reconcile();

    expect(seen.length).toBe(before + 1);
    const lab2 = sut.hostSummaries(new Map()).find((h) => h.name === 'lab2');
    expect(lab2).toMatchObject({
      status: 'stale',
      node: { state: 'down', role: 'manager' },
      diagnosis: { error: 'heartbeat failure' },
    });
    sut.stop();
  });

  it('names a manager that is not one, as the endpoint’s own hosts entry', async () => {
    const { sut, manager } = newSource();
    manager.listNodes = () => Promise.reject(new Error('This node is not a swarm manager.'));

    await expect(sut.reconcile()).rejects.toThrow(
      'unix:///fake.sock is not a Swarm manager (mode=swarm needs one)',
    );
    sut.start();
    await settle(() => sut.source.status === 'unavailable' && sut.source.diagnosis !== undefined);
    expect(sut.hostSummaries(new Map())).toEqual([
      expect.objectContaining({
        name: 'swarm',
        status: 'unavailable',
        diagnosis: expect.objectContaining({
          error: expect.stringContaining('is not a Swarm manager'),
        }),
      }),
    ]);
    sut.stop();
  });

  it('reads a task’s logs through its service, cut to the task', async () => {
    const { sut, manager } = newSource();
    await sut.reconcile();
    const d = (t: string) => `com.docker.swarm.service.id=svc1,com.docker.swarm.task.id=${t}`;
    manager.serviceOutput.set(
      'svc1',
      Buffer.concat([
        frame(1, `2026-11-23T12:00:00Z ${d('t1')} mine\n`),
        frame(1, `2026-11-23T12:00:00Z ${d('t2')} theirs\n`),
      ]),
    );

    const out = await sut.taskPort.containerLogs('t1', { tail: 5, stdout: true, stderr: true });

    expect(out.subarray(8).toString()).toBe('2026-11-23T12:00:00Z mine\n');
    expect(manager.serviceReads).toEqual([
      { id: 'svc1', options: { tail: 5, stdout: true, stderr: true } },
    ]);
  });

  it('reads stats through the manager for its own node, a node’s own endpoint, or says what is missing', async () => {
    const lab2 = new FakeDockerPort();
    const { sut, manager } = newSource(new Map([['lab2', lab2]]));
    manager.tasks.push(aTask({ id: 't3', slot: 3, nodeId: 'node3' }));
    manager.nodes.push(aNode({ id: 'node3', hostname: 'lab3', leader: false }));
    sut.start();
    await settle(() => sut.source.status === 'live');

    await sut.taskPort.containerStats('t1');
    await sut.taskPort.containerStats('t2');
    expect(manager.statsAsked).toEqual(['c'.repeat(64)]);
    expect(lab2.statsAsked).toEqual(['c2']);
    await expect(sut.taskPort.containerStats('t3')).rejects.toThrow(
      new StatsUnavailableError("stats need this node's engine endpoint (one named lab3)"),
    );
    sut.stop();
  });

  it('marks a task OOM-killed on the manager’s oom event for its container', async () => {
    const { sut, manager, inventory } = newSource();
    manager.tasks = [
      aTask({ id: 't1', state: 'failed', exitCode: 137, err: 'task: non-zero exit (137)' }),
    ];
    sut.start();
    await settle(() => sut.source.status === 'live');
    expect(inventory.get('t1')?.container.phase).toBe('failed');

    manager.emit({ action: 'oom', id: 'c1', attributes: { 'com.docker.swarm.task.id': 't1' } });
    await settle(() => inventory.get('t1')?.container.phase === 'oom-killed');

    expect(inventory.get('t1')?.container.phase).toBe('oom-killed');
    sut.stop();
  });
});
