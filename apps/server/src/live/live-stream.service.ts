import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  DOCKER_SIMULATIONS_DELTA_SCHEMA,
  naturalCompare,
  type ClusterSummary,
  type ClientToServerEvents,
  type DockerSimulationsDelta,
  type ServerToClientEvents,
} from '@simscope/contracts';
import type { Server, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import { LiveSettings } from '../config/settings.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { DockerStatusService } from '../docker/docker-status.service.js';
import { StatsService } from '../stats/stats.service.js';
import { StacksService } from '../stacks/stacks.service.js';
import { SimulationsService } from '../docker/simulations.service.js';
import { GuardService } from '../runtime/guard.service.js';
import { MetaStoreService } from '../meta/meta-store.service.js';
import { ANONYMOUS, type Identity } from '../auth/identity.js';
import { Coalescer, type MergedChange } from './coalescer.js';
import { FILTER_PREFIX, FilterRooms } from './filter-rooms.js';
import { sendEncoded } from './encoded-event.js';
import { SharedSnapshots } from './shared-snapshots.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export interface SocketData {
  ip: string;
  /** Who opened it (the anonymous admin in `none` mode). */
  identity: Identity;
  /** null: everything. */
  clusters: string[] | null;
  /** null: every engine. */
  hosts: string[] | null;
  /** Parked: its outgoing queue passed the bound; nothing more is queued until it drains. */
  lagging: boolean;
  /** A snapshot for this socket is queued and not yet written out. */
  snapshotQueued: boolean;
  /** Asked for (resync, subscribe) while one was queued: one fresh snapshot follows on drain. */
  snapshotWanted: boolean;
  /** Containers this socket watches (stats) or follows (logs), keyed `stats:<id>` / `logs:<id>`. */
  streams: Set<string>;
}

/** The part of engine.io's socket the outgoing bound reads. */
interface EngineConn {
  writeBuffer: unknown[];
  once(event: 'drain', listener: () => void): void;
}
const engineOf = (socket: LiveSocket): EngineConn => socket.conn as unknown as EngineConn;

/** A fresh socket's bookkeeping (everything, not parked, nothing queued or watched). */
export function initialSocketData(ip: string, identity: Identity = ANONYMOUS): SocketData {
  return {
    ip,
    identity,
    clusters: null,
    hosts: null,
    lagging: false,
    snapshotQueued: false,
    snapshotWanted: false,
    streams: new Set(),
  };
}

export const ALL_ROOM = 'all';
const LAGGING_ROOM = 'lagging';

/** Turns inventory changes into coalesced deltas, one encoding per audience (room). */
@Injectable()
export class LiveStreamService implements OnModuleInit, OnModuleDestroy {
  private server: LiveServer | null = null;
  private readonly coalescer: Coalescer;
  /** Deltas broadcast and bytes sent (each encoding × its audience), for /metrics. */
  deltasSent = 0;
  bytesSent = 0;
  /** Sockets parked for a full outgoing queue, and resync requests merged into a queued snapshot. */
  parked = 0;
  snapshotsMerged = 0;
  /** Refusals and closes by reason (origin, auth, rate, watch cap, dropped events), for /metrics. */
  readonly refusals: Record<string, number> = {};
  private readonly subscriptions: Subscription[] = [];
  private readonly rooms = new FilterRooms();
  private readonly snapshots: SharedSnapshots;

