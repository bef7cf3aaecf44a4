import type { HealthStatus, Phase, PhaseCounts } from '../phases.js';
import type { DockerDiagnosis, EngineInfo, SourceState, SourceStatus } from './docker-status.js';
import type { ContainerLimits, LimitsPolicy } from './stats.js';
import type { SimEventSummary } from './sim-events.js';

export const DOCKER_SIMULATIONS_SCHEMA = 'simscope.docker-simulations.v1';
export const SIMULATION_DETAIL_SCHEMA = 'simscope.simulation-detail.v1';

export type DiscoveredBy = 'label' | 'name';

export interface PublishedPort {
  privatePort: number;
  publicPort?: number;
  ip?: string;
  type: string;
}

/**
 * Names nginx's `/sim/<name>/` route accepts (Docker's container-name characters); nginx/default.conf
 * holds the same pattern, and anything else is a 404 there without reaching any upstream.
 */
export const ROUTE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** How to reach a simulation's own web port through the entry point, or why it cannot be. */
export type SimulationRoute =
  | {
      /** e.g. `/sim/sim-web-1/`, through nginx. */
      path: string;
      /** The container port (`<prefix>.port`). */
      port: number;
      /** The path inside the container the route maps to (`<prefix>.path`, default `/`). */
      targetPath: string;
      /**
       * `<prefix>.cookies=true`: the sim's cookies reach the browser, scoped to its own `path`.
       * Otherwise nginx drops them (they would land on the console's origin).
       */
      cookies: boolean;
    }
  | { path: null; reason: string };

export interface SimulationContainer {
  /** Docker's container id (unique across engines in practice); `host/id` also finds it. */
  id: string;
  /** The engine it runs on (a SIMSCOPE_DOCKER_ENDPOINTS name; `local` for the single engine). */
  host: string;
  shortId: string;
  name: string;
  displayName: string;
  image: string;
  state: string;
  status: string;
  phase: Phase;
  reasons: string[];
  discoveredBy: DiscoveredBy;
  experiment: string | null;
  role: string | null;
  cluster: string;
  composeProject: string | null;
  composeService: string | null;
  health: HealthStatus;
  restartCount: number;
  oomKilled: boolean;
  exitCode: number | null;
  networks: string[];
  onSharedNetwork: boolean;
  ports: PublishedPort[];
  route: SimulationRoute;
  /** From inspect; null until simscope has inspected the container (soon after it is seen). */
  limits: ContainerLimits | null;
  limitsPolicy: LimitsPolicy | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Only `<prefix>.*` and `com.docker.compose.*` labels (plus SIMSCOPE_EXPOSE_LABELS). */
  labels: Record<string, string>;
  /** Only on simulations that print events (`<prefix>.events`): what they said so far. */
  events?: SimEventSummary;
  /** The ids of the runs it is bound to (`<prefix>.run`, or runs whose targets name it). */
  runs?: string[];
  /** Only on Swarm tasks (an endpoint in swarm mode): the task, its service and its node. */
  swarm?: SwarmTaskInfo;
}

/** A Swarm task as a row: `id` is the task id, `host` its node's hostname (the node id when repeated). */
export interface SwarmTaskInfo {
  /** The swarm endpoint's name (SIMSCOPE_DOCKER_ENDPOINTS) whose manager reported it. */
  endpoint: string;
  taskId: string;
  serviceId: string;
  service: string;
  /** Replicated services number their tasks; global ones do not. */
  slot: number | null;
  nodeId: string | null;
  /** Docker's task state (new … running, complete, failed, rejected, shutdown, orphaned). */
  state: string;
  desiredState: string;
  /** Docker's Status.Err: the scheduler's or the executor's reason, e.g. `task: non-zero exit (3)`. */
  error: string | null;
  containerId: string | null;
  /** Whose engine serves this task's stats: a configured endpoint's name, or null and why not. */
  statsVia: string | null;
  statsNote: string | null;
  /** The service's state, repeated on each of its tasks so a cluster card can show it. */
  serviceState: SwarmServiceState;
}

