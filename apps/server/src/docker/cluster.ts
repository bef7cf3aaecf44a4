import { serviceSummaries } from './swarm/service-summary.js';
import {
  compareClusters,
  emptyPhaseCounts,
  type ClusterSummary,
  type SimulationContainer,
} from '@simscope/contracts';

export const UNGROUPED = 'ungrouped';

/** cluster label, else experiment label, else compose project, else `ungrouped`. */
export function clusterOf(labels: Record<string, string>, prefix: string): string {
  const pick = (key: string): string | undefined => {
    const v = labels[key]?.trim();
    return v ? v : undefined;
  };
  return (
    pick(`${prefix}.cluster`) ??
    pick(`${prefix}.experiment`) ??
    pick('com.docker.compose.project') ??
    UNGROUPED
  );
}

type ClusterInput = Pick<
  SimulationContainer,
  'cluster' | 'phase' | 'networks' | 'composeProject' | 'experiment' | 'onSharedNetwork' | 'host'
> &
  Partial<Pick<SimulationContainer, 'swarm'>>;

/** Per-cluster counts by phase, networks, compose projects and experiments; sorted by name. */
export function summariseClusters(containers: Iterable<ClusterInput>): ClusterSummary[] {
  const byName = new Map<
    string,
    {
      summary: ClusterSummary;
      networks: Set<string>;
      projects: Set<string>;
      experiments: Set<string>;
      tasks: ClusterInput[];
    }
  >();
  for (const c of containers) {
    let entry = byName.get(c.cluster);
    if (!entry) {
      entry = {
        summary: {
          name: c.cluster,
          total: 0,
          hosts: {},
          counts: emptyPhaseCounts(),
          networks: [],
          composeProjects: [],
          experiments: [],
          onSharedNetwork: false,
        },
        networks: new Set(),
        projects: new Set(),
        experiments: new Set(),
        tasks: [],
      };
      byName.set(c.cluster, entry);
    }
    entry.summary.total++;
    entry.summary.hosts[c.host] = (entry.summary.hosts[c.host] ?? 0) + 1;
    entry.summary.counts[c.phase]++;
    entry.summary.onSharedNetwork ||= c.onSharedNetwork;
    c.networks.forEach((n) => entry.networks.add(n));
    if (c.composeProject) {
      entry.projects.add(c.composeProject);
    }
    if (c.experiment) {
      entry.experiments.add(c.experiment);
    }
    if (c.swarm) {
      entry.tasks.push(c);
    }
  }
  return [...byName.values()]
    .map(({ summary, networks, projects, experiments, tasks }) => ({
      ...summary,
      networks: [...networks].sort(),
      composeProjects: [...projects].sort(),
      experiments: [...experiments].sort(),
      ...(tasks.length ? { services: serviceSummaries(tasks) } : {}),
    }))
    .sort(compareClusters);
}
