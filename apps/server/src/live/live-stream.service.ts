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
import { SimulationsService } from '../docker/simulations.service.js';
import { GuardService } from '../runtime/guard.service.js';
import { MetaStoreService } from '../meta/meta-store.service.js';
import { Coalescer, type MergedChange } from './coalescer.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export interface SocketData {
  ip: string;
  /** null: everything. */
  clusters: string[] | null;
  /** null: every engine. */
  hosts: string[] | null;
  lagging: boolean;
}

export const ALL_ROOM = 'all';
const LAGGING_ROOM = 'lagging';
const FILTER_PREFIX = 'f:';

/** What one filter room's members listen to (null: all of them). */
interface RoomScope {
  clusters: ReadonlySet<string> | null;
  hosts: ReadonlySet<string> | null;
}

/** Turns inventory changes into coalesced deltas, one encoding per audience (room). */
@Injectable()
export class LiveStreamService implements OnModuleInit, OnModuleDestroy {
  private server: LiveServer | null = null;
  private readonly coalescer: Coalescer;
  /** Deltas broadcast and bytes sent (each encoding × its audience), for /metrics. */
  deltasSent = 0;
  bytesSent = 0;
  private readonly subscriptions: Subscription[] = [];
  /** Filter rooms by a stable id (`f:1`, `f:2`, …), each with its scope; one per distinct filter. */
  private readonly rooms = new Map<string, RoomScope>();
  private readonly roomByKey = new Map<string, string>();
  private nextRoom = 1;

  constructor(
    private readonly source: InventoryReader,
    private readonly simulations: SimulationsService,
    private readonly guard: GuardService,
    private readonly meta: MetaStoreService,
    private readonly status: DockerStatusService,
    private readonly stats: StatsService,
    private readonly settings: LiveSettings,
  ) {
    this.coalescer = new Coalescer(
      (merged) => this.broadcast(merged),
      settings.coalesceMs,
      settings.coalesceMaxMs,
    );
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.source.changes$.subscribe((change) => this.coalescer.push(change)),
      this.guard.broadcast$.subscribe((health) => this.server?.emit('runtime_health', health)),
      this.guard.events$.subscribe((event) => this.server?.emit('simulation_guard', event)),
      this.meta.records$.subscribe((event) => this.server?.emit('meta_ops', event)),
      this.stats.samples$.subscribe((sample) =>
        this.server?.to(statsRoom(sample.id)).emit('container_stats', {
          id: sample.id,
          samples: [sample],
        }),
      ),
      this.stats.usage$.subscribe((usage) => this.server?.emit('docker_usage', usage)),
      this.source.sourceChanges$.subscribe(() =>
        this.server?.emit('docker_status', this.status.status()),
      ),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.coalescer.drain();
  }

  bind(server: LiveServer): void {
    this.server = server;
  }

  sendSnapshot(socket: LiveSocket): void {
    const snapshot = this.simulations.snapshot(
      {},
      { clusters: socket.data.clusters, hosts: socket.data.hosts },
    );
    this.bytesSent += JSON.stringify(snapshot).length;
    socket.emit('docker_simulations', snapshot);
  }

  /** What a new socket gets after its snapshot: Docker's status and the runtime health. */
  sendHealth(socket: LiveSocket): void {
    socket.emit('docker_status', this.status.status());
    socket.emit('docker_usage', this.stats.usage);
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
    await socket.join(filtered ? this.roomFor(socket.data.clusters, socket.data.hosts) : ALL_ROOM);
    this.sendSnapshot(socket);
  }

  /** The room of everyone with the same filter; filters are sorted and de-duplicated already. */
  private roomFor(clusters: string[] | null, hosts: string[] | null): string {
    const key = JSON.stringify([clusters, hosts]);
    let room = this.roomByKey.get(key);
    if (!room) {
      room = `${FILTER_PREFIX}${this.nextRoom++}`;
      this.roomByKey.set(key, room);
      this.rooms.set(room, {
        clusters: clusters ? new Set(clusters) : null,
        hosts: hosts ? new Set(hosts) : null,
      });
    }
    return room;
  }

  private broadcast(merged: MergedChange): void {
    const server = this.server;
    if (!server) {
      return;
    }
    this.markSlowConsumers(server);
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
    for (const [room, scope] of this.rooms) {
      if (!adapterRooms.has(room)) {
        // Everyone left this filter: forget it (socket.io drops empty rooms the same way).
        this.rooms.delete(room);
        this.roomByKey.forEach((r, key) => r === room && this.roomByKey.delete(key));
        continue;
      }
      const clusterOk = (name: string) => !scope.clusters || scope.clusters.has(name);
      const hostOk = (host: string) => !scope.hosts || scope.hosts.has(host);
      // Cluster summaries span engines; a host-filtered subscriber gets them whole.
      server
        .to(room)
        .except(LAGGING_ROOM)
        .emit('docker_simulations:delta', {
          ...full,
          upserts: full.upserts.filter((c) => clusterOk(c.cluster) && hostOk(c.host)),
          removals: [...merged.removed]
            .filter(([, r]) => clusterOk(r.cluster) && hostOk(r.host))
            .map(([id]) => id),
          clusters: full.clusters.filter((c) => clusterOk(c.name)),
          removedClusters: full.removedClusters.filter(clusterOk),
        });
    }
    this.deltasSent++;
  }

  /**
   * A socket whose queue passed the bound stops getting deltas; once its transport drains it gets
   * one fresh snapshot instead, so a slow client costs bounded memory and still converges.
   */
  private markSlowConsumers(server: LiveServer): void {
    const limit = this.settings.maxBuffered;
    for (const socket of server.sockets.sockets.values()) {
      const conn = socket.conn as unknown as {
        writeBuffer: unknown[];
        once(e: 'drain', f: () => void): void;
      };
      if (!socket.data.lagging && conn.writeBuffer.length > limit) {
        socket.data.lagging = true;
        void socket.join(LAGGING_ROOM);
        conn.once('drain', () => {
          socket.data.lagging = false;
          void socket.leave(LAGGING_ROOM);
          this.sendSnapshot(socket);
        });
      }
    }
  }
}

/** The room of one watched container's stats watchers. */
export const statsRoom = (id: string): string => `stats:${id}`;
