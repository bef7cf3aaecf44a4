import { TestBed } from '@angular/core/testing';
import {
  SimscopeClient,
  type DockerSimulationsDelta,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type StatsSample,
  type WatchAck,
} from '@simscope/contracts';
import {
  FakeSocket,
  containerFactory,
  dockerStatusFactory,
  inventoryFactory,
} from '../../testing/factories';
import { ContainerStreams } from '../simulations/container-streams';
import { SimulationsStore } from '../simulations/simulations.store';
import { LIVE_CONNECTION_OPTIONS, LiveConnection } from './live-connection';
import { LIVE_SOCKET_FACTORY } from './live-socket';
import { SIMSCOPE_CLIENT } from './simscope-client';

class FakeClient extends SimscopeClient {
  simulationsCalls = 0;
  fail = false;
  answer: DockerSimulationsPayload = inventoryFactory([containerFactory({ id: 'polled' })]);
  constructor() {
    super({ fetch: () => Promise.reject(new Error('no network in unit tests')) });
  }
  override simulations(): Promise<DockerSimulationsPayload> {
    this.simulationsCalls++;
    return this.fail ? Promise.reject(new Error('Failed to fetch')) : Promise.resolve(this.answer);
  }
  override dockerStatus(): Promise<DockerStatusPayload> {
    return this.fail
      ? Promise.reject(new Error('Failed to fetch'))
      : Promise.resolve(dockerStatusFactory());
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const client = new FakeClient();
  TestBed.configureTestingModule({
    providers: [
      { provide: SIMSCOPE_CLIENT, useValue: client },
      {
        provide: LIVE_SOCKET_FACTORY,
        useValue: () => {
          const s = new FakeSocket();
          sockets.push(s);
          return s;
        },
      },
      {
        provide: LIVE_CONNECTION_OPTIONS,
        useValue: { pollMs: 5000, backoffMinMs: 1000, backoffMaxMs: 8000, jitter: 0 },
      },
    ],
  });
  const sut = TestBed.inject(LiveConnection);
  // The simulations feed is the one the console always has; it is what the connection polls.
  const store = TestBed.inject(SimulationsStore);
  const latest = () => sockets[sockets.length - 1];
  return { sut, store, sockets, client, latest };
}

const snapshot = (sequence: number, ids: string[]) =>
  inventoryFactory(
    ids.map((id) => containerFactory({ id })),
    { sequence, fingerprint: `f${sequence}` },
  );

const delta = (from: number, to: number, upsertId: string): DockerSimulationsDelta => ({
  schema: 'simscope.docker-simulations-delta.v1',
  fromSequence: from,
  sequence: to,
  fingerprint: `f${to}`,
  upserts: [containerFactory({ id: upsertId })],
  removals: [],
  clusters: [],
  removedClusters: [],
});

const refusalError = (retryAfterMs: number) =>
  Object.assign(new Error('xhr poll error'), {
    description: 503,
    context: {
      status: 503,
      responseText: JSON.stringify({
        error: 'websocket_capacity_reached',
        max: 0,
        current: 0,
        retryAfterMs,
        scope: 'global',
      }),
    },
  });

describe('LiveConnection with the simulations store', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('goes live on connect and keeps the inventory from the snapshot and its deltas', () => {
    const { sut, store, latest } = setup();
    expect(sut.state().mode).toBe('connecting');

    latest().fire('connect');
    latest().fire('docker_simulations', snapshot(1, ['a']));
    latest().fire('docker_simulations:delta', delta(1, 2, 'b'));

    expect(sut.state().mode).toBe('live');
    expect(store.inventory()?.sequence).toBe(2);
    expect(
      store
        .inventory()
        ?.containers.map((c) => c.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('asks for a resync on a sequence gap and ignores deltas until the snapshot arrives', () => {
    const { store, latest } = setup();
    latest().fire('connect');
    latest().fire('docker_simulations', snapshot(1, ['a']));

    latest().fire('docker_simulations:delta', delta(4, 5, 'x'));
    latest().fire('docker_simulations:delta', delta(5, 6, 'y'));

    expect(latest().emitted.map((e) => e.event)).toEqual(['docker_simulations:resync']);
    expect(store.gaps()).toBe(1);
    expect(store.inventory()?.sequence).toBe(1);
    latest().fire('docker_simulations', snapshot(6, ['a', 'x', 'y']));
    expect(store.inventory()?.containers).toHaveLength(3);
  });

  it('falls back to polling when the socket cannot connect, then returns to live', async () => {
    const { sut, store, sockets, client, latest } = setup();

    latest().fire('connect_error', new Error('websocket error'));
    await jest.advanceTimersByTimeAsync(0);

    expect(sut.state().mode).toBe('polling');
    expect(store.inventory()?.containers[0].id).toBe('polled');
    expect(client.simulationsCalls).toBe(1);

    // Retries the socket after the backoff (1 s); it fails again, the next wait doubles.
    await jest.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    latest().fire('connect_error', new Error('websocket error'));
    await jest.advanceTimersByTimeAsync(1999);
    expect(sockets).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);

    // Polling goes on every 5 s meanwhile.
    await jest.advanceTimersByTimeAsync(2000);
    expect(client.simulationsCalls).toBe(2);

    latest().fire('connect');
    latest().fire('docker_simulations', snapshot(9, ['live']));
    expect(sut.state().mode).toBe('live');
    await jest.advanceTimersByTimeAsync(20_000);
    expect(client.simulationsCalls).toBe(2);
    expect(store.inventory()?.containers[0].id).toBe('live');
  });

  it('honours retryAfterMs from a capacity refusal before trying the socket again', async () => {
    const { sut, sockets, latest } = setup();

    latest().fire('connect_error', refusalError(10_000));
    await jest.advanceTimersByTimeAsync(0);

    expect(sut.state().mode).toBe('polling');
    expect(sut.state().refusal).toMatchObject({ error: 'websocket_capacity_reached', max: 0 });
    expect(sut.state().error).toContain('refused a live connection');
    await jest.advanceTimersByTimeAsync(9_999);
    expect(sockets).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
  });

  it('switches to polling when a live socket drops, and says offline when REST fails too', async () => {
    const { sut, client, latest } = setup();
    latest().fire('connect');
    expect(sut.state().mode).toBe('live');

    client.fail = true;
    latest().fire('disconnect', 'transport close');
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.state().mode).toBe('offline');
    expect(sut.state().error).toContain('not answering');

    client.fail = false;
    await jest.advanceTimersByTimeAsync(5000);
    expect(sut.state().mode).toBe('polling');
  });

  it('watches a container while subscribed: history from the ack, then samples; unwatches after', () => {
    const { latest } = setup();
    const streams = TestBed.inject(ContainerStreams);
    latest().fire('connect');
    const seen: number[][] = [];
    const sample = (cpu: number, id = 'c1') => ({ id, cpuPercent: cpu }) as StatsSample;
    const sub = streams
      .watchStats('c1')
      .subscribe((list) => seen.push(list.map((s) => s.cpuPercent ?? -1)));

    const watch = latest().emitted.find((e) => e.event === 'watch_container');
    expect(watch?.args[0]).toEqual({ id: 'c1' });
    (watch?.args[1] as (ack: WatchAck) => void)({
      ok: true,
      id: 'c1',
      samples: [sample(1), sample(2)],
    });
    latest().fire('container_stats', { id: 'c1', samples: [sample(3)] });
    latest().fire('container_stats', { id: 'other', samples: [sample(99, 'other')] });
    sub.unsubscribe();

    expect(seen).toEqual([
      [1, 2],
      [1, 2, 3],
    ]);
    expect(latest().emitted.at(-1)).toEqual({ event: 'unwatch_container', args: [{ id: 'c1' }] });
  });
});

describe('LiveConnection feeds', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('attaches a feed that registers later to the socket already open, and to every new one', () => {
    const { sut, sockets, latest } = setup();
    latest().fire('connect');
    const seen: string[] = [];
    sut.register({ attach: (s) => s.on('meta_ops', () => seen.push('event')) });
    latest().fire('meta_ops', {});
    latest().fire('disconnect', 'transport close');
    jest.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(2);
    latest().fire('meta_ops', {});
    expect(seen).toEqual(['event', 'event']);
  });

  it('drops a poll answer that lands after the socket connected (the socket is newer)', async () => {
    const { sut, store, client, latest } = setup();
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    jest.spyOn(client, 'simulations').mockImplementation(async () => {
      await slow;
      return inventoryFactory([containerFactory({ id: 'stale-poll' })]);
    });
    latest().fire('connect_error', new Error('websocket error'));
    await jest.advanceTimersByTimeAsync(1000);
    latest().fire('connect');
    latest().fire('docker_simulations', snapshot(3, ['live']));
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.state().mode).toBe('live');
    expect(store.inventory()?.containers.map((c) => c.id)).toEqual(['live']);
  });
});
