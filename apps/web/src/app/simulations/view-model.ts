import {
  PHASES,
  compareClusters,
  compareForTriage,
  matchesFilter,
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

export function parsePhase(value: string | null | undefined): Phase | null {
  return value && (PHASES as readonly string[]).includes(value) ? (value as Phase) : null;
}

/** The shared row filter (the server's `?q=&cluster=&phase=&host=` rules). */
export function matches(c: SimulationContainer, f: Filters): boolean {
  return matchesFilter(c, f);
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
  const clusters = [...inv.clusters].sort(compareClusters);
  for (const cluster of clusters) {
    const list = byCluster.get(cluster.name);
    if (!list) {
      continue;
    }
    list.sort(compareForTriage);
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

/**
 * What the detail panel's fetched part (restart policy, memory limit, health probes, transitions)
 * depends on: a pushed row that changes none of these (usage, labels, limits) needs no new fetch.
 */
export function detailKey(c: SimulationContainer): string {
  return [c.id, c.state, c.health, c.restartCount, c.phase, c.startedAt ?? ''].join('|');
}

/** Progress of a cluster's simulations that print events: how many, the mean progress, the tick range. */
export interface ClusterProgress {
  reporting: number;
  progress: number | null;
  tickMin: number | null;
  tickMax: number | null;
  stalled: number;
}

/** Per cluster, from the rows' event summaries (clusters without any are left out). Pure. */
export function clusterProgress(
  containers: readonly SimulationContainer[],
): Record<string, ClusterProgress> {
  const out: Record<string, ClusterProgress & { sum: number; withProgress: number }> = {};
  for (const c of containers) {
    const e = c.events;
    if (!e) {
      continue;
    }
    const p = (out[c.cluster] ??= {
      reporting: 0,
      progress: null,
      tickMin: null,
      tickMax: null,
      stalled: 0,
      sum: 0,
      withProgress: 0,
    });
    p.reporting++;
    p.stalled += c.phase === 'stalled' ? 1 : 0;
    if (e.progress !== null) {
      p.sum += e.progress;
      p.withProgress++;
    }
    if (e.tick !== null) {
      p.tickMin = p.tickMin === null ? e.tick : Math.min(p.tickMin, e.tick);
      p.tickMax = p.tickMax === null ? e.tick : Math.max(p.tickMax, e.tick);
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([name, { sum, withProgress, ...p }]) => [
      name,
      { ...p, progress: withProgress ? sum / withProgress : null },
    ]),
  );
}
