import type {
  HealthProbe,
  HealthStatus,
  SimulationContainer,
  DiscoveredBy,
} from '@simscope/contracts';
import type { ContainerDetails, ContainerListItem } from '../adapters/docker/docker.types.js';
import { routeFor } from './route.js';
import { containerLimits, limitsPolicy } from './limits.js';
import { classify, currentHealth, healthFromStatus } from './classify.js';
import { clusterOf } from './cluster.js';
import { visibleLabels } from './match.js';

export interface BuildRules {
  labelPrefix: string;
  network: string;
  /** Whether `/sim/<name>/` routes can work here (nginx in front). */
  simRoutes: boolean;
  exposeLabels: readonly string[];
  /** The engine's configured name, `local` for the single one. */
  host: string;
}

/** What the inventory remembers between observations of one container. */
export interface History {
  exits: number[];
  oomAt: number | null;
}

export interface Observation {
  /** From the list call: cheap, always current at reconcile. */
  list?: ContainerListItem;
  /** From inspect: precise; absent when the list alone was enough. */
  details?: ContainerDetails | null;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) {
    return null;
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export function exitCodeFromStatus(status: string): number | null {
  const m = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : null;
}

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/**
 * When a running container started, read from the list's "Up 5 minutes" (Docker's human duration),
 * so containers built from the list alone still show an uptime. As coarse as Docker's wording.
 */
export function startedAtFromStatus(status: string, now: number): number | null {
  const m =
    /^Up (Less than a second|About an? (minute|hour)|(\d+) (second|minute|hour|day|week|month|year)s?)/.exec(
      status,
    );
  if (!m) {
    return null;
  }
  if (m[1] === 'Less than a second') {
    return now;
  }
  const ms = m[2] ? UNIT_MS[m[2]] : Number(m[3]) * UNIT_MS[m[4]];
  return now - ms;
}

export interface ClassifiedInput {
  state: string;
  health: HealthStatus;
  lastProbeOutput: string | null;
  restartCount: number;
  oomKilled: boolean;
  exitCode: number | null;
  restartPolicy: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

/** The classifier's input from whatever we observed; details win over the list where both exist. */
export function observedState(obs: Observation, now: number): ClassifiedInput {
  const d = obs.details ?? null;
  const l = obs.list;
  if (d && (!l || l.state === d.state.status)) {
    const log = d.state.health?.log ?? [];
    const last = log.at(-1);
    const startedAt = ms(d.state.startedAt);
    return {
      state: d.state.status,
      health: currentHealth(d.state.health?.status, ms(last?.end), startedAt),
      lastProbeOutput: last?.output ?? null,
      restartCount: d.restartCount,
      oomKilled: d.state.oomKilled,
      exitCode: d.state.status === 'running' ? null : d.state.exitCode,
      restartPolicy: d.restartPolicy.name,
      startedAt,
      finishedAt: ms(d.state.finishedAt),
    };
  }
  const state = l?.state ?? 'unknown';
  return {
    state,
    health: healthFromStatus(l?.status ?? ''),
    lastProbeOutput: null,
    restartCount: d?.restartCount ?? 0,
    oomKilled: false,
    exitCode: exitCodeFromStatus(l?.status ?? ''),
    restartPolicy: d?.restartPolicy.name ?? null,
    startedAt:
      state !== 'running'
        ? null
        : d
          ? ms(d.state.startedAt)
          : startedAtFromStatus(l?.status ?? '', now),
    finishedAt: null,
  };
}

/** Builds the API view of one simulation container. Pure: the clock is passed in. */
export function toSimulation(
  obs: Observation,
  discoveredBy: DiscoveredBy,
  history: History,
  rules: BuildRules,
  now: number,
): SimulationContainer {
  const d = obs.details ?? null;
  const l = obs.list;
  const labels = d?.labels ?? l?.labels ?? {};
  const id = d?.id ?? l?.id ?? '';
  const name = d?.name ?? l?.name ?? '';
  const networks = [...(l?.networks ?? d?.networks ?? [])].sort();
  const state = observedState(obs, now);
  const { phase, reasons } = classify({
    ...state,
    oomAt: history.oomAt,
    recentExits: history.exits,
    now,
  });
  const p = rules.labelPrefix;
  const limits = d ? containerLimits(d.limits) : null;
  const label = (key: string): string | null => labels[key]?.trim() || null;
  return {
    id,
    host: rules.host,
    shortId: id.slice(0, 12),
    name,
    displayName: label(`${p}.name`) ?? name,
    image: d?.image ?? l?.image ?? '',
    state: state.state,
    status: l?.status ?? describeState(state.state),
    phase,
    reasons,
    discoveredBy,
    experiment: label(`${p}.experiment`),
    role: label(`${p}.role`),
    cluster: clusterOf(labels, p),
    composeProject: label('com.docker.compose.project'),
    composeService: label('com.docker.compose.service'),
    health: state.health,
    restartCount: state.restartCount,
    oomKilled: state.oomKilled || (history.oomAt != null && phase === 'oom-killed'),
    exitCode: state.exitCode,
    networks,
    onSharedNetwork: networks.includes(rules.network),
    ports: l?.ports ?? d?.ports ?? [],
    route: routeFor({
      name,
      labels,
      networks,
      labelPrefix: p,
      network: rules.network,
      proxied: rules.simRoutes,
    }),
    limits,
    limitsPolicy: limits ? limitsPolicy(limits) : null,
    createdAt: d?.createdAt ?? l?.createdAt ?? null,
    startedAt: state.startedAt != null ? new Date(state.startedAt).toISOString() : null,
    finishedAt: state.finishedAt != null ? new Date(state.finishedAt).toISOString() : null,
    labels: visibleLabels(labels, p, rules.exposeLabels),
  };
}

function describeState(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

export function healthLog(details: ContainerDetails | null | undefined): HealthProbe[] {
  return (details?.state.health?.log ?? []).map((l) => ({
    exitCode: l.exitCode,
    output: l.output.slice(0, 2000),
    start: l.start,
    end: l.end,
  }));
}
