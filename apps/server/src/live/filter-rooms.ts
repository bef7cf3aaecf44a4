import type { DockerSimulationsDelta } from '@simscope/contracts';
import type { MergedChange } from './coalescer.js';

export const FILTER_PREFIX = 'f:';

/** What one filter room's members listen to (null: all of them). */
interface RoomScope {
  clusters: ReadonlySet<string> | null;
  hosts: ReadonlySet<string> | null;
}

/**
 * The live stream's filter rooms: one room per distinct (clusters, hosts) filter, under a stable
 * id (`f:1`, `f:2`, …), so a delta is cut and encoded once per filter, not once per subscriber.
 * Pure bookkeeping; socket.io holds the membership.
 */
export class FilterRooms {
  private readonly rooms = new Map<string, RoomScope>();
  private readonly roomByKey = new Map<string, string>();
  private nextRoom = 1;

  /** The room for a filter; `clusters` and `hosts` are sorted and de-duplicated (null: all). */
  roomFor(clusters: string[] | null, hosts: string[] | null): string {
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

  /**
   * Each filter room that still has members (`occupied`), with its cut of the full delta; rooms
   * everyone left are forgotten (socket.io drops empty rooms the same way). Cluster summaries span
   * engines: a host-filtered subscriber gets them whole.
   */
  *cuts(
    full: DockerSimulationsDelta,
    merged: MergedChange,
    occupied: (room: string) => boolean,
  ): Generator<[string, DockerSimulationsDelta]> {
    for (const [room, scope] of this.rooms) {
      if (!occupied(room)) {
        this.rooms.delete(room);
        this.roomByKey.forEach((r, key) => r === room && this.roomByKey.delete(key));
        continue;
      }
      const clusterOk = (name: string) => !scope.clusters || scope.clusters.has(name);
      const hostOk = (host: string) => !scope.hosts || scope.hosts.has(host);
      yield [
        room,
        {
          ...full,
          upserts: full.upserts.filter((c) => clusterOk(c.cluster) && hostOk(c.host)),
          removals: [...merged.removed]
            .filter(([, r]) => clusterOk(r.cluster) && hostOk(r.host))
            .map(([id]) => id),
          clusters: full.clusters.filter((c) => clusterOk(c.name)),
          removedClusters: full.removedClusters.filter(clusterOk),
        },
      ];
    }
  }
}
