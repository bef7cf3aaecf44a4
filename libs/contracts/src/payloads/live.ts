import type { ClusterSummary, SimulationContainer } from './docker-simulations.js';

export const DOCKER_SIMULATIONS_DELTA_SCHEMA = 'simscope.docker-simulations-delta.v1';

/**
 * What changed between two inventory sequences. A client holding `fromSequence` applies it and
 * then holds `sequence`; any other sequence means a gap: ask for `docker_simulations:resync`.
 * Its size grows with what changed, not with the inventory.
 */
export interface DockerSimulationsDelta {
  schema: typeof DOCKER_SIMULATIONS_DELTA_SCHEMA;
  fromSequence: number;
  sequence: number;
  /** The fingerprint of the whole inventory after this delta. */
  fingerprint: string;
  /** Added or changed containers, whole. */
  upserts: SimulationContainer[];
  /** Ids of containers that are gone. */
  removals: string[];
  /** Current summaries of the clusters this delta touched. */
  clusters: ClusterSummary[];
  /** Clusters that no longer have any container. */
  removedClusters: string[];
}

export interface SubscribeRequest {
  /** Only these clusters' containers; empty or absent means everything. */
  clusters?: string[];
  /** Only these engines' containers; empty or absent means every engine. */
  hosts?: string[];
}

export interface SubscribeAck {
  ok: boolean;
  clusters: string[] | null;
  hosts?: string[] | null;
  error?: string;
}

/** The body of an HTTP 503 for a handshake over the connection caps. */
export interface CapacityRefusal {
  error: 'websocket_capacity_reached';
  max: number;
  current: number;
  retryAfterMs: number;
  scope?: 'global' | 'per-ip' | 'guard';
  reason?: string;
}