export interface SwarmServiceState {
  mode: 'replicated' | 'global';
  /** Replicas asked for (replicated), else how many tasks the orchestrator wants running. */
  desired: number;
  /** Docker's UpdateStatus.State (updating, paused, completed, rollback_*) or null. */
  updateState: string | null;
  updateMessage: string | null;
  /** Failed tasks in the last 10 minutes (≥ 3 is a crash loop at service level). */
  recentFailures: number;
  /** The task template's restart condition (any, on-failure, none) and MaxAttempts (0: no cap). */
  restartPolicy: { name: string; maximumRetryCount: number };
  /** The task template's memory limit, or null for none. */
  memoryLimitBytes: number | null;
}

/** One Swarm service on a cluster card. */
export interface SwarmServiceSummary {
  id: string;
  name: string;
  endpoint: string;
  mode: 'replicated' | 'global';
  desired: number;
  running: number;
  updateState: string | null;
  updateMessage: string | null;
  /** What is wrong, in words: "7 tasks failed in 10 min", "no suitable node (…)"; null when fine. */
  reason: string | null;
  crashLoop: boolean;
}

/** A Swarm node, on its entry in `hosts`. */
export interface SwarmNodeInfo {
  /** The swarm endpoint's name whose manager reported it. */
  endpoint: string;
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  /** active, pause or drain. */
  availability: string;
  /** ready, down, unknown or disconnected. */
  state: string;
  engineVersion: string;
  leader: boolean;
  address: string | null;
  /** Docker's Status.Message for a node that is not ready. */
  message: string | null;
}

export interface HealthProbe {
  exitCode: number;
  output: string;
  start: string;
  end: string;
}

export interface LifecycleTransition {
  at: string;
  /** Docker event action (start, die, oom, health_status: unhealthy…) or `observed` from a reconcile. */
  action: string;
  from: Phase | null;
  to: Phase;
  exitCode?: number;
}

export interface SimulationDetail extends SimulationContainer {
  schema: typeof SIMULATION_DETAIL_SCHEMA;
  restartPolicy: { name: string; maximumRetryCount: number };
  memoryLimitBytes: number | null;
  healthLog: HealthProbe[];
  transitions: LifecycleTransition[];
}

export interface ClusterSummary {
  name: string;
  total: number;
  /** Containers per engine: one experiment on two machines is one cluster. */
  hosts: Record<string, number>;
  counts: PhaseCounts;
  networks: string[];
  composeProjects: string[];
  experiments: string[];
  onSharedNetwork: boolean;
  /** Swarm services with tasks in this cluster, by name; absent when it has none. */
  services?: SwarmServiceSummary[];
}

export interface InventoryCounts {
  total: number;
  running: number;
  byPhase: PhaseCounts;
  clusters: number;
  sharedNetworkMembers: number;
  /** How many simulations run strict, constrained or unbounded; `unknown` until inspected. */
  byLimitsPolicy: Record<LimitsPolicy | 'unknown', number>;
}

export interface SharedNetworkSummary {
  name: string;
  clusters: string[];
  members: number;
}

/** One watched engine: reachable or not, and why. */
export interface HostSummary {
  name: string;
  /** Without credentials, e.g. unix:///var/run/docker.sock, https://gpu1:2376, ssh://ops@lab:22. */
  endpoint: string;
  status: SourceStatus;
  lastSuccessAt: string | null;
  diagnosis?: DockerDiagnosis;
  engine: EngineInfo | null;
  counts: { total: number; running: number };
  /** Milliseconds since its last Docker event; how long its last reconcile took. */
  lastEventAgeMs: number | null;
  lastReconcileMs: number | null;
  /** Swarm nodes (an endpoint in swarm mode): the node behind this entry. */
  node?: SwarmNodeInfo;
}

export interface DockerSimulationsPayload {
  schema: typeof DOCKER_SIMULATIONS_SCHEMA;
  generatedAt: string;
  sequence: number;
  fingerprint: string;
  source: SourceState;
  host: EngineInfo | null;
  clusters: ClusterSummary[];
  containers: SimulationContainer[];
  counts: InventoryCounts;
  sharedNetwork: SharedNetworkSummary;
  /** Every watched engine, in configuration order. */
  hosts: HostSummary[];
}
