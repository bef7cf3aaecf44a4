import { countInventory } from '../counts.js';
import { compareClusters, compareContainers, sharedNetworkOf } from '../rows.js';
import type { DockerSimulationsPayload } from '../payloads/docker-simulations.js';
import type { DockerSimulationsDelta } from '../payloads/live.js';

/**
 * Applies a delta to a snapshot. Pure. A delta carries whole current containers for every id it
 * covers, so it applies to any state whose sequence lies within [fromSequence, sequence] (a snapshot
 * taken mid-burst included). Returns the state unchanged for a delta it already covers, and null
 * for a gap (fromSequence beyond what it holds): the caller must resync.
 */
export function applyDelta(
  state: DockerSimulationsPayload,
  delta: DockerSimulationsDelta,
): DockerSimulationsPayload | null {
  if (delta.fromSequence > state.sequence) {
    return null;
  }
  if (delta.sequence <= state.sequence) {
    return state;
  }
  const byId = new Map(state.containers.map((c) => [c.id, c]));
  for (const id of delta.removals) {
    byId.delete(id);
  }
  for (const c of delta.upserts) {
    byId.set(c.id, c);
  }
  const containers = [...byId.values()].sort(compareContainers);
  const clusters = new Map(state.clusters.map((c) => [c.name, c]));
  for (const name of delta.removedClusters) {
    clusters.delete(name);
  }
  for (const c of delta.clusters) {
    clusters.set(c.name, c);
  }
  return {
    ...state,
    sequence: delta.sequence,
    fingerprint: delta.fingerprint,
    containers,
    clusters: [...clusters.values()].sort(compareClusters),
    counts: countInventory(containers, clusters.size),
    sharedNetwork: sharedNetworkOf(containers, state.sharedNetwork.name),
  };
}
