import type { DiscoveredBy } from '@simscope/contracts';

export interface MatchRules {
  labelPrefix: string;
  namePattern: RegExp;
  /** A Swarm manager is watched: its task containers are its rows, not their engine's. */
  skipSwarmTasks?: boolean;
}

/** The label Docker puts on every Swarm task's container. */
export const SWARM_TASK_LABEL = 'com.docker.swarm.task.id';

/**
 * Is this container a simulation, and how do we know? Label first: `<prefix>.enable=true` includes,
 * `<prefix>.enable=false` excludes even a matching name; a label that is the prefix itself
 * (`io.fork_tales.simulation=true`, the original runtime's style) does the same when there is no
 * `.enable`. Otherwise the name pattern decides.
 */
export function matchSimulation(
  name: string,
  labels: Record<string, string>,
  rules: MatchRules,
): DiscoveredBy | null {
  if (rules.skipSwarmTasks && labels[SWARM_TASK_LABEL] !== undefined) {
    return null;
  }
  const enable = (labels[`${rules.labelPrefix}.enable`] ?? labels[rules.labelPrefix])
    ?.trim()
    .toLowerCase();
  if (enable === 'true') {
    return 'label';
  }
  if (enable === 'false') {
    return null;
  }
  return rules.namePattern.test(name.replace(/^\//, '')) ? 'name' : null;
}

/**
 * The compose labels the product uses (grouping, the service name, start order). The others carry
 * host paths (working_dir, config_files, environment_file) and hashes, and are not returned.
 */
export const COMPOSE_LABELS: readonly string[] = [
  'com.docker.compose.project',
  'com.docker.compose.service',
  'com.docker.compose.depends_on',
];

/** Labels the API may return: ours, the compose labels we use, and any the operator widened it to. */
export function visibleLabels(
  labels: Record<string, string>,
  prefix: string,
  expose: readonly string[],
): Record<string, string> {
  const allowed = (key: string): boolean =>
    key.startsWith(`${prefix}.`) ||
    COMPOSE_LABELS.includes(key) ||
    expose.some((e) => (e.endsWith('*') ? key.startsWith(e.slice(0, -1)) : key === e));
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([k]) => allowed(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
