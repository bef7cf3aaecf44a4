import type { Phase } from './phases.js';
import type { SharedNetworkSummary, SimulationContainer } from './payloads/docker-simulations.js';

/*
 * The row rules, in one place for the server's filters and snapshots and every client's views:
 * the order of rows, what a search matches, and who is on the shared network.
 */

/** Alarming phases first, so problems sit at the top of each cluster. */
export const PHASE_SEVERITY: Readonly<Record<Phase, number>> = {
  crashloop: 0,
  'oom-killed': 1,
  failed: 2,
  stalled: 3,
  orphaned: 4,
  degraded: 5,
  starting: 6,
  running: 7,
  paused: 8,
  exited: 9,
  created: 10,
};

/** Natural order, case-insensitive: sim-2 before sim-10. */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  .compare;

/** Clusters by name, naturally. */
export function compareClusters(a: { name: string }, b: { name: string }): number {
  return naturalCompare(a.name, b.name);
}

type Ordered = Pick<SimulationContainer, 'cluster' | 'phase' | 'displayName' | 'id'>;

const byId = (a: Ordered, b: Ordered): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The payload order (snapshots, and clients after deltas): by cluster, then display name, naturally. */
export function compareContainers(a: Ordered, b: Ordered): number {
  return (
    naturalCompare(a.cluster, b.cluster) ||
    naturalCompare(a.displayName, b.displayName) ||
    byId(a, b)
  );
}

/** The triage order of the console's table: by cluster, problems first, then display name. */
export function compareForTriage(a: Ordered, b: Ordered): number {
  return (
    naturalCompare(a.cluster, b.cluster) ||
    PHASE_SEVERITY[a.phase] - PHASE_SEVERITY[b.phase] ||
    naturalCompare(a.displayName, b.displayName) ||
    byId(a, b)
  );
}

type Searchable = Pick<
  SimulationContainer,
  | 'displayName'
  | 'name'
  | 'shortId'
  | 'image'
  | 'experiment'
  | 'role'
  | 'cluster'
  | 'host'
  | 'reasons'
>;

/** A search: case-insensitive substring of name, display name, id, image, experiment, role, cluster, engine or a reason. */
export function matchesSearch(c: Searchable, query: string | null | undefined): boolean {
  const q = query?.trim().toLowerCase();
  if (!q) {
    return true;
  }
  return [
    c.displayName,
    c.name,
    c.shortId,
    c.image,
    c.experiment,
    c.role,
    c.cluster,
    c.host,
    ...c.reasons,
  ].some((v) => typeof v === 'string' && v.toLowerCase().includes(q));
}

export interface RowFilter {
  q?: string | null;
  cluster?: string | null;
  phase?: Phase | null;
  host?: string | null;
  experiment?: string | null;
}

/** Every given criterion holds (unset ones match everything). */
export function matchesFilter(c: SimulationContainer, f: RowFilter): boolean {
  return (
    (f.cluster == null || c.cluster === f.cluster) &&
    (f.phase == null || c.phase === f.phase) &&
    (f.host == null || c.host === f.host) &&
    (f.experiment == null || c.experiment === f.experiment) &&
    matchesSearch(c, f.q)
  );
}

/** Who is on the shared network among these rows. */
export function sharedNetworkOf(
  rows: Iterable<Pick<SimulationContainer, 'cluster' | 'onSharedNetwork'>>,
  name: string,
): SharedNetworkSummary {
  const clusters = new Set<string>();
  let members = 0;
  for (const c of rows) {
    if (c.onSharedNetwork) {
      members++;
      clusters.add(c.cluster);
    }
  }
  return { name, clusters: [...clusters].sort(), members };
}
