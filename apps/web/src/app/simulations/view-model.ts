import {
  PHASES,
  type ClusterSummary,
  type DockerSimulationsPayload,
  type Phase,
  type SimulationContainer,
} from '@simscope/contracts';
import { formatDuration } from '../shared/format';

export interface Filters {
  cluster: string | null;
  phase: Phase | null;
  q: string;
  host: string | null;
}

export const NO_FILTERS: Filters = { cluster: null, phase: null, q: '', host: null };

/** One line of the virtual list: a cluster heading or a container. */
export type Row =
  | { kind: 'cluster'; key: string; cluster: ClusterSummary; shown: number }
  | { kind: 'container'; key: string; container: SimulationContainer };

/** Alarming phases first, so problems sit at the top of each cluster. */
const PHASE_ORDER: Record<Phase, number> = {
  crashloop: 0,
  'oom-killed': 1,
  failed: 2,
  degraded: 3,
  starting: 4,
  running: 5,
  paused: 6,
  exited: 7,
  created: 8,
};

/** Natural order: sim-2 before sim-10. */
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

export function parsePhase(value: string | null | undefined): Phase | null {
  return value && (PHASES as readonly string[]).includes(value) ? (value as Phase) : null;
}

export function matches(c: SimulationContainer, f: Filters): boolean {
  if (f.cluster && c.cluster !== f.cluster) {
    return false;
  }
  if (f.phase && c.phase !== f.phase) {
    return false;
  }
  if (f.host && c.host !== f.host) {
    return false;
  }
  const q = f.q.trim().toLowerCase();
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
  ]
    .filter((v): v is string => Boolean(v))
    .some((v) => v.toLowerCase().includes(q));
}

/** Clusters in name order, each followed by its matching containers (problems first, then by name). */
export function buildRows(inv: DockerSimulationsPayload | null, f: Filters): Row[] {
  if (!inv) {
    return [];
  }
  const byCluster = new Map<string, SimulationContainer[]>();
  for (const c of inv.containers) {
    if (matches(c, f)) {
      const list = byCluster.get(c.cluster);
      if (list) {
        list.push(c);
      } else {
        byCluster.set(c.cluster, [c]);
      }
    }
  }
  const rows: Row[] = [];
  const clusters = [...inv.clusters].sort((a, b) => byName(a.name, b.name));
  for (const cluster of clusters) {
    const list = byCluster.get(cluster.name);
    if (!list) {
      continue;
    }
    list.sort(
      (a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || byName(a.displayName, b.displayName),
    );
    rows.push({ kind: 'cluster', key: `cluster:${cluster.name}`, cluster, shown: list.length });
    for (const container of list) {
      rows.push({ kind: 'container', key: container.id, container });
    }
  }
  return rows;
}

/** How long a running container has been up, or since it stopped. */
export function uptime(c: SimulationContainer, now: number): string {
  if (c.state === 'running' && c.startedAt) {
    return formatDuration(now - Date.parse(c.startedAt));
  }
  if (c.finishedAt && !c.finishedAt.startsWith('0001')) {
    return `stopped ${formatDuration(now - Date.parse(c.finishedAt))} ago`;
  }
  return '—';
}

export function clusterPhases(cluster: ClusterSummary): { phase: Phase; count: number }[] {
  return PHASES.filter((p) => cluster.counts[p] > 0).map((phase) => ({
    phase,
    count: cluster.counts[phase],
  }));
}
