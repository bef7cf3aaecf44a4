import { EventEmitter } from 'node:events';
import { BehaviorSubject, Subject } from 'rxjs';
import { Server } from 'socket.io';
import type { SimulationContainer } from '@simscope/contracts';
import { loadConfig } from '../config/app-config.js';
import { toSettings } from '../config/settings.js';
import { Inventory, type InventoryChange } from '../docker/inventory.js';
import type { InventoryReader } from '../docker/inventory-reader.js';
import type { StacksService } from '../stacks/stacks.service.js';
import type { StatsService } from '../stats/stats.service.js';
import type { DockerStatusService } from '../docker/docker-status.service.js';
import type { SimulationsService } from '../docker/simulations.service.js';
import type { GuardService } from '../runtime/guard.service.js';
import type { MetaStoreService } from '../meta/meta-store.service.js';
import {
  ALL_ROOM,
  LiveStreamService,
  initialSocketData,
  type LiveServer,
  type LiveSocket,
} from './live-stream.service.js';

/**
 * A socket with an engine.io-like connection: while `busy` (the transport still writing), what it
 * is sent stays in the write buffer; `flush()` hands the buffer over and says 'drain', as engine.io does.
 */
class FakeSocket {
  readonly conn = Object.assign(new EventEmitter(), { writeBuffer: [] as unknown[] });
  busy = false;
  readonly rooms = new Set<string>([ALL_ROOM]);
  readonly data = initialSocketData('127.0.0.1');
  readonly emitted: string[] = [];
  join(room: string) {
    this.rooms.add(room);
  }
  leave(room: string) {
    this.rooms.delete(room);
  }
  emit(event: string) {
    this.emitted.push(event);
    if (this.busy) {
      this.conn.writeBuffer.push(event);
    }
  }
  flush() {
    this.conn.writeBuffer = [];
    this.conn.emit('drain');
  }
}

/** Just enough of a Socket.IO server: rooms, `to(room).except(room).emit`. */
function fakeServer(sockets: FakeSocket[]) {
  const delivered = new Map<FakeSocket, string[]>();
  const operator = (room: string | null, excluded: string | null) => ({
    to: (to: string) => operator(to, excluded),
    except: (except: string) => operator(room, except),
    emit: (event: string) => {
      for (const s of sockets) {
        if ((room === null || s.rooms.has(room)) && (excluded === null || !s.rooms.has(excluded))) {
          delivered.set(s, [...(delivered.get(s) ?? []), event]);
        }
      }
    },
  });
  const server = {
    encoder: new Server().encoder,
    sockets: {
      sockets: new Map(sockets.map((s, i) => [String(i), s])),
      adapter: { rooms: new Map<string, Set<string>>() },
    },
    ...operator(null, null),
  };
  return { server: server as unknown as LiveServer, delivered };
}

const container = (id: string) =>
  ({
    id,
    cluster: 'c',
    phase: 'running',
    state: 'running',
    networks: [],
    composeProject: null,
    experiment: null,
    onSharedNetwork: false,
  }) as unknown as SimulationContainer;

function setup() {
  const inventory = new Inventory();
  const changes = new Subject<InventoryChange>();
  const source = {
    changes$: changes,
    sourceChanges$: new Subject(),
    cluster: () => undefined,
    fingerprint: 'f',
    sequence: 0,
  } as unknown as InventoryReader;
  const simulations = { snapshot: () => ({ containers: [] }) } as unknown as SimulationsService;
  const guard = {
    broadcast$: new Subject(),
    events$: new Subject(),
    latest$: new BehaviorSubject(null),
  } as unknown as GuardService;
  const meta = { records$: new Subject() } as unknown as MetaStoreService;
  const sut = new LiveStreamService(
    source,
    simulations,
    guard,
    meta,
    { status: () => ({}) } as unknown as DockerStatusService,
    { samples$: new Subject(), usage$: new Subject() } as unknown as StatsService,
    { deltas$: new Subject(), full: () => ({}) } as unknown as StacksService,
    { ...toSettings(loadConfig({})).live, maxBuffered: 10 },
  );
  return { sut, inventory, changes };
}

describe('LiveStreamService slow consumers', () => {
  it('parks a socket whose queue passed the bound, then sends it one snapshot when it drains', () => {
    const { sut, inventory, changes } = setup();
    const fast = new FakeSocket();
    const slow = new FakeSocket();
    slow.conn.writeBuffer = new Array(11).fill('packet');
    const { server, delivered } = fakeServer([fast, slow]);
    sut.bind(server);
    sut.onModuleInit();

    const change = inventory.apply([{ container: container('a'), action: 'create', at: 0 }]);
    changes.next(change as InventoryChange);

    expect(delivered.get(fast)).toEqual(['docker_simulations:delta']);
    expect(delivered.get(slow)).toBeUndefined();
    expect(slow.data.lagging).toBe(true);

    slow.conn.writeBuffer = [];
    slow.conn.emit('drain');

    expect(slow.data.lagging).toBe(false);
    expect(slow.rooms.has('lagging')).toBe(false);
    expect(slow.emitted).toEqual(['docker_simulations']);
    sut.onModuleDestroy();
  });
});

describe('LiveStreamService snapshots', () => {
  it('queues one snapshot per socket however often it is asked, and one fresh one after it drains', () => {
    const { sut } = setup();
    const socket = new FakeSocket();
    socket.busy = true;
    sut.bind(fakeServer([socket]).server);
    const asLive = socket as unknown as LiveSocket;

    for (let i = 0; i < 9000; i++) {
      sut.sendSnapshot(asLive);
    }
    expect(socket.emitted).toEqual(['docker_simulations']);
    expect(sut.snapshotsMerged).toBe(8999);

    socket.busy = false;
    socket.flush();
    expect(socket.emitted).toEqual(['docker_simulations', 'docker_simulations']);
    socket.flush();
    expect(socket.emitted).toHaveLength(2);
  });

  it('does not wait for a drain that already happened: a snapshot handed straight to the transport', () => {
    const { sut } = setup();
    const socket = new FakeSocket();
    sut.bind(fakeServer([socket]).server);
    const asLive = socket as unknown as LiveSocket;

    sut.sendSnapshot(asLive); // on connect
    sut.sendSnapshot(asLive); // a resync right after, with nothing left to drain
    expect(socket.emitted).toEqual(['docker_simulations', 'docker_simulations']);
    expect(sut.snapshotsMerged).toBe(0);
  });

  it('sends a parked socket nothing until it drains', () => {
    const { sut } = setup();
    const socket = new FakeSocket();
    socket.conn.writeBuffer = new Array(11).fill('packet');
    sut.bind(fakeServer([socket]).server);
    const asLive = socket as unknown as LiveSocket;

    sut.sendSnapshot(asLive);
    sut.sendHealth(asLive);
    expect(sut.canSend(asLive)).toBe(false);
    expect(socket.emitted).toEqual([]);
    expect(sut.parked).toBe(1);
  });
});
