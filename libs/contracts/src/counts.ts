import type { InventoryCounts, SimulationContainer } from './payloads/docker-simulations.js';
import { emptyPhaseCounts } from './phases.js';

/** The inventory's counts, the same on the server (snapshots) and in clients (after deltas). */
export function countInventory(
  containers: readonly Pick<
    SimulationContainer,
    'phase' | 'state' | 'onSharedNetwork' | 'limitsPolicy'
  >[],
  clusters: number,
): InventoryCounts {
  const byPhase = emptyPhaseCounts();
  const byLimitsPolicy = { strict: 0, constrained: 0, unbounded: 0, unknown: 0 };
  let running = 0;
  let shared = 0;
  for (const c of containers) {
    byPhase[c.phase]++;
    byLimitsPolicy[c.limitsPolicy ?? 'unknown']++;
    if (c.state === 'running') {
      running++;
    }
    if (c.onSharedNetwork) {
      shared++;
    }
  }
  return {
    total: containers.length,
    running,
    byPhase,
    clusters,
    sharedNetworkMembers: shared,
    byLimitsPolicy,
  };
}
