import {
  compareClusters,
  type ClusterSummary,
  type SimulationContainer,
} from '@simscope/contracts';
import { summariseClusters } from './cluster.js';
import type { InventoryChange } from './inventory.js';

/**
 * Cluster summaries maintained change by change: a change re-summarises only the clusters it
 * touched (from their own members), never the whole inventory.
 */
export class ClusterIndex {
  private readonly members = new Map<string, Map<string, SimulationContainer>>();
  private readonly summaries = new Map<string, ClusterSummary>();
  /** Which cluster each id is in now, so a move between clusters updates both. */
  private readonly clusterOf = new Map<string, string>();

  /** Applies a change; returns the names of the clusters it touched. */
  apply(change: Pick<InventoryChange, 'added' | 'updated' | 'removed'>): Set<string> {
    const touched = new Set<string>();
    const leave = (id: string) => {
      const old = this.clusterOf.get(id);
      if (old !== undefined) {
        this.members.get(old)?.delete(id);
        this.clusterOf.delete(id);
        touched.add(old);
      }
    };
    for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
      leave(c.id);
      let m = this.members.get(c.cluster);
      if (!m) {
        m = new Map();
        this.members.set(c.cluster, m);
      }
      m.set(c.id, c);
      this.clusterOf.set(c.id, c.cluster);
      touched.add(c.cluster);
    }
    change.removed.forEach((r) => leave(r.id));
    for (const name of touched) {
      const m = this.members.get(name);
      const summary = m && m.size > 0 ? summariseClusters(m.values())[0] : undefined;
      if (summary) {
        this.summaries.set(name, summary);
      } else {
        this.summaries.delete(name);
        this.members.delete(name);
      }
    }
    return touched;
  }

  get(name: string): ClusterSummary | undefined {
    return this.summaries.get(name);
  }

  /** Every cluster, by name. */
  all(): ClusterSummary[] {
    return [...this.summaries.values()].sort(compareClusters);
  }
}
