import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import { aListItem, someDetails } from '../testing/factories.js';
import { FakeDockerPort } from '../testing/fake-docker-port.js';
import { EngineWatcher } from './engine-watcher.js';
import { InventoryWriter } from './inventory-writer.js';

const settings = { ...toSettings(loadConfig({})).discovery, reconcileMs: 3_600_000 };
const settle = async (until: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !until(); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
};

function newWatcher() {
  const docker = new FakeDockerPort();
  const writer = new InventoryWriter();
  const sut = new EngineWatcher('local', docker, settings, writer);
  return { sut, docker, writer, inventory: writer.inventory };
}

describe('EngineWatcher', () => {
  it('subscribes, lists, and serves what it found as live', async () => {
    const { sut, docker, inventory } = newWatcher();
    docker.put(aListItem('a'), someDetails('a'));
    docker.put(aListItem('db', { name: 'postgres' }), someDetails('db', { name: 'postgres' }));
    sut.start();
    await settle(() => sut.source.status === 'live');
    expect([...inventory.ids()]).toEqual(['a']);
    expect(docker.calls).toMatchObject({ events: 1, list: 1 });
    sut.stop();
  });

  it('an event inspects only the container it names; destroy removes it', async () => {
    const { sut, docker, inventory } = newWatcher();
    sut.start();
    await settle(() => sut.source.status === 'live');
    docker.put(aListItem('b'), someDetails('b'));
    docker.emit({ action: 'start', id: 'b', attributes: { name: 'sim-b' } });
    await settle(() => inventory.get('b') !== undefined);
    expect(inventory.get('b')?.container.phase).toBe('running');
    expect(docker.calls).toMatchObject({ list: 1, inspect: 1 });
    docker.emit({ action: 'destroy', id: 'b' });
    expect(inventory.get('b')).toBeUndefined();
    sut.stop();
  });

  it('ignores events of containers that are not simulations', async () => {
    const { sut, docker } = newWatcher();
    sut.start();
    await settle(() => sut.source.status === 'live');
    docker.emit({ action: 'start', id: 'x', attributes: { name: 'postgres' } });
    docker.emit({ action: 'exec_start: sh', id: 'x', attributes: { name: 'sim-x' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(docker.calls.inspect).toBe(0);
    sut.stop();
  });

  it('goes stale with a diagnosis when the engine goes away, keeping its rows', async () => {
    const { sut, docker, inventory } = newWatcher();
    docker.put(aListItem('a'), someDetails('a'));
    sut.start();
    await settle(() => sut.source.status === 'live');
    const states: string[] = [];
    sut.sourceChanges$.subscribe((s) => states.push(s.status));
    docker.kill();
    await settle(() => sut.source.status === 'stale');
    expect(sut.source.diagnosis).toMatchObject({ host: 'local' });
    expect(inventory.get('a')).toBeDefined();
    docker.down = null;
    await settle(() => sut.source.status === 'live');
    expect(states).toEqual(['stale', 'live']);
    sut.stop();
  });

  it('a reconcile removes what is gone from the list and rebuilds what changed', async () => {
    const { sut, docker, inventory } = newWatcher();
    docker.put(aListItem('a'), someDetails('a'));
    docker.put(aListItem('b'), someDetails('b'));
    sut.start();
    await settle(() => inventory.size === 2);
    docker.remove('a');
    docker.put(
      aListItem('b', { state: 'exited', status: 'Exited (3) 1 second ago' }),
      someDetails('b', { state: { status: 'exited', running: false, exitCode: 3 } }),
    );
    await sut.reconcile();
    expect([...inventory.ids()]).toEqual(['b']);
    expect(inventory.get('b')?.container).toMatchObject({ state: 'exited', exitCode: 3 });
    sut.stop();
  });

  it('applies start and die from the event at once; the inspect that follows refines the row', async () => {
    const { sut, docker, inventory } = newWatcher();
    const stopped = { status: 'exited', running: false, exitCode: 1 } as const;
    docker.put(aListItem('a', { state: 'exited' }), someDetails('a', { state: stopped }));
    sut.start();
    await settle(() => sut.source.status === 'live');
    let release = () => {};
    docker.inspectGate = new Promise((r) => (release = r));
    const startedAt = '2026-06-01T12:00:00.123Z';
    docker.put(aListItem('a'), someDetails('a', { state: { startedAt } }));

    docker.emit({ action: 'start', id: 'a', timeMs: Date.parse('2026-06-01T12:00:00.130Z') });

    expect(inventory.get('a')?.container).toMatchObject({
      state: 'running',
      phase: 'running',
      exitCode: null,
      startedAt: '2026-06-01T12:00:00.130Z',
    });
    release();
    await settle(() => inventory.get('a')?.container.startedAt === startedAt);
    expect(inventory.get('a')?.container.startedAt).toBe(startedAt);

    docker.inspectGate = new Promise((r) => (release = r));
    docker.emit({ action: 'die', id: 'a', attributes: { exitCode: '3' } });

    expect(inventory.get('a')?.container).toMatchObject({ state: 'exited', exitCode: 3 });
    release();
    sut.stop();
  });

  it('an inspect answered while a newer event waits is not applied over that event', async () => {
    const { sut, docker, writer } = newWatcher();
    const created = { status: 'created', running: false } as const;
    docker.put(aListItem('a', { state: 'created' }), someDetails('a', { state: created }));
    sut.start();
    await settle(() => sut.source.status === 'live');
    const states: string[] = [];
    writer.changes$.subscribe((c) => states.push(...c.updated.map((u) => u.container.state)));
    let release = () => {};
    docker.inspectGate = new Promise((r) => (release = r));
    docker.put(aListItem('a'), someDetails('a'));
    docker.emit({ action: 'start', id: 'a' }); // its inspect will answer "running", now stale
    const exited = { status: 'exited', running: false, exitCode: 2 } as const;
    docker.put(aListItem('a', { state: 'exited' }), someDetails('a', { state: exited }));
    docker.emit({ action: 'die', id: 'a', attributes: { exitCode: '2' } });

    release();
    await settle(() => docker.calls.inspect >= 3);
    await new Promise((r) => setTimeout(r, 10));

    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['running', 'exited']);
    sut.stop();
  });
});