  constructor(
    private readonly source: InventoryReader,
    private readonly simulations: SimulationsService,
    private readonly guard: GuardService,
    private readonly meta: MetaStoreService,
    private readonly status: DockerStatusService,
    private readonly stats: StatsService,
    private readonly stacks: StacksService,
    private readonly settings: LiveSettings,
  ) {
    this.coalescer = new Coalescer(
      (merged) => this.broadcast(merged),
      settings.coalesceMs,
      settings.coalesceMaxMs,
    );
    this.snapshots = new SharedSnapshots((scope) => this.simulations.snapshot({}, scope));
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.source.changes$.subscribe((change) => this.coalescer.push(change)),
      this.guard.broadcast$.subscribe((health) => this.everyone()?.emit('runtime_health', health)),
      this.guard.events$.subscribe((event) => this.everyone()?.emit('simulation_guard', event)),
      this.meta.records$.subscribe((event) => this.everyone()?.emit('meta_ops', event)),
      this.stats.samples$.subscribe((sample) =>
        this.members(statsRoom(sample.id))?.emit('container_stats', {
          id: sample.id,
          samples: [sample],
        }),
      ),
      this.stats.usage$.subscribe((usage) => this.everyone()?.emit('docker_usage', usage)),
      this.stacks.deltas$.subscribe((delta) => this.everyone()?.emit('docker_stacks:delta', delta)),
      this.source.sourceChanges$.subscribe(() => {
        this.snapshots.clear(); // a snapshot carries the source's status
        this.everyone()?.emit('docker_status', this.status.status());
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.coalescer.drain();
  }

  count(reason: string): void {
    this.refusals[reason] = (this.refusals[reason] ?? 0) + 1;
  }

  bind(server: LiveServer): void {
    this.server = server;
  }

  /**
   * A snapshot for one socket, at most one queued at a time: asked for again while one waits in its
   * outgoing queue (a resync flood, say), it is sent once, fresh, when that one is written out. A
   * parked socket gets one when it drains.
   */
  sendSnapshot(socket: LiveSocket): void {
    const data = socket.data;
    if (data.snapshotQueued) {
      data.snapshotWanted = true;
      this.snapshotsMerged++;
      return;
    }
    const server = this.server;
    if (!server || !this.canSend(socket)) {
      return;
    }
    const snapshot = this.snapshots.get(server.encoder, data, this.source.sequence);
    this.bytesSent += snapshot.bytes;
    sendEncoded(socket, snapshot);
    // engine.io hands its queue to a writable transport at once (and says 'drain' right then): only
    // a snapshot still in the queue, behind a busy transport, is waiting to go.
    const conn = engineOf(socket);
    if (conn.writeBuffer.length === 0) {
      return;
    }
    data.snapshotQueued = true;
    conn.once('drain', () => {
      data.snapshotQueued = false;
      if (data.snapshotWanted) {
        data.snapshotWanted = false;
        this.sendSnapshot(socket);
      }
    });
  }

  /**
   * Whether one more packet may be queued for this socket. Past the bound it is parked: it leaves
   * every broadcast, per-socket sends (log lines) are dropped, and when its queue drains it gets one
   * fresh snapshot, so a slow or stalled client costs bounded memory and still converges.
   */
  canSend(socket: LiveSocket): boolean {
    const data = socket.data;
    if (data.lagging) {
      return false;
    }
    const conn = engineOf(socket);
    if (conn.writeBuffer.length <= this.settings.maxBuffered) {
      return true;
    }
    data.lagging = true;
    this.parked++;
    void socket.join(LAGGING_ROOM);
    conn.once('drain', () => {
      data.lagging = false;
      void socket.leave(LAGGING_ROOM);
      this.sendSnapshot(socket);
    });
    return false;
  }

  /** Every socket not parked (checked first), for broadcasts. */
  private everyone() {
    const server = this.server;
    if (!server) {
      return null;
    }
    for (const socket of server.sockets.sockets.values()) {
      this.canSend(socket);
    }
    return server.except(LAGGING_ROOM);
  }

  /**
   * The members of one room that are not parked, checking only them: stats samples go to a
   * container's few watchers every second, and need not look at every other socket.
   */
  private members(room: string) {
    const server = this.server;
    if (!server) {
      return null;
    }
    for (const id of server.sockets.adapter.rooms.get(room) ?? []) {
      const socket = server.sockets.sockets.get(id);
      if (socket) {
        this.canSend(socket);
      }
    }
    return server.to(room).except(LAGGING_ROOM);
  }

  /** What a new socket gets after its snapshot: Docker's status, usage, stacks and runtime health. */
  sendHealth(socket: LiveSocket): void {
    if (!this.canSend(socket)) {
      return;
    }
    socket.emit('docker_status', this.status.status());
    socket.emit('docker_usage', this.stats.usage);
    socket.emit('docker_stacks:delta', this.stacks.full());
    const health = this.guard.latest$.value;
    if (health) {
      socket.emit('runtime_health', health);
    }
  }

  /** Moves a socket between the everything-room and a filter room, then sends it a fresh snapshot. */
  async setFilter(
    socket: LiveSocket,
    clusters: string[] | null,
    hosts: string[] | null = null,
  ): Promise<void> {
    for (const room of socket.rooms) {
      if (room === ALL_ROOM || room.startsWith(FILTER_PREFIX)) {
        await socket.leave(room);
      }
    }
    socket.data.clusters = clusters && clusters.length > 0 ? [...new Set(clusters)].sort() : null;
    socket.data.hosts = hosts && hosts.length > 0 ? [...new Set(hosts)].sort() : null;
    const filtered = socket.data.clusters || socket.data.hosts;
    await socket.join(
      filtered ? this.rooms.roomFor(socket.data.clusters, socket.data.hosts) : ALL_ROOM,
    );
    this.sendSnapshot(socket);
  }

  private broadcast(merged: MergedChange): void {
    const server = this.server;
    if (!server || !this.everyone()) {
      return;
    }
    const clusters: ClusterSummary[] = [];
    const removedClusters: string[] = [];
    // Summaries come from discovery's cluster index, current as of this change.
    for (const name of [...merged.clusters].sort(naturalCompare)) {
      const summary = this.source.cluster(name);
      if (summary) {
        clusters.push(summary);
      } else {
        removedClusters.push(name);
      }
    }
    const full: DockerSimulationsDelta = {
      schema: DOCKER_SIMULATIONS_DELTA_SCHEMA,
      fromSequence: merged.fromSequence,
      sequence: merged.sequence,
      fingerprint: this.source.fingerprint,
      upserts: [...merged.upserted.values()],
      removals: [...merged.removed.keys()],
      clusters,
      removedClusters,
    };
    const adapterRooms = server.sockets.adapter.rooms;
    server.to(ALL_ROOM).except(LAGGING_ROOM).emit('docker_simulations:delta', full);
    this.bytesSent += JSON.stringify(full).length * (adapterRooms.get(ALL_ROOM)?.size ?? 0);
    for (const [room, cut] of this.rooms.cuts(full, merged, (r) => adapterRooms.has(r))) {
      server.to(room).except(LAGGING_ROOM).emit('docker_simulations:delta', cut);
    }
    this.deltasSent++;
  }
}

/** The room of one watched container's stats watchers. */
export const statsRoom = (id: string): string => `stats:${id}`;
